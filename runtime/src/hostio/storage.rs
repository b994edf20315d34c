//! Storage and transient storage, through the call's storage cache.

use std::collections::hash_map::Entry;

use alloy_primitives::B256;

use super::{
    buy_gas, buy_ink, count, gas_left, read_word, require_gas, trap, write, Ctx, HostResult, Slot,
};
use crate::{
    evm_api::ApiStatus,
    pricing::{cache, evm, hostio, EVM_API_INK, INK_PRICE},
};

/// `SLOAD` through the cache: base ink; the cache's read gas; on a miss, the world's access
/// gas plus the API cost as gas. Needs enough gas for a cold miss first.
pub(super) fn storage_load_bytes32(mut c: Ctx<'_, '_>, key: u32, dest: u32) -> HostResult {
    count(&mut c, "storage_load_bytes32");
    buy_ink(&mut c, hostio::STORAGE_ACCESS)?;
    // ArbOS >= 32 (`ARBOS_VERSION_STYLUS_CHARGING_FIXES`): the API cost in gas, not ink.
    let api_gas = EVM_API_INK / INK_PRICE;
    require_gas(
        &mut c,
        evm::COLD_SLOAD + cache::REQUIRED_ACCESS_GAS + api_gas,
    )?;
    let key = read_word(&c, key)?;
    let host = c.data_mut();
    host.storage.reads += 1;
    let mut gas = cache::read_gas(host.storage.reads);
    let value = match host.storage.slots.entry(key) {
        Entry::Occupied(slot) => {
            host.stats.cached_loads += 1;
            slot.get().value
        }
        Entry::Vacant(slot) => {
            let (value, access) = host.api.get_bytes32(key);
            if access >= evm::COLD_SLOAD {
                host.stats.cold_loads += 1;
            } else {
                host.stats.warm_loads += 1;
            }
            host.stats.evm_gas += access;
            gas += access + api_gas;
            slot.insert(Slot {
                value,
                known: Some(value),
            });
            value
        }
    };
    buy_gas(&mut c, gas)?;
    write(&mut c, dest, value.as_slice())
}

/// Caches a write of `value` at `key`: base ink and the cache's write gas. Needs the
/// `SSTORE` sentry.
pub(super) fn storage_cache_bytes32(mut c: Ctx<'_, '_>, key: u32, value: u32) -> HostResult {
    count(&mut c, "storage_cache_bytes32");
    buy_ink(&mut c, hostio::STORAGE_ACCESS)?;
    require_gas(&mut c, evm::SSTORE_SENTRY + cache::REQUIRED_ACCESS_GAS)?;
    let (key, value) = (read_word(&c, key)?, read_word(&c, value)?);
    let storage = &mut c.data_mut().storage;
    storage.writes += 1;
    let gas = cache::write_gas(storage.writes);
    storage
        .slots
        .entry(key)
        .and_modify(|slot| slot.value = value)
        .or_insert(Slot { value, known: None });
    buy_gas(&mut c, gas)
}

/// Writes the dirty slots back (`SSTORE`s): base ink and what the world charges for them.
/// Needs the `SSTORE` sentry; a write in a static call or a write it cannot pay for traps.
pub(super) fn storage_flush_cache(mut c: Ctx<'_, '_>, clear: u32) -> HostResult {
    count(&mut c, "storage_flush_cache");
    buy_ink(&mut c, hostio::EVM_API)?;
    require_gas(&mut c, evm::SSTORE_SENTRY)?;
    // Nitro offers one gas more than is left (`gas_left + Gas(1)`).
    let offered = gas_left(&c) + 1;
    let host = c.data_mut();
    let mut dirty: Vec<(B256, B256)> = Vec::new();
    for (key, slot) in host.storage.slots.iter_mut() {
        if slot.known != Some(slot.value) {
            dirty.push((*key, slot.value));
            slot.known = Some(slot.value);
        }
    }
    if clear != 0 {
        host.storage.slots.clear();
    }
    if dirty.is_empty() {
        return Ok(());
    }
    dirty.sort();
    let mut left = offered;
    let status = host.api.set_trie_slots(&dirty, &mut left);
    let gas = offered - left;
    host.stats.stores += dirty.len() as u64;
    host.stats.evm_gas += gas;
    buy_gas(&mut c, gas)?;
    match status {
        ApiStatus::Success => Ok(()),
        ApiStatus::OutOfGas => Err(super::out_of_ink(&mut c)),
        ApiStatus::WriteProtection => Err(trap("write protection: storage write in a static call")),
    }
}

/// `TLOAD`: base ink and 100 gas.
pub(super) fn transient_load_bytes32(mut c: Ctx<'_, '_>, key: u32, dest: u32) -> HostResult {
    count(&mut c, "transient_load_bytes32");
    buy_ink(&mut c, hostio::EVM_API_2_PTR)?;
    buy_gas(&mut c, evm::TRANSIENT)?;
    let key = read_word(&c, key)?;
    let value = c.data_mut().api.get_transient_bytes32(key);
    write(&mut c, dest, value.as_slice())
}

/// `TSTORE`: base ink and 100 gas; traps in a static call.
pub(super) fn transient_store_bytes32(mut c: Ctx<'_, '_>, key: u32, value: u32) -> HostResult {
    count(&mut c, "transient_store_bytes32");
    buy_ink(&mut c, hostio::EVM_API_2_PTR)?;
    buy_gas(&mut c, evm::TRANSIENT)?;
    let (key, value) = (read_word(&c, key)?, read_word(&c, value)?);
    match c.data_mut().api.set_transient_bytes32(key, value) {
        ApiStatus::Success => Ok(()),
        _ => Err(trap("write protection: transient store in a static call")),
    }
}
