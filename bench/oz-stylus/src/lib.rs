//! The benchmark peer: openzeppelin-stylus 0.3.0's ERC-20 with the features our token has —
//! metadata, burnable, capped, pausable and mintable by an owner, and EIP-2612 permit — and
//! the same constructor, so one scenario drives both.

#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
extern crate alloc;

use alloc::{string::String, vec::Vec};

use alloy_primitives::{aliases::B32, Address, B256, U256};
use openzeppelin_stylus::{
    access::ownable::{self, IOwnable, Ownable},
    token::erc20::{
        self,
        extensions::{
            capped, permit, Capped, Erc20Metadata, Erc20Permit, ICapped, IErc20Burnable,
            IErc20Metadata, IErc20Permit,
        },
        Erc20, IErc20,
    },
    utils::{
        cryptography::eip712::IEip712,
        introspection::erc165::IErc165,
        nonces::{INonces, Nonces},
        pausable, IPausable, Pausable,
    },
};
use stylus_sdk::prelude::*;

/// Every error of the composition, by the Solidity name OpenZeppelin gives it.
#[derive(SolidityError, Debug)]
pub enum Error {
    Permit(permit::Error),
    Capped(capped::Error),
    Pausable(pausable::Error),
    Ownable(ownable::Error),
}

impl From<erc20::Error> for Error {
    fn from(e: erc20::Error) -> Self {
        Error::Permit(e.into())
    }
}

#[entrypoint]
#[storage]
struct PeerToken {
    erc20: Erc20,
    metadata: Erc20Metadata,
    capped: Capped,
    pausable: Pausable,
    ownable: Ownable,
    nonces: Nonces,
    erc20_permit: Erc20Permit<Eip712>,
}

/// The EIP-712 domain: OpenZeppelin's permit takes its name as a constant.
#[storage]
struct Eip712;

impl IEip712 for Eip712 {
    const NAME: &'static str = "Lean Token";
    const VERSION: &'static str = "1";
}

#[public]
#[implements(IErc20<Error = Error>, IErc20Burnable<Error = Error>, IErc20Metadata, ICapped, IPausable, IOwnable, INonces, IErc20Permit<Error = Error>, IErc165)]
impl PeerToken {
    #[constructor]
    pub fn constructor(
        &mut self,
        name: String,
        symbol: String,
        _decimals: u8,
        cap: U256,
        owner: Address,
        initial_holder: Address,
        initial_supply: U256,
    ) -> Result<(), Error> {
        self.metadata.constructor(name, symbol);
        self.capped
            .constructor(if cap.is_zero() { U256::MAX } else { cap })?;
        self.ownable.constructor(owner)?;
        if !initial_supply.is_zero() {
            self.erc20._mint(initial_holder, initial_supply)?;
        }
        Ok(())
    }

    fn mint(&mut self, to: Address, value: U256) -> Result<(), Error> {
        self.ownable.only_owner()?;
        self.pausable.when_not_paused()?;
        let supply = self
            .erc20
            .total_supply()
            .checked_add(value)
            .expect("supply fits in a U256");
        let cap = self.capped.cap();
        if supply > cap {
            return Err(capped::Error::ExceededCap(capped::ERC20ExceededCap {
                increased_supply: supply,
                cap,
            })
            .into());
        }
        Ok(self.erc20._mint(to, value)?)
    }

    fn pause(&mut self) -> Result<(), Error> {
        self.ownable.only_owner()?;
        Ok(self.pausable.pause()?)
    }

    fn unpause(&mut self) -> Result<(), Error> {
        self.ownable.only_owner()?;
        Ok(self.pausable.unpause()?)
    }
}

#[public]
impl IErc20 for PeerToken {
    type Error = Error;

    fn total_supply(&self) -> U256 {
        self.erc20.total_supply()
    }

    fn balance_of(&self, account: Address) -> U256 {
        self.erc20.balance_of(account)
    }

    fn transfer(&mut self, to: Address, value: U256) -> Result<bool, Self::Error> {
        self.pausable.when_not_paused()?;
        Ok(self.erc20.transfer(to, value)?)
    }

    fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.erc20.allowance(owner, spender)
    }

    fn approve(&mut self, spender: Address, value: U256) -> Result<bool, Self::Error> {
        Ok(self.erc20.approve(spender, value)?)
    }

    fn transfer_from(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
    ) -> Result<bool, Self::Error> {
        self.pausable.when_not_paused()?;
        Ok(self.erc20.transfer_from(from, to, value)?)
    }
}

#[public]
impl IErc20Burnable for PeerToken {
    type Error = Error;

    fn burn(&mut self, value: U256) -> Result<(), Self::Error> {
        self.pausable.when_not_paused()?;
        Ok(self.erc20.burn(value)?)
    }

    fn burn_from(&mut self, account: Address, value: U256) -> Result<(), Self::Error> {
        self.pausable.when_not_paused()?;
        Ok(self.erc20.burn_from(account, value)?)
    }
}

#[public]
impl IErc20Metadata for PeerToken {
    fn name(&self) -> String {
        self.metadata.name()
    }

    fn symbol(&self) -> String {
        self.metadata.symbol()
    }

    fn decimals(&self) -> alloy_primitives::U8 {
        self.metadata.decimals()
    }
}

#[public]
impl ICapped for PeerToken {
    fn cap(&self) -> U256 {
        self.capped.cap()
    }
}

#[public]
impl IPausable for PeerToken {
    fn paused(&self) -> bool {
        self.pausable.paused()
    }
}

#[public]
impl IOwnable for PeerToken {
    fn owner(&self) -> Address {
        self.ownable.owner()
    }

    fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Vec<u8>> {
        Ok(self.ownable.transfer_ownership(new_owner)?)
    }

    fn renounce_ownership(&mut self) -> Result<(), Vec<u8>> {
        Ok(self.ownable.renounce_ownership()?)
    }
}

#[public]
impl INonces for PeerToken {
    fn nonces(&self, owner: Address) -> U256 {
        self.nonces.nonces(owner)
    }
}

#[public]
impl IErc20Permit for PeerToken {
    type Error = Error;

    #[selector(name = "DOMAIN_SEPARATOR")]
    fn domain_separator(&self) -> B256 {
        self.erc20_permit.domain_separator()
    }

    #[allow(clippy::too_many_arguments)]
    fn permit(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
        deadline: U256,
        v: u8,
        r: B256,
        s: B256,
    ) -> Result<(), Self::Error> {
        Ok(self.erc20_permit.permit(
            owner,
            spender,
            value,
            deadline,
            v,
            r,
            s,
            &mut self.erc20,
            &mut self.nonces,
        )?)
    }
}

#[public]
impl IErc165 for PeerToken {
    fn supports_interface(&self, interface_id: B32) -> bool {
        Erc20::supports_interface(&self.erc20, interface_id)
            || Erc20Metadata::supports_interface(&self.metadata, interface_id)
    }
}
