//! ERC-20 core: the constructor's work, balances, allowances and the one function that changes
//! balances, `Token::_update`.
//!
//! Invariant: `total_supply == Σ balances`. `_update` keeps it: a mint adds `value` to both
//! sides, a burn subtracts it from both, a transfer moves it between two balances.

use alloy_primitives::{Address, U256};
use alloy_sol_types::{sol, SolEvent};

use crate::{
    error::{
        ERC20ExceededCap, ERC20InsufficientAllowance, ERC20InsufficientBalance,
        ERC20InvalidApprover, ERC20InvalidReceiver, ERC20InvalidSender, ERC20InvalidSpender,
        EnforcedPause, Panic,
    },
    word::{self, Limbs},
    Error, Token,
};

sol! {
    /// `value` tokens moved from `from` to `to`; `from == 0` is a mint, `to == 0` a burn.
    #[derive(Debug, PartialEq, Eq)]
    event Transfer(address indexed from, address indexed to, uint256 value);
    /// `owner` let `spender` move up to `value` of its tokens.
    #[derive(Debug, PartialEq, Eq)]
    event Approval(address indexed owner, address indexed spender, uint256 value);
}

/// Solidity's panic code for arithmetic overflow.
pub const PANIC_OVERFLOW: u8 = 0x11;

/// `Transfer`'s topic, written by code ([`word`]).
const TRANSFER: Limbs = word::limbs(Transfer::SIGNATURE_HASH.0);
/// `Approval`'s topic.
const APPROVAL: Limbs = word::limbs(Approval::SIGNATURE_HASH.0);

impl Token {
    /// The constructor's work: every check runs before the first write, so a failing
    /// constructor leaves storage untouched even where reverts do not roll back (the test VM).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn init(
        &mut self,
        name: &[u8],
        symbol: &[u8],
        decimals: u8,
        cap: U256,
        owner: Address,
        initial_holder: Address,
        initial_supply: U256,
    ) -> Result<(), Error> {
        let cap = if word::is_zero(&cap) {
            word::max()
        } else {
            cap
        };
        if initial_supply > cap {
            return Err(ERC20ExceededCap {
                increasedSupply: initial_supply,
                cap,
            }
            .into());
        }
        let minting = !word::is_zero(&initial_supply);
        if minting && word::is_zero_address(&initial_holder) {
            return Err(invalid_receiver(initial_holder));
        }
        self.name.set_bytes(name);
        self.symbol.set_bytes(symbol);
        self.decimals.set(U256::from(decimals));
        self.cap.set(cap);
        if !word::is_zero_address(&owner) {
            self._transfer_ownership(Address::ZERO, owner);
        }
        if minting {
            self._update(Address::ZERO, initial_holder, initial_supply)?;
        }
        Ok(())
    }

    /// Moves `value` from `from` to `to`; neither may be `address(0)`.
    pub(crate) fn _transfer(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
    ) -> Result<(), Error> {
        if word::is_zero_address(&from) {
            return Err(ERC20InvalidSender { sender: from }.into());
        }
        if word::is_zero_address(&to) {
            return Err(invalid_receiver(to));
        }
        self._update(from, to, value)
    }

    /// Creates `value` tokens for `to`, which may not be `address(0)`.
    pub(crate) fn _mint(&mut self, to: Address, value: U256) -> Result<(), Error> {
        if word::is_zero_address(&to) {
            return Err(invalid_receiver(to));
        }
        self._update(Address::ZERO, to, value)
    }

    /// Destroys `value` of `from`'s tokens; `from` may not be `address(0)`.
    pub(crate) fn _burn(&mut self, from: Address, value: U256) -> Result<(), Error> {
        if word::is_zero_address(&from) {
            return Err(ERC20InvalidSender { sender: from }.into());
        }
        self._update(from, Address::ZERO, value)
    }

    /// Moves `value` from `from` to `to`, minting when `from == 0` and burning when `to == 0`;
    /// the only place balances and the supply change and `Transfer` is emitted.
    ///
    /// Checks, in OpenZeppelin's order: pause, then balance or supply overflow, then the cap.
    /// Every check runs before the first write.
    pub(crate) fn _update(&mut self, from: Address, to: Address, value: U256) -> Result<(), Error> {
        if self.paused.get() {
            return Err(EnforcedPause {}.into());
        }
        if word::is_zero_address(&from) {
            let supply = self.total_supply.get();
            let Some(increased) = supply.checked_add(value) else {
                return Err(Panic {
                    code: U256::from(PANIC_OVERFLOW),
                }
                .into());
            };
            let cap = self.cap.get();
            if increased > cap {
                return Err(ERC20ExceededCap {
                    increasedSupply: increased,
                    cap,
                }
                .into());
            }
            self.total_supply.set(increased);
        } else {
            // One slot computation (a keccak hostio) for the read and the write.
            let mut from_balance = self.balances.at(&from);
            let balance = from_balance.get();
            if balance < value {
                return Err(ERC20InsufficientBalance {
                    sender: from,
                    balance,
                    needed: value,
                }
                .into());
            }
            // Cannot underflow: value <= balance.
            from_balance.set(balance - value);
        }
        if word::is_zero_address(&to) {
            // Cannot underflow: value <= balance(from) <= total_supply.
            let supply = self.total_supply.get();
            self.total_supply.set(supply - value);
        } else {
            // Read after the write to `from`, so a self-transfer sees its own debit. Cannot
            // overflow: balance(to) + value <= total_supply, which fits in a U256.
            let mut balance = self.balances.at(&to);
            let new_balance = balance.get() + value;
            balance.set(new_balance);
        }
        self.emit_pair_value(TRANSFER, &from, &to, &value);
        Ok(())
    }

    /// Sets `owner`'s allowance for `spender`, emitting `Approval` when `emit` is set.
    pub(crate) fn _approve(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
        emit: bool,
    ) -> Result<(), Error> {
        if word::is_zero_address(&owner) {
            return Err(ERC20InvalidApprover { approver: owner }.into());
        }
        if word::is_zero_address(&spender) {
            return Err(ERC20InvalidSpender { spender }.into());
        }
        self.allowances.at(&owner).at(&spender).set(value);
        if emit {
            self.emit_pair_value(APPROVAL, &owner, &spender, &value);
        }
        Ok(())
    }

    /// Moves `value` of `owner`'s tokens on `spender`'s allowance: to `to`, or burns them for
    /// `None`. Takes `value` from the allowance; an infinite allowance (`type(uint256).max`)
    /// stays as it is. Emits no `Approval`.
    ///
    /// The allowance is checked first, so its error wins as in OpenZeppelin, but written last,
    /// so that a failing move leaves it untouched even without a revert's rollback.
    pub(crate) fn _spend_allowance(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
        to: Option<Address>,
    ) -> Result<(), Error> {
        // The slot is computed once (two keccak hostios) for the read and the write; nothing
        // else writes it meanwhile: moving tokens touches balances and the supply only.
        let mut slot = self.allowances.at(&owner).at(&spender);
        let allowance = slot.get();
        let spend = |token: &mut Self| match to {
            Some(to) => token._transfer(owner, to, value),
            None => token._burn(owner, value),
        };
        if word::is_max(&allowance) {
            return spend(self);
        }
        if allowance < value {
            return Err(ERC20InsufficientAllowance {
                spender,
                allowance,
                needed: value,
            }
            .into());
        }
        if word::is_zero_address(&owner) {
            return Err(ERC20InvalidApprover { approver: owner }.into());
        }
        spend(self)?;
        // Cannot underflow: value <= allowance.
        slot.set(allowance - value);
        Ok(())
    }
}

/// `ERC20InvalidReceiver(receiver)`.
fn invalid_receiver(receiver: Address) -> Error {
    ERC20InvalidReceiver { receiver }.into()
}
