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
/// The entry costs the host's own activation gives the token (uncached, cached): what
/// `programInitGas` must answer, and what `reports/gas.md` prints.
pub fn entry_gas() -> (u64, u64) {
    let processed = artifact::process(wasm()).expect("the token processes");
    let data = stylus_runtime::validate::activate(&processed, stylus_runtime::ARBOS_VERSION)
        .expect("the token activates");
    (data.init_gas(), data.cached_gas())
}

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

/// One HTTP/1.1 POST of `body` to the node; returns the status code and the body.
pub fn http_post(node: &Node, body: &[u8]) -> (u16, String) {
    http_post_to(node.addr, body)
}

/// One HTTP/1.1 POST of `body` to `addr`.
pub fn http_post_to(addr: std::net::SocketAddr, body: &[u8]) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("the node accepts");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .expect("a timeout");
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        addr,
        body.len()
    );
    stream
        .write_all(head.as_bytes())
        .expect("the request is sent");
    // A server may answer (413) before reading the whole body.
    let _ = stream.write_all(body);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// A JSON-RPC request over HTTP; the response object (with `result` or `error`).
pub fn http_rpc(node: &Node, method: &str, params: Value) -> Value {
    http_rpc_to(node.addr, method, params)
}

/// A JSON-RPC request over HTTP to `addr`.
pub fn http_rpc_to(addr: std::net::SocketAddr, method: &str, params: Value) -> Value {
    let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params });
    let (status, text) = http_post_to(addr, body.to_string().as_bytes());
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// A signed EIP-1559 transaction from dev account `from` (by index), encoded.
pub fn signed(
    node: &Node,
    from: usize,
    nonce: u64,
    to: Option<Address>,
    data: &[u8],
    gas: u64,
    chain_id: u64,
) -> alloy_primitives::Bytes {
    use alloy_consensus::{SignableTransaction, TxEip1559, TxEnvelope};
    use alloy_eips::eip2718::Encodable2718;
    use alloy_signer::SignerSync;
    let tx = TxEip1559 {
        chain_id,
        nonce,
        gas_limit: gas,
        max_fee_per_gas: 100_000_000,
        max_priority_fee_per_gas: 0,
        to: to.map_or(
            alloy_primitives::TxKind::Create,
            alloy_primitives::TxKind::Call,
        ),
        value: U256::ZERO,
        access_list: Default::default(),
        input: alloy_primitives::Bytes::copy_from_slice(data),
    };
    let signature = node.accounts[from]
        .signer
        .sign_hash_sync(&tx.signature_hash())
        .expect("signs");
    let envelope: TxEnvelope = tx.into_signed(signature).into();
    envelope.encoded_2718().into()
}
