//! libFuzzer target: arbitrary call sequences against the deployed wasm in the host.
//!
//! Input format, repeated: one byte picks the sender (and bit 7 sends 1 wei), one byte the
//! calldata length, then that many bytes of calldata (a leading byte below 26 is replaced by
//! that function's selector, so the fuzzer reaches real code quickly).
//! Checked after every call: no trap or out-of-ink outcome, a revert changes no storage and
//! logs nothing, and `totalSupply` equals the sum of the balances of every holder seen.

#![no_main]

use std::{cell::RefCell, collections::BTreeSet};

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::{SolCall, SolEvent};
use libfuzzer_sys::fuzz_target;
use stylus_host::{artifact, Chain, Outcome, Tx};
use stylus_token::{
    abi::{constructor_calldata, stylus_constructorCall},
    erc20::Transfer,
    IToken::*,
};

const OWNER: Address = Address::repeat_byte(0x0a);
const HOLDER: Address = Address::repeat_byte(0x11);

thread_local! {
    static TEMPLATE: RefCell<Option<(Chain, Address)>> = const { RefCell::new(None) };
}

fn selectors() -> [[u8; 4]; 26] {
    [
        nameCall::SELECTOR, symbolCall::SELECTOR, decimalsCall::SELECTOR, totalSupplyCall::SELECTOR,
        balanceOfCall::SELECTOR, transferCall::SELECTOR, allowanceCall::SELECTOR, approveCall::SELECTOR,
        transferFromCall::SELECTOR, burnCall::SELECTOR, burnFromCall::SELECTOR, mintCall::SELECTOR,
        capCall::SELECTOR, ownerCall::SELECTOR, pendingOwnerCall::SELECTOR,
        transferOwnershipCall::SELECTOR, acceptOwnershipCall::SELECTOR,
        renounceOwnershipCall::SELECTOR, pausedCall::SELECTOR, pauseCall::SELECTOR,
        unpauseCall::SELECTOR, permitCall::SELECTOR, noncesCall::SELECTOR,
        DOMAIN_SEPARATORCall::SELECTOR, eip712DomainCall::SELECTOR,
        keccak256("stylus_constructor()")[..4].try_into().unwrap(),
    ]
}

fn template() -> (Chain, Address) {
    TEMPLATE.with(|t| {
        let mut t = t.borrow_mut();
        if t.is_none() {
            let wasm = artifact::build().expect("the token builds");
            let mut chain = Chain::default();
            let args = stylus_constructorCall {
                name: "Fuzz".into(),
                symbol: "FZ".into(),
                decimals: 18,
                cap: U256::ZERO,
                owner: OWNER,
                initialHolder: HOLDER,
                initialSupply: U256::from(1_000_000u64),
            };
            let (token, receipt) = chain.deploy(OWNER, &wasm, constructor_calldata(&args)).unwrap();
            assert!(receipt.success());
            for i in 0..4u8 {
                chain.set_balance(Address::repeat_byte(i * 0x11), U256::from(1_000u64));
            }
            chain.set_balance(OWNER, U256::from(1_000u64));
            *t = Some((chain, token));
        }
        let (chain, token) = t.as_ref().unwrap();
        (chain.fork(), *token)
    })
}

fn balance_slot(account: Address) -> B256 {
    let mut buf = [0u8; 64];
    buf[12..32].copy_from_slice(account.as_slice());
    keccak256(buf)
}

fuzz_target!(|input: &[u8]| {
    let (mut chain, token) = template();
    let mut holders: BTreeSet<Address> = [HOLDER].into();
    let mut rest = input;
    while rest.len() >= 2 {
        let who = rest[0];
        let len = (rest[1] as usize).min(rest.len() - 2);
        let mut data = rest[2..2 + len].to_vec();
        rest = &rest[2 + len..];
        if let Some(&first) = data.first() {
            if (first as usize) < 26 {
                let mut with_selector = selectors()[first as usize].to_vec();
                with_selector.extend_from_slice(&data[1..]);
                data = with_selector;
            }
        }
        let sender = if who & 0x40 != 0 { OWNER } else { Address::repeat_byte((who & 3) * 0x11) };
        let value = if who & 0x80 != 0 { U256::from(1) } else { U256::ZERO };
        let before = chain.storage_slots(token);
        let receipt = chain.transact(Tx { value, ..Tx::call(sender, token, data.clone()) }).unwrap();
        assert!(
            matches!(receipt.outcome, Outcome::Success | Outcome::Revert),
            "trap or out of ink on {data:02x?}: {receipt:?}"
        );
        if receipt.outcome == Outcome::Revert {
            assert_eq!(chain.storage_slots(token), before, "a revert changed state");
            assert!(receipt.logs.is_empty());
        }
        for log in &receipt.logs {
            if log.topics[0] == Transfer::SIGNATURE_HASH {
                let t = Transfer::decode_raw_log(log.topics.iter().copied(), &log.data).unwrap();
                holders.extend([t.from, t.to]);
            }
        }
        let sum = holders
            .iter()
            .filter(|a| !a.is_zero())
            .map(|&a| U256::from_be_bytes(chain.storage(token, balance_slot(a)).0))
            .fold(U256::ZERO, |acc, b| acc.checked_add(b).expect("no overflow"));
        let supply = U256::from_be_bytes(chain.storage(token, B256::from(U256::from(2))).0);
        assert_eq!(sum, supply, "totalSupply != sum of balances");
    }
});
