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
    abi::CONSTRUCTOR_SELECTOR, prelude::*, stylus_core::host::ConstructorGuard, ArbResult,
};

use crate::{permit, Error, Token};

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
    if input.len() < 4 || !token.vm().msg_value().is_zero() {
        return Err(Error::INVALID_CALL);
    }
    let selector = u32::from_be_bytes([input[0], input[1], input[2], input[3]]);
    let args = Args(&input[4..]);
    let out = match selector {
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
        DOMAIN_SEPARATOR => word(token.domain_separator()),
        EIP712_DOMAIN => eip712_domain(token),
        CONSTRUCTOR_SELECTOR => {
            token
                .check_constructor_slot()
                .map_err(|_| Error::INVALID_CALL)?;
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
        _ => return Err(Error::INVALID_CALL),
    };
    Ok(out)
}

/// A call's arguments (the calldata after the selector), read as 32-byte words.
struct Args<'a>(&'a [u8]);

impl Args<'_> {
    /// Word `i`; too-short calldata reverts with empty data.
    fn word(&self, i: usize) -> Result<&[u8; 32], Error> {
        let start = i * 32;
        match self.0.get(start..start + 32) {
            Some(word) => Ok(word.try_into().expect("a 32-byte slice")),
            None => Err(Error::INVALID_CALL),
        }
    }

    /// Word `i` as a `uint256`.
    fn uint(&self, i: usize) -> Result<U256, Error> {
        Ok(U256::from_be_bytes(*self.word(i)?))
    }

    /// Word `i` as a `bytes32`.
    fn bytes32(&self, i: usize) -> Result<B256, Error> {
        Ok(B256::from(*self.word(i)?))
    }

    /// Word `i` as an `address`: its 12 high bytes must be zero.
    fn address(&self, i: usize) -> Result<Address, Error> {
        let word = self.word(i)?;
        if word[..12] != [0; 12] {
            return Err(Error::INVALID_CALL);
        }
        Ok(Address::from_slice(&word[12..]))
    }

    /// Word `i` as a `uint8`: its 31 high bytes must be zero.
    fn uint8(&self, i: usize) -> Result<u8, Error> {
        let word = self.word(i)?;
        if word[..31] != [0; 31] {
            return Err(Error::INVALID_CALL);
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
            None => Err(Error::INVALID_CALL),
        }
    }

    /// The word at byte `offset`.
    fn word_at(&self, offset: usize) -> Result<&[u8; 32], Error> {
        match self.0.get(offset..offset + 32) {
            Some(word) => Ok(word.try_into().expect("a 32-byte slice")),
            None => Err(Error::INVALID_CALL),
        }
    }

    /// `word` as an offset or length, which must not exceed the calldata's length (so that
    /// the sums above cannot overflow).
    fn small(&self, word: &[u8; 32]) -> Result<usize, Error> {
        let value = u32::from_be_bytes([word[28], word[29], word[30], word[31]]) as usize;
        if word[..28] != [0; 28] || value > self.0.len() {
            return Err(Error::INVALID_CALL);
        }
        Ok(value)
    }
}

/// No return value.
fn unit((): ()) -> Vec<u8> {
    Vec::new()
}

/// One word.
fn word(value: B256) -> Vec<u8> {
    value.to_vec()
}

/// A `uint256`.
fn uint(value: U256) -> Vec<u8> {
    value.to_be_bytes::<32>().to_vec()
}

/// An `address`, left-padded.
fn address(value: Address) -> Vec<u8> {
    word(value.into_word())
}

/// A `bool`.
fn boolean(value: bool) -> Vec<u8> {
    uint(U256::from(value as u8))
}

/// A lone `string` return value: offset 32, then its tail.
fn string(bytes: &[u8]) -> Vec<u8> {
    let mut out = alloc::vec![0u8; 32 + tail_len(bytes)];
    put_usize(&mut out, 0, 32);
    put_tail(&mut out, 32, bytes);
    out
}

/// The size of a string's tail: a length word, then the bytes padded to whole words.
fn tail_len(bytes: &[u8]) -> usize {
    32 + bytes.len().div_ceil(32) * 32
}

/// Writes `value` as the word at byte `at` (which is zeroed and in bounds).
fn put_usize(out: &mut [u8], at: usize, value: usize) {
    out[at + 24..at + 32].copy_from_slice(&(value as u64).to_be_bytes());
}

/// Writes a string's tail at byte `at`; the padding is already zero.
fn put_tail(out: &mut [u8], at: usize, bytes: &[u8]) {
    put_usize(out, at, bytes.len());
    out[at + 32..at + 32 + bytes.len()].copy_from_slice(bytes);
}

/// `eip712Domain()`'s seven return values: a head of seven words (three of them offsets),
/// then the tails of `name`, `version` and the always-empty `extensions`.
fn eip712_domain(token: &Token) -> Vec<u8> {
    let name = token.name.get_bytes();
    let version = permit::EIP712_VERSION.as_bytes();
    let version_at = 7 * 32 + tail_len(&name);
    let extensions_at = version_at + tail_len(version);
    let mut out = alloc::vec![0u8; extensions_at + 32];
    out[0] = permit::EIP712_FIELDS;
    put_usize(&mut out, 32, 7 * 32);
    put_usize(&mut out, 64, version_at);
    out[96..128].copy_from_slice(&U256::from(token.vm().chain_id()).to_be_bytes::<32>());
    out[140..160].copy_from_slice(token.vm().contract_address().as_slice());
    // Word 5, the salt, stays zero.
    put_usize(&mut out, 192, extensions_at);
    put_tail(&mut out, 7 * 32, &name);
    put_tail(&mut out, version_at, version);
    out
}
