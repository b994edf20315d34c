//! Calldata in, return or revert data out: the deployed router ([`route`]) against the
//! interface, against the SDK's generated `#[public]` router, and on malformed input.

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{SolCall, SolValue};
use stylus_sdk::abi::Router;
use stylus_token::{abi::route, IToken, Token};

use crate::common::*;

/// Runs `calldata` from `sender` through the SDK's `#[public]` router.
fn sdk_route(token: &mut Token, calldata: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    let selector = u32::from_be_bytes(calldata[..4].try_into().unwrap());
    <Token as Router<Token>>::route(token, selector, &calldata[4..]).unwrap_or(Err(vec![]))
}

/// A sequence of calls covering every function, valid and failing, with the sender of each.
fn scenario(signer: &Signer, token: &Token) -> Vec<(Address, Vec<u8>)> {
    let p = sign_permit(token, signer, BOB, u(40), u(1_700_000_100));
    vec![
        (ALICE, IToken::nameCall {}.abi_encode()),
        (ALICE, IToken::symbolCall {}.abi_encode()),
        (ALICE, IToken::decimalsCall {}.abi_encode()),
        (ALICE, IToken::totalSupplyCall {}.abi_encode()),
        (ALICE, IToken::balanceOfCall { account: ALICE }.abi_encode()),
        (
            ALICE,
            IToken::transferCall {
                to: BOB,
                value: u(10),
            }
            .abi_encode(),
        ),
        (
            ALICE,
            IToken::transferCall {
                to: BOB,
                value: u(10_000),
            }
            .abi_encode(),
        ),
        (
            ALICE,
            IToken::transferCall {
                to: Address::ZERO,
                value: u(1),
            }
            .abi_encode(),
        ),
        (
            ALICE,
            IToken::approveCall {
                spender: CAROL,
                value: u(50),
            }
            .abi_encode(),
        ),
        (
            ALICE,
            IToken::approveCall {
                spender: Address::ZERO,
                value: u(50),
            }
            .abi_encode(),
        ),
        (
            ALICE,
            IToken::allowanceCall {
                owner: ALICE,
                spender: CAROL,
            }
            .abi_encode(),
        ),
        (
            CAROL,
            IToken::transferFromCall {
                from: ALICE,
                to: BOB,
                value: u(20),
            }
            .abi_encode(),
        ),
        (
            CAROL,
            IToken::transferFromCall {
                from: ALICE,
                to: BOB,
                value: u(31),
            }
            .abi_encode(),
        ),
        (BOB, IToken::burnCall { value: u(5) }.abi_encode()),
        (BOB, IToken::burnCall { value: u(500) }.abi_encode()),
        (
            CAROL,
            IToken::burnFromCall {
                account: ALICE,
                value: u(5),
            }
            .abi_encode(),
        ),
        (
            OWNER,
            IToken::mintCall {
                to: CAROL,
                value: u(7),
            }
            .abi_encode(),
        ),
        (
            ALICE,
            IToken::mintCall {
                to: CAROL,
                value: u(7),
            }
            .abi_encode(),
        ),
        (
            OWNER,
            IToken::mintCall {
                to: CAROL,
                value: u(CAP),
            }
            .abi_encode(),
        ),
        (ALICE, IToken::capCall {}.abi_encode()),
        (ALICE, IToken::ownerCall {}.abi_encode()),
        (OWNER, IToken::pauseCall {}.abi_encode()),
        (OWNER, IToken::pauseCall {}.abi_encode()),
        (ALICE, IToken::pausedCall {}.abi_encode()),
        (
            ALICE,
            IToken::transferCall {
                to: BOB,
                value: u(1),
            }
            .abi_encode(),
        ),
        (OWNER, IToken::unpauseCall {}.abi_encode()),
        (OWNER, IToken::unpauseCall {}.abi_encode()),
        (
            OWNER,
            IToken::transferOwnershipCall { newOwner: BOB }.abi_encode(),
        ),
        (ALICE, IToken::pendingOwnerCall {}.abi_encode()),
        (CAROL, IToken::acceptOwnershipCall {}.abi_encode()),
        (BOB, IToken::acceptOwnershipCall {}.abi_encode()),
        (BOB, IToken::renounceOwnershipCall {}.abi_encode()),
        (ALICE, IToken::DOMAIN_SEPARATORCall {}.abi_encode()),
        (ALICE, IToken::eip712DomainCall {}.abi_encode()),
        (
            ALICE,
            IToken::noncesCall {
                owner: signer.address,
            }
            .abi_encode(),
        ),
        (
            ALICE,
            IToken::permitCall {
                owner: p.owner,
                spender: p.spender,
                value: p.value,
                deadline: p.deadline,
                v: p.v,
                r: p.r,
                s: p.s,
            }
            .abi_encode(),
        ),
        (
            ALICE,
            IToken::noncesCall {
                owner: signer.address,
            }
            .abi_encode(),
        ),
        (
            ALICE,
            IToken::allowanceCall {
                owner: signer.address,
                spender: BOB,
            }
            .abi_encode(),
        ),
    ]
}

/// A token with a signer holding tokens, and the ecrecover answer for the scenario's permit.
fn setup() -> (Env, Token, Signer) {
    let env = vm();
    let signer = Signer::new(3);
    let mut token = deploy(&env);
    env.set_sender(ALICE);
    token.transfer(signer.address, u(100)).unwrap();
    drain_logs(&env);
    (env, token, signer)
}

#[test]
fn deployed_router_matches_the_sdk_router_call_by_call() {
    let (env_a, mut ours, signer) = setup();
    let (env_b, mut sdk, _) = setup();
    for (i, (sender, calldata)) in scenario(&signer, &ours).into_iter().enumerate() {
        for (env, token) in [(&env_a, &ours), (&env_b, &sdk)] {
            let p = sign_permit(token, &signer, BOB, u(40), u(1_700_000_100));
            expect_permit(env, token, &p);
            env.set_sender(sender);
        }
        let a = route(&mut ours, &calldata);
        let b = sdk_route(&mut sdk, &calldata);
        assert_eq!(a, b, "call {i} differs");
        assert_eq!(
            drain_logs(&env_a),
            drain_logs(&env_b),
            "call {i} logs differ"
        );
        assert_eq!(
            snapshot(&env_a, &ours),
            snapshot(&env_b, &sdk),
            "call {i} state differs"
        );
    }
}

#[test]
fn every_call_of_the_scenario_is_answered() {
    // Guards the comparison above: a router that reverted on everything would match itself.
    let (env, mut token, signer) = setup();
    let mut ok = 0;
    for (sender, calldata) in scenario(&signer, &token) {
        let p = sign_permit(&token, &signer, BOB, u(40), u(1_700_000_100));
        expect_permit(&env, &token, &p);
        env.set_sender(sender);
        if route(&mut token, &calldata).is_ok() {
            ok += 1;
        }
    }
    assert_eq!(ok, 27);
    assert_eq!(token.allowance(signer.address, BOB), u(40));
}

#[test]
fn return_values_decode_with_the_interface() {
    let (env, mut token, _) = setup();
    env.set_sender(ALICE);
    let call = |token: &mut Token, data: Vec<u8>| route(token, &data).expect("the call succeeds");
    let out = call(&mut token, IToken::nameCall {}.abi_encode());
    assert_eq!(IToken::nameCall::abi_decode_returns(&out).unwrap(), NAME);
    let out = call(&mut token, IToken::decimalsCall {}.abi_encode());
    assert_eq!(
        IToken::decimalsCall::abi_decode_returns(&out).unwrap(),
        DECIMALS
    );
    let out = call(
        &mut token,
        IToken::transferCall {
            to: BOB,
            value: u(1),
        }
        .abi_encode(),
    );
    assert!(IToken::transferCall::abi_decode_returns(&out).unwrap());
    let out = call(&mut token, IToken::eip712DomainCall {}.abi_encode());
    let domain = IToken::eip712DomainCall::abi_decode_returns(&out).unwrap();
    assert_eq!(domain.name, NAME);
    assert_eq!(domain.version, "1");
    assert_eq!(domain.chainId, U256::from(CHAIN_ID));
    assert_eq!(domain.verifyingContract, TOKEN_ADDRESS);
    assert!(domain.extensions.is_empty());
}

#[test]
fn selectors_are_solidity_s() {
    let expected: [([u8; 4], &str); 12] = [
        (IToken::totalSupplyCall::SELECTOR, "18160ddd"),
        (IToken::balanceOfCall::SELECTOR, "70a08231"),
        (IToken::transferCall::SELECTOR, "a9059cbb"),
        (IToken::allowanceCall::SELECTOR, "dd62ed3e"),
        (IToken::approveCall::SELECTOR, "095ea7b3"),
        (IToken::transferFromCall::SELECTOR, "23b872dd"),
        (IToken::nameCall::SELECTOR, "06fdde03"),
        (IToken::symbolCall::SELECTOR, "95d89b41"),
        (IToken::decimalsCall::SELECTOR, "313ce567"),
        (IToken::DOMAIN_SEPARATORCall::SELECTOR, "3644e515"),
        (IToken::noncesCall::SELECTOR, "7ecebe00"),
        (IToken::permitCall::SELECTOR, "d505accf"),
    ];
    for (selector, hex) in expected {
        assert_eq!(alloy_primitives::hex::encode(selector), hex);
    }
}

/// Runs `calldata` as ALICE, expecting an empty revert and no change.
fn assert_rejected(env: &Env, token: &mut Token, calldata: &[u8]) {
    drain_logs(env);
    let before = snapshot(env, token);
    env.set_sender(ALICE);
    assert_eq!(
        route(token, calldata),
        Err(vec![]),
        "calldata {calldata:02x?}"
    );
    assert_eq!(snapshot(env, token), before);
    no_logs(env);
}

#[test]
fn malformed_calldata_reverts_without_data() {
    let (env, mut token, _) = setup();
    let transfer = IToken::transferCall {
        to: BOB,
        value: u(1),
    }
    .abi_encode();
    // Empty, partial selectors, unknown selectors.
    for bad in [
        &[][..],
        &[0xa9],
        &[0xa9, 0x05, 0x9c],
        &[0xde, 0xad, 0xbe, 0xef],
    ] {
        assert_rejected(&env, &mut token, bad);
    }
    // Every truncation of a transfer.
    for len in 4..transfer.len() {
        assert_rejected(&env, &mut token, &transfer[..len]);
    }
    // Dirty high bits in an address.
    let mut dirty = transfer.clone();
    dirty[4] = 1;
    assert_rejected(&env, &mut token, &dirty);
    let mut dirty = transfer.clone();
    dirty[4 + 11] = 0x80;
    assert_rejected(&env, &mut token, &dirty);
    // A uint8 above 255.
    let permit = IToken::permitCall {
        owner: ALICE,
        spender: BOB,
        value: u(1),
        deadline: U256::MAX,
        v: 27,
        r: B256::repeat_byte(1),
        s: B256::repeat_byte(1),
    }
    .abi_encode();
    let mut dirty = permit.clone();
    dirty[4 + 4 * 32 + 30] = 1;
    assert_rejected(&env, &mut token, &dirty);
}

#[test]
fn extra_trailing_calldata_is_ignored_as_in_solidity() {
    let (env, mut token, _) = setup();
    let mut calldata = IToken::transferCall {
        to: BOB,
        value: u(1),
    }
    .abi_encode();
    calldata.extend_from_slice(&[0xff; 7]);
    env.set_sender(ALICE);
    assert_eq!(route(&mut token, &calldata), Ok(true.abi_encode()));
    assert_eq!(token.balance_of(BOB), u(1));
}

#[test]
fn value_sent_to_any_function_reverts() {
    let (env, mut token, _) = setup();
    env.set_value(U256::from(1));
    assert_rejected(
        &env,
        &mut token,
        &IToken::transferCall {
            to: BOB,
            value: u(1),
        }
        .abi_encode(),
    );
    assert_rejected(&env, &mut token, &IToken::nameCall {}.abi_encode());
}

#[test]
fn malformed_constructor_strings_revert() {
    let env = vm();
    let mut token = Token::from(&env.vm);
    let good =
        stylus_token::abi::constructor_calldata(&stylus_token::abi::stylus_constructorCall {
            name: NAME.into(),
            symbol: SYMBOL.into(),
            decimals: DECIMALS,
            cap: U256::ZERO,
            owner: OWNER,
            initialHolder: ALICE,
            initialSupply: u(1),
        });
    assert_eq!(route(&mut Token::from(&vm().vm), &good), Ok(vec![]));
    // The name's offset past the end, and its length past the end.
    let mut bad = good.clone();
    bad[4 + 31] = 0xff;
    bad[4 + 30] = 0xff;
    assert_eq!(route(&mut token, &bad), Err(vec![]));
    let name_len_at = 4 + 7 * 32 + 31;
    let mut bad = good.clone();
    bad[name_len_at] = 0xff;
    let mut token = Token::from(&vm().vm);
    assert_eq!(route(&mut token, &bad), Err(vec![]));
}
