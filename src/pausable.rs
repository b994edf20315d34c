//! Pausing, as OpenZeppelin's `Pausable` applied to `ERC20Pausable`: while paused, every
//! balance change reverts (the check sits in `_update`); approvals still work.

use alloy_primitives::Address;
use alloy_sol_types::{sol, SolEvent};

use crate::{
    error::{EnforcedPause, ExpectedPause},
    word::{self, Limbs},
    Error, Token,
};

sol! {
    /// `account` paused the token.
    #[derive(Debug, PartialEq, Eq)]
    event Paused(address account);
    /// `account` unpaused the token.
    #[derive(Debug, PartialEq, Eq)]
    event Unpaused(address account);
}

/// `Paused`'s topic, written by code ([`word`]).
const PAUSED: Limbs = word::limbs(Paused::SIGNATURE_HASH.0);
/// `Unpaused`'s topic.
const UNPAUSED: Limbs = word::limbs(Unpaused::SIGNATURE_HASH.0);

impl Token {
    /// Moves the token to the `paused` state on behalf of `account`.
    ///
    /// # Errors
    /// [`EnforcedPause`](crate::error::EnforcedPause) when pausing a paused token, [`ExpectedPause`](crate::error::ExpectedPause) when
    /// unpausing one that is not paused.
    pub(crate) fn _set_paused(&mut self, account: Address, paused: bool) -> Result<(), Error> {
        if self.paused.get() == paused {
            return Err(if paused {
                EnforcedPause {}.into()
            } else {
                ExpectedPause {}.into()
            });
        }
        self.paused.set(paused);
        if paused {
            self.emit_account(PAUSED, &account);
        } else {
            self.emit_account(UNPAUSED, &account);
        }
        Ok(())
    }
}
