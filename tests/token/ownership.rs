//! Two-step ownership (OpenZeppelin `Ownable2Step`).

use alloy_primitives::{Address, U256};
use stylus_token::{
    error::OwnableUnauthorizedAccount,
    ownable::{OwnershipTransferStarted, OwnershipTransferred},
};

use crate::common::*;

#[test]
fn transfer_ownership_only_offers_it() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(OWNER);
    assert_eq!(token.transfer_ownership(BOB), Ok(()));
    assert_eq!(token.owner(), OWNER);
    assert_eq!(token.pending_owner(), BOB);
    assert_eq!(
        single_event::<OwnershipTransferStarted>(&env),
        OwnershipTransferStarted {
            previousOwner: OWNER,
            newOwner: BOB
        }
    );
}

#[test]
fn accept_ownership_completes_the_transfer() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(OWNER);
    token.transfer_ownership(BOB).unwrap();
    drain_logs(&env);
    env.set_sender(BOB);
    assert_eq!(token.accept_ownership(), Ok(()));
    assert_eq!(token.owner(), BOB);
    assert_eq!(token.pending_owner(), Address::ZERO);
    assert_eq!(
        single_event::<OwnershipTransferred>(&env),
        OwnershipTransferred {
            previousOwner: OWNER,
            newOwner: BOB
        }
    );
    // The old owner has lost its rights; the new one has them.
    assert_fails(
        &env,
        &mut token,
        OWNER,
        |t| t.mint(OWNER, u(1)),
        OwnableUnauthorizedAccount { account: OWNER },
    );
    env.set_sender(BOB);
    assert_eq!(token.mint(BOB, u(1)), Ok(()));
}

#[test]
fn accept_ownership_errors_for_anyone_but_the_pending_owner() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(OWNER);
    token.transfer_ownership(BOB).unwrap();
    for caller in [CAROL, OWNER, ALICE] {
        assert_fails(
            &env,
            &mut token,
            caller,
            |t| t.accept_ownership(),
            OwnableUnauthorizedAccount { account: caller },
        );
    }
}

#[test]
fn accept_ownership_errors_without_an_offer() {
    let env = vm();
    let mut token = deploy(&env);
    assert_fails(
        &env,
        &mut token,
        BOB,
        |t| t.accept_ownership(),
        OwnableUnauthorizedAccount { account: BOB },
    );
}

#[test]
fn transfer_ownership_to_zero_cancels_an_offer() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(OWNER);
    token.transfer_ownership(BOB).unwrap();
    assert_eq!(token.transfer_ownership(Address::ZERO), Ok(()));
    assert_eq!(token.pending_owner(), Address::ZERO);
    assert_eq!(token.owner(), OWNER);
    assert_fails(
        &env,
        &mut token,
        BOB,
        |t| t.accept_ownership(),
        OwnableUnauthorizedAccount { account: BOB },
    );
}

#[test]
fn a_new_offer_replaces_the_old_one() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(OWNER);
    token.transfer_ownership(BOB).unwrap();
    token.transfer_ownership(CAROL).unwrap();
    assert_fails(
        &env,
        &mut token,
        BOB,
        |t| t.accept_ownership(),
        OwnableUnauthorizedAccount { account: BOB },
    );
    env.set_sender(CAROL);
    assert_eq!(token.accept_ownership(), Ok(()));
    assert_eq!(token.owner(), CAROL);
}

#[test]
fn owner_only_functions_error_for_others() {
    let env = vm();
    let mut token = deploy(&env);
    assert_fails(
        &env,
        &mut token,
        ALICE,
        |t| t.transfer_ownership(ALICE),
        OwnableUnauthorizedAccount { account: ALICE },
    );
    assert_fails(
        &env,
        &mut token,
        ALICE,
        |t| t.renounce_ownership(),
        OwnableUnauthorizedAccount { account: ALICE },
    );
    assert_fails(
        &env,
        &mut token,
        ALICE,
        |t| t.pause(),
        OwnableUnauthorizedAccount { account: ALICE },
    );
    assert_fails(
        &env,
        &mut token,
        ALICE,
        |t| t.unpause(),
        OwnableUnauthorizedAccount { account: ALICE },
    );
}

#[test]
fn renounce_ownership_leaves_no_owner_and_clears_the_offer() {
    let env = vm();
    let mut token = deploy(&env);
    env.set_sender(OWNER);
    token.transfer_ownership(BOB).unwrap();
    drain_logs(&env);
    assert_eq!(token.renounce_ownership(), Ok(()));
    assert_eq!(token.owner(), Address::ZERO);
    assert_eq!(token.pending_owner(), Address::ZERO);
    assert_eq!(
        single_event::<OwnershipTransferred>(&env),
        OwnershipTransferred {
            previousOwner: OWNER,
            newOwner: Address::ZERO
        }
    );
    // Nobody can mint, pause or accept any more.
    for caller in [OWNER, BOB] {
        assert_fails(
            &env,
            &mut token,
            caller,
            |t| t.mint(caller, U256::from(1)),
            OwnableUnauthorizedAccount { account: caller },
        );
    }
    assert_fails(
        &env,
        &mut token,
        BOB,
        |t| t.accept_ownership(),
        OwnableUnauthorizedAccount { account: BOB },
    );
}
