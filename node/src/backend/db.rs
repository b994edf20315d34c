//! World state: accounts, code and storage in persistent maps, so that every block keeps a
//! snapshot for historical queries and `evm_snapshot` at the cost of a pointer copy.

use std::{convert::Infallible, sync::Arc};

use alloy_primitives::{keccak256, Address, Bytes, B256, KECCAK256_EMPTY, U256};
use alloy_trie::TrieAccount;
use imbl::{HashMap, OrdMap};
use revm::{
    bytecode::Bytecode,
    state::{Account as RevmAccount, AccountInfo},
    Database, DatabaseCommit,
};
use serde::{Deserialize, Serialize};

use crate::arbos::Slots;

/// One account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Wei.
    pub balance: U256,
    /// Transactions sent, or contracts created.
    pub nonce: u64,
    /// `keccak256` of the code (of nothing, for an account without code).
    pub code_hash: B256,
    /// Non-zero storage slots.
    pub storage: OrdMap<U256, U256>,
}

impl Default for Account {
    fn default() -> Self {
        Self {
            balance: U256::ZERO,
            nonce: 0,
            code_hash: KECCAK256_EMPTY,
            storage: OrdMap::new(),
        }
    }
}

/// Every account and every piece of code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// Accounts by address.
    pub accounts: OrdMap<Address, Account>,
    /// Code by hash.
    pub codes: HashMap<B256, Bytes>,
}

impl State {
    /// The account at `address`, if it exists.
    pub fn account(&self, address: Address) -> Option<&Account> {
        self.accounts.get(&address)
    }

    /// `address`'s balance.
    pub fn balance(&self, address: Address) -> U256 {
        self.account(address).map(|a| a.balance).unwrap_or_default()
    }

    /// `address`'s nonce.
    pub fn nonce(&self, address: Address) -> u64 {
        self.account(address).map(|a| a.nonce).unwrap_or_default()
    }

    /// `address`'s code.
    pub fn code(&self, address: Address) -> Bytes {
        self.account(address)
            .and_then(|a| self.codes.get(&a.code_hash).cloned())
            .unwrap_or_default()
    }

    /// The word at `slot` of `address`'s storage.
    pub fn storage(&self, address: Address, slot: U256) -> U256 {
        self.account(address)
            .and_then(|a| a.storage.get(&slot).copied())
            .unwrap_or_default()
    }

    /// The account at `address`, created if absent.
    pub fn account_mut(&mut self, address: Address) -> &mut Account {
        self.accounts.entry(address).or_default()
    }

    /// Sets `address`'s code.
    pub fn set_code(&mut self, address: Address, code: Bytes) {
        let hash = if code.is_empty() {
            KECCAK256_EMPTY
        } else {
            keccak256(&code)
        };
        if !code.is_empty() {
            self.codes.insert(hash, code);
        }
        self.account_mut(address).code_hash = hash;
    }

    /// Sets the word at `slot` (zero removes it).
    pub fn set_storage(&mut self, address: Address, slot: U256, value: U256) {
        let storage = &mut self.account_mut(address).storage;
        if value.is_zero() {
            storage.remove(&slot);
        } else {
            storage.insert(slot, value);
        }
    }

    /// The Merkle-Patricia root of the state, as Ethereum computes it.
    pub fn root(&self) -> B256 {
        alloy_trie::root::state_root_unhashed(self.accounts.iter().map(|(address, account)| {
            let storage_root = alloy_trie::root::storage_root_unhashed(
                account
                    .storage
                    .iter()
                    .map(|(slot, value)| (B256::from(*slot), *value)),
            );
            (
                *address,
                TrieAccount {
                    nonce: account.nonce,
                    balance: account.balance,
                    storage_root,
                    code_hash: account.code_hash,
                },
            )
        }))
    }

    /// Applies a transaction's changes as revm reports them.
    pub fn commit(&mut self, changes: impl IntoIterator<Item = (Address, RevmAccount)>) {
        for (address, account) in changes {
            if !account.is_touched() {
                continue;
            }
            // EIP-161: a touched account left empty is removed, as is a destroyed one.
            if account.is_selfdestructed() || account.is_empty() {
                self.accounts.remove(&address);
                continue;
            }
            if let Some(code) = account.info.code.as_ref() {
                if !code.is_empty() {
                    self.codes
                        .insert(account.info.code_hash, code.original_bytes());
                }
            }
            let entry = self.accounts.entry(address).or_default();
            if account.is_created() {
                entry.storage = OrdMap::new();
            }
            entry.balance = account.info.balance;
            entry.nonce = account.info.nonce;
            entry.code_hash = account.info.code_hash;
            for (slot, value) in account.storage {
                if !value.is_changed() {
                    continue;
                }
                let present = value.present_value();
                if present.is_zero() {
                    entry.storage.remove(&slot);
                } else {
                    entry.storage.insert(slot, present);
                }
            }
        }
    }
}

/// revm's view of a [`State`], with the hashes of past blocks for `BLOCKHASH`.
#[derive(Debug, Clone)]
pub struct StateDb {
    /// The state the transaction starts from.
    pub state: State,
    /// Hashes of blocks by number.
    pub block_hashes: Arc<Vec<B256>>,
}

impl Database for StateDb {
    type Error = Infallible;

    fn basic(&mut self, address: Address) -> Result<Option<AccountInfo>, Infallible> {
        Ok(self.state.account(address).map(|a| {
            let code = self
                .state
                .codes
                .get(&a.code_hash)
                .map(|c| Bytecode::new_raw(c.clone()));
            AccountInfo {
                balance: a.balance,
                nonce: a.nonce,
                code_hash: a.code_hash,
                code,
                ..AccountInfo::default()
            }
        }))
    }

    fn code_by_hash(&mut self, code_hash: B256) -> Result<Bytecode, Infallible> {
        Ok(self
            .state
            .codes
            .get(&code_hash)
            .map(|c| Bytecode::new_raw(c.clone()))
            .unwrap_or_default())
    }

    fn storage(&mut self, address: Address, index: U256) -> Result<U256, Infallible> {
        Ok(self.state.storage(address, index))
    }

    fn block_hash(&mut self, number: u64) -> Result<B256, Infallible> {
        Ok(self
            .block_hashes
            .get(number as usize)
            .copied()
            .unwrap_or_default())
    }
}

impl DatabaseCommit for StateDb {
    fn commit(&mut self, changes: revm::primitives::AddressMap<RevmAccount>) {
        self.state.commit(changes);
    }
}

/// One account's storage as ArbOS slots, for writing genesis state.
pub struct AccountSlots<'a> {
    /// The state.
    pub state: &'a mut State,
    /// The account.
    pub address: Address,
}

impl Slots for AccountSlots<'_> {
    fn load(&mut self, slot: B256) -> B256 {
        B256::from(
            self.state
                .storage(self.address, U256::from_be_bytes(slot.0)),
        )
    }

    fn store(&mut self, slot: B256, value: B256) {
        self.state.set_storage(
            self.address,
            U256::from_be_bytes(slot.0),
            U256::from_be_bytes(value.0),
        );
    }
}
