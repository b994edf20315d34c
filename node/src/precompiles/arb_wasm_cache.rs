//! ArbWasmCache (0x72): which programs are cached, for cache managers and chain owners
//! (`precompiles/ArbWasmCache.go`, `programs.go` `SetProgramCached`). A cached program's calls
//! pay only the cached entry cost.

use alloy_primitives::{Address, B256};
use alloy_sol_types::{sol, SolCall};

use super::{arb_wasm::ArbWasm, sol_error, Body, Exit, PrecompileCall, Purity};
use crate::arbos::AddressSet;

sol! {
    /// ArbWasmCache (nitro-precompile-interfaces `ArbWasmCache.sol`); `cacheCodehash` existed
    /// at ArbOS 30 only.
    interface ArbWasmCache {
        function isCacheManager(address manager) external view returns (bool);
        function allCacheManagers() external view returns (address[] memory managers);
        function cacheProgram(address addr) external;
        function evictCodehash(bytes32 codehash) external;
        function codehashIsCached(bytes32 codehash) external view returns (bool);

        event UpdateProgramCache(address indexed manager, bytes32 indexed codehash, bool cached);
    }
}

use ArbWasmCache::*;

/// The method for `selector`.
pub(super) fn method(selector: [u8; 4]) -> Option<(Purity, Body)> {
    Some(match selector {
        isCacheManagerCall::SELECTOR => (Purity::View, |c| {
            let call: isCacheManagerCall = c.decode()?;
            c.burn(800)?;
            let yes = AddressSet::cache_managers().contains(&mut c.slots(), call.manager);
            Ok(isCacheManagerCall::abi_encode_returns(&yes))
        }),
        allCacheManagersCall::SELECTOR => (Purity::View, |c| {
            c.burn(800)?;
            let all = AddressSet::cache_managers().all(&mut c.slots());
            c.burn(800 * all.len() as u64)?;
            Ok(allCacheManagersCall::abi_encode_returns(&all))
        }),
        cacheProgramCall::SELECTOR => (Purity::Write, |c| {
            let call: cacheProgramCall = c.decode()?;
            require_access(c)?;
            let codehash = c.code_hash(call.addr)?;
            set_cached(c, codehash, true)
        }),
        evictCodehashCall::SELECTOR => (Purity::Write, |c| {
            let call: evictCodehashCall = c.decode()?;
            require_access(c)?;
            set_cached(c, call.codehash, false)
        }),
        codehashIsCachedCall::SELECTOR => (Purity::View, |c| {
            let call: codehashIsCachedCall = c.decode()?;
            let info = c.program(call.codehash)?;
            Ok(codehashIsCachedCall::abi_encode_returns(&info.cached))
        }),
        _ => return None,
    })
}

/// Only cache managers and chain owners may cache; anyone else burns all gas.
fn require_access(c: &mut PrecompileCall<'_>) -> Result<(), Exit> {
    let caller: Address = c.caller;
    c.burn(800)?;
    if AddressSet::cache_managers().contains(&mut c.slots(), caller) {
        return Ok(());
    }
    c.burn(800)?;
    if AddressSet::chain_owners().contains(&mut c.slots(), caller) {
        return Ok(());
    }
    Err(Exit::BurnOut)
}

/// Sets whether `codehash` is cached (`SetProgramCached`): caching needs an active program;
/// a change emits `UpdateProgramCache` and burns the program's stored init cost.
fn set_cached(c: &mut PrecompileCall<'_>, codehash: B256, cache: bool) -> Result<Vec<u8>, Exit> {
    let params = c.params()?;
    let mut info = c.program(codehash)?;
    if cache && info.version != params.version {
        return Err(sol_error(ArbWasm::ProgramNeedsUpgrade {
            version: info.version,
            stylusVersion: params.version,
        }));
    }
    let age = info.age(c.time());
    if cache && age > params.expiry_seconds() {
        return Err(sol_error(ArbWasm::ProgramExpired { ageInSeconds: age }));
    }
    if info.cached == cache {
        return Ok(Vec::new());
    }
    let manager = c.caller;
    c.emit(UpdateProgramCache {
        manager,
        codehash,
        cached: cache,
    })?;
    c.burn(u64::from(info.init_cost))?;
    // The module hash is read to move the module in or out of the cache.
    c.burn(800)?;
    info.cached = cache;
    c.burn(20_000)?;
    info.store(&mut c.slots(), codehash);
    Ok(Vec::new())
}
