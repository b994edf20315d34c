//! A node on a free loopback port, the token built once, and deployment through the
//! StylusDeployer.

#![allow(dead_code)]

use std::sync::OnceLock;

use alloy_primitives::{Address, U256};
use serde_json::{json, Value};
use stylus_host::artifact;
use stylus_node::{Node, NodeConfig};
use stylus_token::abi::{constructor_calldata, stylus_constructorCall};

/// The token's raw wasm, built once per test binary.
pub fn wasm() -> &'static [u8] {
    static WASM: OnceLock<Vec<u8>> = OnceLock::new();
    WASM.get_or_init(|| artifact::build().expect("the token builds"))
}

/// The token's deployable code (prefix and brotli), as cargo-stylus deploys it.
pub fn code() -> Vec<u8> {
    let processed = artifact::process(wasm()).expect("the token processes");
    stylus_runtime::code::deployable(&processed)
}

/// A fresh node on 127.0.0.1 and a free port; it stops when dropped.
pub fn node() -> Node {
    Node::start(
        NodeConfig {
            port: 0,
            ..NodeConfig::default()
        },
        false,
    )
    .expect("the node starts")
}

/// `n` whole tokens.
pub fn tokens(n: u64) -> U256 {
    U256::from(n) * U256::from(10u64).pow(U256::from(18))
}

/// Deploys the token through the StylusDeployer from `owner`: capped at a million tokens,
/// a thousand for `holder`.
pub fn deploy_token(node: &Node, owner: Address, holder: Address) -> Address {
    let args = stylus_constructorCall {
        name: "Lean Token".into(),
        symbol: "LEAN".into(),
        decimals: 18,
        cap: tokens(1_000_000),
        owner,
        initialHolder: holder,
        initialSupply: tokens(1000),
    };
    node.deploy_program(owner, &code(), constructor_calldata(&args))
        .expect("the token deploys")
}

/// A JSON-RPC call in process; panics on an error.
pub fn rpc(node: &Node, method: &str, params: Value) -> Value {
    node.request(method, params)
        .unwrap_or_else(|e| panic!("{method} failed: {e}"))
}

/// Sends `data` to `to` from dev account `from` with a fixed gas limit; returns the receipt.
pub fn send(node: &Node, from: Address, to: Address, data: &[u8], gas: u64) -> Value {
    let tx = json!({
        "from": from,
        "to": to,
        "data": alloy_primitives::Bytes::copy_from_slice(data),
        "gas": format!("{gas:#x}"),
    });
    let hash = rpc(node, "eth_sendTransaction", json!([tx]));
    rpc(node, "eth_getTransactionReceipt", json!([hash]))
}

/// A hex quantity as a number.
pub fn quantity(value: &Value) -> u64 {
    let text = value.as_str().expect("a quantity");
    u64::from_str_radix(text.trim_start_matches("0x"), 16).expect("hex")
}
