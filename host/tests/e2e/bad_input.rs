//! Calldata nobody planned for: every case reverts cleanly (never a trap) and changes nothing.

use alloy_primitives::{B256, U256};
use alloy_sol_types::SolCall;
use stylus_host::{Outcome, Tx};
use stylus_token::IToken::*;

use crate::common::*;

#[test]
fn unknown_selectors_and_short_calldata_revert_empty() {
    let mut net = Net::new();
    for data in [
        vec![],
        vec![0xa9],
        vec![0xa9, 0x05, 0x9c],
        vec![0xde, 0xad, 0xbe, 0xef],
    ] {
        net.reverts_raw(ALICE, data, &[]);
    }
    let transfer = transferCall {
        to: BOB,
        value: u(1),
    }
    .abi_encode();
    for len in 4..transfer.len() {
        net.reverts_raw(ALICE, transfer[..len].to_vec(), &[]);
    }
}

#[test]
fn dirty_high_bits_revert_empty() {
    let mut net = Net::new();
    let transfer = transferCall {
        to: BOB,
        value: u(1),
    }
    .abi_encode();
    for byte in [4, 4 + 11] {
        let mut dirty = transfer.clone();
        dirty[byte] = 0x80;
        net.reverts_raw(ALICE, dirty, &[]);
    }
    let permit = permitCall {
        owner: ALICE,
        spender: BOB,
        value: u(1),
        deadline: U256::MAX,
        v: 27,
        r: B256::repeat_byte(1),
        s: B256::repeat_byte(1),
    }
    .abi_encode();
    let mut dirty = permit;
    dirty[4 + 4 * 32 + 30] = 1;
    net.reverts_raw(ALICE, dirty, &[]);
}

#[test]
fn value_sent_to_any_function_reverts() {
    let mut net = Net::new();
    net.chain.set_balance(ALICE, U256::from(10u64.pow(18)));
    for data in [
        transferCall {
            to: BOB,
            value: u(1),
        }
        .abi_encode(),
        nameCall {}.abi_encode(),
        approveCall {
            spender: BOB,
            value: u(1),
        }
        .abi_encode(),
    ] {
        let before = net.chain.storage_slots(net.token);
        let receipt = net
            .chain
            .transact(Tx {
                value: U256::from(1),
                ..Tx::call(ALICE, net.token, data)
            })
            .unwrap();
        assert_eq!(receipt.outcome, Outcome::Revert);
        assert!(receipt.output.is_empty());
        assert_eq!(net.chain.storage_slots(net.token), before);
        assert_eq!(
            net.chain.balance(net.token),
            U256::ZERO,
            "the value went back"
        );
    }
}

#[test]
fn out_of_gas_reverts_everything() {
    let mut net = Net::new();
    let before = net.chain.storage_slots(net.token);
    let data = transferCall {
        to: BOB,
        value: u(1),
    }
    .abi_encode();
    let receipt = net
        .chain
        .transact(Tx {
            gas_limit: 50_000,
            ..Tx::call(ALICE, net.token, data)
        })
        .unwrap();
    assert_eq!(receipt.outcome, Outcome::OutOfInk);
    assert_eq!(receipt.gas_used, 50_000);
    assert_eq!(net.chain.storage_slots(net.token), before);
}
