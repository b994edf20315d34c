//! Storage types of the token's own: [`Account`], an address as a `StorageMap` key, and
//! [`StorageStr`], a `string` with Solidity's layout, for the token's name and symbol.
//!
//! `Account` gives the slot the SDK gives an `Address` key — `keccak256(pad32(key) ‖ root)`,
//! Solidity's mapping layout — from two copies into one buffer; the SDK's `Address` key goes
//! through `U160`, `U256` and a byte-by-byte concatenation first, about 1,000,000 ink (100
//! gas) per lookup measured on the deployed wasm.
//!
//! The SDK's `StorageString` computes lengths with 256-bit division, which costs about 8 KB of
//! wasm; this type reads and writes the same layout with byte arithmetic. Layout (Solidity's):
//! a string of at most 31 bytes lives in its slot, left-aligned, with `2 * len` in the last
//! byte; a longer one stores `2 * len + 1` in its slot and its bytes from slot `keccak256(slot)`
//! on.

use alloc::vec::Vec;

use alloy_primitives::Address;
use alloy_primitives::{B256, U256};
use stylus_sdk::{
    crypto::keccak,
    host::VM,
    prelude::*,
    storage::{StorageKey, StorageType},
};

use crate::word;

/// An account as a `StorageMap` key: the same slot as the SDK's `Address` key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Account(pub Address);

impl StorageKey for Account {
    fn to_slot(&self, root: B256) -> U256 {
        let mut buf = [0u8; 64];
        word::put_address::<0, 64>(&mut buf, &self.0);
        word::put_b256::<32, 64>(&mut buf, &root);
        word::u256(&keccak(buf).0)
    }
}

/// A `string` stored with Solidity's layout.
pub struct StorageStr {
    slot: U256,
    vm: VM,
}

impl StorageType for StorageStr {
    type Wraps<'a> = &'a Self;
    type WrapsMut<'a> = &'a mut Self;

    unsafe fn new(slot: U256, offset: u8, vm: VM) -> Self {
        debug_assert!(offset == 0);
        Self { slot, vm }
    }

    fn load<'s>(self) -> Self::Wraps<'s> {
        unreachable!("a StorageStr is only used as a field")
    }

    fn load_mut<'s>(self) -> Self::WrapsMut<'s> {
        unreachable!("a StorageStr is only used as a field")
    }
}

impl StorageStr {
    /// The stored bytes.
    pub fn get_bytes(&self) -> Vec<u8> {
        let head = self.vm.storage_load_bytes32(self.slot).0;
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
        let mut slot = self.data_slot();
        while out.len() < len {
            let word = self.vm.storage_load_bytes32(slot).0;
            let take = (len - out.len()).min(32);
            out.extend_from_slice(word.get(..take).unwrap_or(&[]));
            // Slot arithmetic wraps, as in Solidity.
            slot += U256::from(1);
        }
        out
    }

    /// Stores `bytes`. Only for empty storage (the constructor): a long string's old chunks
    /// past the new length are not cleared.
    pub fn set_bytes(&mut self, bytes: &[u8]) {
        let len = bytes.len();
        let mut head = [0u8; 32];
        if len <= 31 {
            for (to, from) in head.iter_mut().zip(bytes) {
                *to = *from;
            }
            head[31] = (len * 2) as u8;
        } else {
            let [a, b, c, d] = ((len * 2 + 1) as u32).to_be_bytes();
            (head[28], head[29], head[30], head[31]) = (a, b, c, d);
            let mut slot = self.data_slot();
            for chunk in bytes.chunks(32) {
                let mut word = [0u8; 32];
                for (to, from) in word.iter_mut().zip(chunk) {
                    *to = *from;
                }
                // SAFETY: the cache is flushed when the call ends.
                unsafe { self.vm.storage_cache_bytes32(slot, B256::new(word)) };
                slot += U256::from(1);
            }
        }
        // SAFETY: as above.
        unsafe { self.vm.storage_cache_bytes32(self.slot, B256::new(head)) };
    }

    /// Where a long string's bytes start: `keccak256(slot)`.
    fn data_slot(&self) -> U256 {
        word::u256(&keccak(word::u256_bytes(&self.slot)).0)
    }
}
