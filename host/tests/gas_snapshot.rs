//! The committed gas and size snapshot (`reports/gas.md`) and the README's gas and size tables
//! match what the token measures now.
//! Regenerate it with `cargo run --release -p stylus-host -- gas`.

use stylus_host::report;

#[test]
fn gas_snapshot_is_current() {
    let generated = report::snapshot().expect("the token builds and runs");
    if let Err(e) = generated.check() {
        panic!("{e}\n{}", generated.report);
    }
}
