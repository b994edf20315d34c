//! Mint (owner only, capped, overflow-checked), burn and burnFrom.

use alloy_primitives::{Address, U256};
use stylus_token::{
    erc20::{Transfer, PANIC_OVERFLOW},
    error::{
        ERC20ExceededCap, ERC20InsufficientAllowance, ERC20InsufficientBalance,
        ERC20InvalidReceiver, OwnableUnauthorizedAccount, Panic,
    },
};

use crate::common::*;

#[test]
fn mint_by_owner_adds_supply_and_emits() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(OWNER);
    assert_eq!(token.mint(BOB, u(250)), Ok(()));
    assert_eq!(token.balance_of(BOB), u(250));
    assert_eq!(token.total_supply(), u(INITIAL_SUPPLY + 250));
    assert_eq!(
        single_event::<Transfer>(&env),
        Transfer {
            from: Address::ZERO,
            to: BOB,
            value: u(250)
        }
    );
}

#[test]
fn mint_up_to_the_cap_exactly() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(OWNER);
    assert_eq!(token.mint(BOB, u(CAP - INITIAL_SUPPLY)), Ok(()));
    assert_eq!(token.total_supply(), token.cap());
}

#[test]
fn mint_errors_exceeded_cap() {
    let env = vm();
    let mut token = deploy(&env);
    assert_fails(
        &env,
        &mut token,
        OWNER,
        |t| t.mint(BOB, u(CAP - INITIAL_SUPPLY + 1)),
        ERC20ExceededCap {
            increasedSupply: u(CAP + 1),
            cap: u(CAP),
        },
    );
}

#[test]
fn mint_errors_for_non_owner() {
    let env = vm();
    let mut token = deploy(&env);
    assert_fails(
        &env,
        &mut token,
        ALICE,
        |t| t.mint(ALICE, u(1)),
        OwnableUnauthorizedAccount { account: ALICE },
    );
}

#[test]
fn mint_errors_invalid_receiver() {
    let env = vm();
    let mut token = deploy(&env);
    assert_fails(
        &env,
        &mut token,
        OWNER,
        |t| t.mint(Address::ZERO, u(1)),
        ERC20InvalidReceiver {
            receiver: Address::ZERO,
        },
    );
}

#[test]
fn uncapped_token_reports_max_cap_and_panics_on_overflow() {
    let env = vm();
    let mut token = deploy_with(&env, U256::ZERO, OWNER, ALICE, u(5));
    assert_eq!(token.cap(), U256::MAX);
    env.set_sender(OWNER);
    assert_eq!(token.mint(BOB, U256::MAX - u(5)), Ok(()));
    assert_eq!(token.total_supply(), U256::MAX);
    assert_fails(
        &env,
        &mut token,
        OWNER,
        |t| t.mint(BOB, u(1)),
        Panic {
            code: U256::from(PANIC_OVERFLOW),
        },
    );
}

#[test]
fn mint_of_zero_emits_transfer() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(OWNER);
    assert_eq!(token.mint(CAROL, U256::ZERO), Ok(()));
    assert_eq!(token.total_supply(), u(INITIAL_SUPPLY));
    single_event::<Transfer>(&env);
}

#[test]
fn burn_removes_supply_and_emits() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(ALICE);
    assert_eq!(token.burn(u(100)), Ok(()));
    assert_eq!(token.balance_of(ALICE), u(900));
    assert_eq!(token.total_supply(), u(900));
    assert_eq!(
        single_event::<Transfer>(&env),
        Transfer {
            from: ALICE,
            to: Address::ZERO,
            value: u(100)
        }
    );
}

#[test]
fn burn_errors_insufficient_balance() {
    let env = vm();
    let mut token = deploy(&env);
    assert_fails(
        &env,
        &mut token,
        BOB,
        |t| t.burn(u(1)),
        ERC20InsufficientBalance {
            sender: BOB,
            balance: U256::ZERO,
            needed: u(1),
        },
    );
}

#[test]
fn burn_from_spends_allowance() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(ALICE);
    token.approve(BOB, u(300)).unwrap();
    drain_logs(&env);
    env.set_sender(BOB);
    assert_eq!(token.burn_from(ALICE, u(120)), Ok(()));
    assert_eq!(token.allowance(ALICE, BOB), u(180));
    assert_eq!(token.balance_of(ALICE), u(880));
    assert_eq!(token.total_supply(), u(880));
    assert_eq!(
        single_event::<Transfer>(&env),
        Transfer {
            from: ALICE,
            to: Address::ZERO,
            value: u(120)
        }
    );
}

#[test]
fn burn_from_leaves_infinite_allowance() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(ALICE);
    token.approve(BOB, U256::MAX).unwrap();
    env.set_sender(BOB);
    assert_eq!(token.burn_from(ALICE, u(1)), Ok(()));
    assert_eq!(token.allowance(ALICE, BOB), U256::MAX);
}

#[test]
fn burn_from_errors_insufficient_allowance() {
    let env = vm();
    let mut token = deploy(&env);
    assert_fails(
        &env,
        &mut token,
        BOB,
        |t| t.burn_from(ALICE, u(1)),
        ERC20InsufficientAllowance {
            spender: BOB,
            allowance: U256::ZERO,
            needed: u(1),
        },
    );
}

#[test]
fn burn_from_errors_insufficient_balance_and_keeps_allowance() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(ALICE);
    token.approve(BOB, u(5_000)).unwrap();
    assert_fails(
        &env,
        &mut token,
        BOB,
        |t| t.burn_from(ALICE, u(INITIAL_SUPPLY + 1)),
        ERC20InsufficientBalance {
            sender: ALICE,
            balance: u(INITIAL_SUPPLY),
            needed: u(INITIAL_SUPPLY + 1),
        },
    );
}
