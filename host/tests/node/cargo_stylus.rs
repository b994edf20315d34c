//! The real cargo-stylus (0.10.10, installed from crates.io by `.ci/run`) against a node:
//! `check`, `deploy --no-verify` with constructor arguments through the StylusDeployer,
//! `verify --no-verify` of that deployment, and a second deployment of the same bytes (already
//! activated); then the token answers `name()`, holds its initial supply and takes a transfer.

use std::process::Command;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use serde_json::json;
use stylus_host::artifact;
use stylus_node::accounts::DEVNODE_KEY;
use stylus_token::IToken;

use crate::common::{node, quantity, rpc, send, tokens};

/// Runs `cargo stylus <args>` in the workspace; returns its output without colour codes.
/// It builds in a target directory of its own: `verify` runs `cargo clean` first.
fn cargo_stylus(args: &[&str]) -> String {
    cargo_stylus_in("target/cargo-stylus", args)
}

/// [`cargo_stylus`] with the target directory `target` (relative to the workspace).
fn cargo_stylus_in(target: &str, args: &[&str]) -> String {
    let root = artifact::workspace_root();
    let mut command = Command::new("cargo");
    command.current_dir(&root).arg("stylus").args(args);
    // The pinned wasm-opt of Stylus.toml's [wasm-opt] table: npm's binaryen, first on PATH.
    let path = std::env::join_paths(
        std::iter::once(root.join("clients/node_modules/.bin")).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )),
    )
    .expect("a PATH");
    let output = artifact::clean_env(&mut command)
        .env_remove("RUSTUP_TOOLCHAIN")
        .env("PATH", path)
        .env("CARGO_TARGET_DIR", root.join(target))
        .output()
        .expect("cargo runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let text = strip_ansi(&text);
    assert!(
        output.status.success(),
        "cargo stylus {args:?} failed (is cargo-stylus 0.10.10 installed?):\n{text}"
    );
    text
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The hex word after `label` in `text`.
fn after<'a>(text: &'a str, label: &str) -> &'a str {
    let start = text
        .find(label)
        .unwrap_or_else(|| panic!("no {label:?} in:\n{text}"))
        + label.len();
    let rest = text[start..].trim_start();
    let end = rest
        .find(|c: char| !c.is_ascii_hexdigit() && c != 'x')
        .unwrap_or(rest.len());
    &rest[..end]
}

/// What cargo-stylus would deploy (`get-initcode`, offline) is what the host and the node
/// measure: the same module after the same wasm-opt recipe, but for the 32 bytes of
/// `project_hash` (a hash of the sources there, zeros here).
#[test]
fn cargo_stylus_deploys_the_bytes_the_host_measures() {
    // Not the other test's target directory, which its `verify` cleans.
    let target = "target/cargo-stylus-initcode";
    let dir = artifact::workspace_root().join(target);
    std::fs::create_dir_all(&dir).expect("a target directory");
    let file = dir.join("initcode.hex");
    let out = file.to_str().expect("a UTF-8 path");
    cargo_stylus_in(target, &["get-initcode", "--output", out]);
    let hex = std::fs::read_to_string(&file).expect("get-initcode wrote its file");
    let init = alloy_primitives::hex::decode(hex.trim()).expect("hex");
    // A 43-byte prelude that returns the code after it (`stylus_runtime::code::init_code`).
    let theirs = stylus_runtime::code::decompress(&init[43..]).expect("a Stylus program");
    let ours = stylus_runtime::code::process(&artifact::build().expect("builds")).unwrap();
    assert_eq!(theirs.len(), ours.len());
    let body = ours.len() - 32;
    assert_eq!(theirs[..body], ours[..body], "the modules differ");
    assert_ne!(theirs[body..], [0u8; 32], "cargo-stylus hashes the project");
}

#[test]
fn cargo_stylus_checks_deploys_and_verifies_against_the_node() {
    let node = node();
    let url = node.url();
    let owner = node.accounts[0].address;
    let key = DEVNODE_KEY.to_string();
    let owner_hex = owner.to_string();
    let deploy_args = [
        "deploy",
        "--no-verify",
        "--endpoint",
        &url,
        "--private-key",
        &key,
        "--constructor-args",
        "Lean Token",
        "LEAN",
        "18",
        "1000000000000000000000000",
        &owner_hex,
        &owner_hex,
        "1000000000000000000000",
    ];

    let check = cargo_stylus(&["check", "--endpoint", &url]);
    println!("{check}");
    assert!(check.contains("contract size:"), "{check}");
    assert!(check.contains("wasm data fee:"), "{check}");

    let deploy = cargo_stylus(&deploy_args);
    println!("{deploy}");
    let token: Address = after(&deploy, "deployed code at address:")
        .parse()
        .expect("an address");
    let tx = after(&deploy, "deployment tx hash:").to_string();
    let receipt = rpc(&node, "eth_getTransactionReceipt", json!([tx]));
    assert_eq!(
        receipt["to"],
        json!(stylus_node::deployer::STYLUS_DEPLOYER
            .to_string()
            .to_lowercase())
    );
    println!("deployment gas: {}", quantity(&receipt["gasUsed"]));

    let verify = cargo_stylus(&[
        "verify",
        "--no-verify",
        "--endpoint",
        &url,
        "--deployment-tx",
        &tx,
    ]);
    println!("{verify}");
    assert!(verify.contains("Verification successful"), "{verify}");

    // The same bytes again: already activated, so no activation this time.
    let again = cargo_stylus(&deploy_args);
    println!("{again}");
    let second: Address = after(&again, "deployed code at address:")
        .parse()
        .expect("an address");
    assert_ne!(second, token);
    let tx2 = after(&again, "deployment tx hash:").to_string();
    let receipt2 = rpc(&node, "eth_getTransactionReceipt", json!([tx2]));
    let activated = |receipt: &serde_json::Value| {
        receipt["logs"]
            .as_array()
            .expect("logs")
            .iter()
            .any(|log| log["address"] == json!("0x0000000000000000000000000000000000000071"))
    };
    assert!(activated(&receipt), "the first deployment activates");
    assert!(!activated(&receipt2), "the second reuses the activation");
    println!("second deployment gas: {}", quantity(&receipt2["gasUsed"]));

    for token in [token, second] {
        let name = rpc(
            &node,
            "eth_call",
            json!([{ "to": token, "data": alloy_primitives::Bytes::from(IToken::nameCall {}.abi_encode()) }, "latest"]),
        );
        let name = IToken::nameCall::abi_decode_returns(
            &alloy_primitives::hex::decode(name.as_str().unwrap()).unwrap(),
        )
        .unwrap();
        assert_eq!(name, "Lean Token");
        let balance = |account: Address| {
            let data = IToken::balanceOfCall { account }.abi_encode();
            let out = rpc(
                &node,
                "eth_call",
                json!([{ "to": token, "data": alloy_primitives::Bytes::from(data) }, "latest"]),
            );
            U256::from_be_bytes(out.as_str().unwrap().parse::<B256>().unwrap().0)
        };
        assert_eq!(balance(owner), tokens(1000));
        let bob = node.accounts[2].address;
        let data = IToken::transferCall {
            to: bob,
            value: tokens(7),
        }
        .abi_encode();
        let receipt = send(&node, owner, token, &data, 200_000);
        assert_eq!(receipt["status"], json!("0x1"), "{receipt}");
        assert_eq!(balance(bob), tokens(7));
        assert_eq!(balance(owner), tokens(993));
        println!("transfer gas: {}", quantity(&receipt["gasUsed"]));
    }
}
