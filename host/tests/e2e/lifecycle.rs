//! Deployment, the constructor's rules, ownership and pausing through the deployed bytes.

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolEvent;
use stylus_host::{Chain, Outcome};
use stylus_token::{
    erc20::Transfer,
    error::{
        ERC20ExceededCap, ERC20InvalidReceiver, EnforcedPause, ExpectedPause,
        OwnableUnauthorizedAccount,
    },
    ownable::{OwnershipTransferStarted, OwnershipTransferred},
    pausable::{Paused, Unpaused},
    Error,
    IToken::*,
};

use crate::common::*;

#[test]
fn deployment_runs_the_constructor_once() {
    let mut chain = Chain::default();
    let (token, receipt) = chain
        .deploy(OWNER, wasm(), constructor(u(CAP), OWNER, ALICE, u(SUPPLY)))
        .unwrap();
    assert!(receipt.success());
    assert_eq!(receipt.logs.len(), 2);
    assert_eq!(
        receipt.logs[0].topics[0],
        OwnershipTransferred::SIGNATURE_HASH
    );
    assert_eq!(receipt.logs[1].topics[0], Transfer::SIGNATURE_HASH);
    let mut net = Net { chain, token };
    // A second constructor call reverts with empty data and changes nothing.
    net.reverts_raw(OWNER, constructor(U256::ZERO, BOB, BOB, u(5)), &[]);
    assert_eq!(net.view(ownerCall {}), OWNER);
}

#[test]
fn failing_constructors_revert_the_deployment() {
    for (args, expected) in [
        (
            constructor(u(10), OWNER, ALICE, u(11)),
            Error::from(ERC20ExceededCap {
                increasedSupply: u(11),
                cap: u(10),
            }),
        ),
        (
            constructor(u(10), OWNER, Address::ZERO, u(1)),
            Error::from(ERC20InvalidReceiver {
                receiver: Address::ZERO,
            }),
        ),
    ] {
        let mut chain = Chain::default();
        let (token, receipt) = chain.deploy(OWNER, wasm(), args).unwrap();
        assert_eq!(receipt.outcome, Outcome::Revert);
        assert_eq!(receipt.output, expected.data());
        assert!(chain.storage_slots(token).is_empty(), "nothing stored");
    }
}

#[test]
fn ownerless_token() {
    let mut net = Net::with(constructor(U256::ZERO, Address::ZERO, ALICE, u(1)));
    assert_eq!(net.view(ownerCall {}), Address::ZERO);
    net.reverts(
        OWNER,
        pauseCall {},
        OwnableUnauthorizedAccount { account: OWNER },
    );
}

#[test]
fn two_step_ownership() {
    let mut net = Net::new();
    let receipt = net.ok(OWNER, transferOwnershipCall { newOwner: BOB });
    assert_eq!(
        event::<OwnershipTransferStarted>(&receipt),
        OwnershipTransferStarted {
            previousOwner: OWNER,
            newOwner: BOB
        }
    );
    assert_eq!(net.view(pendingOwnerCall {}), BOB);
    net.reverts(
        CAROL,
        acceptOwnershipCall {},
        OwnableUnauthorizedAccount { account: CAROL },
    );
    let receipt = net.ok(BOB, acceptOwnershipCall {});
    assert_eq!(
        event::<OwnershipTransferred>(&receipt),
        OwnershipTransferred {
            previousOwner: OWNER,
            newOwner: BOB
        }
    );
    assert_eq!(net.view(ownerCall {}), BOB);
    assert_eq!(net.view(pendingOwnerCall {}), Address::ZERO);
    net.reverts(
        OWNER,
        transferOwnershipCall { newOwner: OWNER },
        OwnableUnauthorizedAccount { account: OWNER },
    );
    let receipt = net.ok(BOB, renounceOwnershipCall {});
    assert_eq!(
        event::<OwnershipTransferred>(&receipt),
        OwnershipTransferred {
            previousOwner: BOB,
            newOwner: Address::ZERO
        }
    );
    net.reverts(
        BOB,
        mintCall {
            to: BOB,
            value: u(1),
        },
        OwnableUnauthorizedAccount { account: BOB },
    );
}

#[test]
fn pause_stops_balance_changes_only() {
    let mut net = Net::new();
    net.ok(
        ALICE,
        approveCall {
            spender: BOB,
            value: u(10),
        },
    );
    let receipt = net.ok(OWNER, pauseCall {});
    assert_eq!(event::<Paused>(&receipt), Paused { account: OWNER });
    assert!(net.view(pausedCall {}));
    net.reverts(OWNER, pauseCall {}, EnforcedPause {});
    net.reverts(
        ALICE,
        transferCall {
            to: BOB,
            value: u(1),
        },
        EnforcedPause {},
    );
    net.reverts(
        BOB,
        transferFromCall {
            from: ALICE,
            to: BOB,
            value: u(1),
        },
        EnforcedPause {},
    );
    net.reverts(ALICE, burnCall { value: u(1) }, EnforcedPause {});
    net.reverts(
        BOB,
        burnFromCall {
            account: ALICE,
            value: u(1),
        },
        EnforcedPause {},
    );
    net.reverts(
        OWNER,
        mintCall {
            to: BOB,
            value: u(1),
        },
        EnforcedPause {},
    );
    net.ok(
        ALICE,
        approveCall {
            spender: CAROL,
            value: u(3),
        },
    );
    let receipt = net.ok(OWNER, unpauseCall {});
    assert_eq!(event::<Unpaused>(&receipt), Unpaused { account: OWNER });
    net.reverts(OWNER, unpauseCall {}, ExpectedPause {});
    net.ok(
        ALICE,
        transferCall {
            to: BOB,
            value: u(1),
        },
    );
}
