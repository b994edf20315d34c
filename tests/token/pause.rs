//! Pausing (OpenZeppelin `ERC20Pausable`): balance changes stop, approvals do not.

use alloy_primitives::Address;
use stylus_token::{
    erc20::Approval,
    error::{EnforcedPause, ExpectedPause},
    pausable::{Paused, Unpaused},
};

use crate::common::*;

fn paused_token(env: &Env) -> stylus_token::Token {
    let mut token = deploy(env);
    env.set_sender(ALICE);
    token.approve(BOB, u(500)).unwrap();
    env.set_sender(OWNER);
    token.pause().unwrap();
    drain_logs(env);
    token
}

#[test]
fn pause_and_unpause_emit_and_flip_the_flag() {
    let env = vm();
    let mut token = deploy(&env);
    assert!(!token.paused());
    env.set_sender(OWNER);
    assert_eq!(token.pause(), Ok(()));
    assert!(token.paused());
    assert_eq!(single_event::<Paused>(&env), Paused { account: OWNER });
    assert_eq!(token.unpause(), Ok(()));
    assert!(!token.paused());
    assert_eq!(single_event::<Unpaused>(&env), Unpaused { account: OWNER });
    env.set_sender(ALICE);
    assert_eq!(token.transfer(BOB, u(1)), Ok(true));
}

#[test]
fn pause_errors_when_paused_and_unpause_when_not() {
    let env = vm();
    let mut token = paused_token(&env);
    assert_fails(&env, &mut token, OWNER, |t| t.pause(), EnforcedPause {});
    env.set_sender(OWNER);
    token.unpause().unwrap();
    assert_fails(&env, &mut token, OWNER, |t| t.unpause(), ExpectedPause {});
}

#[test]
fn balance_changes_error_while_paused() {
    let env = vm();
    let mut token = paused_token(&env);
    assert_fails(
        &env,
        &mut token,
        ALICE,
        |t| t.transfer(BOB, u(1)),
        EnforcedPause {},
    );
    assert_fails(
        &env,
        &mut token,
        ALICE,
        |t| t.transfer(BOB, u(0)),
        EnforcedPause {},
    );
    assert_fails(
        &env,
        &mut token,
        BOB,
        |t| t.transfer_from(ALICE, CAROL, u(1)),
        EnforcedPause {},
    );
    assert_fails(&env, &mut token, ALICE, |t| t.burn(u(1)), EnforcedPause {});
    assert_fails(
        &env,
        &mut token,
        BOB,
        |t| t.burn_from(ALICE, u(1)),
        EnforcedPause {},
    );
    assert_fails(
        &env,
        &mut token,
        OWNER,
        |t| t.mint(BOB, u(1)),
        EnforcedPause {},
    );
}

#[test]
fn approve_still_works_while_paused() {
    let env = vm();
    let mut token = paused_token(&env);
    env.set_sender(ALICE);
    assert_eq!(token.approve(CAROL, u(9)), Ok(true));
    assert_eq!(token.allowance(ALICE, CAROL), u(9));
    assert_eq!(
        single_event::<Approval>(&env),
        Approval {
            owner: ALICE,
            spender: CAROL,
            value: u(9)
        }
    );
}

#[test]
fn address_checks_come_before_the_pause_check() {
    // OpenZeppelin checks sender and receiver in `_transfer`/`_mint`, before `_update`.
    let env = vm();
    let mut token = paused_token(&env);
    assert_fails(
        &env,
        &mut token,
        ALICE,
        |t| t.transfer(Address::ZERO, u(1)),
        stylus_token::error::ERC20InvalidReceiver {
            receiver: Address::ZERO,
        },
    );
}
