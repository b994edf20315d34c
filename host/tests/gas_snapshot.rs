//! The committed gas and size snapshot (`reports/gas.md`) matches what the token measures now.
//! Regenerate it with `cargo run --release -p stylus-host -- gas`.

use stylus_host::{artifact, report};

#[test]
fn gas_snapshot_is_current() {
    let text = report::snapshot().expect("the token builds and runs");
    let path = artifact::workspace_root().join(report::SNAPSHOT);
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} is out of date; run `cargo run --release -p stylus-host -- gas`\n{text}",
        report::SNAPSHOT
    );
}
