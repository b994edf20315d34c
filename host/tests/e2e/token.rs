//! ERC-20, burn, mint and cap through the deployed bytes.

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use stylus_token::{
    erc20::{Approval, Transfer, PANIC_OVERFLOW},
    error::{
        ERC20ExceededCap, ERC20InsufficientAllowance, ERC20InsufficientBalance,
        ERC20InvalidApprover, ERC20InvalidReceiver, ERC20InvalidSpender,
        OwnableUnauthorizedAccount, Panic,
    },
    IToken::*,
};

use crate::common::*;

#[test]
fn views_after_deployment() {
    let mut net = Net::new();
    assert_eq!(net.view(nameCall {}), NAME);
    assert_eq!(net.view(symbolCall {}), SYMBOL);
    assert_eq!(net.view(decimalsCall {}), 18);
    assert_eq!(net.view(totalSupplyCall {}), u(SUPPLY));
    assert_eq!(net.balance(ALICE), u(SUPPLY));
    assert_eq!(net.view(capCall {}), u(CAP));
    assert_eq!(net.view(ownerCall {}), OWNER);
    assert_eq!(net.view(pendingOwnerCall {}), Address::ZERO);
    assert!(!net.view(pausedCall {}));
    assert_eq!(
        net.view(allowanceCall {
            owner: ALICE,
            spender: BOB
        }),
        U256::ZERO
    );
}

#[test]
fn transfer_returns_true_moves_and_logs() {
    let mut net = Net::new();
    let receipt = net.ok(
        ALICE,
        transferCall {
            to: BOB,
            value: u(300),
        },
    );
    assert!(transferCall::abi_decode_returns(&receipt.output).unwrap());
    assert_eq!(
        event::<Transfer>(&receipt),
        Transfer {
            from: ALICE,
            to: BOB,
            value: u(300)
        }
    );
    assert_eq!(receipt.logs[0].address, net.token);
    assert_eq!(net.balance(ALICE), u(700));
    assert_eq!(net.balance(BOB), u(300));
    // Zero and self transfers are ordinary transfers.
    let receipt = net.ok(
        BOB,
        transferCall {
            to: BOB,
            value: u(0),
        },
    );
    assert_eq!(
        event::<Transfer>(&receipt),
        Transfer {
            from: BOB,
            to: BOB,
            value: u(0)
        }
    );
    net.ok(
        BOB,
        transferCall {
            to: BOB,
            value: u(300),
        },
    );
    assert_eq!(net.balance(BOB), u(300));
}

#[test]
fn transfer_errors() {
    let mut net = Net::new();
    net.reverts(
        ALICE,
        transferCall {
            to: BOB,
            value: u(SUPPLY + 1),
        },
        ERC20InsufficientBalance {
            sender: ALICE,
            balance: u(SUPPLY),
            needed: u(SUPPLY + 1),
        },
    );
    net.reverts(
        ALICE,
        transferCall {
            to: Address::ZERO,
            value: u(1),
        },
        ERC20InvalidReceiver {
            receiver: Address::ZERO,
        },
    );
}

#[test]
fn approve_and_transfer_from() {
    let mut net = Net::new();
    let receipt = net.ok(
        ALICE,
        approveCall {
            spender: BOB,
            value: u(500),
        },
    );
    assert!(approveCall::abi_decode_returns(&receipt.output).unwrap());
    assert_eq!(
        event::<Approval>(&receipt),
        Approval {
            owner: ALICE,
            spender: BOB,
            value: u(500)
        }
    );
    let receipt = net.ok(
        BOB,
        transferFromCall {
            from: ALICE,
            to: CAROL,
            value: u(200),
        },
    );
    assert!(transferFromCall::abi_decode_returns(&receipt.output).unwrap());
    // Only a Transfer: no Approval on transferFrom.
    assert_eq!(
        event::<Transfer>(&receipt),
        Transfer {
            from: ALICE,
            to: CAROL,
            value: u(200)
        }
    );
    assert_eq!(
        net.view(allowanceCall {
            owner: ALICE,
            spender: BOB
        }),
        u(300)
    );
    net.reverts(
        BOB,
        transferFromCall {
            from: ALICE,
            to: CAROL,
            value: u(301),
        },
        ERC20InsufficientAllowance {
            spender: BOB,
            allowance: u(300),
            needed: u(301),
        },
    );
    net.reverts(
        BOB,
        transferFromCall {
            from: ALICE,
            to: Address::ZERO,
            value: u(1),
        },
        ERC20InvalidReceiver {
            receiver: Address::ZERO,
        },
    );
    net.reverts(
        BOB,
        transferFromCall {
            from: Address::ZERO,
            to: CAROL,
            value: u(0),
        },
        ERC20InvalidApprover {
            approver: Address::ZERO,
        },
    );
    net.reverts(
        ALICE,
        approveCall {
            spender: Address::ZERO,
            value: u(1),
        },
        ERC20InvalidSpender {
            spender: Address::ZERO,
        },
    );
}

#[test]
fn infinite_allowance_is_not_spent() {
    let mut net = Net::new();
    net.ok(
        ALICE,
        approveCall {
            spender: BOB,
            value: U256::MAX,
        },
    );
    net.ok(
        BOB,
        transferFromCall {
            from: ALICE,
            to: BOB,
            value: u(10),
        },
    );
    net.ok(
        BOB,
        burnFromCall {
            account: ALICE,
            value: u(10),
        },
    );
    assert_eq!(
        net.view(allowanceCall {
            owner: ALICE,
            spender: BOB
        }),
        U256::MAX
    );
    assert_eq!(net.view(totalSupplyCall {}), u(SUPPLY - 10));
}

#[test]
fn burn_and_burn_from() {
    let mut net = Net::new();
    let receipt = net.ok(ALICE, burnCall { value: u(100) });
    assert_eq!(
        event::<Transfer>(&receipt),
        Transfer {
            from: ALICE,
            to: Address::ZERO,
            value: u(100)
        }
    );
    assert_eq!(net.view(totalSupplyCall {}), u(SUPPLY - 100));
    net.reverts(
        BOB,
        burnCall { value: u(1) },
        ERC20InsufficientBalance {
            sender: BOB,
            balance: U256::ZERO,
            needed: u(1),
        },
    );
    net.ok(
        ALICE,
        approveCall {
            spender: BOB,
            value: u(50),
        },
    );
    net.ok(
        BOB,
        burnFromCall {
            account: ALICE,
            value: u(50),
        },
    );
    assert_eq!(
        net.view(allowanceCall {
            owner: ALICE,
            spender: BOB
        }),
        U256::ZERO
    );
    net.reverts(
        BOB,
        burnFromCall {
            account: ALICE,
            value: u(1),
        },
        ERC20InsufficientAllowance {
            spender: BOB,
            allowance: U256::ZERO,
            needed: u(1),
        },
    );
}

#[test]
fn mint_under_the_cap_by_the_owner_only() {
    let mut net = Net::new();
    let receipt = net.ok(
        OWNER,
        mintCall {
            to: BOB,
            value: u(CAP - SUPPLY),
        },
    );
    assert_eq!(
        event::<Transfer>(&receipt),
        Transfer {
            from: Address::ZERO,
            to: BOB,
            value: u(CAP - SUPPLY)
        }
    );
    net.reverts(
        OWNER,
        mintCall {
            to: BOB,
            value: u(1),
        },
        ERC20ExceededCap {
            increasedSupply: u(CAP + 1),
            cap: u(CAP),
        },
    );
    net.reverts(
        ALICE,
        mintCall {
            to: ALICE,
            value: u(1),
        },
        OwnableUnauthorizedAccount { account: ALICE },
    );
    net.reverts(
        OWNER,
        mintCall {
            to: Address::ZERO,
            value: u(1),
        },
        ERC20InvalidReceiver {
            receiver: Address::ZERO,
        },
    );
}

#[test]
fn uncapped_mint_overflow_is_panic_0x11() {
    let mut net = Net::with(constructor(U256::ZERO, OWNER, ALICE, U256::MAX));
    assert_eq!(net.view(capCall {}), U256::MAX);
    net.reverts(
        OWNER,
        mintCall {
            to: BOB,
            value: u(1),
        },
        Panic {
            code: U256::from(PANIC_OVERFLOW),
        },
    );
}
