//! EIP-2612 through the deployed bytes, with signatures made by k256 and recovered by the
//! host's ecrecover precompile.

use alloy_primitives::{Address, FixedBytes, B256, U256};
use alloy_sol_types::{eip712_domain, SolError, SolStruct};
use stylus_host::{scenario::Permit, secp256k1::SECP256K1_ORDER};
use stylus_token::{
    erc20::Approval,
    error::{
        ECDSAInvalidSignature, ECDSAInvalidSignatureS, ERC2612ExpiredSignature,
        ERC2612InvalidSigner,
    },
    IToken::*,
};

use crate::common::*;

const ORDER: U256 = SECP256K1_ORDER;

fn digest(
    net: &Net,
    owner: Address,
    spender: Address,
    value: U256,
    nonce: U256,
    deadline: U256,
) -> B256 {
    let domain = eip712_domain! {
        name: NAME,
        version: "1",
        chain_id: net.chain.env().chain_id,
        verifying_contract: net.token,
    };
    Permit {
        owner,
        spender,
        value,
        nonce,
        deadline,
    }
    .eip712_signing_hash(&domain)
}

fn permit(
    signer: &Signer,
    net: &mut Net,
    spender: Address,
    value: U256,
    deadline: U256,
) -> permitCall {
    let nonce = net.view(noncesCall {
        owner: signer.address,
    });
    let (v, r, s) = signer.sign(digest(net, signer.address, spender, value, nonce, deadline));
    permitCall {
        owner: signer.address,
        spender,
        value,
        deadline,
        v,
        r,
        s,
    }
}

#[test]
fn domain_separator_and_eip712_domain() {
    let mut net = Net::new();
    let domain = eip712_domain! {
        name: NAME,
        version: "1",
        chain_id: 421_614,
        verifying_contract: net.token,
    };
    assert_eq!(net.view(DOMAIN_SEPARATORCall {}), domain.separator());
    let d = net.view(eip712DomainCall {});
    assert_eq!(d.fields, FixedBytes([0x0f]));
    assert_eq!(d.name, NAME);
    assert_eq!(d.version, "1");
    assert_eq!(d.chainId, U256::from(421_614));
    assert_eq!(d.verifyingContract, net.token);
    assert_eq!(d.salt, B256::ZERO);
    assert!(d.extensions.is_empty());
    net.chain.env_mut().chain_id = 42_161;
    let one = eip712_domain! {
        name: NAME,
        version: "1",
        chain_id: 42_161,
        verifying_contract: net.token,
    };
    assert_eq!(net.view(DOMAIN_SEPARATORCall {}), one.separator());
}

#[test]
fn permit_approves_and_uses_the_nonce() {
    let mut net = Net::new();
    let signer = Signer::new(7);
    let deadline = u(net.chain.env().timestamp);
    let call = permit(&signer, &mut net, BOB, u(600), deadline);
    let receipt = net.ok(CAROL, call.clone());
    assert_eq!(
        event::<Approval>(&receipt),
        Approval {
            owner: signer.address,
            spender: BOB,
            value: u(600)
        }
    );
    assert_eq!(
        net.view(noncesCall {
            owner: signer.address
        }),
        u(1)
    );
    assert_eq!(
        net.view(allowanceCall {
            owner: signer.address,
            spender: BOB
        }),
        u(600)
    );
    // Replaying it recovers some other address over the new nonce's digest.
    let receipt = net.raw(CAROL, alloy_sol_types::SolCall::abi_encode(&call));
    assert!(!receipt.success());
    assert_eq!(&receipt.output[..4], &ERC2612InvalidSigner::SELECTOR);
}

#[test]
fn permit_errors() {
    let mut net = Net::new();
    let signer = Signer::new(7);
    let now = net.chain.env().timestamp;
    let expired = permit(&signer, &mut net, BOB, u(1), u(now - 1));
    net.reverts(
        CAROL,
        expired,
        ERC2612ExpiredSignature {
            deadline: u(now - 1),
        },
    );

    let mut other = permit(&Signer::new(9), &mut net, BOB, u(1), u(now));
    other.owner = signer.address;
    let receipt = net.raw(CAROL, alloy_sol_types::SolCall::abi_encode(&other));
    let recovered = Address::from_slice(&receipt.output[16..36]);
    net.reverts(
        CAROL,
        other,
        ERC2612InvalidSigner {
            signer: recovered,
            owner: signer.address,
        },
    );

    let mut high = permit(&signer, &mut net, BOB, u(1), u(now));
    high.s = B256::from(ORDER - U256::from_be_bytes(high.s.0));
    high.v = 55 - high.v;
    net.reverts(CAROL, high.clone(), ECDSAInvalidSignatureS { s: high.s });

    let mut bad_v = permit(&signer, &mut net, BOB, u(1), u(now));
    bad_v.v = 29;
    net.reverts(CAROL, bad_v, ECDSAInvalidSignature {});
}

#[test]
fn max_value_permit_is_infinite() {
    let mut net = Net::new();
    let signer = Signer::new(5);
    net.ok(
        ALICE,
        transferCall {
            to: signer.address,
            value: u(100),
        },
    );
    let call = permit(&signer, &mut net, BOB, U256::MAX, U256::MAX);
    net.ok(BOB, call);
    net.ok(
        BOB,
        transferFromCall {
            from: signer.address,
            to: BOB,
            value: u(100),
        },
    );
    assert_eq!(
        net.view(allowanceCall {
            owner: signer.address,
            spender: BOB
        }),
        U256::MAX
    );
}

#[test]
fn permit_for_another_token_or_chain_is_an_invalid_signer() {
    let mut net = Net::new();
    let signer = Signer::new(7);
    let now = net.chain.env().timestamp;
    for (chain_id, verifying_contract) in [(421_614u64, Address::repeat_byte(0x77)), (1, net.token)]
    {
        let domain = eip712_domain! {
            name: NAME,
            version: "1",
            chain_id: chain_id,
            verifying_contract: verifying_contract,
        };
        let digest = Permit {
            owner: signer.address,
            spender: BOB,
            value: u(1),
            nonce: U256::ZERO,
            deadline: u(now),
        }
        .eip712_signing_hash(&domain);
        let (v, r, s) = signer.sign(digest);
        let call = permitCall {
            owner: signer.address,
            spender: BOB,
            value: u(1),
            deadline: u(now),
            v,
            r,
            s,
        };
        let receipt = net.raw(CAROL, alloy_sol_types::SolCall::abi_encode(&call));
        assert!(!receipt.success());
        let recovered = Address::from_slice(&receipt.output[16..36]);
        assert_ne!(recovered, signer.address);
        net.reverts(
            CAROL,
            call,
            ERC2612InvalidSigner {
                signer: recovered,
                owner: signer.address,
            },
        );
    }
}
