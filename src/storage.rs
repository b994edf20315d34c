//! Storage types of the token's own, each the layout of its SDK counterpart: [`Map`], a
//! `mapping(address => …)`; [`Number`], a `uint256` in a slot of its own; and [`StorageStr`],
//! a `string`, for the token's name and symbol.
//!
//! They keep their slots as big-endian [`Key`]s, the form the storage host calls and
//! `keccak256` take, and on wasm call those host functions directly. The SDK's types keep a
//! `U256` slot and convert it for every access and every mapping step (ruint's byte loops),
//! and its `StorageUint` handles any width at any offset in a slot: about 1.5 KB of wasm and
//! some ink on every call that this token does not need.
//!
//! A mapping entry lives at `keccak256(pad32(key) ‖ root)`, Solidity's layout, as the SDK's
//! `StorageMap<Address, _>` puts it. The SDK's `StorageString` computes lengths with 256-bit
//! division, which costs about 8 KB of wasm; [`StorageStr`] reads and writes the same layout
//! with byte arithmetic. Layout (Solidity's): a string of at most 31 bytes lives in its slot,
//! left-aligned, with `2 * len` in the last byte; a longer one stores `2 * len + 1` in its
//! slot and its bytes from slot `keccak256(slot)` on.

use alloc::vec::Vec;
use core::marker::PhantomData;

use alloy_primitives::{Address, U256};
use stylus_sdk::{crypto::keccak, host::VM, storage::StorageType};

use crate::word;

/// A storage slot as the EVM names it: 32 bytes, big-endian.
pub type Key = [u8; 32];

/// The slot `n` of the token's root layout.
pub const fn root_slot(n: u8) -> Key {
    let mut key = [0u8; 32];
    key[31] = n;
    key
}

/// The word at `key` (through the host's storage cache).
#[inline]
pub fn load(vm: &VM, key: &Key) -> [u8; 32] {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = vm;
        let mut out = [0u8; 32];
        // SAFETY: both pointers are to 32 bytes.
        unsafe { stylus_sdk::hostio::storage_load_bytes32(key.as_ptr(), out.as_mut_ptr()) };
        out
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use stylus_sdk::prelude::*;
        vm.storage_load_bytes32(word::u256(key)).0
    }
}

/// Writes `value` at `key` into the host's storage cache, which the entrypoint flushes when
/// the call ends.
#[inline]
pub fn store(vm: &VM, key: &Key, value: &[u8; 32]) {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = vm;
        // SAFETY: both pointers are to 32 bytes.
        unsafe { stylus_sdk::hostio::storage_cache_bytes32(key.as_ptr(), value.as_ptr()) };
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use stylus_sdk::prelude::*;
        // SAFETY: the test VM keeps its cache until the call's end too.
        unsafe { vm.storage_cache_bytes32(word::u256(key), alloy_primitives::B256::new(*value)) };
    }
}

/// A storage type that can sit at any [`Key`]: a mapping's value.
pub trait AtKey {
    /// The accessor for the value at `key`.
    fn at_key(key: Key, vm: VM) -> Self;
}

/// Implements the SDK's `StorageType` for a type used only as a field (its own accessor).
macro_rules! field_type {
    ($ty:ident $(<$v:ident>)?) => {
        impl$(<$v>)? StorageType for $ty$(<$v>)? {
            type Wraps<'a> = &'a Self where Self: 'a;
            type WrapsMut<'a> = &'a mut Self where Self: 'a;

            unsafe fn new(slot: U256, offset: u8, vm: VM) -> Self {
                debug_assert!(offset == 0);
                Self::at_key(word::u256_bytes(&slot), vm)
            }

            fn load<'s>(self) -> Self::Wraps<'s> {
                unreachable!("only used as a field")
            }

            fn load_mut<'s>(self) -> Self::WrapsMut<'s> {
                unreachable!("only used as a field")
            }
        }
    };
}

/// `mapping(address => V)`.
pub struct Map<V> {
    root: Key,
    vm: VM,
    values: PhantomData<V>,
}

impl<V> AtKey for Map<V> {
    fn at_key(root: Key, vm: VM) -> Self {
        Self {
            root,
            vm,
            values: PhantomData,
        }
    }
}

field_type!(Map<V>);

impl<V: AtKey> Map<V> {
    /// The entry for `account`, at `keccak256(pad32(account) ‖ root)`.
    pub fn at(&self, account: &Address) -> V {
        let mut buf = [0u8; 64];
        word::put_address::<0, 64>(&mut buf, account);
        if let Some(root) = buf.last_chunk_mut::<32>() {
            *root = self.root;
        }
        V::at_key(keccak(buf).0, self.vm.clone())
    }
}

/// A `uint256` that fills its slot: the layout of the SDK's `StorageU256`.
pub struct Number {
    key: Key,
    vm: VM,
}

impl AtKey for Number {
    fn at_key(key: Key, vm: VM) -> Self {
        Self { key, vm }
    }
}

field_type!(Number);

impl Number {
    /// The stored value.
    pub fn get(&self) -> U256 {
        word::u256(&load(&self.vm, &self.key))
    }

    /// Stores `value`.
    pub fn set(&mut self, value: U256) {
        store(&self.vm, &self.key, &word::u256_bytes(&value));
    }
}

/// An address in the low 20 bytes of its slot (the SDK's `StorageAddress` at offset 12, where
/// `#[storage]` puts an address that starts a slot).
pub struct AddressSlot {
    key: Key,
    vm: VM,
}

impl AddressSlot {
    /// The accessor for the address in slot `key`.
    pub fn at_key(key: Key, vm: VM) -> Self {
        Self { key, vm }
    }

    /// The stored address.
    pub fn get(&self) -> Address {
        word::address(&load(&self.vm, &self.key))
    }

    /// Stores `address`, keeping the slot's other 12 bytes.
    pub fn set(&mut self, address: Address) {
        let mut value = load(&self.vm, &self.key);
        if let Some(low) = value.last_chunk_mut::<20>() {
            *low = address.0 .0;
        }
        store(&self.vm, &self.key, &value);
    }
}

impl StorageType for AddressSlot {
    type Wraps<'a> = Address;
    type WrapsMut<'a> = &'a mut Self;

    const SLOT_BYTES: usize = 20;

    unsafe fn new(slot: U256, offset: u8, vm: VM) -> Self {
        debug_assert!(offset == 12);
        Self::at_key(word::u256_bytes(&slot), vm)
    }

    fn load<'s>(self) -> Self::Wraps<'s> {
        self.get()
    }

    fn load_mut<'s>(self) -> Self::WrapsMut<'s> {
        unreachable!("only used as a field")
    }
}

/// A `bool` in byte `at` (from the left) of its slot, as the SDK's `StorageBool` at offset
/// `at` keeps it.
pub struct Flag {
    key: Key,
    at: u8,
    vm: VM,
}

impl Flag {
    /// The accessor for the flag at byte `at` of slot `key`.
    pub fn at_key(key: Key, at: u8, vm: VM) -> Self {
        Self { key, at, vm }
    }

    /// The stored flag.
    pub fn get(&self) -> bool {
        load(&self.vm, &self.key)[usize::from(self.at & 31)] != 0
    }

    /// Stores `value`, keeping the slot's other bytes.
    pub fn set(&mut self, value: bool) {
        let mut word = load(&self.vm, &self.key);
        word[usize::from(self.at & 31)] = u8::from(value);
        store(&self.vm, &self.key, &word);
    }
}

impl StorageType for Flag {
    type Wraps<'a> = bool;
    type WrapsMut<'a> = &'a mut Self;

    const SLOT_BYTES: usize = 1;

    unsafe fn new(slot: U256, offset: u8, vm: VM) -> Self {
        Self::at_key(word::u256_bytes(&slot), offset, vm)
    }

    fn load<'s>(self) -> Self::Wraps<'s> {
        self.get()
    }

    fn load_mut<'s>(self) -> Self::WrapsMut<'s> {
        unreachable!("only used as a field")
    }
}

/// A `string` stored with Solidity's layout.
pub struct StorageStr {
    key: Key,
    vm: VM,
}

impl AtKey for StorageStr {
    fn at_key(key: Key, vm: VM) -> Self {
        Self { key, vm }
    }
}

field_type!(StorageStr);

/// The slot after `key`, wrapping as Solidity's slot arithmetic does.
fn next(key: &mut Key) {
    for byte in key.iter_mut().rev() {
        *byte = byte.wrapping_add(1);
        if *byte != 0 {
            return;
        }
    }
}

impl StorageStr {
    /// The stored bytes.
    pub fn get_bytes(&self) -> Vec<u8> {
        let head = load(&self.vm, &self.key);
        let last = head[31];
        if last & 1 == 0 {
            // Short form: at most 31 bytes in the slot (`get` keeps malformed storage from
            // reading past it).
            return head
                .get(..usize::from(last / 2))
                .map_or_else(Vec::new, <[u8]>::to_vec);
        }
        // Long form: the slot holds `2 * len + 1`, a small number in the low bytes.
        let len = (u32::from_be_bytes([head[28], head[29], head[30], head[31]]) / 2) as usize;
        let mut out = Vec::with_capacity(len);
        let mut key = keccak(self.key).0;
        while out.len() < len {
            let word = load(&self.vm, &key);
            let take = (len - out.len()).min(32);
            out.extend_from_slice(word.get(..take).unwrap_or(&[]));
            next(&mut key);
        }
        out
    }

    /// Stores `bytes`. Only for empty storage (the constructor): a long string's old chunks
    /// past the new length are not cleared.
    pub fn set_bytes(&mut self, bytes: &[u8]) {
        let len = bytes.len();
        let mut head = [0u8; 32];
        if let Some(short) = head.get_mut(..len).filter(|_| len <= 31) {
            short.copy_from_slice(bytes);
            head[31] = (len * 2) as u8;
        } else {
            head[28..].copy_from_slice(&((len * 2 + 1) as u32).to_be_bytes());
            let mut key = keccak(self.key).0;
            for chunk in bytes.chunks(32) {
                let mut word = [0u8; 32];
                if let Some(to) = word.get_mut(..chunk.len()) {
                    to.copy_from_slice(chunk);
                }
                store(&self.vm, &key, &word);
                next(&mut key);
            }
        }
        store(&self.vm, &self.key, &head);
    }
}
