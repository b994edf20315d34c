//! Fuzzing the entrypoint with proptest (the CI smoke run; `fuzz/` holds the libFuzzer
//! target for long runs): arbitrary calldata — random bytes, or a real selector with random
//! arguments — from random senders, sometimes with value. The program never traps or runs out
//! of ink where it should revert, a revert changes nothing, and `totalSupply` equals the sum
//! of the balances of every account that ever held tokens.

use alloy_primitives::{keccak256, Address, U256};
use proptest::prelude::*;
use stylus_host::{artifact, invariants::Invariants, Chain, Tx};
use stylus_token::{
    abi::{constructor_calldata, stylus_constructorCall},
    IToken,
};

const OWNER: Address = Address::repeat_byte(0x0a);

/// Every selector of the interface, and the constructor's.
fn selectors() -> Vec<[u8; 4]> {
    let mut all = IToken::ITokenCalls::SELECTORS.to_vec();
    all.push(
        keccak256("stylus_constructor()")[..4]
            .try_into()
            .expect("4 bytes"),
    );
    all
}

/// An argument word: small numbers, addresses of the few accounts, or anything.
fn word() -> impl Strategy<Value = [u8; 32]> {
    prop_oneof![
        (0u64..2000).prop_map(|v| U256::from(v).to_be_bytes::<32>()),
        (0u8..4).prop_map(|i| Address::repeat_byte(i * 0x11).into_word().0),
        Just(OWNER.into_word().0),
        Just([0xff; 32]),
        any::<[u8; 32]>(),
    ]
}

fn calldata() -> impl Strategy<Value = Vec<u8>> {
    let selected = (
        0..selectors().len(),
        proptest::collection::vec(word(), 0..8),
        0usize..40,
    )
        .prop_map(|(i, words, cut)| {
            let mut data = selectors()[i].to_vec();
            for w in words {
                data.extend_from_slice(&w);
            }
            // Sometimes cut a few bytes off.
            let keep = data.len().saturating_sub(cut % 5);
            data.truncate(keep.max(4));
            data
        });
    prop_oneof![
        3 => selected,
        1 => proptest::collection::vec(any::<u8>(), 0..200),
    ]
}

fn sender() -> impl Strategy<Value = Address> {
    prop_oneof![
        Just(OWNER),
        (1u8..4).prop_map(|i| Address::repeat_byte(i * 0x11)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn arbitrary_calls_revert_cleanly_and_keep_the_invariants(
        calls in proptest::collection::vec((sender(), calldata(), prop::bool::weighted(0.1)), 1..24)
    ) {
        let wasm = artifact::build().expect("the token builds");
        let mut chain = Chain::default();
        let holder = Address::repeat_byte(0x11);
        let args = stylus_constructorCall {
            name: "Fuzz".into(),
            symbol: "FZ".into(),
            decimals: 18,
            cap: U256::ZERO,
            owner: OWNER,
            initialHolder: holder,
            initialSupply: U256::from(1_000_000u64),
        };
        let (token, receipt) = chain.deploy(OWNER, &wasm, constructor_calldata(&args)).unwrap();
        prop_assert!(receipt.success());
        let mut invariants = Invariants::new(token, holder);
        for account in [OWNER, Address::repeat_byte(0x22), Address::repeat_byte(0x33), holder] {
            chain.set_balance(account, U256::from(1_000u64));
        }
        for (from, data, with_value) in calls {
            let before = chain.storage_slots(token);
            let value = if with_value { U256::from(1) } else { U256::ZERO };
            let receipt = chain
                .transact(Tx { value, ..Tx::call(from, token, data.clone()) })
                .unwrap();
            if let Err(e) = invariants.check(&chain, &before, &receipt) {
                prop_assert!(false, "{e} on {data:02x?}");
            }
        }
    }
}
