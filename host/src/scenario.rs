//! The token's walk-through, run the way wallets would call it: the demo prints it, the gas
//! report measures it.

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::{eip712_domain, sol, SolCall, SolError, SolEvent, SolStruct};
use stylus_token::{
    abi::{constructor_calldata, stylus_constructorCall},
    erc20, error, ownable, pausable, IToken,
};

use crate::{Chain, Env, Log, Receipt, Result, Tx};

/// The demo's accounts: the deployer and owner, and three users.
pub const OWNER: Address = Address::repeat_byte(0x0a);
/// A user.
pub const ALICE: Address = Address::repeat_byte(0xa1);
/// A user.
pub const BOB: Address = Address::repeat_byte(0xb0);
/// A user, who signs permits with [`carol_key`].
pub fn carol_key() -> k256::ecdsa::SigningKey {
    k256::ecdsa::SigningKey::from_slice(&[0xc0; 32]).expect("a valid secret key")
}

/// The address of a secp256k1 key.
pub fn address_of(key: &k256::ecdsa::SigningKey) -> Address {
    let point = key.verifying_key().to_encoded_point(false);
    Address::from_slice(&keccak256(&point.as_bytes()[1..])[12..])
}

/// A name for the demo's accounts.
pub fn name_of(address: Address) -> String {
    match address {
        a if a == OWNER => "owner".into(),
        a if a == ALICE => "alice".into(),
        a if a == BOB => "bob".into(),
        a if a == address_of(&carol_key()) => "carol".into(),
        a if a.is_zero() => "0x0".into(),
        a => a.to_string(),
    }
}

sol! {
    /// EIP-2612's signed struct.
    #[derive(Debug)]
    struct Permit {
        address owner;
        address spender;
        uint256 value;
        uint256 nonce;
        uint256 deadline;
    }
}

/// The demo's constructor arguments: "Lean Token", "LEAN", 18 decimals, a cap of a million
/// tokens, owned by [`OWNER`], a thousand tokens for [`ALICE`].
pub fn constructor_args() -> stylus_constructorCall {
    stylus_constructorCall {
        name: "Lean Token".into(),
        symbol: "LEAN".into(),
        decimals: 18,
        cap: tokens(1_000_000),
        owner: OWNER,
        initialHolder: ALICE,
        initialSupply: tokens(1_000),
    }
}

/// One step of the scenario and its receipt.
pub struct Step {
    /// What was called, for people.
    pub label: String,
    /// Its receipt.
    pub receipt: Receipt,
}

/// A deployed token and the steps run on it.
pub struct Run {
    /// The chain.
    pub chain: Chain,
    /// The token's address.
    pub token: Address,
    /// The constructor's receipt, then every call.
    pub steps: Vec<Step>,
}

impl Run {
    /// Deploys the token from `wasm` with the demo's constructor arguments.
    pub fn deploy(wasm: &[u8], env: Env) -> Result<Self> {
        let mut chain = Chain::new(env);
        let (token, receipt) =
            chain.deploy(OWNER, wasm, constructor_calldata(&constructor_args()))?;
        Ok(Self {
            chain,
            token,
            steps: vec![Step {
                label: "deploy(\"Lean Token\", \"LEAN\", 18, cap 1e6, owner, alice, 1e3)".into(),
                receipt,
            }],
        })
    }

    /// Calls the token from `from` and records the step.
    pub fn call<C: SolCall>(&mut self, label: &str, from: Address, call: C) -> Result<&Receipt> {
        let receipt = self
            .chain
            .transact(Tx::call(from, self.token, call.abi_encode()))?;
        self.steps.push(Step {
            label: format!("{}: {label}", name_of(from)),
            receipt,
        });
        Ok(&self.steps.last().expect("just pushed").receipt)
    }

    /// A view's return value (not recorded).
    pub fn view<C: SolCall>(&mut self, call: C) -> Result<C::Return> {
        let receipt = self
            .chain
            .transact(Tx::call(BOB, self.token, call.abi_encode()))?;
        Ok(C::abi_decode_returns(&receipt.output).expect("a view's output decodes"))
    }

    /// A permit from carol for `spender`, signed with her key for the current nonce.
    pub fn signed_permit(&mut self, spender: Address, value: U256) -> Result<IToken::permitCall> {
        let nonce = self.view(IToken::noncesCall {
            owner: address_of(&carol_key()),
        })?;
        let env = self.chain.env();
        Ok(carol_permit(
            env.chain_id,
            self.token,
            env.timestamp,
            nonce,
            spender,
            value,
        ))
    }
}

/// A permit from carol for `spender` on the token at `token` (domain "Lean Token", version
/// "1"), for `nonce`, valid for an hour after `now`.
pub fn carol_permit(
    chain_id: u64,
    token: Address,
    now: u64,
    nonce: U256,
    spender: Address,
    value: U256,
) -> IToken::permitCall {
    let key = carol_key();
    let owner = address_of(&key);
    let deadline = U256::from(now + 3600);
    let domain = eip712_domain! {
        name: "Lean Token",
        version: "1",
        chain_id: chain_id,
        verifying_contract: token,
    };
    let digest = Permit {
        owner,
        spender,
        value,
        nonce,
        deadline,
    }
    .eip712_signing_hash(&domain);
    let (signature, recovery) = key
        .sign_prehash_recoverable(digest.as_slice())
        .expect("signing succeeds");
    let bytes = signature.to_bytes();
    IToken::permitCall {
        owner,
        spender,
        value,
        deadline,
        v: 27 + recovery.to_byte(),
        r: B256::from_slice(&bytes[..32]),
        s: B256::from_slice(&bytes[32..]),
    }
}

/// `n` whole tokens (18 decimals).
pub fn tokens(n: u64) -> U256 {
    U256::from(n) * U256::from(10u64).pow(U256::from(18))
}

/// The demo: every kind of call a wallet makes, in order.
pub fn demo(wasm: &[u8], env: Env) -> Result<Run> {
    let mut run = Run::deploy(wasm, env)?;
    let carol = address_of(&carol_key());
    run.call(
        "transfer(bob, 100)",
        ALICE,
        IToken::transferCall {
            to: BOB,
            value: tokens(100),
        },
    )?;
    run.call(
        "transfer(carol, 50)",
        ALICE,
        IToken::transferCall {
            to: carol,
            value: tokens(50),
        },
    )?;
    run.call(
        "approve(bob, 200)",
        ALICE,
        IToken::approveCall {
            spender: BOB,
            value: tokens(200),
        },
    )?;
    run.call(
        "transferFrom(alice, bob, 150)",
        BOB,
        IToken::transferFromCall {
            from: ALICE,
            to: BOB,
            value: tokens(150),
        },
    )?;
    let permit = run.signed_permit(BOB, tokens(20))?;
    run.call("permit(carol -> bob, 20), signed by carol", BOB, permit)?;
    run.call(
        "transferFrom(carol, bob, 20)",
        BOB,
        IToken::transferFromCall {
            from: carol,
            to: BOB,
            value: tokens(20),
        },
    )?;
    run.call("pause()", OWNER, IToken::pauseCall {})?;
    run.call(
        "transfer(alice, 1) while paused",
        BOB,
        IToken::transferCall {
            to: ALICE,
            value: tokens(1),
        },
    )?;
    run.call("unpause()", OWNER, IToken::unpauseCall {})?;
    run.call(
        "mint(bob, 1000)",
        OWNER,
        IToken::mintCall {
            to: BOB,
            value: tokens(1000),
        },
    )?;
    run.call(
        "mint(bob, 1) by bob",
        BOB,
        IToken::mintCall {
            to: BOB,
            value: tokens(1),
        },
    )?;
    run.call("burn(300)", BOB, IToken::burnCall { value: tokens(300) })?;
    run.call(
        "transfer(carol, 10^30): too much",
        BOB,
        IToken::transferCall {
            to: carol,
            value: tokens(1_000_000_000_000),
        },
    )?;
    Ok(run)
}

/// A log as a line: the event's name and fields.
pub fn describe_log(log: &Log) -> String {
    let topics = log.topics.iter().copied();
    let data = &log.data;
    let topic0 = log.topics.first().copied().unwrap_or_default();
    if topic0 == erc20::Transfer::SIGNATURE_HASH {
        if let Ok(e) = erc20::Transfer::decode_raw_log(topics, data) {
            return format!(
                "Transfer(from: {}, to: {}, value: {})",
                name_of(e.from),
                name_of(e.to),
                amount(e.value)
            );
        }
    } else if topic0 == erc20::Approval::SIGNATURE_HASH {
        if let Ok(e) = erc20::Approval::decode_raw_log(topics, data) {
            return format!(
                "Approval(owner: {}, spender: {}, value: {})",
                name_of(e.owner),
                name_of(e.spender),
                amount(e.value)
            );
        }
    } else if topic0 == ownable::OwnershipTransferred::SIGNATURE_HASH {
        if let Ok(e) = ownable::OwnershipTransferred::decode_raw_log(topics, data) {
            return format!(
                "OwnershipTransferred(previousOwner: {}, newOwner: {})",
                name_of(e.previousOwner),
                name_of(e.newOwner)
            );
        }
    } else if topic0 == ownable::OwnershipTransferStarted::SIGNATURE_HASH {
        if let Ok(e) = ownable::OwnershipTransferStarted::decode_raw_log(topics, data) {
            return format!(
                "OwnershipTransferStarted(previousOwner: {}, newOwner: {})",
                name_of(e.previousOwner),
                name_of(e.newOwner)
            );
        }
    } else if topic0 == pausable::Paused::SIGNATURE_HASH {
        if let Ok(e) = pausable::Paused::decode_raw_log(topics, data) {
            return format!("Paused(account: {})", name_of(e.account));
        }
    } else if topic0 == pausable::Unpaused::SIGNATURE_HASH {
        if let Ok(e) = pausable::Unpaused::decode_raw_log(topics, data) {
            return format!("Unpaused(account: {})", name_of(e.account));
        }
    }
    format!(
        "log(topics: {:?}, data: 0x{})",
        log.topics,
        alloy_primitives::hex::encode(&log.data)
    )
}

/// Revert data as a line: the error's name and fields where known.
pub fn describe_revert(data: &[u8]) -> String {
    if data.is_empty() {
        return "empty revert data".into();
    }
    macro_rules! try_errors {
        ($($e:ty),*) => {
            $(
                if let Ok(e) = <$e>::abi_decode(data) {
                    return format!("{} {:?}", <$e>::SIGNATURE, e);
                }
            )*
        };
    }
    try_errors!(
        error::ERC20InsufficientBalance,
        error::ERC20InvalidSender,
        error::ERC20InvalidReceiver,
        error::ERC20InsufficientAllowance,
        error::ERC20InvalidApprover,
        error::ERC20InvalidSpender,
        error::ERC20ExceededCap,
        error::OwnableUnauthorizedAccount,
        error::EnforcedPause,
        error::ExpectedPause,
        error::ERC2612ExpiredSignature,
        error::ERC2612InvalidSigner,
        error::ECDSAInvalidSignature,
        error::ECDSAInvalidSignatureS,
        error::Panic
    );
    format!("0x{}", alloy_primitives::hex::encode(data))
}

/// A token amount with 18 decimals, in whole tokens where exact.
pub fn amount(value: U256) -> String {
    let unit = U256::from(10u64).pow(U256::from(18));
    if value % unit == U256::ZERO {
        format!("{}e18", value / unit)
    } else {
        value.to_string()
    }
}
