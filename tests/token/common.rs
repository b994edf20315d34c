//! Shared set-up for the unit tests: a token on the stylus-sdk test VM, named accounts, a
//! snapshot of all observable state, log decoding, and EIP-2612 signatures made with k256.

#![allow(dead_code)]

use std::{cell::Cell, ops::Deref};

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::{eip712_domain, sol, SolEvent, SolStruct};
use k256::ecdsa::SigningKey;
use stylus_sdk::testing::TestVM;
use stylus_token::{permit::ECRECOVER, Error, Token};

pub const CHAIN_ID: u64 = 421_614;
pub const TOKEN_ADDRESS: Address = Address::repeat_byte(0x70);
pub const NAME: &str = "Lean Token";
pub const SYMBOL: &str = "LEAN";
pub const DECIMALS: u8 = 18;
pub const CAP: u64 = 1_000_000;
pub const INITIAL_SUPPLY: u64 = 1_000;

pub const OWNER: Address = Address::repeat_byte(0x01);
pub const ALICE: Address = Address::repeat_byte(0xa1);
pub const BOB: Address = Address::repeat_byte(0xb0);
pub const CAROL: Address = Address::repeat_byte(0xc0);
/// Every account the snapshots look at.
pub const ACCOUNTS: [Address; 5] = [Address::ZERO, OWNER, ALICE, BOB, CAROL];

pub fn u(value: u64) -> U256 {
    U256::from(value)
}

/// A test VM, and how many of its logs the test has already looked at (the test VM keeps
/// every log and cannot forget them).
pub struct Env {
    pub vm: TestVM,
    seen: Cell<usize>,
}

impl Deref for Env {
    type Target = TestVM;

    fn deref(&self) -> &TestVM {
        &self.vm
    }
}

/// A test VM at a fixed chain id, token address and time.
pub fn vm() -> Env {
    let vm = TestVM::default();
    vm.set_chain_id(CHAIN_ID);
    vm.set_contract_address(TOKEN_ADDRESS);
    vm.set_block_timestamp(1_700_000_000);
    Env {
        vm,
        seen: Cell::new(0),
    }
}

/// A token built by its constructor with the given cap, owner and initial holder.
pub fn deploy_with(vm: &Env, cap: U256, owner: Address, holder: Address, supply: U256) -> Token {
    let mut token = Token::from(&vm.vm);
    token
        .constructor(
            NAME.into(),
            SYMBOL.into(),
            DECIMALS,
            cap,
            owner,
            holder,
            supply,
        )
        .expect("the constructor should succeed");
    token
}

/// The standard token: capped at [`CAP`], owned by [`OWNER`], [`INITIAL_SUPPLY`] held by
/// [`ALICE`]; the constructor's logs are cleared.
pub fn deploy(vm: &Env) -> Token {
    let token = deploy_with(vm, u(CAP), OWNER, ALICE, u(INITIAL_SUPPLY));
    drain_logs(vm);
    token
}

/// Everything a caller can observe, for "nothing changed" assertions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub balances: Vec<U256>,
    pub allowances: Vec<U256>,
    pub nonces: Vec<U256>,
    pub total_supply: U256,
    pub cap: U256,
    pub owner: Address,
    pub pending_owner: Address,
    pub paused: bool,
    pub name: String,
    pub symbol: String,
    pub decimals: u8,
    pub logs: usize,
}

pub fn snapshot(vm: &Env, token: &Token) -> Snapshot {
    Snapshot {
        balances: ACCOUNTS.iter().map(|&a| token.balance_of(a)).collect(),
        allowances: ACCOUNTS
            .iter()
            .flat_map(|&o| ACCOUNTS.iter().map(move |&s| (o, s)))
            .map(|(o, s)| token.allowance(o, s))
            .collect(),
        nonces: ACCOUNTS.iter().map(|&a| token.nonces(a)).collect(),
        total_supply: token.total_supply(),
        cap: token.cap(),
        owner: token.owner(),
        pending_owner: token.pending_owner(),
        paused: token.paused(),
        name: token.name(),
        symbol: token.symbol(),
        decimals: token.decimals(),
        logs: vm.get_emitted_logs().len(),
    }
}

/// Returns the logs emitted since the last call.
pub fn drain_logs(env: &Env) -> Vec<(Vec<B256>, Vec<u8>)> {
    let logs = env.vm.get_emitted_logs();
    let new = logs[env.seen.get()..].to_vec();
    env.seen.set(logs.len());
    new
}

/// Decodes the one log emitted since the last drain as `E`, failing on any other count.
pub fn single_event<E: SolEvent>(vm: &Env) -> E {
    let logs = drain_logs(vm);
    assert_eq!(logs.len(), 1, "expected exactly one log, got {logs:?}");
    let (topics, data) = &logs[0];
    E::decode_raw_log(topics.iter().copied(), data).expect("the log should decode as the event")
}

/// Asserts that nothing was logged since the last drain.
pub fn no_logs(vm: &Env) {
    assert_eq!(drain_logs(vm), vec![], "expected no logs");
}

sol! {
    struct Permit {
        address owner;
        address spender;
        uint256 value;
        uint256 nonce;
        uint256 deadline;
    }
}

/// A secp256k1 key and its Ethereum address.
pub struct Signer {
    pub key: SigningKey,
    pub address: Address,
}

impl Signer {
    pub fn new(seed: u8) -> Self {
        let key = SigningKey::from_slice(&[seed; 32]).expect("a valid secret key");
        let point = key.verifying_key().to_encoded_point(false);
        let address = Address::from_slice(&keccak256(&point.as_bytes()[1..])[12..]);
        Self { key, address }
    }

    /// Signs `digest`; returns `(v, r, s)` with `v` in {27, 28} and a low `s`.
    pub fn sign(&self, digest: B256) -> (u8, B256, B256) {
        let (signature, recovery) = self
            .key
            .sign_prehash_recoverable(digest.as_slice())
            .expect("signing should succeed");
        let bytes = signature.to_bytes();
        (
            27 + recovery.to_byte(),
            B256::from_slice(&bytes[..32]),
            B256::from_slice(&bytes[32..]),
        )
    }
}

/// The EIP-712 digest of a permit, computed with alloy (independently of the token).
pub fn permit_digest(
    chain_id: u64,
    token: Address,
    owner: Address,
    spender: Address,
    value: U256,
    nonce: U256,
    deadline: U256,
) -> B256 {
    let domain = eip712_domain! {
        name: NAME,
        version: "1",
        chain_id: chain_id,
        verifying_contract: token,
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

/// The secp256k1 group order.
pub const SECP256K1_ORDER: U256 = U256::from_be_bytes([
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
]);

/// What the ecrecover precompile returns for `(digest, v, r, s)`: the signer left-padded to a
/// word, or nothing for a signature it cannot recover. Computed with k256; like the
/// precompile (and unlike k256's verifier) it accepts an upper-half `s`.
pub fn ecrecover(digest: B256, v: u8, r: B256, s: B256) -> Vec<u8> {
    if v != 27 && v != 28 {
        return Vec::new();
    }
    let (mut s, mut v) = (U256::from_be_bytes(s.0), v);
    if s > SECP256K1_ORDER >> 1 && s < SECP256K1_ORDER {
        // (r, s, v) and (r, n - s, 55 - v) recover the same key.
        s = SECP256K1_ORDER - s;
        v = 55 - v;
    }
    let mut bytes = [0u8; 64];
    bytes[..32].copy_from_slice(r.as_slice());
    bytes[32..].copy_from_slice(&s.to_be_bytes::<32>());
    let Ok(signature) = k256::ecdsa::Signature::from_slice(&bytes) else {
        return Vec::new();
    };
    let Some(recovery) = k256::ecdsa::RecoveryId::from_byte(v - 27) else {
        return Vec::new();
    };
    match k256::ecdsa::VerifyingKey::recover_from_prehash(digest.as_slice(), &signature, recovery) {
        Ok(key) => {
            let point = key.to_encoded_point(false);
            let address = Address::from_slice(&keccak256(&point.as_bytes()[1..])[12..]);
            address.into_word().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// Answers the token's ecrecover call for `(digest, v, r, s)` as the precompile would.
pub fn mock_ecrecover(vm: &Env, digest: B256, v: u8, r: B256, s: B256) {
    let mut input = Vec::with_capacity(128);
    input.extend_from_slice(digest.as_slice());
    input.extend_from_slice(&U256::from(v).to_be_bytes::<32>());
    input.extend_from_slice(r.as_slice());
    input.extend_from_slice(s.as_slice());
    vm.mock_static_call(ECRECOVER, input, Ok(ecrecover(digest, v, r, s)));
}

/// A signed permit, ready to submit.
pub struct SignedPermit {
    pub owner: Address,
    pub spender: Address,
    pub value: U256,
    pub deadline: U256,
    pub v: u8,
    pub r: B256,
    pub s: B256,
    pub digest: B256,
}

/// Signs a permit for the token on the test VM's chain, with `signer`'s current nonce.
pub fn sign_permit(
    token: &Token,
    signer: &Signer,
    spender: Address,
    value: U256,
    deadline: U256,
) -> SignedPermit {
    let digest = permit_digest(
        CHAIN_ID,
        TOKEN_ADDRESS,
        signer.address,
        spender,
        value,
        token.nonces(signer.address),
        deadline,
    );
    let (v, r, s) = signer.sign(digest);
    SignedPermit {
        owner: signer.address,
        spender,
        value,
        deadline,
        v,
        r,
        s,
        digest,
    }
}

/// Answers the token's coming ecrecover call for `p` as the precompile would: over the
/// digest the token will compute now (with the owner's current nonce, on [`CHAIN_ID`]).
pub fn expect_permit(env: &Env, token: &Token, p: &SignedPermit) {
    let digest = permit_digest(
        CHAIN_ID,
        TOKEN_ADDRESS,
        p.owner,
        p.spender,
        p.value,
        token.nonces(p.owner),
        p.deadline,
    );
    mock_ecrecover(env, digest, p.v, p.r, p.s);
}

/// Submits `p` from `sender`, with the ecrecover call answered as the precompile would.
pub fn submit_permit(
    env: &Env,
    token: &mut Token,
    sender: Address,
    p: &SignedPermit,
) -> Result<(), Error> {
    expect_permit(env, token, p);
    env.set_sender(sender);
    token.permit(p.owner, p.spender, p.value, p.deadline, p.v, p.r, p.s)
}

/// Runs `call` as `sender`, expecting `expected`, and checks that nothing observable changed:
/// balances, allowances, nonces, supply, owner, pause, metadata, and no new logs.
pub fn assert_fails<T: std::fmt::Debug>(
    env: &Env,
    token: &mut Token,
    sender: Address,
    call: impl FnOnce(&mut Token) -> Result<T, Error>,
    expected: impl Into<Error>,
) {
    drain_logs(env);
    let before = snapshot(env, token);
    env.set_sender(sender);
    let result = call(token);
    assert_eq!(result.unwrap_err(), expected.into());
    assert_eq!(snapshot(env, token), before, "a failed call changed state");
    no_logs(env);
}
