//! libFuzzer target: arbitrary call sequences against the deployed wasm in the host.
//!
//! Input format, repeated: one byte picks the sender (and bit 7 sends 1 wei), one byte the
//! calldata length, then that many bytes of calldata (a leading byte below the number of
//! functions is replaced by that function's selector, so the fuzzer reaches real code quickly).
//! Checked after every call: no trap or out-of-ink outcome, a revert changes no storage and
//! logs nothing, and `totalSupply` equals the sum of the balances of every holder seen.

#![no_main]

use std::cell::RefCell;

use alloy_primitives::{keccak256, Address, U256};
use libfuzzer_sys::fuzz_target;
use stylus_host::{artifact, invariants::Invariants, Chain, Tx};
use stylus_token::{
    abi::{constructor_calldata, stylus_constructorCall},
    IToken::ITokenCalls,
};

const OWNER: Address = Address::repeat_byte(0x0a);
const HOLDER: Address = Address::repeat_byte(0x11);

thread_local! {
    static TEMPLATE: RefCell<Option<(Chain, Address)>> = const { RefCell::new(None) };
}

/// Every selector of the interface, and the constructor's.
fn selectors() -> Vec<[u8; 4]> {
    let mut all = ITokenCalls::SELECTORS.to_vec();
    all.push(keccak256("stylus_constructor()")[..4].try_into().unwrap());
    all
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
            let (token, receipt) = chain
                .deploy(OWNER, &wasm, constructor_calldata(&args))
                .unwrap();
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

fuzz_target!(|input: &[u8]| {
    let (mut chain, token) = template();
    let mut invariants = Invariants::new(token, HOLDER);
    let mut rest = input;
    while rest.len() >= 2 {
        let who = rest[0];
        let len = (rest[1] as usize).min(rest.len() - 2);
        let mut data = rest[2..2 + len].to_vec();
        rest = &rest[2 + len..];
        if let Some(&first) = data.first() {
            if (first as usize) < selectors().len() {
                let mut with_selector = selectors()[first as usize].to_vec();
                with_selector.extend_from_slice(&data[1..]);
                data = with_selector;
            }
        }
        let sender = if who & 0x40 != 0 {
            OWNER
        } else {
            Address::repeat_byte((who & 3) * 0x11)
        };
        let value = if who & 0x80 != 0 {
            U256::from(1)
        } else {
            U256::ZERO
        };
        let before = chain.storage_slots(token);
        let receipt = chain
            .transact(Tx {
                value,
                ..Tx::call(sender, token, data.clone())
            })
            .unwrap();
        if let Err(e) = invariants.check(&chain, &before, &receipt) {
            panic!("{e} on {data:02x?}");
        }
    }
});
