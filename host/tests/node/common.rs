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

/// Deploys `init_code` with a plain `CREATE` from dev account `from`; returns the address.
pub fn create(node: &Node, from: Address, init_code: &[u8]) -> Address {
    let tx = json!({
        "from": from,
        "data": alloy_primitives::Bytes::copy_from_slice(init_code),
    });
    let hash = rpc(node, "eth_sendTransaction", json!([tx]));
    let receipt = rpc(node, "eth_getTransactionReceipt", json!([hash]));
    assert_eq!(
        receipt["status"],
        json!("0x1"),
        "the creation failed: {receipt}"
    );
    receipt["contractAddress"]
        .as_str()
        .expect("a contract address")
        .parse()
        .expect("an address")
}

/// `eth_call` of `data` to `to`: the output, or the node's error.
pub fn call(node: &Node, to: Address, data: &[u8]) -> Result<Vec<u8>, stylus_node::Error> {
    let request = json!({ "to": to, "data": alloy_primitives::Bytes::copy_from_slice(data) });
    let out = node.request("eth_call", json!([request, "latest"]))?;
    Ok(alloy_primitives::hex::decode(out.as_str().expect("hex")).expect("hex"))
}

/// Compiles `file` (under `host/tests/node/contracts`) with solc-js from `clients/` (installed
/// by `npm ci` there); returns each contract's creation code.
pub fn solidity(file: &str) -> std::collections::HashMap<String, Vec<u8>> {
    let root = artifact::workspace_root();
    let source = root.join("host/tests/node/contracts").join(file);
    let output = std::process::Command::new("node")
        .arg(root.join("clients/solc.js"))
        .arg(&source)
        .output()
        .expect("node runs (Node.js is needed for solc-js)");
    assert!(
        output.status.success(),
        "solc-js failed (run `npm ci` in clients/): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).expect("solc.js prints JSON");
    json.as_object()
        .expect("contracts by name")
        .iter()
        .map(|(name, c)| {
            let code = c["bytecode"].as_str().expect("bytecode");
            (
                name.clone(),
                alloy_primitives::hex::decode(code).expect("hex bytecode"),
            )
        })
        .collect()
}

/// Deploys a Stylus `wasm` module without a constructor, as cargo-stylus does: a plain
/// creation of the prefixed code, then `ArbWasm.activateProgram` paying the data fee.
pub fn deploy_wasm(node: &Node, from: Address, wasm: &[u8]) -> Address {
    let processed = artifact::process(wasm).expect("the module processes");
    let code = stylus_runtime::code::deployable(&processed);
    let program = create(node, from, &stylus_runtime::code::init_code(&code));
    let receipt = activate(node, from, program);
    assert_eq!(
        receipt["status"],
        json!("0x1"),
        "activation failed: {receipt}"
    );
    program
}

/// Sends `ArbWasm.activateProgram(program)` with 0.01 ETH (the excess is refunded).
pub fn activate(node: &Node, from: Address, program: Address) -> Value {
    use alloy_sol_types::SolCall;
    alloy_sol_types::sol! {
        function activateProgram(address program) external payable returns (uint16, uint256);
    }
    let data = activateProgramCall { program }.abi_encode();
    let tx = json!({
        "from": from,
        "to": stylus_node::precompiles::ARB_WASM,
        "data": alloy_primitives::Bytes::from(data),
        "value": "0x2386f26fc10000",
    });
    let hash = rpc(node, "eth_sendTransaction", json!([tx]));
    rpc(node, "eth_getTransactionReceipt", json!([hash]))
}
