//! Arbitrum's EVM on revm: EVM bytecode runs in revm's interpreter, activated Stylus programs
//! in `stylus-runtime`, in one journal, with calls going every way between them.
//!
//! The extension points, as op-revm uses them: [`ArbEvm`] wraps revm's `Evm` and implements
//! `EvmTr`, so that a frame whose code is a Stylus program runs in the Stylus runtime
//! (`stylus.rs`) and a creation may deploy code with the Stylus prefix (Arbitrum's exception to
//! EIP-3541); [`handler::ArbHandler`] carries Arbitrum's transaction rules; the precompiles are
//! a precompile provider (`crate::precompiles`); Arbitrum's per-transaction context lives in
//! the context's `chain` field ([`ArbChain`]).

pub mod handler;
mod stylus;

pub use stylus::JournalSlots;

/// ArbOS state through `journal`, unpriced.
pub fn arbos_slots<J>(journal: &mut J) -> JournalSlots<'_, J> {
    JournalSlots(journal)
}

use std::{cell::RefCell, collections::HashMap, convert::Infallible, rc::Rc, sync::Arc};

use alloy_primitives::{Address, B256, U256};
use revm::{
    context::{BlockEnv, CfgEnv, ContextError, Evm, FrameStack, TxEnv},
    handler::{
        evm::{FrameInitResult, FrameTr},
        instructions::{EthInstructions, InstructionProvider},
        EthFrame, EvmTr, FrameData, FrameInitOrResult, FrameResult, ItemOrResult,
    },
    interpreter::{
        interpreter::EthInterpreter, interpreter_action::FrameInit, FrameInput, InstructionResult,
        InterpreterAction,
    },
    Context, Journal,
};
use stylus_runtime::{code, Program};
use wasmi::Engine;

use crate::{backend::db::StateDb, precompiles::ArbPrecompiles};

/// The context a transaction runs in.
pub type ArbContext = Context<BlockEnv, TxEnv, CfgEnv, StateDb, Journal<StateDb>, ArbChain>;

/// A database error (the state is in memory: there are none).
pub type DbError = ContextError<Infallible>;

type Inner =
    Evm<ArbContext, (), EthInstructions<EthInterpreter, ArbContext>, ArbPrecompiles, EthFrame>;

/// Compiled programs by code hash, shared by every transaction of a node. Activation state
/// itself lives in ArbOS storage; this only saves recompiling.
#[derive(Clone, Default)]
pub struct Programs {
    engine: Engine,
    compiled: Rc<RefCell<HashMap<B256, Rc<Program>>>>,
}

impl Programs {
    /// The wasm engine programs are compiled for.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Keeps `program`, compiled from the code hashing to `codehash`.
    pub fn insert(&self, codehash: B256, program: Program) -> Rc<Program> {
        let program = Rc::new(program);
        self.compiled.borrow_mut().insert(codehash, program.clone());
        program
    }

    /// The program for `code` (hashing to `codehash`), compiled now if it was not yet.
    pub fn get_or_compile(
        &self,
        codehash: B256,
        code: &[u8],
        arbos_version: u64,
    ) -> Result<Rc<Program>, stylus_runtime::Error> {
        if let Some(program) = self.compiled.borrow().get(&codehash) {
            return Ok(program.clone());
        }
        let wasm = code::decompress(code)?;
        let program = Program::activate(&self.engine, &wasm, arbos_version)?;
        Ok(self.insert(codehash, program))
    }
}

/// Arbitrum's part of a transaction's context.
#[derive(Clone)]
pub struct ArbChain {
    /// The ArbOS version.
    pub arbos_version: u64,
    /// The L2 block being built (`ArbSys.arbBlockNumber`).
    pub block_number: u64,
    /// Hashes of earlier L2 blocks, by number (`ArbSys.arbBlockHash`).
    pub block_hashes: Arc<Vec<B256>>,
    /// The gas price a program sees (`tx_gas_price`): the transaction's own, before ArbOS
    /// drops the tip.
    pub tx_gas_price: U256,
    /// Compiled programs.
    pub programs: Programs,
    /// The caller of each open frame, innermost last (`ArbSys.isTopLevelCall` and
    /// `myCallersAddressWithoutAliasing`).
    pub callers: Vec<Address>,
    /// Why the last program call could not start, for error messages.
    pub program_error: Option<String>,
}

/// The bookkeeping of one open frame.
struct OpenFrame {
    /// The address it acts for, unless it is a delegate call (which Nitro does not count).
    counted: Option<Address>,
}

/// revm's EVM with Stylus programs.
pub struct ArbEvm {
    inner: Inner,
    /// Open frames, innermost last, parallel to revm's frame stack.
    frames: Vec<OpenFrame>,
    /// Open non-delegate frames per address (Nitro's `TxProcessor.Programs`): a program call
    /// is reentrant when its address is open more than once.
    open: HashMap<Address, u32>,
    /// The transaction's Stylus memory counters.
    pages: stylus_runtime::Pages,
}

impl ArbEvm {
    /// An EVM over `ctx` with Arbitrum's precompiles.
    pub fn new(ctx: ArbContext, precompiles: ArbPrecompiles) -> Self {
        let spec = ctx.cfg.spec;
        Self {
            inner: Evm::new(
                ctx,
                EthInstructions::new_mainnet_with_spec(spec),
                precompiles,
            ),
            frames: Vec::new(),
            open: HashMap::new(),
            pages: stylus_runtime::Pages::default(),
        }
    }

    /// The context.
    pub fn ctx(&self) -> &ArbContext {
        &self.inner.ctx
    }

    /// The context, mutably.
    pub fn ctx_mut(&mut self) -> &mut ArbContext {
        &mut self.inner.ctx
    }

    /// Records a frame revm just pushed.
    fn open_frame(&mut self) {
        let frame = self.inner.frame_stack.get();
        let (counted, caller) = match (&frame.data, &frame.input) {
            (FrameData::Call(_), FrameInput::Call(inputs)) => {
                let counted = (!matches!(
                    inputs.scheme,
                    revm::interpreter::CallScheme::DelegateCall
                        | revm::interpreter::CallScheme::CallCode
                ))
                .then_some(inputs.target_address);
                (counted, inputs.caller)
            }
            (FrameData::Create(create), FrameInput::Create(inputs)) => {
                (Some(create.created_address), inputs.caller())
            }
            _ => (None, Address::ZERO),
        };
        if let Some(address) = counted {
            *self.open.entry(address).or_default() += 1;
        }
        self.frames.push(OpenFrame { counted });
        self.inner.ctx.chain.callers.push(caller);
    }

    /// Forgets the innermost frame, which revm is popping.
    fn close_frame(&mut self) {
        if let Some(frame) = self.frames.pop() {
            if let Some(address) = frame.counted {
                if let Some(n) = self.open.get_mut(&address) {
                    *n -= 1;
                }
            }
        }
        self.inner.ctx.chain.callers.pop();
    }

    /// Runs a call or creation from a program to completion, on top of the program's frame.
    fn run_nested(
        &mut self,
        frame_input: FrameInput,
        depth: usize,
    ) -> Result<FrameResult, DbError> {
        let memory = self
            .inner
            .frame_stack
            .get()
            .interpreter
            .memory
            .new_child_context();
        let init = FrameInit {
            depth,
            memory,
            frame_input,
        };
        let result = match self.frame_init(init)? {
            ItemOrResult::Result(result) => result,
            ItemOrResult::Item(_) => {
                let base = self.inner.frame_stack.index();
                loop {
                    let result = match self.frame_run()? {
                        ItemOrResult::Item(init) => match self.frame_init(init)? {
                            ItemOrResult::Item(_) => continue,
                            ItemOrResult::Result(result) => result,
                        },
                        ItemOrResult::Result(result) => result,
                    };
                    let top = &mut self.inner.frame_stack;
                    if top.index() == base && top.get().is_finished() {
                        self.close_frame();
                        self.inner.frame_stack.pop();
                        break result;
                    }
                    self.frame_return_result(result)?;
                }
            }
        };
        self.inner
            .frame_stack
            .get()
            .interpreter
            .memory
            .free_child_context();
        Ok(result)
    }

    /// Runs the top frame's EVM bytecode, letting a creation deploy a Stylus program: with
    /// EIP-3541 switched off in the config, code starting with `0xEF` is rejected here unless
    /// it has the Stylus prefix (Nitro's `initNewContract`).
    fn run_evm_frame(&mut self) -> Result<FrameInitOrResult<EthFrame>, DbError> {
        let frame = self.inner.frame_stack.get();
        let ctx = &mut self.inner.ctx;
        let instructions = &mut self.inner.instruction;
        let mut action = frame.interpreter.run_plain(
            instructions.instruction_table(),
            instructions.gas_table(),
            ctx,
        );
        if let (FrameData::Create(_), InterpreterAction::Return(result)) =
            (&frame.data, &mut action)
        {
            let output = &result.output;
            if result.result.is_ok()
                && output.first() == Some(&0xef)
                && !(output.len() > 3 && code::is_stylus(output))
            {
                result.result = InstructionResult::CreateContractStartingWithEF;
            }
        }
        frame.process_next_action(ctx, action).inspect(|next| {
            if next.is_result() {
                frame.set_finished(true);
            }
        })
    }
}

impl EvmTr for ArbEvm {
    type Context = ArbContext;
    type Instructions = EthInstructions<EthInterpreter, ArbContext>;
    type Precompiles = ArbPrecompiles;
    type Frame = EthFrame;

    fn all(
        &self,
    ) -> (
        &Self::Context,
        &Self::Instructions,
        &Self::Precompiles,
        &FrameStack<Self::Frame>,
    ) {
        self.inner.all()
    }

    fn all_mut(
        &mut self,
    ) -> (
        &mut Self::Context,
        &mut Self::Instructions,
        &mut Self::Precompiles,
        &mut FrameStack<Self::Frame>,
    ) {
        self.inner.all_mut()
    }

    fn frame_init(
        &mut self,
        frame_input: <Self::Frame as FrameTr>::FrameInit,
    ) -> Result<FrameInitResult<'_, Self::Frame>, DbError> {
        if let ItemOrResult::Result(result) = self.inner.frame_init(frame_input)? {
            return Ok(ItemOrResult::Result(result));
        }
        self.open_frame();
        Ok(ItemOrResult::Item(self.inner.frame_stack.get()))
    }

    fn frame_run(&mut self) -> Result<FrameInitOrResult<Self::Frame>, DbError> {
        if let Some(call) = stylus::StylusCall::of_top_frame(self) {
            return self.run_stylus_frame(call);
        }
        self.run_evm_frame()
    }

    fn frame_return_result(
        &mut self,
        result: <Self::Frame as FrameTr>::FrameResult,
    ) -> Result<Option<<Self::Frame as FrameTr>::FrameResult>, DbError> {
        if self.inner.frame_stack.get().is_finished() {
            self.close_frame();
        }
        self.inner.frame_return_result(result)
    }
}
