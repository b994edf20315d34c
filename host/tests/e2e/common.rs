//! A deployed token on a fresh chain, and assertions over receipts.

#![allow(dead_code)]

use std::sync::OnceLock;

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::{SolCall, SolEvent};
use stylus_host::{artifact, Chain, Outcome, Receipt, Tx};
use stylus_token::{
    abi::{constructor_calldata, stylus_constructorCall},
    Error,
};

pub const OWNER: Address = Address::repeat_byte(0x01);
pub const ALICE: Address = Address::repeat_byte(0xa1);
pub const BOB: Address = Address::repeat_byte(0xb0);
pub const CAROL: Address = Address::repeat_byte(0xc0);
pub const NAME: &str = "Lean Token";
pub const SYMBOL: &str = "LEAN";
pub const CAP: u64 = 1_000_000;
pub const SUPPLY: u64 = 1_000;

pub fn u(value: u64) -> U256 {
    U256::from(value)
}

/// The token's raw wasm, built once per test binary.
pub fn wasm() -> &'static [u8] {
    static WASM: OnceLock<Vec<u8>> = OnceLock::new();
    WASM.get_or_init(|| artifact::build().expect("the token builds"))
}

pub fn constructor(cap: U256, owner: Address, holder: Address, supply: U256) -> Vec<u8> {
    constructor_calldata(&stylus_constructorCall {
        name: NAME.into(),
        symbol: SYMBOL.into(),
        decimals: 18,
        cap,
        owner,
        initialHolder: holder,
        initialSupply: supply,
    })
}

/// A chain with the token deployed by [`OWNER`]: capped at [`CAP`], [`SUPPLY`] held by ALICE.
pub struct Net {
    pub chain: Chain,
    pub token: Address,
}

impl Net {
    pub fn new() -> Self {
        Self::with(constructor(u(CAP), OWNER, ALICE, u(SUPPLY)))
    }

    pub fn with(constructor: Vec<u8>) -> Self {
        let mut chain = Chain::default();
        let (token, receipt) = chain.deploy(OWNER, wasm(), constructor).expect("deploys");
        assert!(receipt.success(), "constructor failed: {receipt:?}");
        Self { chain, token }
    }

    /// Sends raw calldata from `from`.
    pub fn raw(&mut self, from: Address, data: Vec<u8>) -> Receipt {
        self.chain
            .transact(Tx::call(from, self.token, data))
            .expect("the token exists")
    }

    /// Calls `call` from `from`, expecting success; returns the receipt.
    pub fn ok<C: SolCall>(&mut self, from: Address, call: C) -> Receipt {
        let receipt = self.raw(from, call.abi_encode());
        assert_eq!(receipt.outcome, Outcome::Success, "{receipt:?}");
        receipt
    }

    /// Calls a view and decodes its return value.
    pub fn view<C: SolCall>(&mut self, call: C) -> C::Return {
        let receipt = self.ok(CAROL, call);
        C::abi_decode_returns(&receipt.output).expect("the return value decodes")
    }

    pub fn balance(&mut self, account: Address) -> U256 {
        self.view(stylus_token::IToken::balanceOfCall { account })
    }

    /// Sends `data` from `from`, expecting a revert with exactly `expected` and no change to
    /// the token's storage.
    pub fn reverts_raw(&mut self, from: Address, data: Vec<u8>, expected: &[u8]) -> Receipt {
        let before = self.chain.storage_slots(self.token);
        let receipt = self.raw(from, data);
        assert_eq!(
            receipt.outcome,
            Outcome::Revert,
            "expected a revert: {receipt:?}"
        );
        assert_eq!(receipt.output, expected, "revert data");
        assert!(receipt.logs.is_empty());
        assert_eq!(
            self.chain.storage_slots(self.token),
            before,
            "a revert changed storage"
        );
        receipt
    }

    /// Calls `call` from `from`, expecting the revert `expected`.
    pub fn reverts<C: SolCall>(&mut self, from: Address, call: C, expected: impl Into<Error>) {
        let expected = expected.into();
        self.reverts_raw(from, call.abi_encode(), expected.data());
    }
}

/// The one log of `receipt`, decoded as `E`.
pub fn event<E: SolEvent>(receipt: &Receipt) -> E {
    assert_eq!(receipt.logs.len(), 1, "{:?}", receipt.logs);
    let log = &receipt.logs[0];
    E::decode_raw_log(log.topics.iter().copied(), &log.data).expect("the log decodes")
}

/// A secp256k1 key and its address.
pub struct Signer {
    pub key: k256::ecdsa::SigningKey,
    pub address: Address,
}

impl Signer {
    pub fn new(seed: u8) -> Self {
        let key = k256::ecdsa::SigningKey::from_slice(&[seed; 32]).expect("a valid key");
        let point = key.verifying_key().to_encoded_point(false);
        let address = Address::from_slice(&keccak256(&point.as_bytes()[1..])[12..]);
        Self { key, address }
    }

    pub fn sign(&self, digest: B256) -> (u8, B256, B256) {
        let (signature, recovery) = self
            .key
            .sign_prehash_recoverable(digest.as_slice())
            .expect("signs");
        let bytes = signature.to_bytes();
        (
            27 + recovery.to_byte(),
            B256::from_slice(&bytes[..32]),
            B256::from_slice(&bytes[32..]),
        )
    }
}
