//! The token as the ecosystem uses it, run by each library's own test runner against fresh
//! nodes (`stylus-host node --deploy-token`): viem, ethers v6, Uniswap V2 and the console in
//! headless Chromium (node's test runner, `clients/test/`), and web3.py (pytest,
//! `clients/python/`). `.ci/run` installs the pinned packages and Chromium.

use std::process::Command;

use stylus_host::artifact;

/// Runs `command` with the node binary in `STYLUS_HOST`; prints its output; returns it.
fn run(mut command: Command, what: &str) -> String {
    let output = command
        .current_dir(artifact::workspace_root())
        .env("STYLUS_HOST", env!("CARGO_BIN_EXE_stylus-host"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    println!("{text}");
    assert!(output.status.success(), "{what} failed:\n{text}");
    text
}

/// The number next to `label` on the last line of `text` that has one: after it (`# pass 4`)
/// or, with `before`, before it (`1 passed`).
fn count(text: &str, label: &str, before: bool) -> usize {
    text.lines()
        .rev()
        .find_map(|line| {
            let words: Vec<&str> = line
                .trim_start_matches(['#', ' '])
                .split_whitespace()
                .collect();
            let at = words
                .iter()
                .position(|w| w.trim_end_matches(',') == label)?;
            let n = if before {
                words.get(at.checked_sub(1)?)?
            } else {
                words.get(at + 1)?
            };
            n.parse().ok()
        })
        .unwrap_or(0)
}

#[test]
fn viem_ethers_uniswap_and_the_console_in_chromium() {
    let root = artifact::workspace_root();
    let mut command = Command::new("node");
    command
        .args(["--test", "--test-force-exit"])
        .arg(root.join("clients/test"));
    let text = run(command, "node --test clients/test");
    assert_eq!(
        count(&text, "pass", false),
        4,
        "every client test ran and passed"
    );
    assert_eq!(count(&text, "fail", false), 0);
}

#[test]
fn web3py() {
    let root = artifact::workspace_root();
    let mut command = Command::new(root.join("clients/python/.venv/bin/python"));
    command
        .args(["-m", "pytest", "-q", "-s", "-p", "no:cacheprovider"])
        .arg(root.join("clients/python"));
    let text = run(
        command,
        "pytest clients/python (run .ci/run to install web3.py)",
    );
    assert_eq!(count(&text, "passed", true), 1);
}
