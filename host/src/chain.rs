//! The in-memory chain: accounts, programs and storage in hash maps, transactions that call
//! programs, and the world side of [`EvmApi`] for them.
//!
//! It runs no EVM bytecode: accounts hold balances or Stylus programs, and a call reaches a
//! program, a standard precompile (revm's) or a plain account. Costs follow Nitro's Go side
//! (`arbos/programs/api.go`, go-ethereum's `operations_acl_arbitrum.go`): EIP-2929 access
//! costs, EIP-2200/3529 `SSTORE` pricing with refunds capped at a fifth, the 63/64 rule and
//! the value stipend. A call that does not succeed leaves no storage writes, logs, transfers
//! or access-list entries. `stylus-node` runs the same programs in a revm-backed world.

use std::{
    collections::{HashMap, HashSet},
    rc::Rc,
};

use alloy_primitives::{keccak256, Address, B256, U256};
use revm::precompile::{PrecompileStatus, Precompiles};
use stylus_runtime::{
    call_program, code,
    pricing::{self, evm, Pages},
    ApiStatus, CallKind, CallOutput, CreateOutput, EvmApi, EvmData, Outcome, Program, ProgramData,
    Stats, ARBOS_VERSION,
};
use wasmi::Engine;

use crate::{Error, Result};

/// Arbitrum Sepolia's chain id, the default.
pub const ARBITRUM_SEPOLIA: u64 = 421_614;

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
    /// Where the gas went, over every program call of the transaction.
    pub stats: Stats,
}

impl Receipt {
    /// Whether the call succeeded.
    pub fn success(&self) -> bool {
        self.outcome == Outcome::Success
    }
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
    /// Whether programs are activated with per-function ink counters
    /// ([`Program::activate_profiled`]): receipts then carry `stats.profile`.
    pub profile: bool,
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
            profile: false,
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

/// Intrinsic gas of a transaction: 21,000 plus 16 per non-zero and 4 per zero calldata byte.
pub fn intrinsic_gas(data: &[u8]) -> u64 {
    let zeros = data.iter().filter(|&&b| b == 0).count() as u64;
    evm::TX + zeros * evm::TX_DATA_ZERO + (data.len() as u64 - zeros) * evm::TX_DATA_NON_ZERO
}

/// A deployed program and the code `EXTCODE*` sees for it (the prefix and the brotli).
struct Deployed {
    program: Program,
    code: Vec<u8>,
}

/// Accounts and storage.
#[derive(Clone, Default)]
struct World {
    balances: HashMap<Address, U256>,
    nonces: HashMap<Address, u64>,
    storage: HashMap<(Address, B256), B256>,
    programs: HashMap<Address, Rc<Deployed>>,
}

impl World {
    fn balance(&self, address: Address) -> U256 {
        self.balances.get(&address).copied().unwrap_or_default()
    }

    fn code(&self, address: Address) -> Vec<u8> {
        self.programs
            .get(&address)
            .map(|p| p.code.clone())
            .unwrap_or_default()
    }

    /// EIP-161: no code, nonce or balance.
    fn is_empty(&self, address: Address) -> bool {
        !self.programs.contains_key(&address)
            && self.nonces.get(&address).copied().unwrap_or(0) == 0
            && self.balance(address).is_zero()
    }
}

/// What a failing call undoes: EIP-2929 access lists, EIP-2200 original values, refunds,
/// logs and transient storage (with the world itself).
#[derive(Clone, Default)]
struct Journal {
    original: HashMap<(Address, B256), B256>,
    warm_slots: HashSet<(Address, B256)>,
    warm_accounts: HashSet<Address>,
    refund: i64,
    logs: Vec<Log>,
    transient: HashMap<(Address, B256), B256>,
}

/// The in-process chain.
pub struct Chain {
    engine: Engine,
    world: World,
    env: Env,
}

impl Default for Chain {
    fn default() -> Self {
        Self::new(Env::default())
    }
}

impl Chain {
    /// An empty chain.
    pub fn new(env: Env) -> Self {
        Self {
            engine: Engine::default(),
            world: World::default(),
            env,
        }
    }

    /// An independent copy of the chain: same programs, accounts and storage.
    pub fn fork(&self) -> Self {
        Self {
            engine: self.engine.clone(),
            world: self.world.clone(),
            env: self.env.clone(),
        }
    }

    /// The block environment, to change time, chain id or caching.
    pub fn env_mut(&mut self) -> &mut Env {
        &mut self.env
    }

    /// A copy of the block environment.
    pub fn env(&self) -> Env {
        self.env.clone()
    }

    /// Sets `address`'s balance in wei.
    pub fn set_balance(&mut self, address: Address, wei: U256) {
        self.world.balances.insert(address, wei);
    }

    /// Sets `address`'s nonce (which fixes where its next deployment lands).
    pub fn set_nonce(&mut self, address: Address, nonce: u64) {
        self.world.nonces.insert(address, nonce);
    }

    /// `address`'s balance in wei.
    pub fn balance(&self, address: Address) -> U256 {
        self.world.balance(address)
    }

    /// The value at `slot` of `address`'s storage.
    pub fn storage(&self, address: Address, slot: B256) -> B256 {
        self.world
            .storage
            .get(&(address, slot))
            .copied()
            .unwrap_or_default()
    }

    /// Every non-zero storage slot of `address`, sorted.
    pub fn storage_slots(&self, address: Address) -> Vec<(B256, B256)> {
        let mut slots: Vec<_> = self
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
        self.world.programs.get(&address).map(|p| p.program.data)
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
        let processed = code::process(wasm)?;
        let program = if self.env.profile {
            Program::activate_profiled(&self.engine, &processed, ARBOS_VERSION)?
        } else {
            Program::activate(&self.engine, &processed, ARBOS_VERSION)?
        };
        let code = code::deployable(&processed);
        let nonce = self.world.nonces.entry(deployer).or_default();
        let address = deployer.create(*nonce);
        *nonce += 1;
        self.world
            .programs
            .insert(address, Rc::new(Deployed { program, code }));
        let receipt = self.transact(Tx::call(deployer, address, constructor_calldata))?;
        Ok((address, receipt))
    }

    /// Runs a transaction to a program. A failing call is a receipt, not an error.
    pub fn transact(&mut self, tx: Tx) -> Result<Receipt> {
        if !self.world.programs.contains_key(&tx.to) {
            return Err(Error::NoProgram { address: tx.to });
        }
        let intrinsic = intrinsic_gas(&tx.data);
        let mut exec = Exec {
            engine: &self.engine,
            world: &mut self.world,
            journal: Journal::default(),
            env: &self.env,
            origin: tx.from,
            pages: Pages::default(),
            open: HashMap::new(),
            stats: Stats::default(),
        };
        // EIP-2929/3651: the sender, the recipient, the coinbase and the precompiles start
        // warm.
        exec.journal
            .warm_accounts
            .extend([tx.from, tx.to, self.env.coinbase]);
        exec.journal
            .warm_accounts
            .extend(Precompiles::prague().addresses().copied());
        let gas = tx.gas_limit.saturating_sub(intrinsic);
        let call = Call {
            kind: CallKind::Call,
            sender: tx.from,
            address: tx.to,
            code_at: tx.to,
            value: tx.value,
            read_only: false,
        };
        let result = exec.call(call, &tx.data, gas)?;
        let mut stats = exec.stats;
        stats.intrinsic_gas = intrinsic;
        let used = tx.gas_limit - result.gas_left;
        let refund = (exec.journal.refund.max(0) as u64).min(used / evm::REFUND_QUOTIENT);
        let logs = if result.outcome == Outcome::Success {
            exec.journal.logs
        } else {
            Vec::new()
        };
        Ok(Receipt {
            outcome: result.outcome,
            output: result.output,
            logs,
            gas_used: used - refund,
            stats,
        })
    }
}

/// One call's target: who calls, whose storage and balance, whose code.
#[derive(Debug, Clone, Copy)]
struct Call {
    kind: CallKind,
    sender: Address,
    /// Whose storage and balance the call acts on.
    address: Address,
    /// Whose code runs (differs from `address` for a delegate call).
    code_at: Address,
    value: U256,
    read_only: bool,
}

/// A finished call.
struct CallResult {
    outcome: Outcome,
    output: Vec<u8>,
    gas_left: u64,
}

/// One transaction's execution.
struct Exec<'c> {
    engine: &'c Engine,
    world: &'c mut World,
    journal: Journal,
    env: &'c Env,
    origin: Address,
    pages: Pages,
    /// Program calls open on the stack, by the address they act on (Nitro's
    /// `TxProcessor.Programs`, which sets `msg_reentrant`).
    open: HashMap<Address, u32>,
    stats: Stats,
}

impl Exec<'_> {
    /// Runs `call` with `gas`, undoing its state changes unless it succeeds.
    fn call(&mut self, call: Call, input: &[u8], gas: u64) -> Result<CallResult> {
        let snapshot = (self.world.clone(), self.journal.clone());
        let result = self.enter(call, input, gas);
        if !matches!(
            result,
            Ok(CallResult {
                outcome: Outcome::Success,
                ..
            })
        ) {
            (*self.world, self.journal) = snapshot;
        }
        result
    }

    fn enter(&mut self, call: Call, input: &[u8], gas: u64) -> Result<CallResult> {
        let done = |outcome, output, gas_left| {
            Ok(CallResult {
                outcome,
                output,
                gas_left,
            })
        };
        if call.kind == CallKind::Call && !call.value.is_zero() {
            let from = self.world.balance(call.sender);
            if from < call.value {
                return done(Outcome::Revert, Vec::new(), gas);
            }
            self.world.balances.insert(call.sender, from - call.value);
            *self.world.balances.entry(call.address).or_default() += call.value;
        }
        if let Some(precompile) = Precompiles::prague().get(&call.code_at) {
            return Ok(match precompile.execute(input, gas, 0) {
                Ok(out) if out.status == PrecompileStatus::Success => CallResult {
                    outcome: Outcome::Success,
                    output: out.bytes.to_vec(),
                    gas_left: gas - out.gas_used.min(gas),
                },
                Ok(out) if out.status == PrecompileStatus::Revert => CallResult {
                    outcome: Outcome::Revert,
                    output: out.bytes.to_vec(),
                    gas_left: gas - out.gas_used.min(gas),
                },
                _ => CallResult {
                    outcome: Outcome::OutOfInk,
                    output: Vec::new(),
                    gas_left: 0,
                },
            });
        }
        let Some(deployed) = self.world.programs.get(&call.code_at).cloned() else {
            return done(Outcome::Success, Vec::new(), gas);
        };
        let open = self.open.entry(call.address).or_default();
        *open += 1;
        let data = EvmData {
            arbos_version: ARBOS_VERSION,
            block_basefee: self.env.basefee,
            chain_id: self.env.chain_id,
            block_coinbase: self.env.coinbase,
            block_gas_limit: self.env.gas_limit,
            block_number: self.env.block_number,
            block_timestamp: self.env.timestamp,
            contract_address: call.address,
            msg_sender: call.sender,
            msg_value: call.value,
            tx_gas_price: self.env.basefee,
            tx_origin: self.origin,
            reentrant: *open > 1,
            cached: self.env.cached,
        };
        let engine = self.engine;
        let mut frame = Frame { exec: self, call };
        let result = call_program(engine, &deployed.program, &data, input, gas, &mut frame);
        *self.open.entry(call.address).or_default() -= 1;
        let result = result?;
        self.stats.merge(&result.stats);
        done(result.outcome, result.output, result.gas_left)
    }

    /// EIP-2929's account access cost: 2,600 the first time, then 100.
    fn touch(&mut self, address: Address) -> u64 {
        if self.journal.warm_accounts.insert(address) {
            evm::COLD_ACCOUNT
        } else {
            evm::WARM_READ
        }
    }
}

/// The world as one program call sees it.
struct Frame<'x, 'c> {
    exec: &'x mut Exec<'c>,
    call: Call,
}

impl EvmApi for Frame<'_, '_> {
    fn get_bytes32(&mut self, key: B256) -> (B256, u64) {
        let slot = (self.call.address, key);
        let value = self
            .exec
            .world
            .storage
            .get(&slot)
            .copied()
            .unwrap_or_default();
        let journal = &mut self.exec.journal;
        journal.original.entry(slot).or_insert(value);
        let gas = if journal.warm_slots.insert(slot) {
            evm::COLD_SLOAD
        } else {
            evm::WARM_READ
        };
        (value, gas)
    }

    fn set_trie_slots(&mut self, slots: &[(B256, B256)], gas_left: &mut u64) -> ApiStatus {
        for &(key, value) in slots {
            if self.call.read_only {
                return ApiStatus::WriteProtection;
            }
            let slot = (self.call.address, key);
            let current = self
                .exec
                .world
                .storage
                .get(&slot)
                .copied()
                .unwrap_or_default();
            let journal = &mut self.exec.journal;
            let cold = journal.warm_slots.insert(slot);
            let original = *journal.original.entry(slot).or_insert(current);
            let (cost, refund) = pricing::sstore_cost(original, current, value, cold);
            journal.refund += refund;
            if cost > *gas_left {
                *gas_left = 0;
                return ApiStatus::OutOfGas;
            }
            *gas_left -= cost;
            self.exec.world.storage.insert(slot, value);
        }
        if *gas_left == 0 {
            return ApiStatus::OutOfGas;
        }
        ApiStatus::Success
    }

    fn get_transient_bytes32(&mut self, key: B256) -> B256 {
        let slot = (self.call.address, key);
        self.exec
            .journal
            .transient
            .get(&slot)
            .copied()
            .unwrap_or_default()
    }

    fn set_transient_bytes32(&mut self, key: B256, value: B256) -> ApiStatus {
        if self.call.read_only {
            return ApiStatus::WriteProtection;
        }
        self.exec
            .journal
            .transient
            .insert((self.call.address, key), value);
        ApiStatus::Success
    }

    fn call(
        &mut self,
        kind: CallKind,
        to: Address,
        input: &[u8],
        gas_left: u64,
        gas_req: u64,
        value: U256,
    ) -> CallOutput {
        let failed = |cost| CallOutput {
            success: false,
            cost,
            return_data: Vec::new(),
        };
        if self.call.read_only && !value.is_zero() {
            return failed(0);
        }
        // `WasmCallCost`: the access, then a new account and the value transfer.
        let mut base = self.exec.touch(to);
        if !value.is_zero() {
            if self.exec.world.is_empty(to) {
                base += evm::CALL_NEW_ACCOUNT;
            }
            base += evm::CALL_VALUE;
        }
        if base > gas_left {
            return failed(gas_left);
        }
        let mut gas = ((gas_left - base) * 63 / 64).min(gas_req);
        if !value.is_zero() {
            gas += evm::CALL_STIPEND;
        }
        let me = self.call;
        let call = match kind {
            CallKind::Call => Call {
                kind,
                sender: me.address,
                address: to,
                code_at: to,
                value,
                read_only: me.read_only,
            },
            CallKind::Delegate => Call {
                kind,
                sender: me.sender,
                address: me.address,
                code_at: to,
                value: me.value,
                read_only: me.read_only,
            },
            CallKind::Static => Call {
                kind,
                sender: me.address,
                address: to,
                code_at: to,
                value: U256::ZERO,
                read_only: true,
            },
        };
        match self.exec.call(call, input, gas) {
            Ok(result) => CallOutput {
                success: result.outcome == Outcome::Success,
                cost: base + (gas - result.gas_left.min(gas)),
                return_data: result.output,
            },
            // The callee could not be compiled or linked: a failure that uses its gas.
            Err(_) => failed(base + gas),
        }
    }

    fn create(
        &mut self,
        _init_code: &[u8],
        _endowment: U256,
        _salt: Option<B256>,
        _gas: u64,
    ) -> CreateOutput {
        if self.call.read_only {
            return CreateOutput::Refused {
                reason: "write protection: create in a static call".into(),
            };
        }
        // Init code is EVM bytecode, which this world does not run: the creation fails.
        CreateOutput::Done {
            address: Address::ZERO,
            cost: 0,
            return_data: Vec::new(),
        }
    }

    fn emit_log(&mut self, topics: &[B256], data: &[u8]) -> Result<(), String> {
        if self.call.read_only {
            return Err("write protection: log in a static call".into());
        }
        self.exec.journal.logs.push(Log {
            address: self.call.address,
            topics: topics.to_vec(),
            data: data.to_vec(),
        });
        Ok(())
    }

    fn account_balance(&mut self, address: Address) -> (U256, u64) {
        let gas = self.exec.touch(address);
        (self.exec.world.balance(address), gas)
    }

    fn account_code(&mut self, address: Address, gas_left: u64) -> (Vec<u8>, u64) {
        let gas = evm::EXTCODE + self.exec.touch(address);
        if gas_left < gas {
            return (Vec::new(), gas);
        }
        (self.exec.world.code(address), gas)
    }

    fn account_codehash(&mut self, address: Address) -> (B256, u64) {
        let gas = self.exec.touch(address);
        let hash = if self.exec.world.is_empty(address) {
            B256::ZERO
        } else {
            keccak256(self.exec.world.code(address))
        };
        (hash, gas)
    }

    fn stylus_pages(&self) -> (u16, u16) {
        (self.exec.pages.open, self.exec.pages.ever)
    }

    fn add_pages(&mut self, pages: u16) -> u64 {
        self.exec.pages.add(pages)
    }

    fn set_stylus_pages_open(&mut self, open: u16) {
        self.exec.pages.open = open;
    }
}
