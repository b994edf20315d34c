//! Under load: four clients send 2,000 token transfers over HTTP at once, each waiting for its
//! own transactions. Every transaction is mined exactly once, in a block of its own; nonces
//! match what each client sent; `totalSupply` equals the sum of the balances. Bounded in
//! count and in time.

use std::{
    collections::HashSet,
    time::{Duration, Instant},
};

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use serde_json::json;
use stylus_token::IToken;

use crate::common::{deploy_token, http_rpc, node, quantity, rpc, send, signed, tokens};

const CLIENTS: usize = 4;
const TRANSFERS: usize = 500;
const LIMIT: Duration = Duration::from_secs(600);

#[test]
fn thousands_of_concurrent_transfers_are_each_mined_once() {
    let node = node();
    let owner = node.accounts[0].address;
    let token = deploy_token(&node, owner, owner);
    // Client i is dev account i + 1.
    let clients: Vec<Address> = (1..=CLIENTS).map(|i| node.accounts[i].address).collect();
    for client in &clients {
        let data = IToken::transferCall {
            to: *client,
            value: tokens(100),
        }
        .abi_encode();
        assert_eq!(
            send(&node, owner, token, &data, 200_000)["status"],
            json!("0x1")
        );
    }
    let first_block = quantity(&rpc(&node, "eth_blockNumber", json!([]))) + 1;
    let started = Instant::now();

    let hashes: Vec<Vec<B256>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..CLIENTS)
            .map(|i| {
                let (node, clients) = (&node, &clients);
                s.spawn(move || {
                    let mut hashes = Vec::with_capacity(TRANSFERS);
                    for n in 0..TRANSFERS {
                        assert!(started.elapsed() < LIMIT, "the soak ran past its limit");
                        let to = clients[(i + 1 + n % (CLIENTS - 1)) % CLIENTS];
                        let data = IToken::transferCall {
                            to,
                            value: U256::from(1 + n as u64),
                        }
                        .abi_encode();
                        let raw = signed(
                            node,
                            i + 1,
                            n as u64,
                            Some(token),
                            &data,
                            200_000,
                            node.chain_id,
                        );
                        let response = http_rpc(node, "eth_sendRawTransaction", json!([raw]));
                        let hash: B256 = response["result"]
                            .as_str()
                            .unwrap_or_else(|| panic!("client {i} tx {n}: {response}"))
                            .parse()
                            .unwrap();
                        hashes.push(hash);
                    }
                    hashes
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let elapsed = started.elapsed();
    println!(
        "{} transfers from {CLIENTS} clients in {elapsed:?}",
        CLIENTS * TRANSFERS
    );

    let latest = quantity(&rpc(&node, "eth_blockNumber", json!([])));
    assert_eq!(
        latest - first_block + 1,
        (CLIENTS * TRANSFERS) as u64,
        "a block each"
    );
    let mut seen = HashSet::new();
    for (client, hashes) in clients.iter().zip(&hashes) {
        let nonce = rpc(&node, "eth_getTransactionCount", json!([client, "latest"]));
        assert_eq!(quantity(&nonce), TRANSFERS as u64);
        for hash in hashes {
            let receipt = rpc(&node, "eth_getTransactionReceipt", json!([hash]));
            assert_eq!(receipt["status"], json!("0x1"), "{receipt}");
            let block = quantity(&receipt["blockNumber"]);
            assert!(seen.insert(block), "two transactions in block {block}");
        }
    }
    let balance = |account: Address| {
        let data = IToken::balanceOfCall { account }.abi_encode();
        let out = crate::common::call(&node, token, &data).unwrap();
        U256::from_be_slice(&out)
    };
    let sum: U256 = clients.iter().map(|c| balance(*c)).sum::<U256>() + balance(owner);
    let supply = U256::from_be_slice(
        &crate::common::call(&node, token, &IToken::totalSupplyCall {}.abi_encode()).unwrap(),
    );
    assert_eq!(sum, supply);
}
