//! The committed side-by-side comparison (`reports/comparison.md`) matches what the three
//! tokens measure now: ours, OpenZeppelin's Stylus ERC-20 (built from crates.io) and its
//! Solidity ERC20 (compiled from npm), per call and deployed on the local node. Regenerate it
//! with `cargo run --release -p stylus-host -- compare`.

use stylus_host::report;

#[test]
fn comparison_is_current() {
    let generated = report::comparison().expect("the three tokens build, run and deploy");
    if let Err(e) = generated.check() {
        panic!("{e}\n{}", generated.report);
    }
}
