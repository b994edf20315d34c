//! The token's custom errors: ERC-6093 for ERC-20, and OpenZeppelin v5's errors for
//! `Ownable`, `Pausable`, `ERC20Capped`, `ERC20Permit` and `ECDSA`, with the same signatures
//! (and so the same selectors) as the Solidity originals.

use alloc::vec::Vec;

use alloy_primitives::{B256, U256};
use alloy_sol_types::{sol, SolError};

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

/// Every way a call to the token can fail; each variant's revert data is the ABI encoding of
/// the Solidity error it wraps.
///
/// `OwnableInvalidOwner` is declared (it is part of OpenZeppelin's interface) but never raised:
/// `Ownable2Step` takes `address(0)` as a cancelled offer, and the constructor takes it as an
/// ownerless token.
#[derive(Debug, PartialEq, Eq)]
pub enum Error {
    /// See [`ERC20InsufficientBalance`].
    InsufficientBalance(ERC20InsufficientBalance),
    /// See [`ERC20InvalidSender`].
    InvalidSender(ERC20InvalidSender),
    /// See [`ERC20InvalidReceiver`].
    InvalidReceiver(ERC20InvalidReceiver),
    /// See [`ERC20InsufficientAllowance`].
    InsufficientAllowance(ERC20InsufficientAllowance),
    /// See [`ERC20InvalidApprover`].
    InvalidApprover(ERC20InvalidApprover),
    /// See [`ERC20InvalidSpender`].
    InvalidSpender(ERC20InvalidSpender),
    /// See [`ERC20ExceededCap`].
    ExceededCap(ERC20ExceededCap),
    /// See [`OwnableUnauthorizedAccount`].
    UnauthorizedAccount(OwnableUnauthorizedAccount),
    /// See [`EnforcedPause`].
    EnforcedPause(EnforcedPause),
    /// See [`ExpectedPause`].
    ExpectedPause(ExpectedPause),
    /// See [`ERC2612ExpiredSignature`].
    ExpiredSignature(ERC2612ExpiredSignature),
    /// See [`ERC2612InvalidSigner`].
    InvalidSigner(ERC2612InvalidSigner),
    /// See [`ECDSAInvalidSignature`].
    InvalidSignature(ECDSAInvalidSignature),
    /// See [`ECDSAInvalidSignatureS`].
    InvalidSignatureS(ECDSAInvalidSignatureS),
    /// See [`Panic`].
    Panic(Panic),
    /// Calldata the token does not accept: an unknown selector, arguments that do not decode,
    /// or ether sent to a non-payable function. Reverts with empty data, as Solidity does.
    InvalidCall,
}

/// Revert data: `selector ‖ words`. One non-generic encoder for every error keeps the wasm
/// small; the SDK's `SolidityError` derive instantiates alloy's encoder once per error type.
fn encode(selector: [u8; 4], words: &[B256]) -> Vec<u8> {
    let mut out = alloc::vec![0u8; 4 + 32 * words.len()];
    out[..4].copy_from_slice(&selector);
    for (i, word) in words.iter().enumerate() {
        out[4 + 32 * i..36 + 32 * i].copy_from_slice(word.as_slice());
    }
    out
}

/// A `uint256` argument.
fn uint(value: U256) -> B256 {
    B256::from(value)
}

impl From<Error> for Vec<u8> {
    fn from(error: Error) -> Self {
        match error {
            Error::InsufficientBalance(e) => encode(
                ERC20InsufficientBalance::SELECTOR,
                &[e.sender.into_word(), uint(e.balance), uint(e.needed)],
            ),
            Error::InvalidSender(e) => {
                encode(ERC20InvalidSender::SELECTOR, &[e.sender.into_word()])
            }
            Error::InvalidReceiver(e) => {
                encode(ERC20InvalidReceiver::SELECTOR, &[e.receiver.into_word()])
            }
            Error::InsufficientAllowance(e) => encode(
                ERC20InsufficientAllowance::SELECTOR,
                &[e.spender.into_word(), uint(e.allowance), uint(e.needed)],
            ),
            Error::InvalidApprover(e) => {
                encode(ERC20InvalidApprover::SELECTOR, &[e.approver.into_word()])
            }
            Error::InvalidSpender(e) => {
                encode(ERC20InvalidSpender::SELECTOR, &[e.spender.into_word()])
            }
            Error::ExceededCap(e) => encode(
                ERC20ExceededCap::SELECTOR,
                &[uint(e.increasedSupply), uint(e.cap)],
            ),
            Error::UnauthorizedAccount(e) => encode(
                OwnableUnauthorizedAccount::SELECTOR,
                &[e.account.into_word()],
            ),
            Error::EnforcedPause(_) => encode(EnforcedPause::SELECTOR, &[]),
            Error::ExpectedPause(_) => encode(ExpectedPause::SELECTOR, &[]),
            Error::ExpiredSignature(e) => {
                encode(ERC2612ExpiredSignature::SELECTOR, &[uint(e.deadline)])
            }
            Error::InvalidSigner(e) => encode(
                ERC2612InvalidSigner::SELECTOR,
                &[e.signer.into_word(), e.owner.into_word()],
            ),
            Error::InvalidSignature(_) => encode(ECDSAInvalidSignature::SELECTOR, &[]),
            Error::InvalidSignatureS(e) => encode(ECDSAInvalidSignatureS::SELECTOR, &[e.s]),
            Error::Panic(e) => encode(Panic::SELECTOR, &[uint(e.code)]),
            Error::InvalidCall => Vec::new(),
        }
    }
}

/// Lists the errors in the exported Solidity interface, as the SDK's derive would.
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
            item::<Panic>(),
        ]
    }
}
