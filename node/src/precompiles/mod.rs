//! Precompiles: revm's standard set for Osaka (what ArbOS 50 and later run: 0x01–0x11 and
//! P256VERIFY at 0x100) and Arbitrum's, with Nitro's framework around the latter.
//!
//! Arbitrum's (`precompiles/*.go` in Nitro): ArbSys (0x64), ArbOwnerPublic (0x6b), ArbOwner
//! (0x70), ArbWasm (0x71), ArbWasmCache (0x72). The other Arbitrum addresses are claimed too,
//! so that a call to one this node does not implement reverts with a message saying so rather
//! than succeeding silently.
//!
//! The framework (`precompiles/precompile.go` `Call`), in order: input shorter than a
//! selector, an unknown selector, a view reached by `DELEGATECALL`, a write in a static
//! context, or value sent to a non-payable method revert with all gas; then 800 gas to open
//! ArbOS state (not for pure methods) and 3 per argument word; calldata that does not decode
//! reverts with all gas. A method's custom error reverts with its data and returns the unused
//! gas; a plain error reverts with empty data and returns it; success pays 3 per result word.

mod arb_owner;
mod arb_sys;
mod arb_wasm;
mod arb_wasm_cache;

use alloy_primitives::{map::AddressSet, Address, Bytes, Log, LogData, B256, U256};
use alloy_sol_types::{SolCall, SolError, SolEvent};
use revm::{
    context_interface::JournalTr,
    handler::{EthPrecompiles, PrecompileProvider},
    interpreter::{CallInputs, Gas, InstructionResult, InterpreterResult},
    primitives::hardfork::SpecId,
};

use crate::{
    arbos::{Params, ProgramInfo, Slots},
    evm::{arbos_slots, ArbContext},
};

/// `ArbSys`.
pub const ARB_SYS: Address = Address::with_last_byte(0x64);
/// `ArbOwnerPublic`.
pub const ARB_OWNER_PUBLIC: Address = Address::with_last_byte(0x6b);
/// `ArbOwner`.
pub const ARB_OWNER: Address = Address::with_last_byte(0x70);
/// `ArbWasm`.
pub const ARB_WASM: Address = Address::with_last_byte(0x71);
/// `ArbWasmCache`.
pub const ARB_WASM_CACHE: Address = Address::with_last_byte(0x72);

/// Arbitrum precompiles this node does not implement, by address and name.
const UNIMPLEMENTED: [(u8, &str); 11] = [
    (0x65, "ArbInfo"),
    (0x66, "ArbAddressTable"),
    (0x67, "ArbBLS"),
    (0x68, "ArbFunctionTable"),
    (0x69, "ArbosTest"),
    (0x6c, "ArbGasInfo"),
    (0x6d, "ArbAggregator"),
    (0x6e, "ArbRetryableTx"),
    (0x6f, "ArbStatistics"),
    (0x73, "ArbNativeTokenManager"),
    (0xff, "ArbDebug"),
];

/// Every Arbitrum precompile address, implemented or not (each gets code `0xFE` at genesis,
/// as in Nitro, so that Solidity's `extcodesize` check passes).
pub fn arbitrum_addresses() -> Vec<Address> {
    let mut all = vec![
        ARB_SYS,
        ARB_OWNER_PUBLIC,
        ARB_OWNER,
        ARB_WASM,
        ARB_WASM_CACHE,
    ];
    all.extend(
        UNIMPLEMENTED
            .iter()
            .map(|(a, _)| Address::with_last_byte(*a)),
    );
    all
}

/// The precompile provider.
#[derive(Debug, Clone)]
pub struct ArbPrecompiles {
    eth: EthPrecompiles,
    warm: AddressSet,
}

impl Default for ArbPrecompiles {
    fn default() -> Self {
        let eth = EthPrecompiles::new(SpecId::OSAKA);
        let mut warm = eth.warm_addresses().clone();
        warm.extend(arbitrum_addresses());
        Self { eth, warm }
    }
}

impl PrecompileProvider<ArbContext> for ArbPrecompiles {
    type Output = InterpreterResult;

    fn set_spec(&mut self, spec: SpecId) -> bool {
        let changed =
            <EthPrecompiles as PrecompileProvider<ArbContext>>::set_spec(&mut self.eth, spec);
        if changed {
            self.warm = self.eth.warm_addresses().clone();
            self.warm.extend(arbitrum_addresses());
        }
        changed
    }

    fn run(
        &mut self,
        ctx: &mut ArbContext,
        inputs: &CallInputs,
    ) -> Result<Option<InterpreterResult>, String> {
        let address = inputs.bytecode_address;
        let lookup: Option<Lookup> = match address {
            ARB_SYS => Some(arb_sys::method),
            ARB_OWNER_PUBLIC => Some(arb_owner::public_method),
            ARB_OWNER => Some(arb_owner::method),
            ARB_WASM => Some(arb_wasm::method),
            ARB_WASM_CACHE => Some(arb_wasm_cache::method),
            _ => None,
        };
        let method = lookup.map(Method::Lookup).or_else(|| {
            UNIMPLEMENTED
                .iter()
                .find(|(a, _)| Address::with_last_byte(*a) == address)
                .map(|(_, name)| Method::Unimplemented(name))
        });
        match method {
            Some(method) => Ok(Some(call(method, ctx, inputs))),
            None => self.eth.run(ctx, inputs),
        }
    }

    fn warm_addresses(&self) -> &AddressSet {
        &self.warm
    }

    fn contains(&self, address: &Address) -> bool {
        self.warm.contains(address)
    }
}

/// What a method may do (`precompile.go` `purity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Purity {
    /// Reads nothing.
    Pure,
    /// Reads state.
    View,
    /// Writes state.
    Write,
    /// Writes state and accepts value.
    Payable,
}

/// A method: its purity and body.
pub(crate) type Body = fn(&mut PrecompileCall<'_>) -> Result<Vec<u8>, Exit>;

/// A precompile's method table: the method for a selector.
pub(crate) type Lookup = fn([u8; 4]) -> Option<(Purity, Body)>;

enum Method {
    Lookup(Lookup),
    Unimplemented(&'static str),
}

/// How a method ended other than by returning.
#[derive(Debug)]
pub(crate) enum Exit {
    /// A Solidity custom error: revert with its data, unused gas returned.
    SolError(Vec<u8>),
    /// A plain error: revert with empty data, unused gas returned.
    Plain(String),
    /// Revert with empty data and all gas consumed (bad input, no access, out of gas).
    BurnOut,
    /// An exceptional halt consuming all gas (a failed activation).
    Halt,
}

/// A custom error.
pub(crate) fn sol_error(error: impl SolError) -> Exit {
    Exit::SolError(error.abi_encode())
}

/// One call to an Arbitrum precompile.
pub(crate) struct PrecompileCall<'a> {
    /// The transaction's context.
    pub ctx: &'a mut ArbContext,
    /// The precompile.
    pub address: Address,
    /// Who called it.
    pub caller: Address,
    /// Wei sent (already moved to the precompile).
    pub value: U256,
    /// Whether the call is static.
    pub is_static: bool,
    /// The arguments, after the selector.
    pub args: Bytes,
    gas_limit: u64,
    used: u64,
    /// An owner's ArbOwner call: it costs nothing, whatever happens.
    free: bool,
}

impl PrecompileCall<'_> {
    /// Takes `gas`, or burns out.
    pub fn burn(&mut self, gas: u64) -> Result<(), Exit> {
        match self.used.checked_add(gas) {
            Some(used) if used <= self.gas_limit => {
                self.used = used;
                Ok(())
            }
            _ => {
                self.used = self.gas_limit;
                Err(Exit::BurnOut)
            }
        }
    }

    /// The block's timestamp.
    pub fn time(&self) -> u64 {
        self.ctx.block.timestamp.saturating_to()
    }

    /// ArbOS state, unpriced.
    pub fn slots(&mut self) -> impl Slots + '_ {
        arbos_slots(&mut self.ctx.journaled_state)
    }

    /// Writes ArbOS storage: 20,000 gas for a non-zero word, 5,000 for zero.
    pub fn write(&mut self, slot: B256, value: B256) -> Result<(), Exit> {
        self.burn(if value.is_zero() { 5000 } else { 20_000 })?;
        self.slots().store(slot, value);
        Ok(())
    }

    /// The Stylus parameters: a flat 100 gas (`Params()`).
    pub fn params(&mut self) -> Result<Params, Exit> {
        self.burn(100)?;
        Ok(Params::load(&mut self.slots()))
    }

    /// A program's record: one storage read.
    pub fn program(&mut self, codehash: B256) -> Result<ProgramInfo, Exit> {
        self.burn(800)?;
        Ok(ProgramInfo::load(&mut self.slots(), codehash))
    }

    /// `address`'s code hash: 2,600 gas (`GetCodeHash`), zero for no account.
    pub fn code_hash(&mut self, address: Address) -> Result<B256, Exit> {
        self.burn(2600)?;
        let Ok(hash) = self.ctx.journaled_state.code_hash(address);
        Ok(hash.data)
    }

    /// Emits `event` from the precompile: 375, 375 per topic and for the log, 8 per byte.
    pub fn emit(&mut self, event: impl SolEvent) -> Result<(), Exit> {
        let log = event.encode_log_data();
        let topics = log.topics().len() as u64;
        self.burn(375 + 375 * topics + 8 * log.data.len() as u64)?;
        let address = self.address;
        self.ctx.journaled_state.log(Log {
            address,
            data: LogData::new_unchecked(log.topics().to_vec(), log.data),
        });
        Ok(())
    }

    /// Makes the call free (an owner's ArbOwner call).
    pub fn refund_all(&mut self) {
        self.free = true;
    }

    /// Emits `event` without charging for it.
    pub fn emit_free(&mut self, event: impl SolEvent) {
        let log = event.encode_log_data();
        let address = self.address;
        self.ctx.journaled_state.log(Log {
            address,
            data: LogData::new_unchecked(log.topics().to_vec(), log.data),
        });
    }

    /// Moves `value` from the precompile to `to`.
    pub fn pay(&mut self, to: Address, value: U256) {
        if value.is_zero() {
            return;
        }
        let from = self.address;
        let Ok(_) = self.ctx.journaled_state.transfer(from, to, value);
    }

    /// Decodes the arguments as `C`, or burns out.
    pub fn decode<C: SolCall>(&self) -> Result<C, Exit> {
        C::abi_decode_raw_validate(&self.args).map_err(|_| Exit::BurnOut)
    }
}

fn words(len: usize) -> u64 {
    (len as u64).div_ceil(32)
}

/// Runs `method` through Nitro's framework.
fn call(method: Method, ctx: &mut ArbContext, inputs: &CallInputs) -> InterpreterResult {
    let input = inputs.input.bytes(ctx);
    let mut call = PrecompileCall {
        ctx,
        address: inputs.bytecode_address,
        caller: inputs.caller,
        value: inputs.value.get(),
        is_static: inputs.is_static,
        args: input
            .get(4..)
            .map(Bytes::copy_from_slice)
            .unwrap_or_default(),
        gas_limit: inputs.gas_limit,
        used: 0,
        free: false,
    };
    let mut outcome = run(method, &mut call, inputs, &input);
    if call.free {
        call.used = 0;
        if matches!(outcome, Err(Exit::BurnOut)) {
            outcome = Err(Exit::Plain("owner call failed".into()));
        }
    }
    let mut gas = Gas::new(inputs.gas_limit);
    let (result, output) = match outcome {
        Ok(output) => {
            let _ = gas.record_regular_cost(call.used);
            (InstructionResult::Return, output)
        }
        Err(Exit::SolError(data)) => {
            let _ = gas.record_regular_cost(call.used);
            (InstructionResult::Revert, data)
        }
        Err(Exit::Plain(message)) => {
            let _ = gas.record_regular_cost(call.used);
            call.ctx.chain.program_error = Some(message);
            (InstructionResult::Revert, Vec::new())
        }
        Err(Exit::BurnOut) => {
            gas.spend_all();
            (InstructionResult::Revert, Vec::new())
        }
        Err(Exit::Halt) => {
            gas.spend_all();
            (InstructionResult::PrecompileError, Vec::new())
        }
    };
    InterpreterResult {
        result,
        output: output.into(),
        gas,
    }
}

fn run(
    method: Method,
    call: &mut PrecompileCall<'_>,
    inputs: &CallInputs,
    input: &[u8],
) -> Result<Vec<u8>, Exit> {
    let lookup = match method {
        Method::Lookup(lookup) => lookup,
        Method::Unimplemented(name) => {
            let message = format!(
                "stylus-node does not implement the {name} precompile at {}",
                inputs.bytecode_address
            );
            return Err(Exit::SolError(
                alloy_sol_types::Revert::from(message).abi_encode(),
            ));
        }
    };
    let selector: [u8; 4] = input
        .get(..4)
        .and_then(|s| s.try_into().ok())
        .ok_or(Exit::BurnOut)?;
    let (purity, body) = lookup(selector).ok_or(Exit::BurnOut)?;
    let delegated = inputs.target_address != inputs.bytecode_address;
    if purity >= Purity::View && delegated {
        return Err(Exit::BurnOut);
    }
    if purity >= Purity::Write && inputs.is_static {
        return Err(Exit::BurnOut);
    }
    if purity < Purity::Payable && !call.value.is_zero() {
        return Err(Exit::BurnOut);
    }
    if purity != Purity::Pure {
        call.burn(800)?;
    }
    call.burn(3 * words(input.len() - 4))?;
    match body(call) {
        Ok(output) => {
            call.burn(3 * words(output.len()))?;
            Ok(output)
        }
        Err(Exit::SolError(data)) => {
            call.burn(3 * words(data.len()))?;
            Err(Exit::SolError(data))
        }
        Err(other) => Err(other),
    }
}
