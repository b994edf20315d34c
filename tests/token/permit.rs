//! EIP-2612 permits with real secp256k1 signatures, the EIP-712 domain and ERC-5267.

use alloy_primitives::{Address, FixedBytes, B256, U256};
use alloy_sol_types::{eip712_domain, SolCall};
use stylus_token::{
    erc20::Approval,
    error::{
        ECDSAInvalidSignature, ECDSAInvalidSignatureS, ERC20InvalidSpender,
        ERC2612ExpiredSignature, ERC2612InvalidSigner,
    },
    permit::SECP256K1_HALF_ORDER,
    IToken,
};

use crate::common::*;

const N: U256 = SECP256K1_ORDER;

const NOW: u64 = 1_700_000_000;

/// A token whose initial supply belongs to the signer.
fn setup() -> (Env, stylus_token::Token, Signer) {
    let env = vm();
    let signer = Signer::new(7);
    let token = deploy_with(&env, u(CAP), OWNER, signer.address, u(INITIAL_SUPPLY));
    drain_logs(&env);
    (env, token, signer)
}

#[test]
fn half_order_is_half_the_group_order() {
    assert_eq!(SECP256K1_HALF_ORDER, N >> 1);
}

#[test]
fn permit_approves_emits_and_uses_the_nonce() {
    let (env, mut token, signer) = setup();
    let p = sign_permit(&token, &signer, BOB, u(600), u(NOW + 60));
    assert_eq!(submit_permit(&env, &mut token, CAROL, &p), Ok(()));
    assert_eq!(token.allowance(signer.address, BOB), u(600));
    assert_eq!(token.nonces(signer.address), u(1));
    assert_eq!(
        single_event::<Approval>(&env),
        Approval {
            owner: signer.address,
            spender: BOB,
            value: u(600)
        }
    );
    env.set_sender(BOB);
    assert_eq!(token.transfer_from(signer.address, BOB, u(600)), Ok(true));
}

#[test]
fn permit_for_max_value_is_an_infinite_allowance() {
    let (env, mut token, signer) = setup();
    let p = sign_permit(&token, &signer, BOB, U256::MAX, u(NOW));
    assert_eq!(submit_permit(&env, &mut token, BOB, &p), Ok(()));
    env.set_sender(BOB);
    token.transfer_from(signer.address, CAROL, u(10)).unwrap();
    assert_eq!(token.allowance(signer.address, BOB), U256::MAX);
}

#[test]
fn permit_with_deadline_equal_to_now_is_valid() {
    let (env, mut token, signer) = setup();
    let p = sign_permit(&token, &signer, BOB, u(1), u(NOW));
    assert_eq!(submit_permit(&env, &mut token, BOB, &p), Ok(()));
}

#[test]
fn permit_errors_expired_signature() {
    let (env, mut token, signer) = setup();
    let p = sign_permit(&token, &signer, BOB, u(1), u(NOW - 1));
    assert_fails(
        &env,
        &mut token,
        BOB,
        |t| {
            expect_permit(&env, t, &p);
            t.permit(p.owner, p.spender, p.value, p.deadline, p.v, p.r, p.s)
        },
        ERC2612ExpiredSignature {
            deadline: u(NOW - 1),
        },
    );
}

/// Submits `p` through [`assert_fails`], expecting `expected`.
fn assert_permit_fails(
    env: &Env,
    token: &mut stylus_token::Token,
    p: &SignedPermit,
    expected: impl Into<stylus_token::Error>,
) {
    assert_fails(
        env,
        token,
        CAROL,
        |t| {
            expect_permit(env, t, p);
            t.permit(p.owner, p.spender, p.value, p.deadline, p.v, p.r, p.s)
        },
        expected,
    );
}

#[test]
fn permit_errors_invalid_signer_for_another_key() {
    let (env, mut token, signer) = setup();
    let other = Signer::new(9);
    let mut p = sign_permit(&token, &other, BOB, u(1), u(NOW + 1));
    p.owner = signer.address;
    let signer_now = recovered(&token, &p);
    assert_permit_fails(
        &env,
        &mut token,
        &p,
        ERC2612InvalidSigner {
            signer: signer_now,
            owner: signer.address,
        },
    );
}

/// The address ecrecover yields for `p` over the digest the token computes now.
fn recovered(token: &stylus_token::Token, p: &SignedPermit) -> Address {
    let digest = permit_digest(
        CHAIN_ID,
        TOKEN_ADDRESS,
        p.owner,
        p.spender,
        p.value,
        token.nonces(p.owner),
        p.deadline,
    );
    Address::from_slice(&ecrecover(digest, p.v, p.r, p.s)[12..])
}

#[test]
fn permit_errors_on_replay() {
    let (env, mut token, signer) = setup();
    let p = sign_permit(&token, &signer, BOB, u(5), u(NOW + 1));
    submit_permit(&env, &mut token, BOB, &p).unwrap();
    drain_logs(&env);
    let signer_now = recovered(&token, &p);
    assert_ne!(signer_now, signer.address);
    assert_permit_fails(
        &env,
        &mut token,
        &p,
        ERC2612InvalidSigner {
            signer: signer_now,
            owner: signer.address,
        },
    );
}

#[test]
fn permit_errors_for_a_changed_field() {
    let (env, mut token, signer) = setup();
    let mut p = sign_permit(&token, &signer, BOB, u(5), u(NOW + 1));
    p.value = u(6);
    let signer_now = recovered(&token, &p);
    assert_permit_fails(
        &env,
        &mut token,
        &p,
        ERC2612InvalidSigner {
            signer: signer_now,
            owner: signer.address,
        },
    );
}

#[test]
fn permit_errors_for_another_chain_or_token() {
    let (env, mut token, signer) = setup();
    for (chain, verifying) in [(1, TOKEN_ADDRESS), (CHAIN_ID, Address::repeat_byte(0x71))] {
        let digest = permit_digest(
            chain,
            verifying,
            signer.address,
            BOB,
            u(5),
            U256::ZERO,
            u(NOW),
        );
        let (v, r, s) = signer.sign(digest);
        let p = SignedPermit {
            owner: signer.address,
            spender: BOB,
            value: u(5),
            deadline: u(NOW),
            v,
            r,
            s,
            digest,
        };
        let signer_now = recovered(&token, &p);
        assert_permit_fails(
            &env,
            &mut token,
            &p,
            ERC2612InvalidSigner {
                signer: signer_now,
                owner: signer.address,
            },
        );
    }
}

#[test]
fn permit_errors_for_upper_half_s() {
    let (env, mut token, signer) = setup();
    let mut p = sign_permit(&token, &signer, BOB, u(5), u(NOW + 1));
    // (r, n - s) with the other v (27 <-> 28) is the same signature, malleated.
    let high_s = N - U256::from_be_bytes(p.s.0);
    p.s = B256::from(high_s);
    p.v = 55 - p.v;
    assert_eq!(
        recovered(&token, &p),
        signer.address,
        "still a valid signature"
    );
    assert_permit_fails(&env, &mut token, &p, ECDSAInvalidSignatureS { s: p.s });
}

#[test]
fn permit_errors_invalid_signature_for_bad_v_or_zero_signer() {
    let (env, mut token, signer) = setup();
    for v in [0, 1, 26, 29, 255] {
        let mut p = sign_permit(&token, &signer, BOB, u(5), u(NOW + 1));
        p.v = v;
        assert_permit_fails(&env, &mut token, &p, ECDSAInvalidSignature {});
    }
    // r = 0 recovers nothing: the precompile returns no data.
    let mut p = sign_permit(&token, &signer, BOB, u(5), u(NOW + 1));
    p.r = B256::ZERO;
    assert_permit_fails(&env, &mut token, &p, ECDSAInvalidSignature {});
}

#[test]
fn permit_errors_invalid_signature_when_precompile_returns_zero() {
    let (env, mut token, signer) = setup();
    let p = sign_permit(&token, &signer, BOB, u(5), u(NOW + 1));
    assert_fails(
        &env,
        &mut token,
        CAROL,
        |t| {
            let mut input = p.digest.to_vec();
            input.extend_from_slice(&U256::from(p.v).to_be_bytes::<32>());
            input.extend_from_slice(p.r.as_slice());
            input.extend_from_slice(p.s.as_slice());
            env.mock_static_call(
                stylus_token::permit::ECRECOVER,
                input,
                Ok(B256::ZERO.to_vec()),
            );
            t.permit(p.owner, p.spender, p.value, p.deadline, p.v, p.r, p.s)
        },
        ECDSAInvalidSignature {},
    );
}

#[test]
fn permit_errors_invalid_spender_and_keeps_the_nonce() {
    let (env, mut token, signer) = setup();
    let p = sign_permit(&token, &signer, Address::ZERO, u(5), u(NOW + 1));
    assert_permit_fails(
        &env,
        &mut token,
        &p,
        ERC20InvalidSpender {
            spender: Address::ZERO,
        },
    );
}

#[test]
fn permit_works_while_paused() {
    let (env, mut token, signer) = setup();
    env.set_sender(OWNER);
    token.pause().unwrap();
    let p = sign_permit(&token, &signer, BOB, u(5), u(NOW + 1));
    assert_eq!(submit_permit(&env, &mut token, BOB, &p), Ok(()));
    assert_eq!(token.allowance(signer.address, BOB), u(5));
}

#[test]
fn domain_separator_matches_eip712_and_follows_the_chain() {
    let (env, token, _) = setup();
    let domain = eip712_domain! {
        name: NAME,
        version: "1",
        chain_id: CHAIN_ID,
        verifying_contract: TOKEN_ADDRESS,
    };
    assert_eq!(token.domain_separator(), domain.separator());
    env.set_chain_id(1);
    let mainnet = eip712_domain! {
        name: NAME,
        version: "1",
        chain_id: 1,
        verifying_contract: TOKEN_ADDRESS,
    };
    assert_eq!(token.domain_separator(), mainnet.separator());
}

#[test]
fn eip712_domain_describes_the_domain() {
    let (_env, token, _) = setup();
    assert_eq!(
        token.eip712_domain(),
        (
            FixedBytes([0x0f]),
            NAME.to_string(),
            "1".to_string(),
            U256::from(CHAIN_ID),
            TOKEN_ADDRESS,
            B256::ZERO,
            vec![],
        )
    );
    // The selector is ERC-5267's.
    assert_eq!(IToken::eip712DomainCall::SELECTOR, [0x84, 0xb0, 0x19, 0x6e]);
}
