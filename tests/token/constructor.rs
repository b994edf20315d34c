//! The constructor's rules, run-once guard, and the storage layout it writes.

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::SolEvent;
use stylus_token::{
    abi::{self, route, stylus_constructorCall},
    erc20::Transfer,
    error::{ERC20ExceededCap, ERC20InvalidReceiver, OwnableUnauthorizedAccount},
    ownable::OwnershipTransferred,
    Error, Token,
};

use crate::common::*;

fn constructor_calldata(
    name: &str,
    cap: U256,
    owner: Address,
    holder: Address,
    supply: U256,
) -> Vec<u8> {
    abi::constructor_calldata(&stylus_constructorCall {
        name: name.into(),
        symbol: SYMBOL.into(),
        decimals: DECIMALS,
        cap,
        owner,
        initialHolder: holder,
        initialSupply: supply,
    })
}

#[test]
fn constructor_sets_everything_and_emits() {
    let env = vm();
    let token = deploy_with(&env, u(CAP), OWNER, ALICE, u(INITIAL_SUPPLY));
    assert_eq!(token.name(), NAME);
    assert_eq!(token.symbol(), SYMBOL);
    assert_eq!(token.decimals(), DECIMALS);
    assert_eq!(token.cap(), u(CAP));
    assert_eq!(token.owner(), OWNER);
    assert_eq!(token.pending_owner(), Address::ZERO);
    assert!(!token.paused());
    assert_eq!(token.total_supply(), u(INITIAL_SUPPLY));
    assert_eq!(token.balance_of(ALICE), u(INITIAL_SUPPLY));
    let logs = drain_logs(&env);
    assert_eq!(logs.len(), 2);
    let owner_log = OwnershipTransferred::decode_raw_log(logs[0].0.iter().copied(), &logs[0].1)
        .expect("an OwnershipTransferred log");
    assert_eq!(
        owner_log,
        OwnershipTransferred {
            previousOwner: Address::ZERO,
            newOwner: OWNER
        }
    );
    let mint_log =
        Transfer::decode_raw_log(logs[1].0.iter().copied(), &logs[1].1).expect("a Transfer log");
    assert_eq!(
        mint_log,
        Transfer {
            from: Address::ZERO,
            to: ALICE,
            value: u(INITIAL_SUPPLY)
        }
    );
}

#[test]
fn zero_cap_means_uncapped() {
    let env = vm();
    let token = deploy_with(&env, U256::ZERO, OWNER, ALICE, U256::MAX);
    assert_eq!(token.cap(), U256::MAX);
    assert_eq!(token.balance_of(ALICE), U256::MAX);
}

#[test]
fn zero_owner_makes_an_ownerless_token() {
    let env = vm();
    let mut token = deploy_with(&env, U256::ZERO, Address::ZERO, ALICE, u(1));
    assert_eq!(token.owner(), Address::ZERO);
    // Only the mint's Transfer: no OwnershipTransferred for an ownerless token.
    let logs = drain_logs(&env);
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].0[0], Transfer::SIGNATURE_HASH);
    assert_fails(
        &env,
        &mut token,
        OWNER,
        |t| t.pause(),
        OwnableUnauthorizedAccount { account: OWNER },
    );
}

#[test]
fn zero_supply_needs_no_holder() {
    let env = vm();
    let token = deploy_with(&env, u(CAP), OWNER, Address::ZERO, U256::ZERO);
    assert_eq!(token.total_supply(), U256::ZERO);
    assert_eq!(drain_logs(&env).len(), 1, "only OwnershipTransferred");
}

/// A failing constructor on a fresh token leaves storage empty and logs nothing.
fn assert_constructor_fails(supply: U256, cap: U256, holder: Address, expected: Error) {
    let env = vm();
    let mut token = Token::from(&env.vm);
    let result = token.constructor(
        NAME.into(),
        SYMBOL.into(),
        DECIMALS,
        cap,
        OWNER,
        holder,
        supply,
    );
    assert_eq!(result, Err(expected));
    assert_eq!(token.owner(), Address::ZERO);
    assert_eq!(token.cap(), U256::ZERO);
    assert_eq!(token.name(), "");
    assert_eq!(token.total_supply(), U256::ZERO);
    assert_eq!(drain_logs(&env), vec![]);
}

#[test]
fn constructor_errors_exceeded_cap() {
    assert_constructor_fails(
        u(CAP + 1),
        u(CAP),
        ALICE,
        ERC20ExceededCap {
            increasedSupply: u(CAP + 1),
            cap: u(CAP),
        }
        .into(),
    );
}

#[test]
fn constructor_errors_invalid_receiver() {
    assert_constructor_fails(
        u(1),
        u(CAP),
        Address::ZERO,
        ERC20InvalidReceiver {
            receiver: Address::ZERO,
        }
        .into(),
    );
}

#[test]
fn constructor_runs_once() {
    let env = vm();
    let mut token = Token::from(&env.vm);
    env.set_sender(OWNER);
    let first = constructor_calldata(NAME, u(CAP), OWNER, ALICE, u(INITIAL_SUPPLY));
    assert_eq!(route(&mut token, &first), Ok(vec![]));
    drain_logs(&env);
    let before = snapshot(&env, &token);
    let second = constructor_calldata("Other", U256::ZERO, BOB, BOB, u(5));
    assert_eq!(route(&mut token, &second), Err(vec![]));
    assert_eq!(snapshot(&env, &token), before);
}

#[test]
fn long_names_round_trip() {
    let env = vm();
    let mut token = Token::from(&env.vm);
    let name = "A token whose name is longer than one storage word, on purpose";
    let calldata = constructor_calldata(name, u(CAP), OWNER, ALICE, u(1));
    assert_eq!(route(&mut token, &calldata), Ok(vec![]));
    assert_eq!(token.name(), name);
    // Solidity's layout: `2 * len + 1` in the slot, the bytes from keccak256(slot) on.
    let slot = U256::from(4);
    assert_eq!(
        env.get_storage(slot),
        B256::from(U256::from(2 * name.len() + 1))
    );
    let data_slot = U256::from_be_bytes(keccak256(slot.to_be_bytes::<32>()).0);
    assert_eq!(&env.get_storage(data_slot)[..], &name.as_bytes()[..32]);
}

#[test]
fn storage_layout_matches_solidity() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(ALICE);
    token.approve(BOB, u(77)).unwrap();
    let word = |value: U256| B256::from(value);
    let mapping = |key: Address, slot: U256| {
        let mut buf = [0u8; 64];
        buf[12..32].copy_from_slice(key.as_slice());
        buf[32..].copy_from_slice(&slot.to_be_bytes::<32>());
        U256::from_be_bytes(keccak256(buf).0)
    };
    // Slot 0: balances; slot 1: allowances[owner][spender].
    assert_eq!(
        env.get_storage(mapping(ALICE, u(0))),
        word(u(INITIAL_SUPPLY))
    );
    assert_eq!(
        env.get_storage(mapping(BOB, mapping(ALICE, u(1)))),
        word(u(77))
    );
    // Slots 2 and 3: total supply and cap.
    assert_eq!(env.get_storage(u(2)), word(u(INITIAL_SUPPLY)));
    assert_eq!(env.get_storage(u(3)), word(u(CAP)));
    // Slots 4 and 5: name and symbol as short strings (bytes, then 2 * len in the last byte).
    let short = |s: &str| {
        let mut w = B256::ZERO;
        w[..s.len()].copy_from_slice(s.as_bytes());
        w[31] = 2 * s.len() as u8;
        w
    };
    assert_eq!(env.get_storage(u(4)), short(NAME));
    assert_eq!(env.get_storage(u(5)), short(SYMBOL));
    // Slot 6: owner in the low 20 bytes, the paused flag in the byte above them.
    assert_eq!(env.get_storage(u(6)), OWNER.into_word());
    env.set_sender(OWNER);
    token.pause().unwrap();
    let mut paused = OWNER.into_word();
    paused[11] = 1;
    assert_eq!(env.get_storage(u(6)), paused);
    // Slot 7: decimals; slot 8: pending owner; slot 9: nonces.
    assert_eq!(env.get_storage(u(7)), word(U256::from(DECIMALS)));
    token.transfer_ownership(CAROL).unwrap();
    assert_eq!(env.get_storage(u(8)), CAROL.into_word());
}
