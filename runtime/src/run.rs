//! A program call: entry costs, then `user_entrypoint` under ink metering with the
//! `vm_hooks`, then the outcome.
//!
//! Semantics follow Nitro (`arbos/programs/programs.go` `CallProgram` and `toResult`,
//! `crates/stylus/src/run.rs`):
//! - the call first pays its entry cost: its initial memory pages (memory model), the cached
//!   cost and, when the program is not cached, the init cost; a call that cannot pay it ends
//!   out of gas;
//! - `user_entrypoint` returning 0 succeeds and anything else reverts, with the bytes of the
//!   last `write_result` as output; `exit_early(status)` ends the call the same way;
//! - a trap is a failure: the call reverts with empty data and keeps its unspent gas; running
//!   out of ink consumes all the call's gas;
//! - from ArbOS 31 a call returning data costs at least what the EVM's memory for that data
//!   would.

use std::collections::BTreeMap;

use wasmi::{Engine, Module, Store, Val};

use crate::{
    evm_api::{EvmApi, EvmData},
    hostio::{self, Host},
    instrument,
    pricing::{Pages, INK_PRICE},
    Error, Program, Result,
};

/// How a program call ended (`crates/arbutil/src/evm/user.rs` `UserOutcomeKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Returned 0.
    Success,
    /// Returned non-zero: reverted with its output.
    Revert,
    /// Trapped: reverted with no data, unspent gas kept.
    Failure,
    /// Ran out of ink, or could not pay its entry or return-data cost: reverted, all gas
    /// consumed.
    OutOfInk,
}

/// Where one program call's gas went, for gas reports (nested calls are counted by the
/// world that runs them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Gas charged on program entry (memory, cached and init costs).
    pub entry_gas: u64,
    /// Ink spent executing wasm (metered operators and memory copies), not hostios.
    pub wasm_ink: u64,
    /// Ink spent in hostios, including their gas-priced EVM work.
    pub hostio_ink: u64,
    /// Calls of each hostio.
    pub hostios: BTreeMap<&'static str, u64>,
    /// Storage loads answered from the call's cache.
    pub cached_loads: u64,
    /// Storage loads that went to the state: cold ones.
    pub cold_loads: u64,
    /// Storage loads that went to the state: warm ones.
    pub warm_loads: u64,
    /// Slots written back by flushes.
    pub stores: u64,
    /// The transaction's intrinsic gas (21,000 and calldata), filled in by the world.
    pub intrinsic_gas: u64,
    /// Gas for the EVM work any implementation must do: storage reads and writes (EIP-2929,
    /// EIP-2200), logs, and calls to precompiles.
    pub evm_gas: u64,
    /// For programs activated with [`Program::activate_profiled`]: the ink each local
    /// function (by index among the module's own functions) spent in its own code.
    pub profile: BTreeMap<u32, u64>,
}

impl Stats {
    /// Adds `other`'s counts to these.
    pub fn merge(&mut self, other: &Stats) {
        self.entry_gas += other.entry_gas;
        self.wasm_ink += other.wasm_ink;
        self.hostio_ink += other.hostio_ink;
        for (name, n) in &other.hostios {
            *self.hostios.entry(name).or_default() += n;
        }
        self.cached_loads += other.cached_loads;
        self.cold_loads += other.cold_loads;
        self.warm_loads += other.warm_loads;
        self.stores += other.stores;
        self.intrinsic_gas += other.intrinsic_gas;
        self.evm_gas += other.evm_gas;
        for (func, ink) in &other.profile {
            *self.profile.entry(*func).or_default() += ink;
        }
    }
}

/// A finished program call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramResult {
    /// How it ended.
    pub outcome: Outcome,
    /// Return data on success, revert data on a revert, empty otherwise.
    pub output: Vec<u8>,
    /// Gas left to return to the caller.
    pub gas_left: u64,
    /// Where the gas went.
    pub stats: Stats,
}

/// Calls `program` with `calldata` and `gas` in the world `api`: pays the entry cost, runs
/// the program, and applies the return-data floor. The world reverts the call's state
/// changes unless the outcome is a success.
pub fn call_program(
    engine: &Engine,
    program: &Program,
    data: &EvmData,
    calldata: &[u8],
    gas: u64,
    api: &mut dyn EvmApi,
) -> Result<ProgramResult> {
    let (open, ever) = api.stylus_pages();
    let entry = program
        .data
        .entry_gas(&mut Pages { open, ever }, data.cached);
    let stats = Stats {
        entry_gas: entry,
        ..Stats::default()
    };
    if entry > gas {
        return Ok(ProgramResult {
            outcome: Outcome::OutOfInk,
            output: Vec::new(),
            gas_left: 0,
            stats,
        });
    }
    // Opens the pages whose gas `entry` includes.
    let _ = api.add_pages(u16::try_from(program.data.footprint).unwrap_or(u16::MAX));
    let ink = (gas - entry).saturating_mul(INK_PRICE);
    let run = execute(engine, &program.module, data, calldata, ink, api, stats);
    api.set_stylus_pages_open(open);
    let (outcome, output, ink_left, stats) = run?;
    let mut gas_left = ink_left / INK_PRICE;
    if !output.is_empty() {
        let floor = evm_memory_cost(output.len() as u64);
        if gas < floor {
            return Ok(ProgramResult {
                outcome: Outcome::OutOfInk,
                output: Vec::new(),
                gas_left: 0,
                stats,
            });
        }
        gas_left = gas_left.min(gas - floor);
    }
    Ok(ProgramResult {
        outcome,
        output,
        gas_left,
        stats,
    })
}

/// The EVM's cost of `len` bytes of memory: `3·words + words²/512`.
fn evm_memory_cost(len: u64) -> u64 {
    let words = len.div_ceil(32);
    3 * words + words * words / 512
}

/// The nonzero profile counters a profiled module exports.
fn profile_counters<T>(instance: &wasmi::Instance, store: &Store<T>) -> BTreeMap<u32, u64> {
    instance
        .exports(store)
        .filter_map(|export| {
            let func = export.name().strip_prefix(instrument::PROFILE_PREFIX)?;
            let ink = export.into_global()?.get(store).i64()? as u64;
            Some((func.parse().ok()?, ink))
        })
        .filter(|&(_, ink)| ink > 0)
        .collect()
}

/// Instantiates `module` with the host functions and runs `user_entrypoint` with `ink`.
fn execute(
    engine: &Engine,
    module: &Module,
    data: &EvmData,
    calldata: &[u8],
    ink: u64,
    api: &mut dyn EvmApi,
    stats: Stats,
) -> Result<(Outcome, Vec<u8>, u64, Stats)> {
    let engine_error = |e: wasmi::Error| Error::Engine {
        message: e.to_string(),
    };
    let calldata_len = calldata.len() as u32;
    let mut store = Store::new(engine, Host::new(api, data, calldata, stats));
    let linker = hostio::linker(engine)?;
    let instance = linker
        .instantiate_and_start(&mut store, module)
        .map_err(engine_error)?;
    let memory = instance.get_memory(&store, "memory");
    let ink_global = instance.get_global(&store, instrument::INK_LEFT);
    let status_global = instance.get_global(&store, instrument::INK_STATUS);
    let (Some(memory), Some(ink_global), Some(status_global)) = (memory, ink_global, status_global)
    else {
        return Err(Error::Engine {
            message: "the instrumented module lacks memory or ink globals".into(),
        });
    };
    ink_global
        .set(&mut store, Val::I64(ink as i64))
        .map_err(|e| Error::Engine {
            message: e.to_string(),
        })?;
    store.data_mut().attach(memory, ink_global, status_global);
    let entry = instance
        .get_typed_func::<u32, i32>(&store, "user_entrypoint")
        .map_err(engine_error)?;
    let result = entry.call(&mut store, calldata_len);
    let ink_left = ink_global.get(&store).i64().unwrap_or(0) as u64;
    let out_of_ink = status_global.get(&store).i32().unwrap_or(0) != 0;
    let profile = profile_counters(&instance, &store);
    let host = store.into_data();
    let (output, mut stats) = host.finish();
    stats.profile = profile;
    stats.wasm_ink += (ink - ink_left).saturating_sub(stats.hostio_ink);
    let outcome = match result {
        _ if out_of_ink => Outcome::OutOfInk,
        Ok(0) => Outcome::Success,
        Ok(_) => Outcome::Revert,
        Err(e) => match e.i32_exit_status() {
            Some(0) => Outcome::Success,
            Some(_) => Outcome::Revert,
            None if hostio::is_out_of_ink(&e) => Outcome::OutOfInk,
            None => Outcome::Failure,
        },
    };
    Ok(match outcome {
        Outcome::OutOfInk => (outcome, Vec::new(), 0, stats),
        Outcome::Failure => (outcome, Vec::new(), ink_left, stats),
        _ => (outcome, output, ink_left, stats),
    })
}
