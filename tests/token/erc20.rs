//! ERC-20 core: metadata, balances, transfers and allowances.

use alloy_primitives::{Address, U256};
use stylus_token::{
    erc20::{Approval, Transfer},
    error::{
        ERC20InsufficientAllowance, ERC20InsufficientBalance, ERC20InvalidApprover,
        ERC20InvalidReceiver, ERC20InvalidSpender,
    },
};

use crate::common::*;

#[test]
fn metadata_and_initial_state() {
    let env = vm();
    let token = deploy(&env);
    assert_eq!(token.name(), NAME);
    assert_eq!(token.symbol(), SYMBOL);
    assert_eq!(token.decimals(), DECIMALS);
    assert_eq!(token.total_supply(), u(INITIAL_SUPPLY));
    assert_eq!(token.balance_of(ALICE), u(INITIAL_SUPPLY));
    assert_eq!(token.balance_of(BOB), U256::ZERO);
    assert_eq!(token.allowance(ALICE, BOB), U256::ZERO);
}

#[test]
fn transfer_moves_balance_and_emits_transfer() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(ALICE);
    assert_eq!(token.transfer(BOB, u(300)), Ok(true));
    assert_eq!(token.balance_of(ALICE), u(700));
    assert_eq!(token.balance_of(BOB), u(300));
    assert_eq!(token.total_supply(), u(INITIAL_SUPPLY));
    assert_eq!(
        single_event::<Transfer>(&env),
        Transfer {
            from: ALICE,
            to: BOB,
            value: u(300)
        }
    );
}

#[test]
fn transfer_of_whole_balance() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(ALICE);
    assert_eq!(token.transfer(BOB, u(INITIAL_SUPPLY)), Ok(true));
    assert_eq!(token.balance_of(ALICE), U256::ZERO);
    assert_eq!(token.balance_of(BOB), u(INITIAL_SUPPLY));
}

#[test]
fn transfer_of_zero_is_a_normal_transfer() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(BOB);
    assert_eq!(token.transfer(CAROL, U256::ZERO), Ok(true));
    assert_eq!(token.balance_of(BOB), U256::ZERO);
    assert_eq!(
        single_event::<Transfer>(&env),
        Transfer {
            from: BOB,
            to: CAROL,
            value: U256::ZERO
        }
    );
}

#[test]
fn transfer_to_self_keeps_balance_and_emits() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(ALICE);
    assert_eq!(token.transfer(ALICE, u(400)), Ok(true));
    assert_eq!(token.balance_of(ALICE), u(INITIAL_SUPPLY));
    assert_eq!(token.total_supply(), u(INITIAL_SUPPLY));
    assert_eq!(
        single_event::<Transfer>(&env),
        Transfer {
            from: ALICE,
            to: ALICE,
            value: u(400)
        }
    );
}

#[test]
fn transfer_errors_insufficient_balance() {
    let env = vm();
    let mut token = deploy(&env);
    assert_fails(
        &env,
        &mut token,
        ALICE,
        |t| t.transfer(BOB, u(INITIAL_SUPPLY + 1)),
        ERC20InsufficientBalance {
            sender: ALICE,
            balance: u(INITIAL_SUPPLY),
            needed: u(INITIAL_SUPPLY + 1),
        },
    );
    assert_fails(
        &env,
        &mut token,
        BOB,
        |t| t.transfer(ALICE, u(1)),
        ERC20InsufficientBalance {
            sender: BOB,
            balance: U256::ZERO,
            needed: u(1),
        },
    );
}

#[test]
fn transfer_errors_invalid_receiver() {
    let env = vm();
    let mut token = deploy(&env);
    assert_fails(
        &env,
        &mut token,
        ALICE,
        |t| t.transfer(Address::ZERO, u(1)),
        ERC20InvalidReceiver {
            receiver: Address::ZERO,
        },
    );
}

#[test]
fn approve_sets_allowance_and_emits_approval() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(ALICE);
    assert_eq!(token.approve(BOB, u(50)), Ok(true));
    assert_eq!(token.allowance(ALICE, BOB), u(50));
    assert_eq!(
        single_event::<Approval>(&env),
        Approval {
            owner: ALICE,
            spender: BOB,
            value: u(50)
        }
    );
    // A new approval overwrites the old one, whatever its size.
    assert_eq!(token.approve(BOB, u(7)), Ok(true));
    assert_eq!(token.allowance(ALICE, BOB), u(7));
    assert_eq!(token.approve(BOB, U256::ZERO), Ok(true));
    assert_eq!(token.allowance(ALICE, BOB), U256::ZERO);
    assert_eq!(drain_logs(&env).len(), 2);
}

#[test]
fn approve_errors_invalid_spender() {
    let env = vm();
    let mut token = deploy(&env);
    assert_fails(
        &env,
        &mut token,
        ALICE,
        |t| t.approve(Address::ZERO, u(1)),
        ERC20InvalidSpender {
            spender: Address::ZERO,
        },
    );
}

#[test]
fn transfer_from_spends_allowance_without_approval_event() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(ALICE);
    token.approve(BOB, u(500)).unwrap();
    drain_logs(&env);

    env.set_sender(BOB);
    assert_eq!(token.transfer_from(ALICE, CAROL, u(200)), Ok(true));
    assert_eq!(token.allowance(ALICE, BOB), u(300));
    assert_eq!(token.balance_of(ALICE), u(800));
    assert_eq!(token.balance_of(CAROL), u(200));
    assert_eq!(
        single_event::<Transfer>(&env),
        Transfer {
            from: ALICE,
            to: CAROL,
            value: u(200)
        }
    );
}

#[test]
fn transfer_from_leaves_infinite_allowance() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(ALICE);
    token.approve(BOB, U256::MAX).unwrap();
    drain_logs(&env);

    env.set_sender(BOB);
    assert_eq!(token.transfer_from(ALICE, BOB, u(999)), Ok(true));
    assert_eq!(token.allowance(ALICE, BOB), U256::MAX);
    assert_eq!(token.balance_of(BOB), u(999));
    single_event::<Transfer>(&env);
}

#[test]
fn transfer_from_of_exact_allowance_leaves_zero() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(ALICE);
    token.approve(BOB, u(10)).unwrap();
    env.set_sender(BOB);
    assert_eq!(token.transfer_from(ALICE, BOB, u(10)), Ok(true));
    assert_eq!(token.allowance(ALICE, BOB), U256::ZERO);
}

#[test]
fn transfer_from_errors_insufficient_allowance() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(ALICE);
    token.approve(BOB, u(10)).unwrap();
    assert_fails(
        &env,
        &mut token,
        BOB,
        |t| t.transfer_from(ALICE, CAROL, u(11)),
        ERC20InsufficientAllowance {
            spender: BOB,
            allowance: u(10),
            needed: u(11),
        },
    );
    // The allowance error comes first even when the balance is short too.
    assert_fails(
        &env,
        &mut token,
        CAROL,
        |t| t.transfer_from(BOB, ALICE, u(1)),
        ERC20InsufficientAllowance {
            spender: CAROL,
            allowance: U256::ZERO,
            needed: u(1),
        },
    );
}

#[test]
fn transfer_from_errors_insufficient_balance_and_keeps_allowance() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(ALICE);
    token.approve(BOB, U256::MAX - U256::from(1)).unwrap();
    assert_fails(
        &env,
        &mut token,
        BOB,
        |t| t.transfer_from(ALICE, CAROL, u(INITIAL_SUPPLY + 1)),
        ERC20InsufficientBalance {
            sender: ALICE,
            balance: u(INITIAL_SUPPLY),
            needed: u(INITIAL_SUPPLY + 1),
        },
    );
}

#[test]
fn transfer_from_errors_invalid_receiver_and_keeps_allowance() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(ALICE);
    token.approve(BOB, u(100)).unwrap();
    assert_fails(
        &env,
        &mut token,
        BOB,
        |t| t.transfer_from(ALICE, Address::ZERO, u(1)),
        ERC20InvalidReceiver {
            receiver: Address::ZERO,
        },
    );
}

#[test]
fn transfer_from_the_zero_address() {
    let env = vm();
    let mut token = deploy(&env);
    // Nobody has an allowance from address(0): a non-zero amount fails on the allowance, a
    // zero amount on the approver, as in OpenZeppelin.
    assert_fails(
        &env,
        &mut token,
        BOB,
        |t| t.transfer_from(Address::ZERO, CAROL, u(1)),
        ERC20InsufficientAllowance {
            spender: BOB,
            allowance: U256::ZERO,
            needed: u(1),
        },
    );
    assert_fails(
        &env,
        &mut token,
        BOB,
        |t| t.transfer_from(Address::ZERO, CAROL, U256::ZERO),
        ERC20InvalidApprover {
            approver: Address::ZERO,
        },
    );
}

#[test]
fn transfer_from_of_zero_with_zero_allowance() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(BOB);
    assert_eq!(token.transfer_from(ALICE, CAROL, U256::ZERO), Ok(true));
    assert_eq!(token.allowance(ALICE, BOB), U256::ZERO);
    single_event::<Transfer>(&env);
}
