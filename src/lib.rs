//! A complete ERC-20 token for Arbitrum Stylus with OpenZeppelin Contracts v5 semantics.
//!
//! One contract, [`Token`], composes what production tokens use: ERC-20 with metadata,
//! burning, an owner-gated mint under a supply cap, `Ownable2Step`, `Pausable`, EIP-2612
//! `permit` and the ERC-5267 domain description.
//!
//! # Invariants
//! - `totalSupply == Σ balanceOf(a)` over all accounts, always: every balance change goes
//!   through one function, `_update` in [`erc20`], which also emits every `Transfer`.
//! - `totalSupply <= cap()`; `cap()` is `type(uint256).max` for an uncapped token.
//!
//! # Deliberate behaviours (as in OpenZeppelin v5)
//! - An allowance of `type(uint256).max` is infinite: spending leaves it unchanged.
//! - `transferFrom` and `burnFrom` emit no `Approval`; `approve` and `permit` do.
//! - Pausing stops `transfer`, `transferFrom`, `mint`, `burn` and `burnFrom`, not `approve` or
//!   `permit`.
//! - A mint that would overflow `type(uint256).max` reverts with Solidity's `Panic(0x11)`.
//! - The EIP-712 domain separator is recomputed on every use from the current chain id and
//!   address: with no immutables on Stylus, a cached copy would cost a storage read.

#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
// The SDK's export-abi code generation adds undocumented items.
#![cfg_attr(feature = "export-abi", allow(missing_docs))]

extern crate alloc;

pub mod abi;
pub mod erc20;
pub mod error;
pub mod ownable;
pub mod pausable;
pub mod permit;
pub mod storage;
pub mod word;

use alloc::{string::String, vec::Vec};

use alloy_primitives::{Address, FixedBytes, B256, U256};
use stylus_sdk::{host::VM, prelude::*, ArbResult};

pub use abi::IToken;
pub use error::Error;
use storage::{root_slot, AddressSlot, AtKey, Flag, Map, Number, StorageStr};
use word::Limbs;

/// The token's state. Field order is the storage layout: it must never change.
#[storage]
pub struct Token {
    /// Slot 0: `balanceOf`.
    pub(crate) balances: Map<Number>,
    /// Slot 1: `allowance(owner, spender)`.
    pub(crate) allowances: Map<Map<Number>>,
    /// Slot 2: `totalSupply`.
    pub(crate) total_supply: Number,
    /// Slot 3: `cap`; `type(uint256).max` when uncapped.
    pub(crate) cap: Number,
    /// Slot 4: `name`.
    pub(crate) name: StorageStr,
    /// Slot 5: `symbol`.
    pub(crate) symbol: StorageStr,
    /// Slot 6, bytes 0..20: `owner`.
    pub(crate) owner: AddressSlot,
    /// Slot 6, byte 20: `paused`. Shares the owner's slot so that `mint` and `pause` read one
    /// slot for both checks.
    pub(crate) paused: Flag,
    /// Slot 7: `decimals`, in a whole slot: reading a byte packed into a shared slot costs
    /// about 250 B more wasm, and only `decimals()` reads it.
    pub(crate) decimals: Number,
    /// Slot 8: `pendingOwner`.
    pub(crate) pending_owner: AddressSlot,
    /// Slot 9: EIP-2612 `nonces`.
    pub(crate) nonces: Map<Number>,
}

impl Token {
    /// Emits an event shaped as `Transfer` and `Approval`: `topic0`, two indexed addresses and
    /// one word of data.
    #[inline(always)]
    pub(crate) fn emit_pair_value(&self, topic0: Limbs, a: &Address, b: &Address, value: &U256) {
        let mut buf = [0u8; 128];
        word::put::<0, 128>(&mut buf, topic0);
        word::put_address::<32, 128>(&mut buf, a);
        word::put_address::<64, 128>(&mut buf, b);
        word::put_u256::<96, 128>(&mut buf, value);
        self.vm().emit_log(&buf, 3);
    }

    /// Emits an event shaped as the ownership events: `topic0` and two indexed addresses.
    #[inline(always)]
    pub(crate) fn emit_pair(&self, topic0: Limbs, a: &Address, b: &Address) {
        let mut buf = [0u8; 96];
        word::put::<0, 96>(&mut buf, topic0);
        word::put_address::<32, 96>(&mut buf, a);
        word::put_address::<64, 96>(&mut buf, b);
        self.vm().emit_log(&buf, 3);
    }

    /// Emits an event shaped as `Paused` and `Unpaused`: `topic0` and an address as data.
    #[inline(always)]
    pub(crate) fn emit_account(&self, topic0: Limbs, account: &Address) {
        let mut buf = [0u8; 64];
        word::put::<0, 64>(&mut buf, topic0);
        word::put_address::<32, 64>(&mut buf, account);
        self.vm().emit_log(&buf, 1);
    }
}

impl Token {
    /// The token at slot 0, laid out as `#[storage]`'s `StorageType::new(U256::ZERO, 0, vm)`
    /// lays it out (the field comments above), with the slots as constants: the generated
    /// `new` adds each field's slot to the root with a run-time 256-bit sum, about 1,000,000
    /// ink (100 gas) on every call of the deployed wasm. The storage layout tests pin what
    /// both produce.
    ///
    /// # Safety
    /// As `StorageType::new`: one instance per program call.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    unsafe fn at_root(vm: VM) -> Self {
        Self {
            balances: Map::at_key(root_slot(0), vm.clone()),
            allowances: Map::at_key(root_slot(1), vm.clone()),
            total_supply: Number::at_key(root_slot(2), vm.clone()),
            cap: Number::at_key(root_slot(3), vm.clone()),
            name: StorageStr::at_key(root_slot(4), vm.clone()),
            symbol: StorageStr::at_key(root_slot(5), vm.clone()),
            // `new`'s offset counts the bytes to the right of the value: the owner takes the
            // low 20 bytes of slot 6, the flag the byte above them.
            owner: AddressSlot::at_key(root_slot(6), vm.clone()),
            paused: Flag::at_key(root_slot(6), 11, vm.clone()),
            decimals: Number::at_key(root_slot(7), vm.clone()),
            pending_owner: AddressSlot::at_key(root_slot(8), vm.clone()),
            nonces: Map::at_key(root_slot(9), vm.clone()),
            __stylus_host: vm,
        }
    }
}

// SAFETY: `Token` is the program's one top-level storage type, at slot 0.
unsafe impl TopLevelStorage for Token {}

/// The program's entrypoint (the SDK's `#[entrypoint]` wraps it as `user_entrypoint`).
///
/// The `#[public]` block below declares the ABI (for `cargo stylus export-abi` and the test
/// VM); deployed calls go through [`abi::route`], a smaller router for the same interface.
mod entry {
    #![allow(missing_docs)]

    use super::*;

    /// One call, from calldata to return or revert data.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    #[entrypoint]
    fn user_main(input: Vec<u8>, vm: VM) -> ArbResult {
        // SAFETY: the one instance of the top-level storage, at slot 0.
        let mut token = unsafe { Token::at_root(vm) };
        abi::route(&mut token, &input)
    }
}

#[public]
impl Token {
    /// Sets the metadata, the cap (0 = uncapped) and the owner (`address(0)` = nobody can ever
    /// mint or pause), and mints `initial_supply` to `initial_holder`.
    ///
    /// # Errors
    /// [`ERC20ExceededCap`](crate::error::ERC20ExceededCap) when `initial_supply` exceeds a non-zero `cap`;
    /// [`ERC20InvalidReceiver`](crate::error::ERC20InvalidReceiver) when `initial_supply > 0` goes to `address(0)`.
    ///
    /// # Events
    /// `OwnershipTransferred(0, owner)` for a non-zero owner; `Transfer(0, initial_holder,
    /// initial_supply)` for a non-zero supply.
    #[constructor]
    #[allow(clippy::too_many_arguments)]
    pub fn constructor(
        &mut self,
        name: String,
        symbol: String,
        decimals: u8,
        cap: U256,
        owner: Address,
        initial_holder: Address,
        initial_supply: U256,
    ) -> Result<(), Error> {
        self.init(
            name.as_bytes(),
            symbol.as_bytes(),
            decimals,
            cap,
            owner,
            initial_holder,
            initial_supply,
        )
    }

    /// The token's name.
    pub fn name(&self) -> String {
        String::from_utf8_lossy(&self.name.get_bytes()).into_owned()
    }

    /// The token's symbol.
    pub fn symbol(&self) -> String {
        String::from_utf8_lossy(&self.symbol.get_bytes()).into_owned()
    }

    /// The number of decimals of the token's display unit.
    pub fn decimals(&self) -> u8 {
        // The constructor stores a `uint8`.
        self.decimals.get().as_limbs()[0] as u8
    }

    /// The number of tokens in existence.
    pub fn total_supply(&self) -> U256 {
        self.total_supply.get()
    }

    /// The number of tokens `account` holds.
    pub fn balance_of(&self, account: Address) -> U256 {
        self.balances.at(&account).get()
    }

    /// Moves `value` tokens from the caller to `to`.
    ///
    /// # Errors
    /// [`ERC20InvalidReceiver`](crate::error::ERC20InvalidReceiver), [`EnforcedPause`](crate::error::EnforcedPause), [`ERC20InsufficientBalance`](crate::error::ERC20InsufficientBalance).
    ///
    /// # Events
    /// `Transfer(caller, to, value)`.
    pub fn transfer(&mut self, to: Address, value: U256) -> Result<bool, Error> {
        let from = self.vm().msg_sender();
        self._transfer(from, to, value)?;
        Ok(true)
    }

    /// The number of tokens `spender` may still move for `owner`.
    pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.allowances.at(&owner).at(&spender).get()
    }

    /// Lets `spender` move up to `value` of the caller's tokens (`type(uint256).max`: no limit).
    ///
    /// # Errors
    /// [`ERC20InvalidSpender`](crate::error::ERC20InvalidSpender) for `spender == address(0)`.
    ///
    /// # Events
    /// `Approval(caller, spender, value)`.
    pub fn approve(&mut self, spender: Address, value: U256) -> Result<bool, Error> {
        let owner = self.vm().msg_sender();
        self._approve(owner, spender, value, true)?;
        Ok(true)
    }

    /// Moves `value` tokens from `from` to `to` using the caller's allowance.
    ///
    /// # Errors
    /// [`ERC20InsufficientAllowance`](crate::error::ERC20InsufficientAllowance), [`ERC20InvalidApprover`](crate::error::ERC20InvalidApprover), [`ERC20InvalidSender`](crate::error::ERC20InvalidSender),
    /// [`ERC20InvalidReceiver`](crate::error::ERC20InvalidReceiver), [`EnforcedPause`](crate::error::EnforcedPause), [`ERC20InsufficientBalance`](crate::error::ERC20InsufficientBalance).
    ///
    /// # Events
    /// `Transfer(from, to, value)`; no `Approval`.
    pub fn transfer_from(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
    ) -> Result<bool, Error> {
        let spender = self.vm().msg_sender();
        self._spend_allowance(from, spender, value, Some(to))?;
        Ok(true)
    }

    /// Destroys `value` of the caller's tokens.
    ///
    /// # Errors
    /// [`EnforcedPause`](crate::error::EnforcedPause), [`ERC20InsufficientBalance`](crate::error::ERC20InsufficientBalance).
    ///
    /// # Events
    /// `Transfer(caller, 0, value)`.
    pub fn burn(&mut self, value: U256) -> Result<(), Error> {
        let account = self.vm().msg_sender();
        self._burn(account, value)
    }

    /// Destroys `value` of `account`'s tokens using the caller's allowance.
    ///
    /// # Errors
    /// [`ERC20InsufficientAllowance`](crate::error::ERC20InsufficientAllowance), [`ERC20InvalidApprover`](crate::error::ERC20InvalidApprover), [`ERC20InvalidSender`](crate::error::ERC20InvalidSender),
    /// [`EnforcedPause`](crate::error::EnforcedPause), [`ERC20InsufficientBalance`](crate::error::ERC20InsufficientBalance).
    ///
    /// # Events
    /// `Transfer(account, 0, value)`; no `Approval`.
    pub fn burn_from(&mut self, account: Address, value: U256) -> Result<(), Error> {
        let spender = self.vm().msg_sender();
        self._spend_allowance(account, spender, value, None)
    }

    /// Creates `value` tokens for `to`; owner only.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`](crate::error::OwnableUnauthorizedAccount), [`ERC20InvalidReceiver`](crate::error::ERC20InvalidReceiver), [`EnforcedPause`](crate::error::EnforcedPause),
    /// [`Panic`](crate::error::Panic) (supply overflow), [`ERC20ExceededCap`](crate::error::ERC20ExceededCap).
    ///
    /// # Events
    /// `Transfer(0, to, value)`.
    pub fn mint(&mut self, to: Address, value: U256) -> Result<(), Error> {
        self._check_owner()?;
        self._mint(to, value)
    }

    /// The most tokens that can ever exist; `type(uint256).max` for an uncapped token.
    pub fn cap(&self) -> U256 {
        self.cap.get()
    }

    /// The current owner; `address(0)` once renounced or for an ownerless token.
    pub fn owner(&self) -> Address {
        self.owner.get()
    }

    /// The account that may call `acceptOwnership`, if any.
    pub fn pending_owner(&self) -> Address {
        self.pending_owner.get()
    }

    /// Offers ownership to `new_owner` (`address(0)` cancels an offer); owner only.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`](crate::error::OwnableUnauthorizedAccount).
    ///
    /// # Events
    /// `OwnershipTransferStarted(owner, new_owner)`.
    pub fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        let owner = self._check_owner()?;
        self._start_ownership_transfer(owner, new_owner);
        Ok(())
    }

    /// Makes the pending owner, who must be the caller, the owner.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`](crate::error::OwnableUnauthorizedAccount) when the caller is not the pending owner.
    ///
    /// # Events
    /// `OwnershipTransferred(previous_owner, caller)`.
    pub fn accept_ownership(&mut self) -> Result<(), Error> {
        self._accept_ownership()
    }

    /// Leaves the token without an owner, for good; owner only.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`](crate::error::OwnableUnauthorizedAccount).
    ///
    /// # Events
    /// `OwnershipTransferred(owner, 0)`.
    pub fn renounce_ownership(&mut self) -> Result<(), Error> {
        let owner = self._check_owner()?;
        self._transfer_ownership(owner, Address::ZERO);
        Ok(())
    }

    /// Whether transfers, mints and burns are stopped.
    pub fn paused(&self) -> bool {
        self.paused.get()
    }

    /// Stops transfers, mints and burns; owner only.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`](crate::error::OwnableUnauthorizedAccount), [`EnforcedPause`](crate::error::EnforcedPause) when already paused.
    ///
    /// # Events
    /// `Paused(caller)`.
    pub fn pause(&mut self) -> Result<(), Error> {
        let owner = self._check_owner()?;
        self._set_paused(owner, true)
    }

    /// Resumes transfers, mints and burns; owner only.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`](crate::error::OwnableUnauthorizedAccount), [`ExpectedPause`](crate::error::ExpectedPause) when not paused.
    ///
    /// # Events
    /// `Unpaused(caller)`.
    pub fn unpause(&mut self) -> Result<(), Error> {
        let owner = self._check_owner()?;
        self._set_paused(owner, false)
    }

    /// Sets `owner`'s allowance for `spender` to `value` with `owner`'s EIP-712 signature.
    ///
    /// # Errors
    /// [`ERC2612ExpiredSignature`](crate::error::ERC2612ExpiredSignature), [`ECDSAInvalidSignatureS`](crate::error::ECDSAInvalidSignatureS), [`ECDSAInvalidSignature`](crate::error::ECDSAInvalidSignature),
    /// [`ERC2612InvalidSigner`](crate::error::ERC2612InvalidSigner), [`ERC20InvalidSpender`](crate::error::ERC20InvalidSpender).
    ///
    /// # Events
    /// `Approval(owner, spender, value)`.
    #[allow(clippy::too_many_arguments)]
    pub fn permit(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
        deadline: U256,
        v: u8,
        r: B256,
        s: B256,
    ) -> Result<(), Error> {
        self._permit(owner, spender, value, deadline, v, r, s)
    }

    /// The next nonce a permit signed by `owner` must carry.
    pub fn nonces(&self, owner: Address) -> U256 {
        self.nonces.at(&owner).get()
    }

    /// The EIP-712 domain separator for the current chain.
    #[selector(name = "DOMAIN_SEPARATOR")]
    pub fn domain_separator(&self) -> B256 {
        self._domain_separator()
    }

    /// The EIP-712 domain, as ERC-5267 describes it.
    #[allow(clippy::type_complexity)]
    pub fn eip712_domain(
        &self,
    ) -> (
        FixedBytes<1>,
        String,
        String,
        U256,
        Address,
        B256,
        Vec<U256>,
    ) {
        (
            FixedBytes([permit::EIP712_FIELDS]),
            self.name(),
            String::from(permit::EIP712_VERSION),
            U256::from(self.vm().chain_id()),
            self.vm().contract_address(),
            B256::ZERO,
            Vec::new(),
        )
    }
}
