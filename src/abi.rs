//! The deployed program's ABI layer: selector dispatch, argument decoding and result encoding.
//!
//! The SDK's generated router decodes and encodes through generic `alloy-sol-types` code, which
//! measured about 15 KB of wasm for this interface; this one reads each argument at its fixed
//! offset. It follows Solidity's decoder: calldata shorter than the arguments, an `address` or
//! `uint8` with dirty high bits, or a malformed `string` reverts with empty data; extra trailing
//! bytes are ignored. Ether sent to the token (every function is non-payable) and unknown
//! selectors revert with empty data too.
//!
//! [`IToken`] is the interface: its selectors drive the dispatch, and tests and clients encode
//! calls with it. A native test runs every call through both this router and the SDK's
//! `#[public]` one and requires the same bytes out.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{sol, SolCall};
use stylus_sdk::{
    abi::{internal::CONSTRUCTOR_BASE_NAME, CONSTRUCTOR_SELECTOR},
    keccak_const::Keccak256,
    prelude::*,
    ArbResult,
};

use crate::{
    permit,
    storage::Flag,
    word::{self, Limbs},
    Error, Token,
};

sol! {
    /// The token's external interface, as Solidity declares it.
    #[derive(Debug, PartialEq, Eq)]
    interface IToken {
        function name() external view returns (string);
        function symbol() external view returns (string);
        function decimals() external view returns (uint8);
        function totalSupply() external view returns (uint256);
        function balanceOf(address account) external view returns (uint256);
        function transfer(address to, uint256 value) external returns (bool);
        function allowance(address owner, address spender) external view returns (uint256);
        function approve(address spender, uint256 value) external returns (bool);
        function transferFrom(address from, address to, uint256 value) external returns (bool);
        function burn(uint256 value) external;
        function burnFrom(address account, uint256 value) external;
        function mint(address to, uint256 value) external;
        function cap() external view returns (uint256);
        function owner() external view returns (address);
        function pendingOwner() external view returns (address);
        function transferOwnership(address newOwner) external;
        function acceptOwnership() external;
        function renounceOwnership() external;
        function paused() external view returns (bool);
        function pause() external;
        function unpause() external;
        function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;
        function nonces(address owner) external view returns (uint256);
        function DOMAIN_SEPARATOR() external view returns (bytes32);
        function eip712Domain() external view returns (bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions);
    }

    /// The constructor's parameters. Its calldata is the SDK's constructor selector
    /// ([`CONSTRUCTOR_SELECTOR`], as the StylusDeployer sends it) followed by these
    /// parameters: see [`constructor_calldata`].
    #[derive(Debug, PartialEq, Eq)]
    function stylus_constructor(string name, string symbol, uint8 decimals, uint256 cap, address owner, address initialHolder, uint256 initialSupply);
}

/// The calldata that runs the constructor with `args`.
pub fn constructor_calldata(args: &stylus_constructorCall) -> Vec<u8> {
    let mut calldata = CONSTRUCTOR_SELECTOR.to_be_bytes().to_vec();
    args.abi_encode_raw(&mut calldata);
    calldata
}

/// Declares `u32` selector constants for `match`.
macro_rules! selectors {
    ($($name:ident = $call:ident;)*) => {
        $(const $name: u32 = u32::from_be_bytes(IToken::$call::SELECTOR);)*
    };
}

selectors! {
    NAME = nameCall;
    SYMBOL = symbolCall;
    DECIMALS = decimalsCall;
    TOTAL_SUPPLY = totalSupplyCall;
    BALANCE_OF = balanceOfCall;
    TRANSFER = transferCall;
    ALLOWANCE = allowanceCall;
    APPROVE = approveCall;
    TRANSFER_FROM = transferFromCall;
    BURN = burnCall;
    BURN_FROM = burnFromCall;
    MINT = mintCall;
    CAP = capCall;
    OWNER = ownerCall;
    PENDING_OWNER = pendingOwnerCall;
    TRANSFER_OWNERSHIP = transferOwnershipCall;
    ACCEPT_OWNERSHIP = acceptOwnershipCall;
    RENOUNCE_OWNERSHIP = renounceOwnershipCall;
    PAUSED = pausedCall;
    PAUSE = pauseCall;
    UNPAUSE = unpauseCall;
    PERMIT = permitCall;
    NONCES = noncesCall;
    DOMAIN_SEPARATOR = DOMAIN_SEPARATORCall;
    EIP712_DOMAIN = eip712DomainCall;
}

/// Runs one call: `input` is the calldata, the result the return or revert data.
pub fn route(token: &mut Token, input: &[u8]) -> ArbResult {
    // One conversion point for every error keeps the wasm small.
    dispatch(token, input).map_err(Vec::from)
}

/// [`route`], with errors still typed.
fn dispatch(token: &mut Token, input: &[u8]) -> Result<Vec<u8>, Error> {
    let Some((selector, args)) = input.split_first_chunk::<4>() else {
        return Err(Error::invalid_call());
    };
    if !word::is_zero(&token.vm().msg_value()) {
        return Err(Error::invalid_call());
    }
    let args = Args(args);
    let out = match u32::from_be_bytes(*selector) {
        NAME => string(&token.name.get_bytes()),
        SYMBOL => string(&token.symbol.get_bytes()),
        DECIMALS => uint(U256::from(token.decimals())),
        TOTAL_SUPPLY => uint(token.total_supply()),
        BALANCE_OF => uint(token.balance_of(args.address(0)?)),
        TRANSFER => boolean(token.transfer(args.address(0)?, args.uint(1)?)?),
        ALLOWANCE => uint(token.allowance(args.address(0)?, args.address(1)?)),
        APPROVE => boolean(token.approve(args.address(0)?, args.uint(1)?)?),
        TRANSFER_FROM => {
            boolean(token.transfer_from(args.address(0)?, args.address(1)?, args.uint(2)?)?)
        }
        BURN => unit(token.burn(args.uint(0)?)?),
        BURN_FROM => unit(token.burn_from(args.address(0)?, args.uint(1)?)?),
        MINT => unit(token.mint(args.address(0)?, args.uint(1)?)?),
        CAP => uint(token.cap()),
        OWNER => address(token.owner()),
        PENDING_OWNER => address(token.pending_owner()),
        TRANSFER_OWNERSHIP => unit(token.transfer_ownership(args.address(0)?)?),
        ACCEPT_OWNERSHIP => unit(token.accept_ownership()?),
        RENOUNCE_OWNERSHIP => unit(token.renounce_ownership()?),
        PAUSED => boolean(token.paused()),
        PAUSE => unit(token.pause()?),
        UNPAUSE => unit(token.unpause()?),
        PERMIT => unit(token.permit(
            args.address(0)?,
            args.address(1)?,
            args.uint(2)?,
            args.uint(3)?,
            args.uint8(4)?,
            args.bytes32(5)?,
            args.bytes32(6)?,
        )?),
        NONCES => uint(token.nonces(args.address(0)?)),
        DOMAIN_SEPARATOR => token.domain_separator().to_vec(),
        EIP712_DOMAIN => eip712_domain(token),
        CONSTRUCTOR_SELECTOR => {
            constructor_guard(token)?;
            unit(token.init(
                &args.string(0)?,
                &args.string(1)?,
                args.uint8(2)?,
                args.uint(3)?,
                args.address(4)?,
                args.address(5)?,
                args.uint(6)?,
            )?)
        }
        _ => return Err(Error::invalid_call()),
    };
    Ok(out)
}

/// The SDK's constructor slot, `keccak256("stylus_constructor")`
/// ([`CONSTRUCTOR_EXECUTED_SLOT`](stylus_sdk::abi::internal::CONSTRUCTOR_EXECUTED_SLOT)).
const CONSTRUCTOR_SLOT: Limbs = word::limbs(
    Keccak256::new()
        .update(CONSTRUCTOR_BASE_NAME.as_bytes())
        .finalize(),
);

/// Lets the constructor run once, as the SDK's `ConstructorGuard` does (the same slot and
/// flag), with the slot written by code rather than read from the data segment.
fn constructor_guard(token: &Token) -> Result<(), Error> {
    // The guard's own slot, which no field of the token's layout reaches.
    let mut done = Flag::at_key(word::word(CONSTRUCTOR_SLOT).0, 0, token.vm().clone());
    if done.get() {
        return Err(Error::invalid_call());
    }
    done.set(true);
    Ok(())
}

/// A call's arguments (the calldata after the selector), read as 32-byte words.
struct Args<'a>(&'a [u8]);

impl Args<'_> {
    /// Word `i`; too-short calldata reverts with empty data.
    fn word(&self, i: usize) -> Result<&[u8; 32], Error> {
        self.word_at(i * 32)
    }

    /// The word at byte `offset`.
    fn word_at(&self, offset: usize) -> Result<&[u8; 32], Error> {
        match self.0.get(offset..).and_then(<[u8]>::first_chunk::<32>) {
            Some(word) => Ok(word),
            None => Err(Error::invalid_call()),
        }
    }

    /// Word `i` as a `uint256`.
    fn uint(&self, i: usize) -> Result<U256, Error> {
        Ok(word::u256(self.word(i)?))
    }

    /// Word `i` as a `bytes32`.
    fn bytes32(&self, i: usize) -> Result<B256, Error> {
        Ok(B256::new(*self.word(i)?))
    }

    /// Word `i` as an `address`: its 12 high bytes must be zero.
    fn address(&self, i: usize) -> Result<Address, Error> {
        let word = self.word(i)?;
        if !word::fits_address(word) {
            return Err(Error::invalid_call());
        }
        Ok(word::address(word))
    }

    /// Word `i` as a `uint8`: its 31 high bytes must be zero.
    fn uint8(&self, i: usize) -> Result<u8, Error> {
        let word = self.word(i)?;
        if !word::fits_u8(word) {
            return Err(Error::invalid_call());
        }
        Ok(word[31])
    }

    /// The `string` whose offset is word `i`: offset and length must lie inside the calldata.
    fn string(&self, i: usize) -> Result<Vec<u8>, Error> {
        let offset = self.small(self.word(i)?)?;
        let len = self.small(self.word_at(offset)?)?;
        let start = offset + 32;
        match self.0.get(start..start + len) {
            Some(bytes) => Ok(bytes.to_vec()),
            None => Err(Error::invalid_call()),
        }
    }

    /// `word` as an offset or length, which must not exceed the calldata's length (so that
    /// the sums above cannot overflow).
    fn small(&self, word: &[u8; 32]) -> Result<usize, Error> {
        let value = u32::from_be_bytes([word[28], word[29], word[30], word[31]]) as usize;
        if !word::fits_u32(word) || value > self.0.len() {
            return Err(Error::invalid_call());
        }
        Ok(value)
    }
}

/// No return value.
fn unit((): ()) -> Vec<u8> {
    Vec::new()
}

/// A `uint256`.
fn uint(value: U256) -> Vec<u8> {
    word::u256_bytes(&value).to_vec()
}

/// An `address`, left-padded.
fn address(value: Address) -> Vec<u8> {
    let mut out = [0u8; 32];
    word::put_address::<0, 32>(&mut out, &value);
    out.to_vec()
}

/// A `bool`.
fn boolean(value: bool) -> Vec<u8> {
    let mut out = [0u8; 32];
    out[31] = value as u8;
    out.to_vec()
}

/// The word holding `value`.
fn usize_word(value: usize) -> [u8; 32] {
    let mut out = [0u8; 32];
    let [a, b, c, d] = (value as u32).to_be_bytes();
    (out[28], out[29], out[30], out[31]) = (a, b, c, d);
    out
}

/// Appends a string's tail: its length, then its bytes padded with zeros to whole words.
fn put_tail(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&usize_word(bytes.len()));
    out.extend_from_slice(bytes);
    out.resize(out.len() + bytes.len().wrapping_neg() % 32, 0);
}

/// The size of a string's tail.
fn tail_len(bytes: &[u8]) -> usize {
    32 + bytes.len().div_ceil(32) * 32
}

/// A lone `string` return value: offset 32, then its tail.
fn string(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(32 + tail_len(bytes));
    out.extend_from_slice(&usize_word(32));
    put_tail(&mut out, bytes);
    out
}

/// `eip712Domain()`'s seven return values: a head of seven words (three of them offsets),
/// then the tails of `name`, `version` and the always-empty `extensions`.
fn eip712_domain(token: &Token) -> Vec<u8> {
    let name = token.name.get_bytes();
    let version = [permit::EIP712_VERSION_BYTE];
    let version_at = 7 * 32 + tail_len(&name);
    let extensions_at = version_at + tail_len(&version);
    let mut out = Vec::with_capacity(extensions_at + 32);
    let mut fields = [0u8; 32];
    fields[0] = permit::EIP712_FIELDS;
    out.extend_from_slice(&fields);
    out.extend_from_slice(&usize_word(7 * 32));
    out.extend_from_slice(&usize_word(version_at));
    out.extend_from_slice(&word::u256_bytes(&U256::from(token.vm().chain_id())));
    out.extend_from_slice(&address(token.vm().contract_address()));
    // Word 5, the salt, is zero. (`resize`, not a zero array: a reference to a constant
    // array would put it in the data segment.)
    out.resize(out.len() + 32, 0);
    out.extend_from_slice(&usize_word(extensions_at));
    put_tail(&mut out, &name);
    put_tail(&mut out, &version);
    // The empty `extensions` array: its length, zero.
    out.resize(out.len() + 32, 0);
    out
}
