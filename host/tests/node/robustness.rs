//! Bad input gets a clear error, worded as geth's, and changes nothing: malformed JSON, wrong
//! types, oversized bodies, bad signatures, the wrong chain id, nonces too low and too high,
//! insufficient funds, gas below intrinsic or past the fee cap, garbage code.

use alloy_primitives::{Address, Bytes, U256};
use serde_json::{json, Value};
use stylus_node::Node;

use crate::common::{http_post, http_rpc, node, rpc, signed};

/// What a rejected request must leave as it was.
fn fingerprint(node: &Node) -> Value {
    let latest = rpc(node, "eth_getBlockByNumber", json!(["latest", false]));
    let accounts: Vec<Value> = node
        .accounts
        .iter()
        .map(|a| {
            json!([
                rpc(node, "eth_getBalance", json!([a.address, "latest"])),
                rpc(
                    node,
                    "eth_getTransactionCount",
                    json!([a.address, "latest"])
                ),
            ])
        })
        .collect();
    json!([latest["hash"], accounts])
}

/// Asserts `response` is an error with `code` whose message contains `words`.
fn assert_error(response: &Value, code: i64, words: &str) {
    let error = &response["error"];
    assert_eq!(error["code"], json!(code), "{response}");
    let message = error["message"].as_str().unwrap_or_default();
    assert!(message.contains(words), "{message:?} lacks {words:?}");
}

#[test]
fn malformed_requests_get_geths_errors() {
    let node = node();
    let before = fingerprint(&node);

    let (status, body) = http_post(&node, b"{not json");
    assert_eq!(status, 200);
    let response: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(response["error"]["code"], json!(-32700), "{body}");
    assert_eq!(response["id"], Value::Null);

    let (_, body) = http_post(&node, b"42");
    assert_error(
        &serde_json::from_str(&body).unwrap(),
        -32600,
        "invalid request",
    );

    let response = http_rpc(&node, "eth_noSuchMethod", json!([]));
    assert_error(
        &response,
        -32601,
        "the method eth_noSuchMethod does not exist/is not available",
    );
    let response = http_rpc(&node, "eth_getBalance", json!(["0x1234", "latest"]));
    assert_error(&response, -32602, "invalid argument 0");
    let response = http_rpc(&node, "eth_getBalance", json!([]));
    assert_error(&response, -32602, "missing value for required argument 0");
    let response = http_rpc(&node, "eth_getBalance", json!({ "address": "0x00" }));
    assert_error(&response, -32602, "non-array args");
    let response = http_rpc(&node, "eth_getBlockByNumber", json!(["latest", "yes"]));
    assert_error(&response, -32602, "invalid argument 1");
    let response = http_rpc(&node, "eth_call", json!([{ "to": "0x12" }]));
    assert_error(&response, -32602, "invalid argument 0");

    let (_, body) = http_post(&node, b"[]");
    assert_error(&serde_json::from_str(&body).unwrap(), -32600, "empty batch");

    // A batch is answered in order, each request on its own.
    let batch = json!([
        { "jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": [] },
        { "jsonrpc": "2.0", "id": 2, "method": "nope", "params": [] },
        { "jsonrpc": "2.0", "id": 3, "method": "net_version" },
    ]);
    let (_, body) = http_post(&node, batch.to_string().as_bytes());
    let responses: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(responses.len(), 3);
    assert_eq!(responses[0]["result"], json!("0x64aba"));
    assert_eq!(responses[1]["error"]["code"], json!(-32601));
    assert_eq!(responses[2]["result"], json!("412346"));

    // Bodies over geth's 5 MiB are refused before parsing.
    let big = vec![b' '; 6 * 1024 * 1024];
    let (status, _) = http_post(&node, &big);
    assert_eq!(status, 413);

    assert_eq!(fingerprint(&node), before, "nothing changed");
}

#[test]
fn bad_transactions_are_refused_and_change_nothing() {
    let node = node();
    let chain = node.chain_id;
    let alice = node.accounts[1].address;
    let send = |raw: Bytes| http_rpc(&node, "eth_sendRawTransaction", json!([raw]));
    // One good transaction, so that nonce 0 is used.
    let good = signed(
        &node,
        1,
        0,
        Some(Address::repeat_byte(7)),
        &[],
        21_000,
        chain,
    );
    assert!(send(good.clone())["result"].is_string());
    let before = fingerprint(&node);

    assert_error(&send(good), -32000, "nonce too low: address");
    let wrong_chain = signed(&node, 1, 1, Some(alice), &[], 21_000, 1);
    assert_error(
        &send(wrong_chain),
        -32000,
        "invalid chain id for signer: have 1 want 412346",
    );
    let low_gas = signed(&node, 1, 1, Some(alice), &[], 20_000, chain);
    assert_error(&send(low_gas), -32000, "intrinsic gas too low");
    let too_much = signed(&node, 1, 1, Some(alice), &[], 1 << 40, chain);
    assert_error(
        &send(too_much),
        -32000,
        "exceeds the configured cap (1.00 ether)",
    );
    let mut corrupt = signed(&node, 1, 1, Some(alice), &[], 21_000, chain).to_vec();
    let last = corrupt.len() - 1;
    corrupt[last] ^= 0xff;
    corrupt[last - 40] ^= 0xff;
    let response = send(corrupt.into());
    assert!(response["error"].is_object(), "{response}");
    assert_error(
        &send(Bytes::from_static(b"\x02\xc0")),
        -32000,
        "invalid transaction",
    );
    assert_error(&send(Bytes::new()), -32000, "invalid transaction");

    // An account without funds.
    let broke = alloy_signer_local::PrivateKeySigner::random();
    let tx = {
        use alloy_consensus::{SignableTransaction, TxEip1559, TxEnvelope};
        use alloy_eips::eip2718::Encodable2718;
        use alloy_signer::SignerSync;
        let tx = TxEip1559 {
            chain_id: chain,
            nonce: 0,
            gas_limit: 21_000,
            max_fee_per_gas: 100_000_000,
            max_priority_fee_per_gas: 0,
            to: alloy_primitives::TxKind::Call(alice),
            value: U256::from(1),
            access_list: Default::default(),
            input: Bytes::new(),
        };
        let signature = broke.sign_hash_sync(&tx.signature_hash()).unwrap();
        let envelope: TxEnvelope = tx.into_signed(signature).into();
        Bytes::from(envelope.encoded_2718())
    };
    assert_error(
        &send(tx),
        -32000,
        &format!(
            "insufficient funds for gas * price + value: address {} have 0 want",
            broke.address()
        ),
    );

    // A nonce gap waits a second for the gap to fill, then fails as Nitro's sequencer does.
    let gapped = signed(&node, 1, 5, Some(alice), &[], 21_000, chain);
    let started = std::time::Instant::now();
    assert_error(&send(gapped), -32000, "nonce too high: address");
    assert!(started.elapsed() >= std::time::Duration::from_millis(900));

    assert_eq!(fingerprint(&node), before, "nothing changed");
}

#[test]
fn a_nonce_gap_filled_within_a_second_mines_both() {
    let node = node();
    let chain = node.chain_id;
    let to = Some(Address::repeat_byte(9));
    let later = signed(&node, 2, 1, to, &[], 21_000, chain);
    let first = signed(&node, 2, 0, to, &[], 21_000, chain);
    std::thread::scope(|s| {
        let waiting = s.spawn(|| http_rpc(&node, "eth_sendRawTransaction", json!([later])));
        std::thread::sleep(std::time::Duration::from_millis(200));
        let response = http_rpc(&node, "eth_sendRawTransaction", json!([first]));
        assert!(response["result"].is_string(), "{response}");
        let response = waiting.join().unwrap();
        assert!(response["result"].is_string(), "{response}");
    });
    let count = rpc(
        &node,
        "eth_getTransactionCount",
        json!([node.accounts[2].address, "latest"]),
    );
    assert_eq!(count, json!("0x2"));
}

#[test]
fn garbage_code_fails_cleanly() {
    let node = node();
    let alice = node.accounts[1].address;
    let garbage = Address::repeat_byte(0x66);
    let not_wasm = Address::repeat_byte(0x67);
    let overrides = json!({
        garbage.to_string(): { "code": "0xfefefe" },
        not_wasm.to_string(): { "code": "0xeff00000ffffffff" },
    });
    let response = http_rpc(
        &node,
        "eth_call",
        json!([{ "from": alice, "to": garbage, "data": "0x" }, "latest", overrides]),
    );
    assert_error(&response, -32000, "invalid opcode");
    let response = http_rpc(
        &node,
        "eth_call",
        json!([{ "from": alice, "to": not_wasm, "data": "0x" }, "latest", overrides]),
    );
    assert_error(&response, -32000, "ProgramNotActivated");
    // Activating bytes that are not a valid compressed module reverts without effect.
    let activate = alloy_sol_types::SolCall::abi_encode(&activateProgramCall { program: not_wasm });
    let response = http_rpc(
        &node,
        "eth_call",
        json!([{ "from": alice, "to": stylus_node::precompiles::ARB_WASM, "data": Bytes::from(activate), "value": "0x1" }, "latest", overrides]),
    );
    assert_error(&response, 3, "execution reverted");
    // The node still serves.
    assert!(http_rpc(&node, "eth_blockNumber", json!([]))["result"].is_string());
}

alloy_sol_types::sol! {
    function activateProgram(address program) external payable returns (uint16, uint256);
}
