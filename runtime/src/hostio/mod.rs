//! The `vm_hooks` host functions, one small function per import, grouped by concern, each
//! starting with what it charges (Nitro's `UserHost` trait,
//! `crates/wasm-libraries/user-host-trait/lib.rs`, with the storage cache of
//! `crates/arbutil/src/evm/req.rs`).

mod args;
mod calls;
mod context;
mod crypto;
mod logs;
mod memory;
mod storage;

use std::collections::HashMap;

use alloy_primitives::{Address, B256, U256};
use wasmi::{Caller, Engine, Global, Linker, Memory, Val};

use crate::{
    evm_api::{EvmApi, EvmData},
    pricing::{self, INK_PRICE},
    run::Stats,
    Error, Result,
};

/// A host function's result: a trap ends the program.
pub(crate) type HostResult<T = ()> = std::result::Result<T, wasmi::Error>;

/// A host function's view of its call.
type Ctx<'c, 'a> = Caller<'c, Host<'a>>;

/// Host state of one program call.
pub(crate) struct Host<'a> {
    api: &'a mut dyn EvmApi,
    data: &'a EvmData,
    args: &'a [u8],
    outs: Vec<u8>,
    return_data: Vec<u8>,
    storage: StorageCache,
    /// The last code `account_code` fetched (`EvmApiRequestor::last_code`).
    last_code: Option<(Address, Vec<u8>)>,
    stats: Stats,
    memory: Option<Memory>,
    ink: Option<Global>,
    status: Option<Global>,
}

/// The call's storage cache: values read or written, and what the state holds if known
/// (`crates/arbutil/src/evm/storage.rs`).
#[derive(Default)]
struct StorageCache {
    slots: HashMap<B256, Slot>,
    reads: u64,
    writes: u64,
}

struct Slot {
    value: B256,
    known: Option<B256>,
}

impl<'a> Host<'a> {
    pub(crate) fn new(
        api: &'a mut dyn EvmApi,
        data: &'a EvmData,
        args: &'a [u8],
        stats: Stats,
    ) -> Self {
        Self {
            api,
            data,
            args,
            outs: Vec::new(),
            return_data: Vec::new(),
            storage: StorageCache::default(),
            last_code: None,
            stats,
            memory: None,
            ink: None,
            status: None,
        }
    }

    /// Connects the instance's memory and metering globals.
    pub(crate) fn attach(&mut self, memory: Memory, ink: Global, status: Global) {
        self.memory = Some(memory);
        self.ink = Some(ink);
        self.status = Some(status);
    }

    /// The result bytes and the call's stats.
    pub(crate) fn finish(self) -> (Vec<u8>, Stats) {
        (self.outs, self.stats)
    }
}

/// The trap raised for running out of ink (with the status global set to 1).
#[derive(Debug)]
struct OutOfInk;

impl std::fmt::Display for OutOfInk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("out of ink")
    }
}

impl wasmi::errors::HostError for OutOfInk {}

/// Whether `error` is the host's out-of-ink trap.
pub(crate) fn is_out_of_ink(error: &wasmi::Error) -> bool {
    error.downcast_ref::<OutOfInk>().is_some()
}

fn trap(message: impl Into<String>) -> wasmi::Error {
    wasmi::Error::new(message.into())
}

fn ink_left(c: &Ctx<'_, '_>) -> u64 {
    let global = c.data().ink.expect("attached before the call");
    global.get(c).i64().unwrap_or(0) as u64
}

fn out_of_ink(c: &mut Ctx<'_, '_>) -> wasmi::Error {
    let (ink, status) = (c.data().ink, c.data().status);
    if let (Some(ink), Some(status)) = (ink, status) {
        let _ = ink.set(&mut *c, Val::I64(0));
        let _ = status.set(&mut *c, Val::I32(1));
    }
    wasmi::Error::host(OutOfInk)
}

/// Takes `ink`, or runs out (`MeteredMachine::buy_ink`).
fn buy_ink(c: &mut Ctx<'_, '_>, ink: u64) -> HostResult {
    let left = ink_left(c);
    if left < ink {
        return Err(out_of_ink(c));
    }
    let global = c.data().ink.expect("attached before the call");
    global
        .set(&mut *c, Val::I64((left - ink) as i64))
        .map_err(|e| trap(e.to_string()))?;
    c.data_mut().stats.hostio_ink += ink;
    Ok(())
}

/// Takes `gas` as ink.
fn buy_gas(c: &mut Ctx<'_, '_>, gas: u64) -> HostResult {
    buy_ink(c, gas.saturating_mul(INK_PRICE))
}

/// Fails unless `gas` is left, without taking it (`require_gas`).
fn require_gas(c: &mut Ctx<'_, '_>, gas: u64) -> HostResult {
    if ink_left(c) < gas.saturating_mul(INK_PRICE) {
        return Err(out_of_ink(c));
    }
    Ok(())
}

/// The gas left, in whole gas.
fn gas_left(c: &Ctx<'_, '_>) -> u64 {
    ink_left(c) / INK_PRICE
}

/// Pays for copying `bytes` from the program (`pay_for_read`).
fn pay_for_read(c: &mut Ctx<'_, '_>, bytes: u32) -> HostResult {
    buy_ink(c, pricing::read_price(u64::from(bytes)))
}

/// Pays for copying `bytes` into the program (`pay_for_write`).
fn pay_for_write(c: &mut Ctx<'_, '_>, bytes: u32) -> HostResult {
    buy_ink(c, pricing::write_price(u64::from(bytes)))
}

/// Counts one call of `name`, for the stats.
fn count(c: &mut Ctx<'_, '_>, name: &'static str) {
    *c.data_mut().stats.hostios.entry(name).or_default() += 1;
}

fn read(c: &Ctx<'_, '_>, ptr: u32, len: u32) -> HostResult<Vec<u8>> {
    let mut buf = vec![0u8; len as usize];
    c.data()
        .memory
        .expect("attached before the call")
        .read(c, ptr as usize, &mut buf)
        .map_err(|_| trap("memory access out of bounds"))?;
    Ok(buf)
}

fn read_word(c: &Ctx<'_, '_>, ptr: u32) -> HostResult<B256> {
    Ok(B256::from_slice(&read(c, ptr, 32)?))
}

fn read_u256(c: &Ctx<'_, '_>, ptr: u32) -> HostResult<U256> {
    Ok(U256::from_be_bytes(read_word(c, ptr)?.0))
}

fn read_address(c: &Ctx<'_, '_>, ptr: u32) -> HostResult<Address> {
    Ok(Address::from_slice(&read(c, ptr, 20)?))
}

fn write(c: &mut Ctx<'_, '_>, ptr: u32, data: &[u8]) -> HostResult {
    let memory = c.data().memory.expect("attached before the call");
    memory
        .write(&mut *c, ptr as usize, data)
        .map_err(|_| trap("memory access out of bounds"))
}

fn write_u32(c: &mut Ctx<'_, '_>, ptr: u32, value: u32) -> HostResult {
    write(c, ptr, &value.to_le_bytes())
}

/// The host functions, `vm_hooks.*`, with Nitro's prices.
pub(crate) fn linker<'a>(engine: &Engine) -> Result<Linker<Host<'a>>> {
    let mut linker = Linker::<Host<'a>>::new(engine);
    macro_rules! hooks {
        ($($module:ident::$name:ident),* $(,)?) => {
            $(
                linker
                    .func_wrap("vm_hooks", stringify!($name), $module::$name)
                    .map_err(|e| Error::Engine { message: e.to_string() })?;
            )*
        };
    }
    hooks!(
        args::read_args,
        args::write_result,
        args::exit_early,
        args::read_return_data,
        args::return_data_size,
        storage::storage_load_bytes32,
        storage::storage_cache_bytes32,
        storage::storage_flush_cache,
        storage::transient_load_bytes32,
        storage::transient_store_bytes32,
        calls::call_contract,
        calls::delegate_call_contract,
        calls::static_call_contract,
        calls::create1,
        calls::create2,
        logs::emit_log,
        context::account_balance,
        context::account_code,
        context::account_code_size,
        context::account_codehash,
        context::block_basefee,
        context::block_coinbase,
        context::block_gas_limit,
        context::block_number,
        context::block_timestamp,
        context::chainid,
        context::contract_address,
        context::evm_gas_left,
        context::evm_ink_left,
        context::msg_reentrant,
        context::msg_sender,
        context::msg_value,
        context::tx_gas_price,
        context::tx_ink_price,
        context::tx_origin,
        crypto::native_keccak256,
        crypto::math_div,
        crypto::math_mod,
        crypto::math_pow,
        crypto::math_add_mod,
        crypto::math_mul_mod,
        memory::pay_for_memory_grow,
    );
    Ok(linker)
}
