//! Two-step ownership, as OpenZeppelin's `Ownable2Step`: the owner offers ownership, the new
//! owner accepts it. An ownerless token (`owner == address(0)`) can never mint or pause again.

use alloy_primitives::Address;
use alloy_sol_types::{sol, SolEvent};
use stylus_sdk::prelude::*;

use crate::{
    error::OwnableUnauthorizedAccount,
    word::{self, Limbs},
    Error, Token,
};

sol! {
    /// `previousOwner` offered ownership to `newOwner`.
    #[derive(Debug, PartialEq, Eq)]
    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
    /// Ownership moved from `previousOwner` to `newOwner`.
    #[derive(Debug, PartialEq, Eq)]
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
}

/// `OwnershipTransferStarted`'s topic, written by code ([`word`]).
const TRANSFER_STARTED: Limbs = word::limbs(OwnershipTransferStarted::SIGNATURE_HASH.0);
/// `OwnershipTransferred`'s topic.
const TRANSFERRED: Limbs = word::limbs(OwnershipTransferred::SIGNATURE_HASH.0);

impl Token {
    /// Returns the owner when it is the caller.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`](crate::error::OwnableUnauthorizedAccount) otherwise (always, for an ownerless token: no caller is
    /// `address(0)`).
    pub(crate) fn _check_owner(&self) -> Result<Address, Error> {
        let caller = self.vm().msg_sender();
        if self.owner.get() != caller {
            return Err(unauthorized(caller));
        }
        Ok(caller)
    }

    /// Records `new_owner` as the pending owner.
    pub(crate) fn _start_ownership_transfer(&mut self, owner: Address, new_owner: Address) {
        self.pending_owner.set(new_owner);
        self.emit_pair(TRANSFER_STARTED, &owner, &new_owner);
    }

    /// Makes the caller, who must be the pending owner, the owner.
    pub(crate) fn _accept_ownership(&mut self) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if self.pending_owner.get() != caller {
            return Err(unauthorized(caller));
        }
        let previous = self.owner.get();
        self._transfer_ownership(previous, caller);
        Ok(())
    }

    /// Sets the owner to `new_owner` and clears any pending offer.
    pub(crate) fn _transfer_ownership(&mut self, previous: Address, new_owner: Address) {
        self.pending_owner.set(Address::ZERO);
        self.owner.set(new_owner);
        self.emit_pair(TRANSFERRED, &previous, &new_owner);
    }
}

/// `OwnableUnauthorizedAccount(account)`.
fn unauthorized(account: Address) -> Error {
    OwnableUnauthorizedAccount { account }.into()
}
