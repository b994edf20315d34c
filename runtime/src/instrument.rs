//! Nitro's metering, applied to a module before it runs (what activation compiles in).
//!
//! As `crates/prover/src/programs/meter.rs` (`FuncMeter::feed`): each function body is cut
//! into segments that end at `end`, `else`, `return`, `loop`, `br`, `br_if`, `br_table`,
//! `if`, `call` or `call_indirect`; before each segment the segment's ink (the sum of its
//! operators' prices plus a 2,450 header) is checked against the `stylus_ink_left` global and
//! taken from it, or the program traps with `stylus_ink_status = 1`. As `dynamic.rs`,
//! `memory.copy` and `memory.fill` also pay 100 ink per byte at run time; as `heap.rs`, a call
//! to `vm_hooks.pay_for_memory_grow` precedes every `memory.grow`. The inserted code is not
//! itself metered, as in Nitro, where these middlewares run after the meter.
//!
//! Not reproduced: the depth checker (`depth.rs`), which bounds the wasm stack; the token's
//! call depth is small and fixed.

use wasm_encoder::{
    reencode::{utils, Reencode},
    BlockType, ConstExpr, ExportKind, GlobalType, Instruction, ValType,
};
use wasmparser::{Operator, Parser, Payload, TypeRef};

use crate::{pricing, Error, Result};

/// The exported global holding the ink left.
pub const INK_LEFT: &str = "stylus_ink_left";
/// The exported global that is 1 once the program ran out of ink.
pub const INK_STATUS: &str = "stylus_ink_status";
/// With [`profile`], the prefix of the exported globals (`stylus_profile_<i>`, i64) that sum
/// the ink each local function `i` spent in its own operators and memory copies.
pub const PROFILE_PREFIX: &str = "stylus_profile_";

/// What the instrumentation needs to know about the module.
#[derive(Default)]
struct Layout {
    /// Parameter count of each type.
    type_params: Vec<u32>,
    /// Type of each local function.
    func_types: Vec<u32>,
    /// Imported functions (local function `i` has index `imported + i`).
    imported: u32,
    /// Index of `vm_hooks.pay_for_memory_grow`, if imported.
    pay_for_memory_grow: Option<u32>,
    /// Globals the module defines.
    globals: u32,
    /// Whether it has a global section (else the meter adds one).
    has_globals: bool,
}

fn layout(wasm: &[u8]) -> Result<Layout> {
    let mut layout = Layout::default();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(invalid)? {
            Payload::TypeSection(reader) => {
                for ty in reader.into_iter_err_on_gc_types() {
                    layout
                        .type_params
                        .push(ty.map_err(invalid)?.params().len() as u32);
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import.map_err(invalid)?;
                    if let TypeRef::Func(_) = import.ty {
                        if import.module == "vm_hooks" && import.name == "pay_for_memory_grow" {
                            layout.pay_for_memory_grow = Some(layout.imported);
                        }
                        layout.imported += 1;
                    }
                }
            }
            Payload::FunctionSection(reader) => {
                for ty in reader {
                    layout.func_types.push(ty.map_err(invalid)?);
                }
            }
            Payload::GlobalSection(reader) => {
                layout.globals = reader.count();
                layout.has_globals = true;
            }
            _ => {}
        }
    }
    Ok(layout)
}

fn invalid(e: impl std::fmt::Display) -> Error {
    Error::Invalid {
        reason: e.to_string(),
    }
}

/// Returns `wasm` with ink metering compiled in, and two exported globals,
/// [`INK_LEFT`] (i64) and [`INK_STATUS`] (i32).
pub fn instrument(wasm: &[u8]) -> Result<Vec<u8>> {
    instrument_with(wasm, false)
}

/// [`instrument`], plus a counter of each local function's ink ([`PROFILE_PREFIX`]), for
/// finding where a program's ink goes. The ink charged is the same.
pub fn profile(wasm: &[u8]) -> Result<Vec<u8>> {
    instrument_with(wasm, true)
}

fn instrument_with(wasm: &[u8], profile: bool) -> Result<Vec<u8>> {
    let layout = layout(wasm)?;
    let mut meter = Meter {
        layout,
        next_func: 0,
        error: None,
        profile,
    };
    let mut module = wasm_encoder::Module::new();
    let result = meter.parse_core_module(&mut module, Parser::new(0), wasm);
    if let Some(error) = meter.error {
        return Err(error);
    }
    result.map_err(|e| invalid(format!("cannot instrument: {e:?}")))?;
    Ok(module.finish())
}

struct Meter {
    layout: Layout,
    next_func: usize,
    error: Option<Error>,
    /// Whether to count each function's ink ([`profile`]).
    profile: bool,
}

impl Meter {
    fn ink_global(&self) -> u32 {
        self.layout.globals
    }

    fn status_global(&self) -> u32 {
        self.layout.globals + 1
    }

    /// The profile counter of the function being instrumented.
    fn profile_global(&self) -> u32 {
        self.layout.globals + 2 + (self.next_func as u32 - 1)
    }

    /// Adds the i64 on top of the stack to the function's profile counter (keeps nothing).
    fn count(&self, f: &mut wasm_encoder::Function) {
        let counter = self.profile_global();
        f.instruction(&Instruction::GlobalGet(counter));
        f.instruction(&Instruction::I64Add);
        f.instruction(&Instruction::GlobalSet(counter));
    }

    /// `if ink < cost { status = 1; unreachable } ink -= cost`, as Nitro's meter emits it.
    fn charge(&self, f: &mut wasm_encoder::Function, cost: u64) {
        let (ink, status) = (self.ink_global(), self.status_global());
        f.instruction(&Instruction::GlobalGet(ink));
        f.instruction(&Instruction::I64Const(cost as i64));
        f.instruction(&Instruction::I64LtU);
        f.instruction(&Instruction::If(BlockType::Empty));
        f.instruction(&Instruction::I32Const(1));
        f.instruction(&Instruction::GlobalSet(status));
        f.instruction(&Instruction::Unreachable);
        f.instruction(&Instruction::End);
        f.instruction(&Instruction::GlobalGet(ink));
        f.instruction(&Instruction::I64Const(cost as i64));
        f.instruction(&Instruction::I64Sub);
        f.instruction(&Instruction::GlobalSet(ink));
        if self.profile {
            f.instruction(&Instruction::I64Const(cost as i64));
            self.count(f);
        }
    }

    /// Before `memory.copy`/`memory.fill`: takes 100 ink per byte of the size on top of the
    /// stack (kept in `size_local`), trapping like the meter when short.
    fn charge_bytes(&self, f: &mut wasm_encoder::Function, size_local: u32, cost_local: u32) {
        let (ink, status) = (self.ink_global(), self.status_global());
        f.instruction(&Instruction::LocalTee(size_local));
        f.instruction(&Instruction::I64ExtendI32U);
        f.instruction(&Instruction::I64Const(pricing::MEMORY_BYTE_INK as i64));
        f.instruction(&Instruction::I64Mul);
        f.instruction(&Instruction::LocalTee(cost_local));
        f.instruction(&Instruction::GlobalGet(ink));
        f.instruction(&Instruction::I64GtU);
        f.instruction(&Instruction::If(BlockType::Empty));
        f.instruction(&Instruction::I32Const(1));
        f.instruction(&Instruction::GlobalSet(status));
        f.instruction(&Instruction::Unreachable);
        f.instruction(&Instruction::End);
        f.instruction(&Instruction::GlobalGet(ink));
        f.instruction(&Instruction::LocalGet(cost_local));
        f.instruction(&Instruction::I64Sub);
        f.instruction(&Instruction::GlobalSet(ink));
        if self.profile {
            f.instruction(&Instruction::LocalGet(cost_local));
            self.count(f);
        }
        f.instruction(&Instruction::LocalGet(size_local));
    }

    fn body(&mut self, body: wasmparser::FunctionBody<'_>) -> Result<wasm_encoder::Function> {
        let index = self.next_func;
        self.next_func += 1;
        let ty = *self
            .layout
            .func_types
            .get(index)
            .ok_or_else(|| invalid("no such function"))?;
        let params = self.layout.type_params[ty as usize];
        let mut locals = Vec::new();
        let mut declared = 0u32;
        for pair in body.get_locals_reader().map_err(invalid)? {
            let (count, ty) = pair.map_err(invalid)?;
            declared += count;
            locals.push((
                count,
                self.val_type(ty).map_err(|e| invalid(format!("{e:?}")))?,
            ));
        }
        // Two scratch locals for the dynamic memory charge.
        let size_local = params + declared;
        let cost_local = size_local + 1;
        locals.push((1, ValType::I32));
        locals.push((1, ValType::I64));
        let mut f = wasm_encoder::Function::new(locals);

        let mut segment: Vec<Operator> = Vec::new();
        let mut cost = 0u64;
        let reader = body.get_operators_reader().map_err(invalid)?;
        for op in reader {
            let op = op.map_err(invalid)?;
            let price = pricing::op_ink(&op, |ty| u64::from(self.layout.type_params[ty as usize]))
                .ok_or_else(|| invalid(format!("unsupported operator {op:?}")))?;
            cost = cost.saturating_add(price);
            let ends = pricing::ends_segment(&op);
            segment.push(op);
            if ends {
                self.charge(&mut f, cost.saturating_add(pricing::INK_HEADER_COST));
                for op in segment.drain(..) {
                    self.emit(&mut f, op, size_local, cost_local)?;
                }
                cost = 0;
            }
        }
        // A valid body ends with `end`, which closed the last segment.
        Ok(f)
    }

    fn emit(
        &mut self,
        f: &mut wasm_encoder::Function,
        op: Operator<'_>,
        size_local: u32,
        cost_local: u32,
    ) -> Result<()> {
        match op {
            Operator::MemoryCopy { .. } | Operator::MemoryFill { .. } => {
                self.charge_bytes(f, size_local, cost_local);
            }
            Operator::MemoryGrow { .. } => {
                let pay = self.layout.pay_for_memory_grow.ok_or_else(|| {
                    invalid("memory.grow without an import of vm_hooks.pay_for_memory_grow")
                })?;
                f.instruction(&Instruction::LocalTee(size_local));
                f.instruction(&Instruction::Call(pay));
                f.instruction(&Instruction::LocalGet(size_local));
            }
            _ => {}
        }
        let instruction = self
            .instruction(op)
            .map_err(|e| invalid(format!("cannot re-encode: {e:?}")))?;
        f.instruction(&instruction);
        Ok(())
    }
}

/// `stylus_ink_left` (i64) and `stylus_ink_status` (i32), both mutable and 0, then
/// `profiled` profile counters (i64).
fn add_meter_globals(globals: &mut wasm_encoder::GlobalSection, profiled: usize) {
    let mutable = |val_type| GlobalType {
        val_type,
        mutable: true,
        shared: false,
    };
    globals.global(mutable(ValType::I64), &ConstExpr::i64_const(0));
    globals.global(mutable(ValType::I32), &ConstExpr::i32_const(0));
    for _ in 0..profiled {
        globals.global(mutable(ValType::I64), &ConstExpr::i64_const(0));
    }
}

impl Meter {
    /// How many profile counters the module gets.
    fn profiled(&self) -> usize {
        if self.profile {
            self.layout.func_types.len()
        } else {
            0
        }
    }
}

impl Reencode for Meter {
    type Error = std::convert::Infallible;

    fn parse_function_body(
        &mut self,
        code: &mut wasm_encoder::CodeSection,
        func: wasmparser::FunctionBody<'_>,
    ) -> std::result::Result<(), wasm_encoder::reencode::Error<Self::Error>> {
        match self.body(func) {
            Ok(f) => {
                code.function(&f);
            }
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
        Ok(())
    }

    fn parse_global_section(
        &mut self,
        globals: &mut wasm_encoder::GlobalSection,
        section: wasmparser::GlobalSectionReader<'_>,
    ) -> std::result::Result<(), wasm_encoder::reencode::Error<Self::Error>> {
        utils::parse_global_section(self, globals, section)?;
        add_meter_globals(globals, self.profiled());
        Ok(())
    }

    fn intersperse_section_hook(
        &mut self,
        module: &mut wasm_encoder::Module,
        _after: Option<wasm_encoder::SectionId>,
        before: Option<wasm_encoder::SectionId>,
    ) -> std::result::Result<(), wasm_encoder::reencode::Error<Self::Error>> {
        use wasm_encoder::SectionId::*;
        // A module without globals gets a global section where one belongs.
        let past_globals = matches!(
            before,
            None | Some(Export | Start | Element | DataCount | Code | Data)
        );
        if !self.layout.has_globals && past_globals {
            let mut globals = wasm_encoder::GlobalSection::new();
            add_meter_globals(&mut globals, self.profiled());
            module.section(&globals);
            self.layout.has_globals = true;
        }
        Ok(())
    }

    fn parse_export_section(
        &mut self,
        exports: &mut wasm_encoder::ExportSection,
        section: wasmparser::ExportSectionReader<'_>,
    ) -> std::result::Result<(), wasm_encoder::reencode::Error<Self::Error>> {
        utils::parse_export_section(self, exports, section)?;
        exports.export(INK_LEFT, ExportKind::Global, self.ink_global());
        exports.export(INK_STATUS, ExportKind::Global, self.status_global());
        for i in 0..self.profiled() {
            let name = format!("{PROFILE_PREFIX}{i}");
            exports.export(
                &name,
                ExportKind::Global,
                self.layout.globals + 2 + i as u32,
            );
        }
        Ok(())
    }

    fn parse_custom_section(
        &mut self,
        _module: &mut wasm_encoder::Module,
        _section: wasmparser::CustomSectionReader<'_>,
    ) -> std::result::Result<(), wasm_encoder::reencode::Error<Self::Error>> {
        Ok(())
    }
}
