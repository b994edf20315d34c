//! A reference model of the token's OpenZeppelin v5 behaviour, written for clarity: plain maps,
//! checks in OpenZeppelin's order, results as the ABI bytes a Solidity token would return.

use std::collections::BTreeMap;

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::{SolError, SolEvent};
use stylus_host::Log;
use stylus_token::{erc20, error, ownable, pausable};

/// A call's expected result: return data or revert data, and logs (topics, data).
pub type Outcome = (Result<Vec<u8>, Vec<u8>>, Vec<(Vec<B256>, Vec<u8>)>);

#[derive(Clone, Debug)]
pub struct Model {
    pub balances: BTreeMap<Address, U256>,
    pub allowances: BTreeMap<(Address, Address), U256>,
    pub nonces: BTreeMap<Address, U256>,
    pub supply: U256,
    pub cap: U256,
    pub owner: Address,
    pub pending: Address,
    pub paused: bool,
    pub name: String,
    pub symbol: String,
    pub decimals: u8,
}

fn revert<E: SolError>(e: E) -> Result<Vec<u8>, Vec<u8>> {
    Err(e.abi_encode())
}

fn word(value: U256) -> Vec<u8> {
    value.to_be_bytes::<32>().to_vec()
}

fn truth() -> Vec<u8> {
    word(U256::from(1))
}

fn log<E: SolEvent>(e: E) -> (Vec<B256>, Vec<u8>) {
    let encoded = e.encode_log_data();
    (encoded.topics().to_vec(), encoded.data.to_vec())
}

impl Model {
    pub fn new(
        name: &str,
        symbol: &str,
        decimals: u8,
        cap: U256,
        owner: Address,
        holder: Address,
        supply: U256,
    ) -> Self {
        let mut model = Self {
            balances: BTreeMap::new(),
            allowances: BTreeMap::new(),
            nonces: BTreeMap::new(),
            supply,
            cap: if cap.is_zero() { U256::MAX } else { cap },
            owner,
            pending: Address::ZERO,
            paused: false,
            name: name.into(),
            symbol: symbol.into(),
            decimals,
        };
        if !supply.is_zero() {
            model.balances.insert(holder, supply);
        }
        model
    }

    pub fn balance(&self, a: Address) -> U256 {
        self.balances.get(&a).copied().unwrap_or_default()
    }

    pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.allowances
            .get(&(owner, spender))
            .copied()
            .unwrap_or_default()
    }

    pub fn nonce(&self, a: Address) -> U256 {
        self.nonces.get(&a).copied().unwrap_or_default()
    }

    /// OpenZeppelin's `_update`, all checks first.
    fn update(&mut self, from: Address, to: Address, value: U256) -> Result<(), Vec<u8>> {
        if self.paused {
            return Err(error::EnforcedPause {}.abi_encode());
        }
        let mut supply = self.supply;
        if from.is_zero() {
            supply = match supply.checked_add(value) {
                Some(s) => s,
                None => {
                    return Err(error::Panic {
                        code: U256::from(0x11),
                    }
                    .abi_encode())
                }
            };
        } else {
            let balance = self.balance(from);
            if balance < value {
                return Err(error::ERC20InsufficientBalance {
                    sender: from,
                    balance,
                    needed: value,
                }
                .abi_encode());
            }
        }
        if to.is_zero() {
            supply -= value;
        }
        if from.is_zero() && supply > self.cap {
            return Err(error::ERC20ExceededCap {
                increasedSupply: supply,
                cap: self.cap,
            }
            .abi_encode());
        }
        self.supply = supply;
        if !from.is_zero() {
            let b = self.balance(from) - value;
            self.balances.insert(from, b);
        }
        if !to.is_zero() {
            let b = self.balance(to) + value;
            self.balances.insert(to, b);
        }
        Ok(())
    }

    fn transfer_inner(&mut self, from: Address, to: Address, value: U256) -> Result<(), Vec<u8>> {
        if from.is_zero() {
            return Err(error::ERC20InvalidSender { sender: from }.abi_encode());
        }
        if to.is_zero() {
            return Err(error::ERC20InvalidReceiver { receiver: to }.abi_encode());
        }
        self.update(from, to, value)
    }

    fn spend_then<F>(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
        f: F,
    ) -> Result<(), Vec<u8>>
    where
        F: FnOnce(&mut Self) -> Result<(), Vec<u8>>,
    {
        let current = self.allowance(owner, spender);
        if current != U256::MAX {
            if current < value {
                return Err(error::ERC20InsufficientAllowance {
                    spender,
                    allowance: current,
                    needed: value,
                }
                .abi_encode());
            }
            if owner.is_zero() {
                return Err(error::ERC20InvalidApprover { approver: owner }.abi_encode());
            }
        }
        // On a revert the whole call rolls back: apply to a copy.
        let mut next = self.clone();
        f(&mut next)?;
        if current != U256::MAX {
            next.allowances.insert((owner, spender), current - value);
        }
        *self = next;
        Ok(())
    }

    fn only_owner(&self, caller: Address) -> Result<(), Vec<u8>> {
        if self.owner != caller {
            return Err(error::OwnableUnauthorizedAccount { account: caller }.abi_encode());
        }
        Ok(())
    }

    pub fn transfer(&mut self, caller: Address, to: Address, value: U256) -> Outcome {
        match self.transfer_inner(caller, to, value) {
            Ok(()) => (
                Ok(truth()),
                vec![log(erc20::Transfer {
                    from: caller,
                    to,
                    value,
                })],
            ),
            Err(e) => (Err(e), vec![]),
        }
    }

    pub fn approve(&mut self, caller: Address, spender: Address, value: U256) -> Outcome {
        if spender.is_zero() {
            return (revert(error::ERC20InvalidSpender { spender }), vec![]);
        }
        self.allowances.insert((caller, spender), value);
        (
            Ok(truth()),
            vec![log(erc20::Approval {
                owner: caller,
                spender,
                value,
            })],
        )
    }

    pub fn transfer_from(
        &mut self,
        caller: Address,
        from: Address,
        to: Address,
        value: U256,
    ) -> Outcome {
        match self.spend_then(from, caller, value, |m| m.transfer_inner(from, to, value)) {
            Ok(()) => (Ok(truth()), vec![log(erc20::Transfer { from, to, value })]),
            Err(e) => (Err(e), vec![]),
        }
    }

    fn burn_inner(&mut self, from: Address, value: U256) -> Result<(), Vec<u8>> {
        if from.is_zero() {
            return Err(error::ERC20InvalidSender { sender: from }.abi_encode());
        }
        self.update(from, Address::ZERO, value)
    }

    pub fn burn(&mut self, caller: Address, value: U256) -> Outcome {
        match self.burn_inner(caller, value) {
            Ok(()) => (
                Ok(vec![]),
                vec![log(erc20::Transfer {
                    from: caller,
                    to: Address::ZERO,
                    value,
                })],
            ),
            Err(e) => (Err(e), vec![]),
        }
    }

    pub fn burn_from(&mut self, caller: Address, account: Address, value: U256) -> Outcome {
        match self.spend_then(account, caller, value, |m| m.burn_inner(account, value)) {
            Ok(()) => (
                Ok(vec![]),
                vec![log(erc20::Transfer {
                    from: account,
                    to: Address::ZERO,
                    value,
                })],
            ),
            Err(e) => (Err(e), vec![]),
        }
    }

    pub fn mint(&mut self, caller: Address, to: Address, value: U256) -> Outcome {
        let result = self.only_owner(caller).and_then(|()| {
            if to.is_zero() {
                return Err(error::ERC20InvalidReceiver { receiver: to }.abi_encode());
            }
            self.update(Address::ZERO, to, value)
        });
        match result {
            Ok(()) => (
                Ok(vec![]),
                vec![log(erc20::Transfer {
                    from: Address::ZERO,
                    to,
                    value,
                })],
            ),
            Err(e) => (Err(e), vec![]),
        }
    }

    pub fn pause(&mut self, caller: Address, on: bool) -> Outcome {
        if let Err(e) = self.only_owner(caller) {
            return (Err(e), vec![]);
        }
        if self.paused == on {
            return if on {
                (revert(error::EnforcedPause {}), vec![])
            } else {
                (revert(error::ExpectedPause {}), vec![])
            };
        }
        self.paused = on;
        let event = if on {
            log(pausable::Paused { account: caller })
        } else {
            log(pausable::Unpaused { account: caller })
        };
        (Ok(vec![]), vec![event])
    }

    pub fn transfer_ownership(&mut self, caller: Address, new_owner: Address) -> Outcome {
        if let Err(e) = self.only_owner(caller) {
            return (Err(e), vec![]);
        }
        self.pending = new_owner;
        (
            Ok(vec![]),
            vec![log(ownable::OwnershipTransferStarted {
                previousOwner: caller,
                newOwner: new_owner,
            })],
        )
    }

    pub fn accept_ownership(&mut self, caller: Address) -> Outcome {
        if self.pending != caller {
            return (
                revert(error::OwnableUnauthorizedAccount { account: caller }),
                vec![],
            );
        }
        let previous = self.owner;
        self.owner = caller;
        self.pending = Address::ZERO;
        (
            Ok(vec![]),
            vec![log(ownable::OwnershipTransferred {
                previousOwner: previous,
                newOwner: caller,
            })],
        )
    }

    pub fn renounce_ownership(&mut self, caller: Address) -> Outcome {
        if let Err(e) = self.only_owner(caller) {
            return (Err(e), vec![]);
        }
        self.owner = Address::ZERO;
        self.pending = Address::ZERO;
        (
            Ok(vec![]),
            vec![log(ownable::OwnershipTransferred {
                previousOwner: caller,
                newOwner: Address::ZERO,
            })],
        )
    }

    /// A permit whose signature the precompile recovers to `signer` (`None`: recovers
    /// nothing), with `s_high` when `s` lies in the upper half.
    #[allow(clippy::too_many_arguments)]
    pub fn permit(
        &mut self,
        now: u64,
        owner: Address,
        spender: Address,
        value: U256,
        deadline: U256,
        s_high: Option<B256>,
        signer: Option<Address>,
    ) -> Outcome {
        if U256::from(now) > deadline {
            return (revert(error::ERC2612ExpiredSignature { deadline }), vec![]);
        }
        if let Some(s) = s_high {
            return (revert(error::ECDSAInvalidSignatureS { s }), vec![]);
        }
        let Some(signer) = signer.filter(|s| !s.is_zero()) else {
            return (revert(error::ECDSAInvalidSignature {}), vec![]);
        };
        if signer != owner {
            return (
                revert(error::ERC2612InvalidSigner { signer, owner }),
                vec![],
            );
        }
        if spender.is_zero() {
            return (revert(error::ERC20InvalidSpender { spender }), vec![]);
        }
        let nonce = self.nonce(owner);
        self.nonces.insert(owner, nonce + U256::from(1));
        self.allowances.insert((owner, spender), value);
        (
            Ok(vec![]),
            vec![log(erc20::Approval {
                owner,
                spender,
                value,
            })],
        )
    }

    /// The storage the token should hold, by Solidity's layout (see src/lib.rs).
    pub fn storage(&self, constructed: B256) -> Vec<(B256, B256)> {
        let mapping = |key: Address, slot: U256| {
            let mut buf = [0u8; 64];
            buf[12..32].copy_from_slice(key.as_slice());
            buf[32..].copy_from_slice(&slot.to_be_bytes::<32>());
            keccak256(buf)
        };
        let mut slots = BTreeMap::new();
        let mut put = |slot: B256, value: B256| {
            if !value.is_zero() {
                slots.insert(slot, value);
            }
        };
        for (a, v) in &self.balances {
            put(mapping(*a, U256::from(0)), B256::from(*v));
        }
        for ((o, s), v) in &self.allowances {
            let inner = U256::from_be_bytes(mapping(*o, U256::from(1)).0);
            put(mapping(*s, inner), B256::from(*v));
        }
        put(B256::from(U256::from(2)), B256::from(self.supply));
        put(B256::from(U256::from(3)), B256::from(self.cap));
        for (slot, text) in [(4u64, &self.name), (5, &self.symbol)] {
            assert!(text.len() < 32, "the model keeps short strings");
            let mut w = B256::ZERO;
            w[..text.len()].copy_from_slice(text.as_bytes());
            w[31] = 2 * text.len() as u8;
            put(B256::from(U256::from(slot)), w);
        }
        let mut owner_slot = self.owner.into_word();
        owner_slot[11] = self.paused as u8;
        put(B256::from(U256::from(6)), owner_slot);
        put(
            B256::from(U256::from(7)),
            B256::from(U256::from(self.decimals)),
        );
        put(B256::from(U256::from(8)), self.pending.into_word());
        for (a, v) in &self.nonces {
            put(mapping(*a, U256::from(9)), B256::from(*v));
        }
        put(stylus_sdk_constructor_slot(), constructed);
        slots.into_iter().collect()
    }
}

/// The SDK's run-once flag for the constructor (a bool `true` at its slot).
fn stylus_sdk_constructor_slot() -> B256 {
    B256::from(stylus_sdk::abi::internal::CONSTRUCTOR_EXECUTED_SLOT)
}

/// Logs from the chain in the model's shape.
pub fn shape(logs: &[Log]) -> Vec<(Vec<B256>, Vec<u8>)> {
    logs.iter()
        .map(|l| (l.topics.clone(), l.data.clone()))
        .collect()
}
