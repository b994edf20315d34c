//! The JSON-RPC surface clients use: identity, blocks with complete headers, state at past
//! blocks and with overrides, fees, gas estimates that succeed as given, transactions of every
//! accepted type, logs and filters, anvil's time and snapshot methods, CORS.

use alloy_primitives::{keccak256, Address, Bytes, B256, U256};
use alloy_sol_types::SolCall;
use serde_json::{json, Value};
use stylus_node::Node;
use stylus_token::IToken;

use crate::common::{deploy_token, http_rpc, node, quantity, rpc, send, tokens};

fn hex(value: &Value) -> Vec<u8> {
    alloy_primitives::hex::decode(value.as_str().expect("hex")).expect("hex")
}

/// Sends `data` from `from` to `to` with `eth_estimateGas`'s answer, unchanged, as the gas
/// limit; asserts the transaction succeeds and the estimate is within 2 % of the gas it used;
/// returns the estimate.
fn send_estimated(node: &Node, from: Address, to: Address, data: &[u8]) -> u64 {
    let request = json!({ "from": from, "to": to, "data": Bytes::copy_from_slice(data) });
    let estimate = quantity(&rpc(node, "eth_estimateGas", json!([request])));
    let receipt = send(node, from, to, data, estimate);
    assert_eq!(
        receipt["status"],
        json!("0x1"),
        "the estimate {estimate} is enough"
    );
    let used = quantity(&receipt["gasUsed"]);
    assert!(
        estimate >= used && estimate <= used * 102 / 100,
        "{estimate} vs {used}"
    );
    estimate
}

#[test]
fn identity_and_fees_are_the_devnodes() {
    let node = node();
    assert_eq!(rpc(&node, "eth_chainId", json!([])), json!("0x64aba"));
    assert_eq!(rpc(&node, "net_version", json!([])), json!("412346"));
    assert!(rpc(&node, "web3_clientVersion", json!([]))
        .as_str()
        .unwrap()
        .starts_with("stylus-node/"));
    let accounts = rpc(&node, "eth_accounts", json!([]));
    assert_eq!(
        accounts[0],
        json!("0x3f1eae7d46d88f08fc2f8ed27fcb2ab183eb2d0e")
    );
    assert_eq!(accounts.as_array().unwrap().len(), 11);
    assert_eq!(rpc(&node, "eth_gasPrice", json!([])), json!("0x5f5e100"));
    assert_eq!(
        rpc(&node, "eth_maxPriorityFeePerGas", json!([])),
        json!("0x0")
    );
    let history = rpc(&node, "eth_feeHistory", json!(["0x4", "latest", [25, 75]]));
    assert_eq!(history["oldestBlock"], json!("0x0"));
    assert_eq!(history["baseFeePerGas"][0], json!("0x5f5e100"));
    assert_eq!(history["reward"][0], json!(["0x0", "0x0"]));

    // Complete headers, with Arbitrum's layout.
    let genesis = rpc(&node, "eth_getBlockByNumber", json!(["0x0", false]));
    for field in [
        "hash",
        "parentHash",
        "sha3Uncles",
        "miner",
        "stateRoot",
        "transactionsRoot",
        "receiptsRoot",
        "logsBloom",
        "difficulty",
        "number",
        "gasLimit",
        "gasUsed",
        "timestamp",
        "extraData",
        "mixHash",
        "nonce",
        "baseFeePerGas",
        "size",
        "transactions",
        "uncles",
        "l1BlockNumber",
        "sendCount",
        "sendRoot",
    ] {
        assert!(
            !genesis[field].is_null(),
            "genesis lacks {field}: {genesis}"
        );
    }
    assert_eq!(genesis["difficulty"], json!("0x1"));
    assert_eq!(genesis["gasLimit"], json!("0x4000000000000"));
    assert_eq!(genesis["nonce"], json!("0x0000000000000001"));
    // mixHash carries the ArbOS version (51) in bytes 16..24.
    assert_eq!(hex(&genesis["mixHash"])[23], 51);
    let by_hash = rpc(&node, "eth_getBlockByHash", json!([genesis["hash"], false]));
    assert_eq!(by_hash, genesis);
    // The header hash is keccak256 of its RLP (checked by alloy's decoding of the hash field).
    assert_eq!(
        rpc(&node, "eth_getBlockByNumber", json!(["earliest", false]))["hash"],
        genesis["hash"]
    );
}

#[test]
fn transactions_of_every_type_are_mined_with_hash_keccak_of_the_raw_bytes() {
    use alloy_consensus::{SignableTransaction, TxEip1559, TxEip2930, TxEnvelope, TxLegacy};
    use alloy_eips::eip2718::Encodable2718;
    use alloy_signer::SignerSync;
    let node = node();
    let signer = &node.accounts[3].signer;
    let to = alloy_primitives::TxKind::Call(Address::repeat_byte(0x44));
    let sign = |tx: &dyn Fn(u64) -> TxEnvelope, nonce| tx(nonce).encoded_2718();
    let legacy = |nonce: u64| -> TxEnvelope {
        let tx = TxLegacy {
            chain_id: Some(node.chain_id),
            nonce,
            gas_price: 100_000_000,
            gas_limit: 21_000,
            to,
            value: U256::from(1),
            input: Bytes::new(),
        };
        let sig = signer.sign_hash_sync(&tx.signature_hash()).unwrap();
        tx.into_signed(sig).into()
    };
    let unprotected = |nonce: u64| -> TxEnvelope {
        let tx = TxLegacy {
            chain_id: None,
            nonce,
            gas_price: 200_000_000,
            gas_limit: 21_000,
            to,
            value: U256::from(1),
            input: Bytes::new(),
        };
        let sig = signer.sign_hash_sync(&tx.signature_hash()).unwrap();
        tx.into_signed(sig).into()
    };
    let eip2930 = |nonce: u64| -> TxEnvelope {
        let tx = TxEip2930 {
            chain_id: node.chain_id,
            nonce,
            gas_price: 100_000_000,
            gas_limit: 30_000,
            to,
            value: U256::from(1),
            access_list: Default::default(),
            input: Bytes::new(),
        };
        let sig = signer.sign_hash_sync(&tx.signature_hash()).unwrap();
        tx.into_signed(sig).into()
    };
    let eip1559 = |nonce: u64| -> TxEnvelope {
        let tx = TxEip1559 {
            chain_id: node.chain_id,
            nonce,
            gas_limit: 21_000,
            max_fee_per_gas: 1_000_000_000,
            max_priority_fee_per_gas: 5,
            to,
            value: U256::from(1),
            access_list: Default::default(),
            input: Bytes::new(),
        };
        let sig = signer.sign_hash_sync(&tx.signature_hash()).unwrap();
        tx.into_signed(sig).into()
    };
    let builders: [&dyn Fn(u64) -> TxEnvelope; 4] = [&legacy, &unprotected, &eip2930, &eip1559];
    let balance_before = U256::from_str_radix(
        rpc(&node, "eth_getBalance", json!([signer.address(), "latest"]))
            .as_str()
            .unwrap()
            .trim_start_matches("0x"),
        16,
    )
    .unwrap();
    let mut fees = U256::ZERO;
    for (nonce, build) in builders.into_iter().enumerate() {
        let raw = sign(build, nonce as u64);
        let hash = rpc(
            &node,
            "eth_sendRawTransaction",
            json!([Bytes::from(raw.clone())]),
        );
        assert_eq!(hash, json!(keccak256(&raw).to_string()));
        let receipt = rpc(&node, "eth_getTransactionReceipt", json!([hash]));
        assert_eq!(receipt["status"], json!("0x1"), "{receipt}");
        for field in [
            "type",
            "status",
            "cumulativeGasUsed",
            "logs",
            "logsBloom",
            "transactionHash",
            "transactionIndex",
            "blockHash",
            "blockNumber",
            "gasUsed",
            "effectiveGasPrice",
            "from",
            "to",
            "gasUsedForL1",
            "l1BlockNumber",
        ] {
            assert!(
                !receipt[field].is_null(),
                "the receipt lacks {field}: {receipt}"
            );
        }
        // ArbOS drops tips: everyone pays the base fee.
        assert_eq!(receipt["effectiveGasPrice"], json!("0x5f5e100"));
        fees += U256::from(quantity(&receipt["gasUsed"])) * U256::from(100_000_000u64);
        let tx = rpc(&node, "eth_getTransactionByHash", json!([hash]));
        assert_eq!(tx["hash"], hash);
        assert_eq!(
            tx["from"],
            json!(signer.address().to_string().to_lowercase())
        );
    }
    let balance_after = U256::from_str_radix(
        rpc(&node, "eth_getBalance", json!([signer.address(), "latest"]))
            .as_str()
            .unwrap()
            .trim_start_matches("0x"),
        16,
    )
    .unwrap();
    assert_eq!(balance_before - balance_after, fees + U256::from(4));
    assert_eq!(
        rpc(
            &node,
            "eth_getTransactionCount",
            json!([signer.address(), "pending"])
        ),
        json!("0x4")
    );
}

#[test]
fn state_at_past_blocks_overrides_and_estimates() {
    let node = node();
    let (owner, alice, bob) = (
        node.accounts[0].address,
        node.accounts[1].address,
        node.accounts[2].address,
    );
    let token = deploy_token(&node, owner, alice);
    let deployed_at = rpc(&node, "eth_blockNumber", json!([]));
    let balance_of = |block: &Value| {
        let data = IToken::balanceOfCall { account: bob }.abi_encode();
        let out = rpc(
            &node,
            "eth_call",
            json!([{ "to": token, "data": Bytes::from(data) }, block]),
        );
        U256::from_be_slice(&hex(&out))
    };
    // The estimate is used as is, and it is enough.
    let transfer = IToken::transferCall {
        to: bob,
        value: tokens(3),
    }
    .abi_encode();
    send_estimated(&node, alice, token, &transfer);
    let after = rpc(&node, "eth_blockNumber", json!([]));
    assert_eq!(balance_of(&deployed_at), U256::ZERO);
    assert_eq!(balance_of(&after), tokens(3));
    assert_eq!(balance_of(&json!("latest")), tokens(3));

    // Overrides: balance, nonce, code, state and stateDiff, as cargo-stylus check uses them.
    let somebody = Address::repeat_byte(0x5a);
    let overrides = json!({ somebody.to_string(): { "balance": "0x1234", "nonce": "0x7" } });
    let request = json!({ "from": somebody, "to": somebody, "data": "0x" });
    assert_eq!(
        rpc(&node, "eth_call", json!([request, "latest", overrides])),
        json!("0x")
    );
    // code: a contract returning its own balance (SELFBALANCE PUSH0 MSTORE PUSH1 32 PUSH0 RETURN).
    let code = "0x475f5260205ff3";
    let overrides = json!({ somebody.to_string(): { "code": code, "balance": "0x1234" } });
    let out = rpc(&node, "eth_call", json!([request, "latest", overrides]));
    assert_eq!(U256::from_be_slice(&hex(&out)), U256::from(0x1234));
    // stateDiff on the token: bob's balance slot (keccak(bob . 0)).
    let mut key = [0u8; 64];
    key[12..32].copy_from_slice(bob.as_slice());
    let slot = keccak256(key);
    let diff = json!({ token.to_string(): { "stateDiff": { slot.to_string(): B256::from(U256::from(77)).to_string() } } });
    let data = IToken::balanceOfCall { account: bob }.abi_encode();
    let call = json!({ "to": token, "data": Bytes::from(data.clone()) });
    let out = rpc(&node, "eth_call", json!([call, "latest", diff]));
    assert_eq!(U256::from_be_slice(&hex(&out)), U256::from(77));
    // state replaces the whole storage: the name slot is gone, bob's balance is set.
    let whole = json!({ token.to_string(): { "state": { slot.to_string(): B256::from(U256::from(5)).to_string() } } });
    let out = rpc(&node, "eth_call", json!([call, "latest", whole]));
    assert_eq!(U256::from_be_slice(&hex(&out)), U256::from(5));
    assert_eq!(
        balance_of(&json!("latest")),
        tokens(3),
        "overrides change nothing"
    );
    let word = rpc(&node, "eth_getStorageAt", json!([token, slot, "latest"]));
    assert_eq!(U256::from_be_slice(&hex(&word)), tokens(3));
    let code = rpc(&node, "eth_getCode", json!([token, "latest"]));
    assert!(hex(&code).starts_with(&[0xef, 0xf0, 0x00, 0x00]));

    // A reverting estimate is the revert, with its data.
    let too_much = IToken::transferCall {
        to: bob,
        value: tokens(10_000),
    }
    .abi_encode();
    let request = json!({ "from": alice, "to": token, "data": Bytes::from(too_much) });
    let response = http_rpc(&node, "eth_estimateGas", json!([request]));
    assert_eq!(response["error"]["code"], json!(3), "{response}");
    assert_eq!(response["error"]["message"], json!("execution reverted"));
    assert!(hex(&response["error"]["data"]).starts_with(&[0xe4, 0x50, 0xd3, 0x8c]));
}

/// A contract whose gas depends on the block's time, as Uniswap's pair does (it writes its price
/// accumulators only when time has passed since its last update): it stores TIMESTAMP in slot 0
/// unless slot 0 already holds it.
/// `PUSH0 SLOAD TIMESTAMP EQ PUSH1 11 JUMPI TIMESTAMP PUSH0 SSTORE STOP JUMPDEST STOP`.
const CLOCKED: &str = "5f544214600b57425f55005b00";
/// Init code returning the 13 bytes after it as the runtime code:
/// `PUSH1 13 PUSH1 10 PUSH0 CODECOPY PUSH1 13 PUSH0 RETURN`.
const RETURN_13_BYTES: &str = "600d600a5f39600d5ff3";

#[test]
fn estimates_are_for_the_block_the_transaction_is_mined_in() {
    let node = node();
    let alice = node.accounts[1].address;
    let init = alloy_primitives::hex::decode(format!("{RETURN_13_BYTES}{CLOCKED}")).unwrap();
    let clocked = crate::common::create(&node, alice, &init);
    let first = send(&node, alice, clocked, &[], 100_000);
    assert_eq!(first["status"], json!("0x1"), "{first}");

    // The next block is at least a second later, so the estimate must include the write the
    // mined transaction makes, however soon it follows the last block.
    let latest = |tag: &str| rpc(&node, "eth_getBlockByNumber", json!([tag, false]));
    let parent = latest("latest");
    let estimate = send_estimated(&node, alice, clocked, &[]);
    assert!(
        estimate > 21_000 + 2_100 + 2_900,
        "the estimate includes the write: {estimate}"
    );
    let mined = latest("latest");
    assert!(quantity(&mined["timestamp"]) > quantity(&parent["timestamp"]));
    let slot = rpc(&node, "eth_getStorageAt", json!([clocked, "0x0", "latest"]));
    assert_eq!(
        U256::from_be_slice(&hex(&slot)),
        U256::from(quantity(&mined["timestamp"]))
    );

    // "pending" is the next block (TIMESTAMP as the transaction would see it); "latest" is the
    // last mined one. TIMESTAMP PUSH0 MSTORE PUSH1 32 PUSH0 RETURN.
    let request = json!({ "from": alice, "to": clocked });
    let overrides = json!({ clocked.to_string(): { "code": "0x425f5260205ff3" } });
    let time = |tag: &str| {
        let out = rpc(&node, "eth_call", json!([request, tag, overrides]));
        U256::from_be_slice(&hex(&out))
    };
    let mined = U256::from(quantity(&mined["timestamp"]));
    assert_eq!(time("latest"), mined);
    assert!(time("pending") > mined);
}

#[test]
fn logs_filters_time_and_snapshots() {
    let node = node();
    let (owner, alice, bob) = (
        node.accounts[0].address,
        node.accounts[1].address,
        node.accounts[2].address,
    );
    let token = deploy_token(&node, owner, alice);
    let blocks = rpc(&node, "eth_newBlockFilter", json!([]));
    let transfer = IToken::transferCall {
        to: bob,
        value: tokens(1),
    }
    .abi_encode();
    let receipt = send(&node, alice, token, &transfer, 100_000);
    let new_blocks = rpc(&node, "eth_getFilterChanges", json!([blocks]));
    assert_eq!(new_blocks, json!([receipt["blockHash"]]));
    assert_eq!(
        rpc(&node, "eth_getFilterChanges", json!([blocks])),
        json!([])
    );
    let logs = rpc(
        &node,
        "eth_getLogs",
        json!([{ "address": token, "fromBlock": receipt["blockNumber"], "toBlock": "latest" }]),
    );
    assert_eq!(logs.as_array().unwrap().len(), 1);
    assert_eq!(logs[0]["transactionHash"], receipt["transactionHash"]);
    let by_hash = rpc(
        &node,
        "eth_getLogs",
        json!([{ "blockHash": receipt["blockHash"] }]),
    );
    assert_eq!(by_hash, logs);
    assert_eq!(
        rpc(&node, "eth_uninstallFilter", json!([blocks])),
        json!(true)
    );
    assert_eq!(
        rpc(&node, "eth_uninstallFilter", json!([blocks])),
        json!(false)
    );

    // Time: blocks never go back, each is at least a second after its parent (so blocks
    // mined faster than one a second run ahead of the wall clock, and stay ahead);
    // evm_increaseTime moves the next one forward and returns the clock's whole offset.
    let time =
        |tag: &str| quantity(&rpc(&node, "eth_getBlockByNumber", json!([tag, false]))["timestamp"]);
    let before = time("latest");
    rpc(&node, "evm_mine", json!([{ "blocks": 5 }]));
    assert!(time("latest") >= before + 5);
    let before = time("latest");
    let offset = rpc(&node, "evm_increaseTime", json!([3600]));
    assert!(offset.as_i64().is_some_and(|o| o >= 3600), "{offset}");
    assert_eq!(rpc(&node, "evm_mine", json!([])), json!("0x0"));
    assert!(time("latest") >= before + 3600);
    assert!(time("latest") < before + 3600 + 60);

    // Snapshots: revert undoes blocks, state and time; a snapshot is used up by reverting.
    let snapshot = rpc(&node, "evm_snapshot", json!([]));
    assert_eq!(snapshot, json!("0x0"));
    let height = rpc(&node, "eth_blockNumber", json!([]));
    send(&node, alice, token, &transfer, 100_000);
    rpc(&node, "evm_mine", json!([{ "blocks": 3 }]));
    assert_eq!(
        quantity(&rpc(&node, "eth_blockNumber", json!([]))),
        quantity(&height) + 4
    );
    assert_eq!(rpc(&node, "evm_revert", json!([snapshot])), json!(true));
    assert_eq!(rpc(&node, "eth_blockNumber", json!([])), height);
    let data = IToken::balanceOfCall { account: bob }.abi_encode();
    let out = rpc(
        &node,
        "eth_call",
        json!([{ "to": token, "data": Bytes::from(data) }]),
    );
    assert_eq!(U256::from_be_slice(&hex(&out)), tokens(1));
    assert_eq!(rpc(&node, "evm_revert", json!([snapshot])), json!(false));
    assert_eq!(rpc(&node, "evm_snapshot", json!([])), json!("0x1"));
}

#[test]
fn pages_on_other_origins_may_call_the_node() {
    use std::io::{Read, Write};
    let node = node();
    let mut stream = std::net::TcpStream::connect(node.addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    let request = format!(
        "OPTIONS / HTTP/1.1\r\nHost: {}\r\nOrigin: http://localhost:5173\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\nConnection: close\r\n\r\n",
        node.addr
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let lower = response.to_lowercase();
    assert!(lower.starts_with("http/1.1 200"), "{response}");
    assert!(
        lower.contains("access-control-allow-origin: *"),
        "{response}"
    );
    assert!(lower.contains("access-control-allow-methods"), "{response}");
}
