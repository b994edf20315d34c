//! The token's custom errors: ERC-6093 for ERC-20, and OpenZeppelin v5's errors for
//! `Ownable`, `Pausable`, `ERC20Capped`, `ERC20Permit` and `ECDSA`, with the same signatures
//! (and so the same selectors) as the Solidity originals.
//!
//! `OwnableInvalidOwner` is declared (it is part of OpenZeppelin's interface) but never raised:
//! `Ownable2Step` takes `address(0)` as a cancelled offer, and the constructor takes it as an
//! ownerless token.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use alloy_sol_types::{sol, SolError};

use crate::word;

sol! {
    /// `sender`'s balance is below `needed`.
    #[derive(Debug, PartialEq, Eq)]
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
    /// Tokens cannot come from `sender` (the zero address).
    #[derive(Debug, PartialEq, Eq)]
    error ERC20InvalidSender(address sender);
    /// Tokens cannot go to `receiver` (the zero address).
    #[derive(Debug, PartialEq, Eq)]
    error ERC20InvalidReceiver(address receiver);
    /// `spender`'s allowance is below `needed`.
    #[derive(Debug, PartialEq, Eq)]
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    /// `approver` (the zero address) cannot approve.
    #[derive(Debug, PartialEq, Eq)]
    error ERC20InvalidApprover(address approver);
    /// `spender` (the zero address) cannot be approved.
    #[derive(Debug, PartialEq, Eq)]
    error ERC20InvalidSpender(address spender);
    /// Minting would raise the supply to `increasedSupply`, above `cap`.
    #[derive(Debug, PartialEq, Eq)]
    error ERC20ExceededCap(uint256 increasedSupply, uint256 cap);
    /// `account` is not allowed to call this function.
    #[derive(Debug, PartialEq, Eq)]
    error OwnableUnauthorizedAccount(address account);
    /// `owner` is not a valid owner.
    #[derive(Debug, PartialEq, Eq)]
    error OwnableInvalidOwner(address owner);
    /// The token is paused.
    #[derive(Debug, PartialEq, Eq)]
    error EnforcedPause();
    /// The token is not paused.
    #[derive(Debug, PartialEq, Eq)]
    error ExpectedPause();
    /// The permit's `deadline` has passed.
    #[derive(Debug, PartialEq, Eq)]
    error ERC2612ExpiredSignature(uint256 deadline);
    /// The permit was signed by `signer`, not by `owner`.
    #[derive(Debug, PartialEq, Eq)]
    error ERC2612InvalidSigner(address signer, address owner);
    /// The signature recovers to no address.
    #[derive(Debug, PartialEq, Eq)]
    error ECDSAInvalidSignature();
    /// The signature's `s` lies in the upper half of the curve order (EIP-2).
    #[derive(Debug, PartialEq, Eq)]
    error ECDSAInvalidSignatureS(bytes32 s);
    /// Solidity's built-in panic; `0x11` is arithmetic overflow, raised (as Solidity 0.8 would)
    /// when a mint would take the total supply past `type(uint256).max`.
    #[derive(Debug, PartialEq, Eq)]
    error Panic(uint256 code);
}

/// A failed call: its revert data, the ABI encoding of one of the errors above (or nothing,
/// for [`Error::INVALID_CALL`]).
///
/// The error is encoded where it is raised, so a `Result<T, Error>` is three words, cheap to
/// pass up: an enum of the error structs measured about 1 KB more wasm, spent moving
/// 100-byte values. Compare errors with `Error::from(ERC20InvalidSender { .. })`.
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Vec<u8>);

impl Error {
    /// Calldata the token does not accept: an unknown selector, arguments that do not decode,
    /// or ether sent to a non-payable function. Reverts with empty data, as Solidity does.
    pub const INVALID_CALL: Error = Error(Vec::new());

    /// [`Error::INVALID_CALL`], made at run time: the constant would be copied from the data
    /// segment, which every call pays for by the byte.
    #[cold]
    #[inline(never)]
    pub fn invalid_call() -> Error {
        Error(Vec::with_capacity(core::hint::black_box(0)))
    }

    /// The revert data.
    pub fn data(&self) -> &[u8] {
        &self.0
    }
}

impl core::fmt::Debug for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Error(0x")?;
        for byte in &self.0 {
            write!(f, "{byte:02x}")?;
        }
        write!(f, ")")
    }
}

impl From<Error> for Vec<u8> {
    fn from(error: Error) -> Self {
        error.0
    }
}

/// Revert data: `selector ‖ words`. One non-generic encoder for every error keeps the wasm
/// small; alloy's `SolError::abi_encode` is instantiated once per error type.
fn encode(selector: [u8; 4], words: &[[u8; 32]]) -> Error {
    let mut out = Vec::with_capacity(4 + 32 * words.len());
    out.extend_from_slice(&selector);
    for word in words {
        out.extend_from_slice(word);
    }
    Error(out)
}

/// An address as an ABI word.
fn address(value: &Address) -> [u8; 32] {
    let mut out = [0u8; 32];
    word::put_address::<0, 32>(&mut out, value);
    out
}

/// A `uint256` as an ABI word.
fn uint(value: &U256) -> [u8; 32] {
    word::u256_bytes(value)
}

/// Implements `From<E> for Error` for each error `E`, listing its fields as words.
macro_rules! encodings {
    ($($error:ident |$e:ident| [$($word:expr),*];)*) => {
        $(
            impl From<$error> for Error {
                fn from($e: $error) -> Self {
                    encode($error::SELECTOR, &[$($word),*])
                }
            }
        )*
    };
}

encodings! {
    ERC20InsufficientBalance |e| [address(&e.sender), uint(&e.balance), uint(&e.needed)];
    ERC20InvalidSender |e| [address(&e.sender)];
    ERC20InvalidReceiver |e| [address(&e.receiver)];
    ERC20InsufficientAllowance |e| [address(&e.spender), uint(&e.allowance), uint(&e.needed)];
    ERC20InvalidApprover |e| [address(&e.approver)];
    ERC20InvalidSpender |e| [address(&e.spender)];
    ERC20ExceededCap |e| [uint(&e.increasedSupply), uint(&e.cap)];
    OwnableUnauthorizedAccount |e| [address(&e.account)];
    OwnableInvalidOwner |e| [address(&e.owner)];
    EnforcedPause |_e| [];
    ExpectedPause |_e| [];
    ERC2612ExpiredSignature |e| [uint(&e.deadline)];
    ERC2612InvalidSigner |e| [address(&e.signer), address(&e.owner)];
    ECDSAInvalidSignature |_e| [];
    ECDSAInvalidSignatureS |e| [e.s.0];
    Panic |e| [uint(&e.code)];
}

/// Lists the errors in the exported Solidity interface, as the SDK's `SolidityError` derive
/// would.
#[cfg(feature = "export-abi")]
impl stylus_sdk::abi::export::internal::InnerTypes for Error {
    fn inner_types() -> Vec<stylus_sdk::abi::export::internal::InnerType> {
        use alloc::format;
        use core::any::TypeId;
        use stylus_sdk::abi::export::internal::InnerType;

        fn item<E: SolError + 'static>() -> InnerType {
            InnerType {
                name: format!("error {};", E::SIGNATURE.replace(',', ", ")),
                id: TypeId::of::<E>(),
            }
        }
        alloc::vec![
            item::<ERC20InsufficientBalance>(),
            item::<ERC20InvalidSender>(),
            item::<ERC20InvalidReceiver>(),
            item::<ERC20InsufficientAllowance>(),
            item::<ERC20InvalidApprover>(),
            item::<ERC20InvalidSpender>(),
            item::<ERC20ExceededCap>(),
            item::<OwnableUnauthorizedAccount>(),
            item::<OwnableInvalidOwner>(),
            item::<EnforcedPause>(),
            item::<ExpectedPause>(),
            item::<ERC2612ExpiredSignature>(),
            item::<ERC2612InvalidSigner>(),
            item::<ECDSAInvalidSignature>(),
            item::<ECDSAInvalidSignatureS>(),
            // Not `Panic`: Solidity reserves that name, and the exported interface must
            // compile with solc (`cargo stylus export-abi --json` runs it).
        ]
    }
}
