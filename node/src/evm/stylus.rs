//! Stylus frames: a call whose code is an activated program runs in the Stylus runtime, which
//! reaches the EVM's state through [`NodeApi`], the revm side of `EvmApi`.
//!
//! As Nitro (`arbos/programs/programs.go` `CallProgram`, `arbos/programs/api.go`):
//! - the program is looked up by code hash in ArbOS state; one not activated, activated at
//!   another Stylus version, or expired fails with all its gas and no data;
//! - storage, transient storage, logs, balances and code go to revm's journal, so a revert
//!   anywhere in a mixed EVM/Stylus stack undoes exactly its own frame;
//! - calls and creations from a program run as nested revm frames with Nitro's costs:
//!   `WasmCallCost`, `floor((gas - base)·63/64)`, the non-refunded stipend, status 2 on any
//!   failure; `CREATE` without EIP-3860's init-code charge.

use std::convert::Infallible;

use alloy_primitives::{Address, Bytes, Log, LogData, B256, U256};
use revm::{
    context_interface::JournalTr,
    handler::{EthFrame, FrameData, FrameInitOrResult, FrameResult},
    interpreter::{
        CallInput, CallInputs, CallScheme, CallValue, CreateInputs, CreateScheme, FrameInput, Gas,
        InstructionResult, InterpreterAction, InterpreterResult,
    },
};
use stylus_runtime::{
    call_program, code,
    pricing::{self, evm},
    ApiStatus, CallKind, CallOutput, CreateOutput, EvmApi, EvmData, Outcome,
};

use super::{ArbEvm, DbError};
use crate::arbos::{self, Params, ProgramInfo, Slots};

/// Infallible database results (the state is in memory).
fn ok<T>(result: Result<T, Infallible>) -> T {
    match result {
        Ok(value) => value,
    }
}

/// ArbOS state through a journal, so that reads see this transaction's writes.
pub struct JournalSlots<'a, J>(pub &'a mut J);

impl<J: JournalTr<Database: revm::Database<Error = Infallible>>> Slots for JournalSlots<'_, J> {
    fn load(&mut self, slot: B256) -> B256 {
        // The journal's storage access needs the account loaded.
        ok(self.0.load_account(arbos::ARBOS_STATE));
        B256::from(
            ok(self
                .0
                .sload(arbos::ARBOS_STATE, U256::from_be_bytes(slot.0)))
            .data,
        )
    }

    fn store(&mut self, slot: B256, value: B256) {
        ok(self.0.load_account(arbos::ARBOS_STATE));
        ok(self.0.sstore(
            arbos::ARBOS_STATE,
            U256::from_be_bytes(slot.0),
            U256::from_be_bytes(value.0),
        ));
    }
}

/// The top frame, when its code is a Stylus program.
pub(super) struct StylusCall {
    /// Whose storage and balance the call acts on.
    address: Address,
    caller: Address,
    value: U256,
    is_static: bool,
    depth: usize,
    codehash: B256,
    code: Bytes,
    input: Bytes,
    gas_limit: u64,
}

impl StylusCall {
    /// The top frame's call, if it runs a Stylus program.
    pub(super) fn of_top_frame(evm: &mut ArbEvm) -> Option<Self> {
        let frame = evm.inner.frame_stack.get();
        let (FrameData::Call(_), FrameInput::Call(inputs)) = (&frame.data, &frame.input) else {
            return None;
        };
        let (codehash, bytecode) = &inputs.known_bytecode;
        let code = bytecode.original_bytes();
        if !(code.len() > 3 && code::is_stylus(&code)) {
            return None;
        }
        Some(Self {
            address: inputs.target_address,
            caller: inputs.caller,
            value: inputs.value.get(),
            is_static: inputs.is_static,
            depth: frame.depth,
            codehash: *codehash,
            code,
            input: inputs.input.bytes(&evm.inner.ctx),
            gas_limit: inputs.gas_limit,
        })
    }
}

impl ArbEvm {
    /// Runs the top frame's program and ends the frame with its outcome.
    pub(super) fn run_stylus_frame(
        &mut self,
        call: StylusCall,
    ) -> Result<FrameInitOrResult<EthFrame>, DbError> {
        let result = self.execute_program(&call);
        let frame = self.inner.frame_stack.get();
        let ctx = &mut self.inner.ctx;
        frame
            .process_next_action(ctx, InterpreterAction::Return(result))
            .inspect(|next| {
                if next.is_result() {
                    frame.set_finished(true);
                }
            })
    }

    /// The active program for `call`'s code, or why it cannot run (`getActiveProgram`).
    fn active_program(&mut self, call: &StylusCall) -> Result<(ProgramInfo, Params), String> {
        let time = self.inner.ctx.block.timestamp.saturating_to::<u64>();
        let journal = &mut self.inner.ctx.journaled_state;
        let mut slots = JournalSlots(journal);
        let params = Params::load(&mut slots);
        let info = ProgramInfo::load(&mut slots, call.codehash);
        if info.version == 0 {
            return Err("ProgramNotActivated()".into());
        }
        if info.version != params.version {
            return Err(format!(
                "ProgramNeedsUpgrade({}, {})",
                info.version, params.version
            ));
        }
        let age = info.age(time);
        if age > params.expiry_seconds() {
            return Err(format!("ProgramExpired({age})"));
        }
        Ok((info, params))
    }

    /// Runs the program of `call` with the frame's gas.
    fn execute_program(&mut self, call: &StylusCall) -> InterpreterResult {
        let halt = |ctx: &mut super::ArbContext, reason: String| {
            ctx.chain.program_error = Some(reason);
            InterpreterResult {
                result: InstructionResult::OpcodeNotFound,
                output: Bytes::new(),
                gas: Gas::new_spent_with_reservoir(call.gas_limit, 0),
            }
        };
        let info = match self.active_program(call) {
            Ok((info, _)) => info,
            Err(reason) => return halt(&mut self.inner.ctx, reason),
        };
        let chain = &self.inner.ctx.chain;
        let programs = chain.programs.clone();
        let program = match programs.get_or_compile(call.codehash, &call.code, chain.arbos_version)
        {
            Ok(program) => program,
            Err(e) => return halt(&mut self.inner.ctx, e.to_string()),
        };
        let ctx = &self.inner.ctx;
        let data = EvmData {
            arbos_version: ctx.chain.arbos_version,
            block_basefee: U256::from(ctx.block.basefee),
            chain_id: ctx.cfg.chain_id,
            block_coinbase: ctx.block.beneficiary,
            block_gas_limit: ctx.block.gas_limit,
            block_number: ctx.block.number.saturating_to(),
            block_timestamp: ctx.block.timestamp.saturating_to(),
            contract_address: call.address,
            msg_sender: call.caller,
            msg_value: call.value,
            tx_gas_price: ctx.chain.tx_gas_price,
            tx_origin: ctx.tx.caller,
            reentrant: self.open.get(&call.address).copied().unwrap_or(0) > 1,
            cached: info.cached,
        };
        let mut api = NodeApi {
            evm: self,
            call,
            refund: 0,
        };
        let result = call_program(
            programs.engine(),
            &program,
            &data,
            &call.input,
            call.gas_limit,
            &mut api,
        );
        let refund = api.refund;
        let result = match result {
            Ok(result) => result,
            Err(e) => return halt(&mut self.inner.ctx, e.to_string()),
        };
        let mut gas = Gas::new(call.gas_limit);
        let _ = gas.record_regular_cost(call.gas_limit - result.gas_left.min(call.gas_limit));
        gas.record_refund(refund);
        let (result, output) = match result.outcome {
            Outcome::Success => (InstructionResult::Return, result.output),
            Outcome::Revert => (InstructionResult::Revert, result.output),
            Outcome::Failure => (InstructionResult::Revert, Vec::new()),
            Outcome::OutOfInk => (InstructionResult::OutOfGas, Vec::new()),
        };
        InterpreterResult {
            result,
            output: output.into(),
            gas,
        }
    }
}

/// The EVM side of one program call.
struct NodeApi<'e, 'c> {
    evm: &'e mut ArbEvm,
    call: &'c StylusCall,
    /// `SSTORE` refunds and those of successful calls, kept by the frame if it succeeds.
    refund: i64,
}

impl NodeApi<'_, '_> {
    fn journal(&mut self) -> &mut revm::Journal<crate::backend::db::StateDb> {
        &mut self.evm.inner.ctx.journaled_state
    }

    /// EIP-2929's account access cost (2,600 cold, 100 warm), warming the account.
    fn touch(&mut self, address: Address) -> u64 {
        if ok(self.journal().load_account(address)).is_cold {
            evm::COLD_ACCOUNT
        } else {
            evm::WARM_READ
        }
    }

    /// Gas returned by a finished nested frame: none after an exceptional halt.
    fn returned(result: &InterpreterResult) -> u64 {
        if result.result.is_ok_or_revert() {
            result.gas.remaining()
        } else {
            0
        }
    }
}

impl EvmApi for NodeApi<'_, '_> {
    fn get_bytes32(&mut self, key: B256) -> (B256, u64) {
        let address = self.call.address;
        let load = ok(self.journal().sload(address, U256::from_be_bytes(key.0)));
        let gas = if load.is_cold {
            evm::COLD_SLOAD
        } else {
            evm::WARM_READ
        };
        (B256::from(load.data), gas)
    }

    fn set_trie_slots(&mut self, slots: &[(B256, B256)], gas_left: &mut u64) -> ApiStatus {
        let address = self.call.address;
        for &(key, value) in slots {
            if self.call.is_static {
                return ApiStatus::WriteProtection;
            }
            let store = ok(self.journal().sstore(
                address,
                U256::from_be_bytes(key.0),
                U256::from_be_bytes(value.0),
            ));
            let word = |v: U256| B256::from(v);
            let (cost, refund) = pricing::sstore_cost(
                word(store.data.original_value),
                word(store.data.present_value),
                word(store.data.new_value),
                store.is_cold,
            );
            if cost > *gas_left {
                // The program now fails, and its frame's writes are reverted with it.
                *gas_left = 0;
                return ApiStatus::OutOfGas;
            }
            *gas_left -= cost;
            self.refund += refund;
        }
        if *gas_left == 0 {
            return ApiStatus::OutOfGas;
        }
        ApiStatus::Success
    }

    fn get_transient_bytes32(&mut self, key: B256) -> B256 {
        let address = self.call.address;
        B256::from(self.journal().tload(address, U256::from_be_bytes(key.0)))
    }

    fn set_transient_bytes32(&mut self, key: B256, value: B256) -> ApiStatus {
        if self.call.is_static {
            return ApiStatus::WriteProtection;
        }
        let address = self.call.address;
        self.journal().tstore(
            address,
            U256::from_be_bytes(key.0),
            U256::from_be_bytes(value.0),
        );
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
        if self.call.is_static && !value.is_zero() {
            return failed(0);
        }
        // `WasmCallCost`: the access, a new account, the value transfer.
        let account = ok(self.journal().load_account_with_code(to));
        let mut base = if account.is_cold {
            evm::COLD_ACCOUNT
        } else {
            evm::WARM_READ
        };
        let empty = account.is_empty();
        let mut bytecode = account.info.code.clone().unwrap_or_default();
        let mut codehash = account.info.code_hash;
        if !value.is_zero() {
            if empty {
                base += evm::CALL_NEW_ACCOUNT;
            }
            base += evm::CALL_VALUE;
        }
        if base > gas_left {
            return failed(gas_left);
        }
        // EIP-7702: a delegated account runs its delegate's code.
        if let Some(delegate) = bytecode.eip7702_address() {
            let delegate = ok(self.journal().load_account_with_code(delegate));
            bytecode = delegate.info.code.clone().unwrap_or_default();
            codehash = delegate.info.code_hash;
        }
        let mut gas = ((gas_left - base) * 63 / 64).min(gas_req);
        if !value.is_zero() {
            gas += evm::CALL_STIPEND;
        }
        let me = self.call;
        let (scheme, target, caller, call_value, is_static) = match kind {
            CallKind::Call => (
                CallScheme::Call,
                to,
                me.address,
                CallValue::Transfer(value),
                me.is_static,
            ),
            CallKind::Delegate => (
                CallScheme::DelegateCall,
                me.address,
                me.caller,
                CallValue::Apparent(me.value),
                me.is_static,
            ),
            CallKind::Static => (
                CallScheme::StaticCall,
                to,
                me.address,
                CallValue::Transfer(U256::ZERO),
                true,
            ),
        };
        let inputs = CallInputs {
            input: CallInput::Bytes(Bytes::copy_from_slice(input)),
            return_memory_offset: 0..0,
            gas_limit: gas,
            reservoir: 0,
            bytecode_address: to,
            known_bytecode: (codehash, bytecode),
            target_address: target,
            caller,
            value: call_value,
            scheme,
            is_static,
            charged_new_account_state_gas: false,
        };
        let result = match self
            .evm
            .run_nested(FrameInput::Call(Box::new(inputs)), me.depth + 1)
        {
            Ok(FrameResult::Call(outcome)) => outcome.result,
            Ok(FrameResult::Create(_)) | Err(_) => return failed(base + gas),
        };
        let success = result.result.is_ok();
        if success {
            self.refund += result.gas.refunded();
        }
        CallOutput {
            success,
            cost: base + gas.saturating_sub(Self::returned(&result)),
            return_data: result.output.to_vec(),
        }
    }

    fn create(
        &mut self,
        init_code: &[u8],
        endowment: U256,
        salt: Option<B256>,
        gas: u64,
    ) -> CreateOutput {
        if self.call.is_static {
            return CreateOutput::Refused {
                reason: "write protection".into(),
            };
        }
        // `gasCreate`/`gasCreate2`, without EIP-3860's init-code word charge (as Nitro).
        let mut base = 32_000;
        if salt.is_some() {
            base += 6 * (init_code.len() as u64).div_ceil(32);
        }
        if gas < base {
            return CreateOutput::Refused {
                reason: "out of gas".into(),
            };
        }
        let start = gas;
        let mut gas = gas - base;
        let one_64th = gas / 64;
        gas -= one_64th;
        let scheme = match salt {
            Some(salt) => CreateScheme::Create2 {
                salt: U256::from_be_bytes(salt.0),
            },
            None => CreateScheme::Create,
        };
        let inputs = CreateInputs::new(
            self.call.address,
            scheme,
            endowment,
            Bytes::copy_from_slice(init_code),
            gas,
            0,
        );
        let outcome = match self
            .evm
            .run_nested(FrameInput::Create(Box::new(inputs)), self.call.depth + 1)
        {
            Ok(FrameResult::Create(outcome)) => outcome,
            Ok(FrameResult::Call(_)) | Err(_) => {
                return CreateOutput::Done {
                    address: Address::ZERO,
                    cost: start,
                    return_data: Vec::new(),
                }
            }
        };
        let result = &outcome.result;
        let success = result.result.is_ok();
        if success {
            self.refund += result.gas.refunded();
        }
        let return_data = if result.result == InstructionResult::Revert {
            result.output.to_vec()
        } else {
            Vec::new()
        };
        CreateOutput::Done {
            address: if success {
                outcome.address.unwrap_or_default()
            } else {
                Address::ZERO
            },
            cost: start.saturating_sub(Self::returned(result) + one_64th),
            return_data,
        }
    }

    fn emit_log(&mut self, topics: &[B256], data: &[u8]) -> Result<(), String> {
        if self.call.is_static {
            return Err("write protection".into());
        }
        let address = self.call.address;
        self.journal().log(Log {
            address,
            data: LogData::new_unchecked(topics.to_vec(), Bytes::copy_from_slice(data)),
        });
        Ok(())
    }

    fn account_balance(&mut self, address: Address) -> (U256, u64) {
        let gas = self.touch(address);
        let balance = ok(self.journal().load_account(address)).info.balance;
        (balance, gas)
    }

    fn account_code(&mut self, address: Address, gas_left: u64) -> (Vec<u8>, u64) {
        let gas = evm::EXTCODE + self.touch(address);
        if gas_left < gas {
            return (Vec::new(), gas);
        }
        let code = ok(self.journal().code(address)).data;
        (code.to_vec(), gas)
    }

    fn account_codehash(&mut self, address: Address) -> (B256, u64) {
        let gas = self.touch(address);
        let account = ok(self.journal().load_account_with_code(address));
        let hash = if account.is_loaded_as_not_existing() {
            B256::ZERO
        } else {
            account.info.code_hash
        };
        (hash, gas)
    }

    fn stylus_pages(&self) -> (u16, u16) {
        (self.evm.pages.open, self.evm.pages.ever)
    }

    fn add_pages(&mut self, pages: u16) -> u64 {
        self.evm.pages.add(pages)
    }

    fn set_stylus_pages_open(&mut self, open: u16) {
        self.evm.pages.open = open;
    }
}
