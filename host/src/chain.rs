//! The in-process chain: world state, transactions, deployment and the program calls that run
//! instrumented wasm under wasmi with Nitro's `vm_hooks`.
//!
//! Semantics follow Nitro (`crates/stylus/src/run.rs`, `arbos/programs/programs.go`, the
//! `UserHost` trait in `crates/wasm-libraries/user-host-trait/lib.rs`, the storage cache in
//! `crates/arbutil/src/evm/storage.rs`):
//! - `user_entrypoint` returning 0 succeeds and anything else reverts, with the bytes of the
//!   last `write_result` as output; `exit_early(status)` ends the call the same way.
//! - A trap is a failure: the call reverts with empty data and keeps its unspent gas; running
//!   out of ink reverts and consumes all the call's gas.
//! - Storage goes through a per-call cache that only `storage_flush_cache` writes back; a
//!   reverted call leaves no storage writes and no logs.

use std::{
    cell::RefCell,
    collections::{BTreeMap, HashMap, HashSet},
    rc::Rc,
};

use alloy_primitives::{keccak256, Address, B256, U256};
use wasmi::{Caller, Engine, Global, Linker, Memory, Module, Store, Val};

use crate::{
    artifact, instrument,
    pricing::{self, cache, evm, ProgramData, INK_PRICE},
    validate, Error, Result,
};

/// Arbitrum Sepolia's chain id, the default.
pub const ARBITRUM_SEPOLIA: u64 = 421_614;
/// The ArbOS version whose rules the host follows (the newest live in 2026-04).
pub const ARBOS_VERSION: u64 = 51;
/// The `ecrecover` precompile.
pub const ECRECOVER: Address = Address::with_last_byte(1);
/// The secp256k1 group order `n`.
pub const SECP256K1_ORDER: U256 = U256::from_be_bytes([
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
]);

/// A log a program emitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Log {
    /// The emitting program.
    pub address: Address,
    /// Topics, topic 0 first.
    pub topics: Vec<B256>,
    /// The data.
    pub data: Vec<u8>,
}

/// How a program call ended (`crates/arbutil/src/evm/user.rs` `UserOutcomeKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Returned 0.
    Success,
    /// Returned non-zero: reverted with its output.
    Revert,
    /// Trapped: reverted with no data, unspent gas kept.
    Failure,
    /// Ran out of ink: reverted, all gas consumed.
    OutOfInk,
}

/// What happened during one transaction, for gas reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Gas charged on program entry (memory, cached and init costs), summed over calls.
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
    /// The transaction's intrinsic gas (21,000 and calldata).
    pub intrinsic_gas: u64,
    /// Gas for the EVM work any implementation must do: storage reads and writes (EIP-2929,
    /// EIP-2200), logs, and calls' EVM costs (a precompile's price).
    pub evm_gas: u64,
}

/// A transaction's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// How the top-level call ended.
    pub outcome: Outcome,
    /// Return data (on success) or revert data.
    pub output: Vec<u8>,
    /// Logs of a successful transaction.
    pub logs: Vec<Log>,
    /// L2 gas used: intrinsic, entry, execution and storage, less refunds.
    pub gas_used: u64,
    /// Where the gas went.
    pub stats: Stats,
}

impl Receipt {
    /// Whether the call succeeded.
    pub fn success(&self) -> bool {
        self.outcome == Outcome::Success
    }
}

/// A deployed program.
struct Program {
    module: Module,
    data: ProgramData,
    /// What `EXTCODE*` sees: the Stylus prefix `EF F0 00 00` and the compressed wasm.
    code: Vec<u8>,
}

/// Accounts and storage.
#[derive(Clone, Default)]
struct World {
    balances: HashMap<Address, U256>,
    nonces: HashMap<Address, u64>,
    storage: HashMap<(Address, B256), B256>,
    programs: HashMap<Address, Rc<Program>>,
}

/// Per-transaction state: EIP-2929 access lists, EIP-2200 original values, refunds, logs,
/// transient storage and Stylus' open-page counters.
#[derive(Clone, Default)]
struct TxState {
    original: HashMap<(Address, B256), B256>,
    warm_slots: HashSet<(Address, B256)>,
    warm_accounts: HashSet<Address>,
    refund: i64,
    logs: Vec<Log>,
    transient: HashMap<(Address, B256), B256>,
    open_pages: u64,
    ever_pages: u64,
    origin: Address,
}

/// Everything a call can change, shared by nested calls.
struct Shared {
    world: World,
    tx: TxState,
    env: Env,
    stats: Stats,
    depth: u32,
}

/// The block and chain a transaction runs in.
#[derive(Debug, Clone)]
pub struct Env {
    /// `block.chainid`.
    pub chain_id: u64,
    /// `block.number` (on Arbitrum, an L1 block number estimate).
    pub block_number: u64,
    /// `block.timestamp`.
    pub timestamp: u64,
    /// `block.basefee`, also the gas price.
    pub basefee: U256,
    /// `block.coinbase`.
    pub coinbase: Address,
    /// `block.gaslimit`.
    pub gas_limit: u64,
    /// Whether programs count as cached (paying only the cached entry cost).
    pub cached: bool,
}

impl Default for Env {
    fn default() -> Self {
        Self {
            chain_id: ARBITRUM_SEPOLIA,
            block_number: 1,
            timestamp: 1_700_000_000,
            basefee: U256::from(10_000_000u64),
            coinbase: Address::ZERO,
            gas_limit: 32_000_000,
            cached: false,
        }
    }
}

/// A transaction to run.
#[derive(Debug, Clone)]
pub struct Tx {
    /// The sender (an externally owned account).
    pub from: Address,
    /// The program called.
    pub to: Address,
    /// Wei sent.
    pub value: U256,
    /// Calldata.
    pub data: Vec<u8>,
    /// Gas limit.
    pub gas_limit: u64,
}

impl Tx {
    /// A call with no value and a 30M gas limit.
    pub fn call(from: Address, to: Address, data: Vec<u8>) -> Self {
        Self {
            from,
            to,
            value: U256::ZERO,
            data,
            gas_limit: 30_000_000,
        }
    }
}

/// The in-process chain.
pub struct Chain {
    engine: Engine,
    shared: Rc<RefCell<Shared>>,
}

impl Default for Chain {
    fn default() -> Self {
        Self::new(Env::default())
    }
}

/// Intrinsic gas of a transaction: 21,000 plus 16 per non-zero and 4 per zero calldata byte.
pub fn intrinsic_gas(data: &[u8]) -> u64 {
    let zeros = data.iter().filter(|&&b| b == 0).count() as u64;
    evm::TX + zeros * evm::TX_DATA_ZERO + (data.len() as u64 - zeros) * evm::TX_DATA_NON_ZERO
}

impl Chain {
    /// An empty chain.
    pub fn new(env: Env) -> Self {
        Self {
            engine: Engine::default(),
            shared: Rc::new(RefCell::new(Shared {
                world: World::default(),
                tx: TxState::default(),
                env,
                stats: Stats::default(),
                depth: 0,
            })),
        }
    }

    /// An independent copy of the chain: same programs, accounts and storage.
    pub fn fork(&self) -> Self {
        let shared = self.shared.borrow();
        Self {
            engine: self.engine.clone(),
            shared: Rc::new(RefCell::new(Shared {
                world: shared.world.clone(),
                tx: TxState::default(),
                env: shared.env.clone(),
                stats: Stats::default(),
                depth: 0,
            })),
        }
    }

    /// The block environment, to change time, chain id or caching.
    pub fn env_mut(&mut self) -> std::cell::RefMut<'_, Env> {
        std::cell::RefMut::map(self.shared.borrow_mut(), |s| &mut s.env)
    }

    /// A copy of the block environment.
    pub fn env(&self) -> Env {
        self.shared.borrow().env.clone()
    }

    /// Sets `address`'s balance in wei.
    pub fn set_balance(&mut self, address: Address, wei: U256) {
        self.shared.borrow_mut().world.balances.insert(address, wei);
    }

    /// `address`'s balance in wei.
    pub fn balance(&self, address: Address) -> U256 {
        let shared = self.shared.borrow();
        shared
            .world
            .balances
            .get(&address)
            .copied()
            .unwrap_or_default()
    }

    /// The value at `slot` of `address`'s storage.
    pub fn storage(&self, address: Address, slot: B256) -> B256 {
        let shared = self.shared.borrow();
        shared
            .world
            .storage
            .get(&(address, slot))
            .copied()
            .unwrap_or_default()
    }

    /// Every non-zero storage slot of `address`, sorted.
    pub fn storage_slots(&self, address: Address) -> Vec<(B256, B256)> {
        let shared = self.shared.borrow();
        let mut slots: Vec<_> = shared
            .world
            .storage
            .iter()
            .filter(|((a, _), v)| *a == address && !v.is_zero())
            .map(|((_, k), v)| (*k, *v))
            .collect();
        slots.sort();
        slots
    }

    /// The program data activation recorded for `address`.
    pub fn program_data(&self, address: Address) -> Option<ProgramData> {
        let shared = self.shared.borrow();
        shared.world.programs.get(&address).map(|p| p.data)
    }

    /// Activates `wasm` (a raw build: it is processed as cargo-stylus does), places it at the
    /// deployer's next `CREATE` address, and runs the constructor with `constructor_calldata`
    /// (the SDK's constructor selector and arguments) from `deployer`, as the StylusDeployer
    /// does. Returns the address and the constructor's receipt.
    pub fn deploy(
        &mut self,
        deployer: Address,
        wasm: &[u8],
        constructor_calldata: Vec<u8>,
    ) -> Result<(Address, Receipt)> {
        let processed = artifact::process(wasm)?;
        let data = validate::activate(&processed, ARBOS_VERSION)?;
        let instrumented = instrument::instrument(&processed)?;
        let module = Module::new(&self.engine, &instrumented[..]).map_err(|e| Error::Engine {
            message: e.to_string(),
        })?;
        let mut code = vec![0xef, 0xf0, 0x00, 0x00];
        code.extend_from_slice(&artifact::compress(&processed));
        let address = {
            let mut shared = self.shared.borrow_mut();
            let nonce = shared.world.nonces.entry(deployer).or_default();
            let address = deployer.create(*nonce);
            *nonce += 1;
            shared
                .world
                .programs
                .insert(address, Rc::new(Program { module, data, code }));
            address
        };
        let receipt = self.transact(Tx::call(deployer, address, constructor_calldata))?;
        Ok((address, receipt))
    }

    /// Runs a transaction. A failing call is a receipt, not an error.
    pub fn transact(&mut self, tx: Tx) -> Result<Receipt> {
        if !self.shared.borrow().world.programs.contains_key(&tx.to) {
            return Err(Error::NoProgram { address: tx.to });
        }
        let intrinsic = intrinsic_gas(&tx.data);
        {
            let mut shared = self.shared.borrow_mut();
            shared.tx = TxState {
                origin: tx.from,
                ..TxState::default()
            };
            // EIP-2929/3651: the sender, the recipient and the precompiles start warm.
            let coinbase = shared.env.coinbase;
            shared.tx.warm_accounts.extend([tx.from, tx.to, coinbase]);
            shared
                .tx
                .warm_accounts
                .extend((1..=10u8).map(Address::with_last_byte));
            shared.stats = Stats::default();
        }
        let gas = tx.gas_limit.saturating_sub(intrinsic);
        let result = call(
            &self.engine,
            &self.shared,
            CallKind::Call,
            tx.from,
            tx.to,
            tx.value,
            tx.data,
            gas,
        )?;
        let mut shared = self.shared.borrow_mut();
        shared.stats.intrinsic_gas = intrinsic;
        let used = tx.gas_limit - result.gas_left;
        let refund = (shared.tx.refund.max(0) as u64).min(used / evm::REFUND_QUOTIENT);
        let logs = if result.outcome == Outcome::Success {
            std::mem::take(&mut shared.tx.logs)
        } else {
            Vec::new()
        };
        Ok(Receipt {
            outcome: result.outcome,
            output: result.output,
            logs,
            gas_used: used - refund,
            stats: std::mem::take(&mut shared.stats),
        })
    }
}

/// How a program is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CallKind {
    Call,
    Static,
    Delegate,
}

/// A finished call.
struct CallResult {
    outcome: Outcome,
    output: Vec<u8>,
    gas_left: u64,
}

/// Host state of one program call.
struct Frame {
    shared: Rc<RefCell<Shared>>,
    engine: Engine,
    /// Whose storage and balance the call acts on.
    address: Address,
    sender: Address,
    value: U256,
    calldata: Vec<u8>,
    output: Vec<u8>,
    return_data: Vec<u8>,
    read_only: bool,
    reentrant: bool,
    cache: HashMap<B256, CacheSlot>,
    reads: u64,
    writes: u64,
    memory: Option<Memory>,
    ink: Option<Global>,
    status: Option<Global>,
}

/// A storage cache entry: the value, and what the state holds if known.
struct CacheSlot {
    value: B256,
    known: Option<B256>,
}

/// A trap the host raises for running out of ink (status set to 1).
#[derive(Debug)]
struct OutOfInk;

impl std::fmt::Display for OutOfInk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("out of ink")
    }
}

impl wasmi::errors::HostError for OutOfInk {}

type HostResult<T = ()> = std::result::Result<T, wasmi::Error>;

fn trap(message: &str) -> wasmi::Error {
    wasmi::Error::new(message.to_string())
}

/// Runs a program call with `gas`, reverting its state changes unless it succeeds.
#[allow(clippy::too_many_arguments)]
fn call(
    engine: &Engine,
    shared: &Rc<RefCell<Shared>>,
    kind: CallKind,
    sender: Address,
    to: Address,
    value: U256,
    calldata: Vec<u8>,
    gas: u64,
) -> Result<CallResult> {
    let (program, snapshot, address, footprint_open) = {
        let mut s = shared.borrow_mut();
        let Some(program) = s.world.programs.get(&to).cloned() else {
            return Ok(CallResult {
                outcome: Outcome::Success,
                output: Vec::new(),
                gas_left: gas,
            });
        };
        let snapshot = (s.world.clone(), s.tx.clone());
        // Value moves before the code runs.
        if !value.is_zero() && kind == CallKind::Call {
            let from = s.world.balances.get(&sender).copied().unwrap_or_default();
            if from < value {
                return Ok(CallResult {
                    outcome: Outcome::Revert,
                    output: Vec::new(),
                    gas_left: gas,
                });
            }
            s.world.balances.insert(sender, from - value);
            *s.world.balances.entry(to).or_default() += value;
        }
        (program, snapshot, to, s.tx.open_pages)
    };

    // Entry costs (`programs.go` `CallProgram`): initial pages, then the cached and init costs.
    let (entry_gas, reentrant) = {
        let mut s = shared.borrow_mut();
        let footprint = program.data.footprint;
        let memory = pricing::memory_gas(footprint, s.tx.open_pages, s.tx.ever_pages);
        s.tx.open_pages += footprint;
        s.tx.ever_pages = s.tx.ever_pages.max(s.tx.open_pages);
        let mut entry = memory.saturating_add(program.data.cached_gas());
        if !s.env.cached {
            entry = entry.saturating_add(program.data.init_gas());
        }
        s.stats.entry_gas += entry;
        s.depth += 1;
        (entry, s.depth > 1)
    };
    let restore = |shared: &Rc<RefCell<Shared>>| {
        let mut s = shared.borrow_mut();
        s.tx.open_pages = footprint_open;
        s.depth -= 1;
    };
    if entry_gas > gas {
        restore(shared);
        let mut s = shared.borrow_mut();
        (s.world, s.tx) = snapshot;
        return Ok(CallResult {
            outcome: Outcome::OutOfInk,
            output: Vec::new(),
            gas_left: 0,
        });
    }
    let ink = (gas - entry_gas).saturating_mul(INK_PRICE);

    let frame = Frame {
        shared: shared.clone(),
        engine: engine.clone(),
        address,
        sender,
        value,
        calldata,
        output: Vec::new(),
        return_data: Vec::new(),
        read_only: kind == CallKind::Static,
        reentrant,
        cache: HashMap::new(),
        reads: 0,
        writes: 0,
        memory: None,
        ink: None,
        status: None,
    };
    let (outcome, output, ink_left) = run(engine, &program.module, frame, ink)?;
    restore(shared);
    {
        let mut s = shared.borrow_mut();
        if outcome != Outcome::Success {
            let logs_kept = snapshot.1.logs.len();
            (s.world, s.tx) = snapshot;
            s.tx.logs.truncate(logs_kept);
        }
    }
    let mut gas_left = match outcome {
        Outcome::OutOfInk => 0,
        _ => ink_left / INK_PRICE,
    };
    // ArbOS 31+: a call returning data costs at least the EVM memory for it.
    if !output.is_empty() {
        let words = (output.len() as u64).div_ceil(32);
        let floor = 3 * words + words * words / 512;
        let used = gas - gas_left;
        if used < floor {
            gas_left = gas.saturating_sub(floor);
        }
    }
    let output = if outcome == Outcome::Failure {
        Vec::new()
    } else {
        output
    };
    Ok(CallResult {
        outcome,
        output,
        gas_left,
    })
}

/// Instantiates `module` with the host functions and runs `user_entrypoint`.
fn run(
    engine: &Engine,
    module: &Module,
    frame: Frame,
    ink: u64,
) -> Result<(Outcome, Vec<u8>, u64)> {
    let engine_error = |e: wasmi::Error| Error::Engine {
        message: e.to_string(),
    };
    let calldata_len = frame.calldata.len() as i32;
    let mut store = Store::new(engine, frame);
    let linker = linker(engine)?;
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
    {
        let frame = store.data_mut();
        frame.memory = Some(memory);
        frame.ink = Some(ink_global);
        frame.status = Some(status_global);
    }
    let entry = instance
        .get_typed_func::<i32, i32>(&store, "user_entrypoint")
        .map_err(engine_error)?;
    let hostio_ink_before = store.data().shared.borrow().stats.hostio_ink;
    let result = entry.call(&mut store, calldata_len);
    let ink_left = ink_global.get(&store).i64().unwrap_or(0) as u64;
    let out_of_ink = status_global.get(&store).i32().unwrap_or(0) != 0;
    let frame = store.into_data();
    {
        let mut s = frame.shared.borrow_mut();
        let hostio = s.stats.hostio_ink - hostio_ink_before;
        s.stats.wasm_ink += (ink - ink_left).saturating_sub(hostio);
    }
    let outcome = match result {
        _ if out_of_ink => Outcome::OutOfInk,
        Ok(0) => Outcome::Success,
        Ok(_) => Outcome::Revert,
        Err(e) => match e.i32_exit_status() {
            Some(0) => Outcome::Success,
            Some(_) => Outcome::Revert,
            None if e.downcast_ref::<OutOfInk>().is_some() => Outcome::OutOfInk,
            None => Outcome::Failure,
        },
    };
    let ink_left = if outcome == Outcome::OutOfInk {
        0
    } else {
        ink_left
    };
    Ok((outcome, frame.output, ink_left))
}

// ---------------------------------------------------------------------------------------
// Host function helpers.

fn ink_left(caller: &Caller<'_, Frame>) -> u64 {
    let global = caller.data().ink.expect("set before the call");
    global.get(caller).i64().unwrap_or(0) as u64
}

fn out_of_ink(caller: &mut Caller<'_, Frame>) -> wasmi::Error {
    let (ink, status) = (caller.data().ink.unwrap(), caller.data().status.unwrap());
    let _ = ink.set(&mut *caller, Val::I64(0));
    let _ = status.set(&mut *caller, Val::I32(1));
    wasmi::Error::host(OutOfInk)
}

/// Takes `ink`, or runs out (`MeteredMachine::buy_ink`).
fn buy_ink(caller: &mut Caller<'_, Frame>, ink: u64) -> HostResult {
    let left = ink_left(caller);
    if left < ink {
        return Err(out_of_ink(caller));
    }
    let global = caller.data().ink.unwrap();
    global
        .set(&mut *caller, Val::I64((left - ink) as i64))
        .map_err(|e| trap(&e.to_string()))?;
    caller.data().shared.borrow_mut().stats.hostio_ink += ink;
    Ok(())
}

/// Takes `gas` as ink.
fn buy_gas(caller: &mut Caller<'_, Frame>, gas: u64) -> HostResult {
    buy_ink(caller, gas.saturating_mul(INK_PRICE))
}

/// Fails unless `gas` is left, without taking it (`require_gas`).
fn require_gas(caller: &mut Caller<'_, Frame>, gas: u64) -> HostResult {
    if ink_left(caller) < gas.saturating_mul(INK_PRICE) {
        return Err(out_of_ink(caller));
    }
    Ok(())
}

fn count(caller: &Caller<'_, Frame>, name: &'static str) {
    *caller
        .data()
        .shared
        .borrow_mut()
        .stats
        .hostios
        .entry(name)
        .or_default() += 1;
}

fn read(caller: &Caller<'_, Frame>, ptr: i32, len: u32) -> HostResult<Vec<u8>> {
    let mut buf = vec![0u8; len as usize];
    caller
        .data()
        .memory
        .unwrap()
        .read(caller, ptr as u32 as usize, &mut buf)
        .map_err(|_| trap("memory access out of bounds"))?;
    Ok(buf)
}

fn read_word(caller: &Caller<'_, Frame>, ptr: i32) -> HostResult<B256> {
    Ok(B256::from_slice(&read(caller, ptr, 32)?))
}

fn write(caller: &mut Caller<'_, Frame>, ptr: i32, data: &[u8]) -> HostResult {
    let memory = caller.data().memory.unwrap();
    memory
        .write(&mut *caller, ptr as u32 as usize, data)
        .map_err(|_| trap("memory access out of bounds"))
}

/// The EIP-2200/2929/3529 cost of writing `new` to a slot, updating refunds and the access
/// list (go-ethereum `gasSStoreEIP2929` as `WasmStateStoreCost` applies it).
fn sstore_gas(tx: &mut TxState, key: (Address, B256), current: B256, new: B256) -> u64 {
    let mut gas = 0;
    if tx.warm_slots.insert(key) {
        gas += evm::COLD_SLOAD;
    }
    let original = *tx.original.entry(key).or_insert(current);
    if current == new {
        return gas + evm::WARM_READ;
    }
    if original == current {
        if original.is_zero() {
            return gas + evm::SSTORE_SET;
        }
        if new.is_zero() {
            tx.refund += evm::SSTORE_CLEARS_REFUND as i64;
        }
        return gas + evm::SSTORE_RESET;
    }
    if !original.is_zero() {
        if current.is_zero() {
            tx.refund -= evm::SSTORE_CLEARS_REFUND as i64;
        } else if new.is_zero() {
            tx.refund += evm::SSTORE_CLEARS_REFUND as i64;
        }
    }
    if original == new {
        if original.is_zero() {
            tx.refund += (evm::SSTORE_SET - evm::WARM_READ) as i64;
        } else {
            tx.refund += (evm::SSTORE_RESET - evm::WARM_READ) as i64;
        }
    }
    gas + evm::WARM_READ
}

/// Charges for touching `address` (2,600 cold, 100 warm).
fn account_gas(caller: &mut Caller<'_, Frame>, address: Address) -> HostResult {
    let cold = caller
        .data()
        .shared
        .borrow_mut()
        .tx
        .warm_accounts
        .insert(address);
    buy_gas(
        caller,
        if cold {
            evm::COLD_ACCOUNT
        } else {
            evm::WARM_READ
        },
    )
}

/// `ecrecover` as the precompile computes it: the signer left-padded, or nothing.
pub fn ecrecover(input: &[u8]) -> Vec<u8> {
    let mut buf = [0u8; 128];
    let n = input.len().min(128);
    buf[..n].copy_from_slice(&input[..n]);
    let digest = &buf[..32];
    let v = U256::from_be_slice(&buf[32..64]);
    if v != U256::from(27) && v != U256::from(28) {
        return Vec::new();
    }
    let order = SECP256K1_ORDER;
    let r = U256::from_be_slice(&buf[64..96]);
    let mut s = U256::from_be_slice(&buf[96..128]);
    if r.is_zero() || s.is_zero() || r >= order || s >= order {
        return Vec::new();
    }
    let mut recovery = buf[63] - 27;
    // The precompile accepts an upper-half `s`; k256 recovers only the lower-half form.
    if s > order >> 1 {
        s = order - s;
        recovery ^= 1;
    }
    let mut rs = [0u8; 64];
    rs[..32].copy_from_slice(&r.to_be_bytes::<32>());
    rs[32..].copy_from_slice(&s.to_be_bytes::<32>());
    let (Ok(signature), Some(recovery)) = (
        k256::ecdsa::Signature::from_slice(&rs),
        k256::ecdsa::RecoveryId::from_byte(recovery),
    ) else {
        return Vec::new();
    };
    match k256::ecdsa::VerifyingKey::recover_from_prehash(digest, &signature, recovery) {
        Ok(key) => {
            let point = key.to_encoded_point(false);
            let address = Address::from_slice(&keccak256(&point.as_bytes()[1..])[12..]);
            address.into_word().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// A call from a program (`call_contract` and its variants): `WasmCallCost`, the 63/64 rule,
/// then the callee: a precompile, a program, or an account without code.
#[allow(clippy::too_many_arguments)]
fn program_call(
    caller: &mut Caller<'_, Frame>,
    name: &'static str,
    kind: CallKind,
    to_ptr: i32,
    data_ptr: i32,
    data_len: i32,
    value_ptr: Option<i32>,
    gas_req: i64,
    ret_len_ptr: i32,
) -> HostResult<i32> {
    count(caller, name);
    buy_ink(
        caller,
        pricing::HOSTIO_INK + 3 * pricing::PTR_INK + pricing::EVM_API_INK,
    )?;
    let len = data_len as u32;
    buy_ink(caller, 2 * pricing::read_price(u64::from(len)))?;
    let to = Address::from_slice(&read(caller, to_ptr, 20)?);
    let data = read(caller, data_ptr, len)?;
    let value = match value_ptr {
        Some(ptr) => U256::from_be_bytes(read_word(caller, ptr)?.0),
        None => U256::ZERO,
    };
    if caller.data().read_only && !value.is_zero() {
        return Err(trap("value sent in a static call"));
    }
    // `WasmCallCost` (go-ethereum `operations_acl_arbitrum.go`): 100 warm, 2,600 cold.
    let cold = caller
        .data()
        .shared
        .borrow_mut()
        .tx
        .warm_accounts
        .insert(to);
    let mut base = if cold {
        evm::COLD_ACCOUNT
    } else {
        evm::WARM_READ
    };
    if !value.is_zero() {
        base += 9000;
    }
    buy_gas(caller, base)?;
    let available = ink_left(caller) / INK_PRICE;
    let gas = (gas_req as u64).min(available - available / 64);

    let (success, output, used) = if to == ECRECOVER {
        if gas < evm::ECRECOVER {
            (false, Vec::new(), gas)
        } else {
            (true, ecrecover(&data), evm::ECRECOVER)
        }
    } else if (2..=10u8).any(|i| to == Address::with_last_byte(i)) {
        return Err(trap("precompile not supported by this host"));
    } else {
        let frame = caller.data();
        let (sender, address) = match kind {
            CallKind::Delegate => (frame.sender, frame.address),
            _ => (frame.address, to),
        };
        let engine = frame.engine.clone();
        let shared = frame.shared.clone();
        let call_kind = if frame.read_only {
            CallKind::Static
        } else {
            kind
        };
        let value = if kind == CallKind::Delegate {
            frame.value
        } else {
            value
        };
        let code_at = if kind == CallKind::Delegate {
            to
        } else {
            address
        };
        let result = call_with_code(
            &engine, &shared, call_kind, sender, address, code_at, value, data, gas,
        )
        .map_err(|e| trap(&e.to_string()))?;
        (
            result.outcome == Outcome::Success,
            result.output,
            gas - result.gas_left,
        )
    };
    if to == ECRECOVER {
        caller.data().shared.borrow_mut().stats.evm_gas += used + base;
    }
    buy_gas(caller, used)?;
    let len = output.len() as u32;
    caller.data_mut().return_data = output;
    write(caller, ret_len_ptr, &len.to_le_bytes())?;
    Ok(if success { 0 } else { 1 })
}

/// A call that runs the code at `code_at` on `address`'s storage (they differ for
/// `delegatecall`).
#[allow(clippy::too_many_arguments)]
fn call_with_code(
    engine: &Engine,
    shared: &Rc<RefCell<Shared>>,
    kind: CallKind,
    sender: Address,
    address: Address,
    code_at: Address,
    value: U256,
    data: Vec<u8>,
    gas: u64,
) -> Result<CallResult> {
    if code_at == address {
        return call(engine, shared, kind, sender, address, value, data, gas);
    }
    // Delegate: temporarily run `code_at`'s program as `address`.
    let program = shared.borrow().world.programs.get(&code_at).cloned();
    let Some(program) = program else {
        return Ok(CallResult {
            outcome: Outcome::Success,
            output: Vec::new(),
            gas_left: gas,
        });
    };
    let previous = shared.borrow_mut().world.programs.insert(address, program);
    let result = call(engine, shared, kind, sender, address, value, data, gas);
    let mut s = shared.borrow_mut();
    match previous {
        Some(p) => s.world.programs.insert(address, p),
        None => s.world.programs.remove(&address),
    };
    result
}

/// The host functions, `vm_hooks.*`, with Nitro's prices.
fn linker(engine: &Engine) -> Result<Linker<Frame>> {
    let mut linker = Linker::<Frame>::new(engine);
    let m = "vm_hooks";
    let define = |e: wasmi::errors::LinkerError| Error::Engine {
        message: e.to_string(),
    };

    linker
        .func_wrap(
            m,
            "read_args",
            |mut c: Caller<'_, Frame>, ptr: i32| -> HostResult {
                count(&c, "read_args");
                let args = c.data().calldata.clone();
                buy_ink(
                    &mut c,
                    pricing::HOSTIO_INK + pricing::write_price(args.len() as u64),
                )?;
                write(&mut c, ptr, &args)
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "write_result",
            |mut c: Caller<'_, Frame>, ptr: i32, len: i32| -> HostResult {
                count(&c, "write_result");
                let len = len as u32;
                buy_ink(
                    &mut c,
                    pricing::HOSTIO_INK + 2 * pricing::read_price(u64::from(len)),
                )?;
                let data = read(&c, ptr, len)?;
                c.data_mut().output = data;
                Ok(())
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "exit_early",
            |c: Caller<'_, Frame>, status: i32| -> HostResult {
                count(&c, "exit_early");
                Err(wasmi::Error::i32_exit(status))
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "storage_load_bytes32",
            |mut c: Caller<'_, Frame>, key: i32, dest: i32| -> HostResult {
                count(&c, "storage_load_bytes32");
                buy_ink(&mut c, pricing::HOSTIO_INK + 2 * pricing::PTR_INK)?;
                require_gas(&mut c, evm::COLD_SLOAD + cache::REQUIRED_ACCESS_GAS + 5)?;
                let slot = read_word(&c, key)?;
                c.data_mut().reads += 1;
                let reads = c.data().reads;
                buy_gas(&mut c, cache::read_gas(reads))?;
                let cached = c.data().cache.get(&slot).map(|s| s.value);
                let value = match cached {
                    Some(value) => {
                        c.data().shared.borrow_mut().stats.cached_loads += 1;
                        value
                    }
                    None => {
                        let address = c.data().address;
                        let (value, cold) = {
                            let shared = c.data().shared.clone();
                            let mut s = shared.borrow_mut();
                            let value = s
                                .world
                                .storage
                                .get(&(address, slot))
                                .copied()
                                .unwrap_or_default();
                            let cold = s.tx.warm_slots.insert((address, slot));
                            s.tx.original.entry((address, slot)).or_insert(value);
                            if cold {
                                s.stats.cold_loads += 1
                            } else {
                                s.stats.warm_loads += 1
                            }
                            (value, cold)
                        };
                        // `WasmStateLoadCost`, then `EVM_API_INK` as gas (ArbOS >= 32).
                        let gas = if cold {
                            evm::COLD_SLOAD
                        } else {
                            evm::WARM_READ
                        };
                        c.data().shared.borrow_mut().stats.evm_gas += gas;
                        buy_gas(&mut c, gas + pricing::EVM_API_INK / INK_PRICE)?;
                        c.data_mut().cache.insert(
                            slot,
                            CacheSlot {
                                value,
                                known: Some(value),
                            },
                        );
                        value
                    }
                };
                write(&mut c, dest, value.as_slice())
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "storage_cache_bytes32",
            |mut c: Caller<'_, Frame>, key: i32, value: i32| -> HostResult {
                count(&c, "storage_cache_bytes32");
                buy_ink(&mut c, pricing::HOSTIO_INK + 2 * pricing::PTR_INK)?;
                require_gas(&mut c, evm::SSTORE_SENTRY + cache::REQUIRED_ACCESS_GAS)?;
                let (slot, value) = (read_word(&c, key)?, read_word(&c, value)?);
                c.data_mut().writes += 1;
                let writes = c.data().writes;
                buy_gas(&mut c, cache::write_gas(writes))?;
                c.data_mut()
                    .cache
                    .entry(slot)
                    .and_modify(|s| s.value = value)
                    .or_insert(CacheSlot { value, known: None });
                Ok(())
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "storage_flush_cache",
            |mut c: Caller<'_, Frame>, clear: i32| -> HostResult {
                count(&c, "storage_flush_cache");
                buy_ink(&mut c, pricing::HOSTIO_INK + pricing::EVM_API_INK)?;
                require_gas(&mut c, evm::SSTORE_SENTRY)?;
                let mut dirty: Vec<(B256, B256)> = c
                    .data()
                    .cache
                    .iter()
                    .filter(|(_, s)| s.known != Some(s.value))
                    .map(|(k, s)| (*k, s.value))
                    .collect();
                dirty.sort();
                if !dirty.is_empty() && c.data().read_only {
                    return Err(trap("write protection: storage write in a static call"));
                }
                let address = c.data().address;
                for (slot, value) in dirty {
                    let gas = {
                        let shared = c.data().shared.clone();
                        let mut s = shared.borrow_mut();
                        let key = (address, slot);
                        let current = s.world.storage.get(&key).copied().unwrap_or_default();
                        let gas = sstore_gas(&mut s.tx, key, current, value);
                        s.world.storage.insert(key, value);
                        s.stats.stores += 1;
                        s.stats.evm_gas += gas;
                        gas
                    };
                    buy_gas(&mut c, gas)?;
                    if let Some(entry) = c.data_mut().cache.get_mut(&slot) {
                        entry.known = Some(value);
                    }
                }
                if clear != 0 {
                    c.data_mut().cache.clear();
                }
                Ok(())
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "transient_load_bytes32",
            |mut c: Caller<'_, Frame>, key: i32, dest: i32| -> HostResult {
                count(&c, "transient_load_bytes32");
                buy_ink(
                    &mut c,
                    pricing::HOSTIO_INK + 2 * pricing::PTR_INK + pricing::EVM_API_INK,
                )?;
                buy_gas(&mut c, evm::WARM_READ)?;
                let slot = read_word(&c, key)?;
                let address = c.data().address;
                let value = c
                    .data()
                    .shared
                    .borrow()
                    .tx
                    .transient
                    .get(&(address, slot))
                    .copied()
                    .unwrap_or_default();
                write(&mut c, dest, value.as_slice())
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "transient_store_bytes32",
            |mut c: Caller<'_, Frame>, key: i32, value: i32| -> HostResult {
                count(&c, "transient_store_bytes32");
                buy_ink(
                    &mut c,
                    pricing::HOSTIO_INK + 2 * pricing::PTR_INK + pricing::EVM_API_INK,
                )?;
                buy_gas(&mut c, evm::WARM_READ)?;
                if c.data().read_only {
                    return Err(trap("write protection: transient store in a static call"));
                }
                let (slot, value) = (read_word(&c, key)?, read_word(&c, value)?);
                let address = c.data().address;
                c.data()
                    .shared
                    .borrow_mut()
                    .tx
                    .transient
                    .insert((address, slot), value);
                Ok(())
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "call_contract",
            |mut c: Caller<'_, Frame>,
             to: i32,
             data: i32,
             len: i32,
             value: i32,
             gas: i64,
             ret: i32| {
                program_call(
                    &mut c,
                    "call_contract",
                    CallKind::Call,
                    to,
                    data,
                    len,
                    Some(value),
                    gas,
                    ret,
                )
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "delegate_call_contract",
            |mut c: Caller<'_, Frame>, to: i32, data: i32, len: i32, gas: i64, ret: i32| {
                program_call(
                    &mut c,
                    "delegate_call_contract",
                    CallKind::Delegate,
                    to,
                    data,
                    len,
                    None,
                    gas,
                    ret,
                )
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "static_call_contract",
            |mut c: Caller<'_, Frame>, to: i32, data: i32, len: i32, gas: i64, ret: i32| {
                program_call(
                    &mut c,
                    "static_call_contract",
                    CallKind::Static,
                    to,
                    data,
                    len,
                    None,
                    gas,
                    ret,
                )
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "create1",
            |mut c: Caller<'_, Frame>, _code: i32, len: i32, _value: i32, out: i32, rlen: i32| {
                failed_create(&mut c, "create1", 3, len, out, rlen)
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "create2",
            |mut c: Caller<'_, Frame>,
             _code: i32,
             len: i32,
             _value: i32,
             _salt: i32,
             out: i32,
             rlen: i32| { failed_create(&mut c, "create2", 4, len, out, rlen) },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "read_return_data",
            |mut c: Caller<'_, Frame>, dest: i32, offset: i32, size: i32| -> HostResult<i32> {
                count(&c, "read_return_data");
                buy_ink(&mut c, pricing::HOSTIO_INK + pricing::EVM_API_INK)?;
                let data = c.data().return_data.clone();
                let start = (offset as u32 as usize).min(data.len());
                let end = start.saturating_add(size as u32 as usize).min(data.len());
                let copied = &data[start..end];
                buy_ink(&mut c, pricing::write_price(copied.len() as u64))?;
                write(&mut c, dest, copied)?;
                Ok(copied.len() as i32)
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "return_data_size",
            |mut c: Caller<'_, Frame>| -> HostResult<i32> {
                count(&c, "return_data_size");
                buy_ink(&mut c, pricing::HOSTIO_INK)?;
                Ok(c.data().return_data.len() as i32)
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "emit_log",
            |mut c: Caller<'_, Frame>, ptr: i32, len: i32, topics: i32| -> HostResult {
                count(&c, "emit_log");
                buy_ink(&mut c, pricing::HOSTIO_INK + pricing::EVM_API_INK)?;
                let (len, topics) = (len as u32, topics as u32);
                if topics > 4 || len < topics * 32 {
                    return Err(trap("bad topic data"));
                }
                if c.data().read_only {
                    return Err(trap("write protection: log in a static call"));
                }
                buy_ink(&mut c, pricing::read_price(u64::from(len)))?;
                let data_len = u64::from(len - topics * 32);
                let gas = (1 + u64::from(topics)) * evm::LOG_TOPIC + data_len * evm::LOG_DATA;
                c.data().shared.borrow_mut().stats.evm_gas += gas;
                buy_gas(&mut c, gas)?;
                let bytes = read(&c, ptr, len)?;
                let split = topics as usize * 32;
                let log = Log {
                    address: c.data().address,
                    topics: bytes[..split].chunks(32).map(B256::from_slice).collect(),
                    data: bytes[split..].to_vec(),
                };
                c.data().shared.borrow_mut().tx.logs.push(log);
                Ok(())
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "account_balance",
            |mut c: Caller<'_, Frame>, address: i32, dest: i32| -> HostResult {
                count(&c, "account_balance");
                buy_ink(
                    &mut c,
                    pricing::HOSTIO_INK + 2 * pricing::PTR_INK + pricing::EVM_API_INK,
                )?;
                let address = Address::from_slice(&read(&c, address, 20)?);
                account_gas(&mut c, address)?;
                let balance = c
                    .data()
                    .shared
                    .borrow()
                    .world
                    .balances
                    .get(&address)
                    .copied()
                    .unwrap_or_default();
                write(&mut c, dest, &balance.to_be_bytes::<32>())
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "account_code",
            |mut c: Caller<'_, Frame>,
             address: i32,
             offset: i32,
             size: i32,
             dest: i32|
             -> HostResult<i32> {
                count(&c, "account_code");
                buy_ink(&mut c, pricing::HOSTIO_INK + pricing::EVM_API_INK)?;
                let address = Address::from_slice(&read(&c, address, 20)?);
                account_gas(&mut c, address)?;
                buy_gas(&mut c, 700)?;
                let code = code_of(&c, address);
                let start = (offset as u32 as usize).min(code.len());
                let end = start.saturating_add(size as u32 as usize).min(code.len());
                buy_ink(&mut c, pricing::write_price((end - start) as u64))?;
                write(&mut c, dest, &code[start..end])?;
                Ok((end - start) as i32)
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "account_code_size",
            |mut c: Caller<'_, Frame>, address: i32| -> HostResult<i32> {
                count(&c, "account_code_size");
                buy_ink(&mut c, pricing::HOSTIO_INK + pricing::EVM_API_INK)?;
                let address = Address::from_slice(&read(&c, address, 20)?);
                account_gas(&mut c, address)?;
                buy_gas(&mut c, 700)?;
                Ok(code_of(&c, address).len() as i32)
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "account_codehash",
            |mut c: Caller<'_, Frame>, address: i32, dest: i32| -> HostResult {
                count(&c, "account_codehash");
                buy_ink(
                    &mut c,
                    pricing::HOSTIO_INK + 2 * pricing::PTR_INK + pricing::EVM_API_INK,
                )?;
                let address = Address::from_slice(&read(&c, address, 20)?);
                account_gas(&mut c, address)?;
                let code = code_of(&c, address);
                let hash = if code.is_empty() {
                    B256::ZERO
                } else {
                    keccak256(&code)
                };
                write(&mut c, dest, hash.as_slice())
            },
        )
        .map_err(define)?;

    macro_rules! word_getter {
        ($name:literal, |$frame:ident, $shared:ident| $value:expr) => {
            linker
                .func_wrap(
                    m,
                    $name,
                    |mut c: Caller<'_, Frame>, ptr: i32| -> HostResult {
                        count(&c, $name);
                        buy_ink(&mut c, pricing::HOSTIO_INK + pricing::PTR_INK)?;
                        let bytes: Vec<u8> = {
                            let $frame = c.data();
                            let $shared = $frame.shared.borrow();
                            $value
                        };
                        write(&mut c, ptr, &bytes)
                    },
                )
                .map_err(define)?;
        };
    }
    word_getter!("msg_sender", |f, _s| f.sender.to_vec());
    word_getter!("msg_value", |f, _s| f.value.to_be_bytes::<32>().to_vec());
    word_getter!("contract_address", |f, _s| f.address.to_vec());
    word_getter!("tx_origin", |_f, s| s.tx.origin.to_vec());
    word_getter!("block_coinbase", |_f, s| s.env.coinbase.to_vec());
    word_getter!("block_basefee", |_f, s| s
        .env
        .basefee
        .to_be_bytes::<32>()
        .to_vec());
    word_getter!("tx_gas_price", |_f, s| s
        .env
        .basefee
        .to_be_bytes::<32>()
        .to_vec());

    macro_rules! u64_getter {
        ($name:literal, |$c:ident| $value:expr) => {
            linker
                .func_wrap(m, $name, |mut $c: Caller<'_, Frame>| -> HostResult<i64> {
                    count(&$c, $name);
                    buy_ink(&mut $c, pricing::HOSTIO_INK)?;
                    Ok($value as i64)
                })
                .map_err(define)?;
        };
    }
    u64_getter!("block_number", |c| c
        .data()
        .shared
        .borrow()
        .env
        .block_number);
    u64_getter!("block_timestamp", |c| c
        .data()
        .shared
        .borrow()
        .env
        .timestamp);
    u64_getter!("chainid", |c| c.data().shared.borrow().env.chain_id);
    u64_getter!("block_gas_limit", |c| c
        .data()
        .shared
        .borrow()
        .env
        .gas_limit);
    u64_getter!("evm_gas_left", |c| ink_left(&c) / INK_PRICE);
    u64_getter!("evm_ink_left", |c| ink_left(&c));

    linker
        .func_wrap(
            m,
            "msg_reentrant",
            |mut c: Caller<'_, Frame>| -> HostResult<i32> {
                count(&c, "msg_reentrant");
                buy_ink(&mut c, pricing::HOSTIO_INK)?;
                Ok(c.data().reentrant as i32)
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "tx_ink_price",
            |mut c: Caller<'_, Frame>| -> HostResult<i32> {
                count(&c, "tx_ink_price");
                buy_ink(&mut c, pricing::HOSTIO_INK)?;
                Ok(INK_PRICE as i32)
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "native_keccak256",
            |mut c: Caller<'_, Frame>, ptr: i32, len: i32, out: i32| -> HostResult {
                count(&c, "native_keccak256");
                let len = len as u32;
                buy_ink(&mut c, pricing::keccak_price(u64::from(len)))?;
                let data = read(&c, ptr, len)?;
                write(&mut c, out, keccak256(data).as_slice())
            },
        )
        .map_err(define)?;
    linker
        .func_wrap(
            m,
            "pay_for_memory_grow",
            |mut c: Caller<'_, Frame>, pages: i32| -> HostResult {
                count(&c, "pay_for_memory_grow");
                let pages = u64::from(pages as u16);
                if pages == 0 {
                    return buy_ink(&mut c, pricing::HOSTIO_INK);
                }
                let gas = {
                    let shared = c.data().shared.clone();
                    let mut s = shared.borrow_mut();
                    let gas = pricing::memory_gas(pages, s.tx.open_pages, s.tx.ever_pages);
                    s.tx.open_pages += pages;
                    s.tx.ever_pages = s.tx.ever_pages.max(s.tx.open_pages);
                    gas
                };
                buy_gas(&mut c, gas)
            },
        )
        .map_err(define)?;

    macro_rules! math {
        ($name:literal, $ink:expr, |$a:ident, $b:ident| $value:expr) => {
            linker
                .func_wrap(
                    m,
                    $name,
                    move |mut c: Caller<'_, Frame>, a: i32, b: i32| -> HostResult {
                        count(&c, $name);
                        buy_ink(&mut c, $ink)?;
                        let $a = U256::from_be_bytes(read_word(&c, a)?.0);
                        let $b = U256::from_be_bytes(read_word(&c, b)?.0);
                        let value: U256 = $value;
                        write(&mut c, a, &value.to_be_bytes::<32>())
                    },
                )
                .map_err(define)?;
        };
    }
    let div_ink = pricing::HOSTIO_INK + 3 * pricing::PTR_INK + pricing::DIV_INK;
    math!("math_div", div_ink, |x, y| x
        .checked_div(y)
        .unwrap_or_default());
    math!("math_mod", div_ink, |x, y| x
        .checked_rem(y)
        .unwrap_or_default());
    linker
        .func_wrap(
            m,
            "math_pow",
            |mut c: Caller<'_, Frame>, a: i32, b: i32| -> HostResult {
                count(&c, "math_pow");
                let exponent = read_word(&c, b)?;
                let zeros = exponent.iter().take_while(|&&x| x == 0).count() as u64;
                buy_ink(
                    &mut c,
                    pricing::HOSTIO_INK + 3 * pricing::PTR_INK + pricing::pow_price(zeros),
                )?;
                let base = U256::from_be_bytes(read_word(&c, a)?.0);
                let value = base.wrapping_pow(U256::from_be_bytes(exponent.0));
                write(&mut c, a, &value.to_be_bytes::<32>())
            },
        )
        .map_err(define)?;
    macro_rules! math3 {
        ($name:literal, $ink:expr, $op:ident) => {
            linker
                .func_wrap(
                    m,
                    $name,
                    |mut c: Caller<'_, Frame>, a: i32, b: i32, d: i32| -> HostResult {
                        count(&c, $name);
                        buy_ink(&mut c, $ink)?;
                        let x = U256::from_be_bytes(read_word(&c, a)?.0);
                        let y = U256::from_be_bytes(read_word(&c, b)?.0);
                        let n = U256::from_be_bytes(read_word(&c, d)?.0);
                        let value = if n.is_zero() { U256::ZERO } else { x.$op(y, n) };
                        write(&mut c, a, &value.to_be_bytes::<32>())
                    },
                )
                .map_err(define)?;
        };
    }
    math3!(
        "math_add_mod",
        pricing::HOSTIO_INK + 4 * pricing::PTR_INK + pricing::ADD_MOD_INK,
        add_mod
    );
    math3!(
        "math_mul_mod",
        pricing::HOSTIO_INK + 4 * pricing::PTR_INK + pricing::MUL_MOD_INK,
        mul_mod
    );

    Ok(linker)
}

/// `create1`/`create2` with `pointers` pointer arguments: priced as Nitro prices them, then
/// failed (address 0, no revert data): Nitro runs EVM init code here, and this host has no EVM.
fn failed_create(
    c: &mut Caller<'_, Frame>,
    name: &'static str,
    pointers: u64,
    code_len: i32,
    contract: i32,
    revert_len: i32,
) -> HostResult {
    count(c, name);
    buy_ink(
        c,
        pricing::HOSTIO_INK + pointers * pricing::PTR_INK + pricing::EVM_API_INK,
    )?;
    buy_ink(c, 2 * pricing::read_price(code_len as u32 as u64))?;
    write(c, contract, &[0u8; 20])?;
    write(c, revert_len, &0u32.to_le_bytes())
}

/// What `EXTCODECOPY` sees at `address`.
fn code_of(caller: &Caller<'_, Frame>, address: Address) -> Vec<u8> {
    let shared = caller.data().shared.borrow();
    shared
        .world
        .programs
        .get(&address)
        .map(|p| p.code.clone())
        .unwrap_or_default()
}
