//! [`StorageStr`]: a `string` in storage with Solidity's layout, for the token's name and symbol.
//!
//! The SDK's `StorageString` computes lengths with 256-bit division, which costs about 8 KB of
//! wasm; this type reads and writes the same layout with byte arithmetic. Layout (Solidity's):
//! a string of at most 31 bytes lives in its slot, left-aligned, with `2 * len` in the last
//! byte; a longer one stores `2 * len + 1` in its slot and its bytes from slot `keccak256(slot)`
//! on.

use alloc::vec::Vec;

use alloy_primitives::{B256, U256};
use stylus_sdk::{crypto::keccak, host::VM, prelude::*, storage::StorageType};

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
        let head = self.vm.storage_load_bytes32(self.slot);
        if head[31] & 1 == 0 {
            let len = usize::from(head[31] / 2);
            return head[..len].to_vec();
        }
        // Long form: the slot holds `2 * len + 1`, a small number in the low bytes.
        let len = (u32::from_be_bytes([head[28], head[29], head[30], head[31]]) / 2) as usize;
        let mut out = alloc::vec![0u8; len];
        let mut slot = self.data_slot();
        for chunk in out.chunks_mut(32) {
            let word = self.vm.storage_load_bytes32(slot);
            chunk.copy_from_slice(&word[..chunk.len()]);
            // Slot arithmetic wraps, as in Solidity.
            slot += U256::from(1);
        }
        out
    }

    /// Stores `bytes`. Only for empty storage (the constructor): a long string's old chunks
    /// past the new length are not cleared.
    pub fn set_bytes(&mut self, bytes: &[u8]) {
        let len = bytes.len();
        let mut head = B256::ZERO;
        if len <= 31 {
            head[..len].copy_from_slice(bytes);
            head[31] = (len * 2) as u8;
        } else {
            head[28..].copy_from_slice(&((len * 2 + 1) as u32).to_be_bytes());
            let mut slot = self.data_slot();
            for chunk in bytes.chunks(32) {
                let mut word = B256::ZERO;
                word[..chunk.len()].copy_from_slice(chunk);
                // SAFETY: the cache is flushed when the call ends.
                unsafe { self.vm.storage_cache_bytes32(slot, word) };
                slot += U256::from(1);
            }
        }
        // SAFETY: as above.
        unsafe { self.vm.storage_cache_bytes32(self.slot, head) };
    }

    /// Where a long string's bytes start: `keccak256(slot)`.
    fn data_slot(&self) -> U256 {
        U256::from_be_bytes(keccak(self.slot.to_be_bytes::<32>()).0)
    }
}
