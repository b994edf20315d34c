//! Gas is the host's gas: for every call of `reports/gas.md` (and its set-up calls), the
//! node's receipt shows the gas the in-memory chain reports for the same call, uncached and
//! with the program cached through ArbWasmCache.

use alloy_primitives::Address;
use alloy_sol_types::{sol, SolCall};
use serde_json::json;
use stylus_host::{
    report::{plan_for, Cast},
    Chain, Env, Tx,
};
use stylus_node::{deployer::STYLUS_DEPLOYER, precompiles::ARB_WASM_CACHE};

use crate::common::{deploy_token, node, quantity, rpc, send, wasm};

sol! {
    interface ArbWasmCache {
        function cacheProgram(address addr) external;
        function codehashIsCached(bytes32 codehash) external view returns (bool);
    }
}

const GAS: u64 = 30_000_000;

fn compare(cached: bool) {
    let node = node();
    let accounts: Vec<Address> = node.accounts.iter().map(|a| a.address).collect();
    let cast = Cast {
        owner: accounts[0],
        alice: accounts[1],
        bob: accounts[2],
    };
    let deployer_nonce = quantity(&rpc(
        &node,
        "eth_getTransactionCount",
        json!([STYLUS_DEPLOYER, "latest"]),
    ));
    let token = deploy_token(&node, cast.owner, cast.alice);
    assert_eq!(token, STYLUS_DEPLOYER.create(deployer_nonce));
    if cached {
        // The devnode account is a chain owner, who may cache programs.
        let data = ArbWasmCache::cacheProgramCall { addr: token }.abi_encode();
        let receipt = send(&node, cast.owner, ARB_WASM_CACHE, &data, 1_000_000);
        assert_eq!(receipt["status"], json!("0x1"), "{receipt}");
    }
    let head = rpc(&node, "eth_getBlockByNumber", json!(["latest", false]));
    let now = quantity(&head["timestamp"]);

    // The same token at the same address, deployed by the same deployer, on the in-memory
    // chain.
    let mut chain = Chain::new(Env {
        chain_id: node.chain_id,
        timestamp: now,
        cached,
        ..Env::default()
    });
    chain.set_nonce(STYLUS_DEPLOYER, deployer_nonce);
    let args = stylus_token::abi::stylus_constructorCall {
        name: "Lean Token".into(),
        symbol: "LEAN".into(),
        decimals: 18,
        cap: crate::common::tokens(1_000_000),
        owner: cast.owner,
        initialHolder: cast.alice,
        initialSupply: crate::common::tokens(1000),
    };
    let (local, receipt) = chain
        .deploy(
            STYLUS_DEPLOYER,
            wasm(),
            stylus_token::abi::constructor_calldata(&args),
        )
        .expect("the token deploys in memory");
    assert!(receipt.success());
    assert_eq!(local, token);

    let mut rows = 0;
    for (label, from, data) in plan_for(cast, token, node.chain_id, now) {
        let expected = chain
            .transact(Tx {
                gas_limit: GAS,
                ..Tx::call(from, token, data.clone())
            })
            .expect("the call runs in memory");
        assert!(expected.success(), "{label:?} failed in memory");
        let receipt = send(&node, from, token, &data, GAS);
        assert_eq!(receipt["status"], json!("0x1"), "{label:?}: {receipt}");
        assert_eq!(
            quantity(&receipt["gasUsed"]),
            expected.gas_used,
            "{label:?} (cached: {cached})"
        );
        rows += usize::from(label.is_some());
    }
    assert_eq!(rows, 9, "every row of reports/gas.md");
}

#[test]
fn receipts_show_the_in_memory_chains_gas_for_every_report_row() {
    compare(false);
}

#[test]
fn receipts_show_the_in_memory_chains_gas_when_the_program_is_cached() {
    compare(true);
}
