//! The host's own semantics on small hand-made programs: activation rejects what Nitro's
//! rejects, traps are failures that keep gas, and running out of ink consumes it all.

use alloy_primitives::Address;
use stylus_host::{Chain, Error, Outcome, Tx};
use wasm_encoder::{
    CodeSection, EntityType, ExportKind, ExportSection, Function, FunctionSection, ImportSection,
    Instruction, MemorySection, MemoryType, Module, StartSection, TypeSection, ValType,
};

/// A module with `user_entrypoint(i32) -> i32` running `body`, a one-page memory, and the
/// given extras.
struct Spec {
    body: Vec<Instruction<'static>>,
    import_env: bool,
    export_entrypoint: bool,
    start: bool,
    growable: bool,
}

impl Default for Spec {
    fn default() -> Self {
        Self {
            body: vec![Instruction::I32Const(0)],
            import_env: false,
            export_entrypoint: true,
            start: false,
            growable: false,
        }
    }
}

fn module(spec: Spec) -> Vec<u8> {
    let mut module = Module::new();
    let mut types = TypeSection::new();
    types.ty().function([ValType::I32], [ValType::I32]);
    types.ty().function([], []);
    module.section(&types);
    let imported = u32::from(spec.import_env);
    if spec.import_env {
        let mut imports = ImportSection::new();
        imports.import("env", "abort", EntityType::Function(1));
        module.section(&imports);
    }
    let mut functions = FunctionSection::new();
    functions.function(0);
    functions.function(1);
    module.section(&functions);
    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: 1,
        maximum: if spec.growable { None } else { Some(1) },
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    module.section(&memories);
    let mut exports = ExportSection::new();
    if spec.export_entrypoint {
        exports.export("user_entrypoint", ExportKind::Func, imported);
    }
    exports.export("memory", ExportKind::Memory, 0);
    module.section(&exports);
    if spec.start {
        module.section(&StartSection {
            function_index: imported + 1,
        });
    }
    let mut code = CodeSection::new();
    let mut entry = Function::new([]);
    for instruction in &spec.body {
        entry.instruction(instruction);
    }
    entry.instruction(&Instruction::End);
    code.function(&entry);
    let mut noop = Function::new([]);
    noop.instruction(&Instruction::End);
    code.function(&noop);
    module.section(&code);
    module.finish()
}

fn deploy(spec: Spec) -> Result<(Chain, Address), Error> {
    let mut chain = Chain::default();
    let (address, _) = chain.deploy(Address::repeat_byte(1), &module(spec), vec![])?;
    Ok((chain, address))
}

fn rejected(spec: Spec, reason: &str) {
    match deploy(spec) {
        Err(Error::Runtime(stylus_runtime::Error::Invalid { reason: why })) => {
            assert!(why.contains(reason), "{why}")
        }
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("activation accepted a program it should reject ({reason})"),
    }
}

#[test]
fn activation_rejects_what_nitro_rejects() {
    rejected(
        Spec {
            body: vec![
                Instruction::F32Const(1.0.into()),
                Instruction::Drop,
                Instruction::I32Const(0),
            ],
            ..Spec::default()
        },
        "unsupported operator",
    );
    rejected(
        Spec {
            import_env: true,
            ..Spec::default()
        },
        "not a host function",
    );
    rejected(
        Spec {
            export_entrypoint: false,
            ..Spec::default()
        },
        "user_entrypoint",
    );
    rejected(
        Spec {
            start: true,
            ..Spec::default()
        },
        "start",
    );
    rejected(
        Spec {
            growable: true,
            ..Spec::default()
        },
        "pay_for_memory_grow",
    );
}

#[test]
fn a_minimal_program_runs() {
    let (mut chain, address) = deploy(Spec::default()).expect("a valid program");
    let receipt = chain
        .transact(Tx::call(Address::repeat_byte(2), address, vec![1, 2, 3]))
        .unwrap();
    assert_eq!(receipt.outcome, Outcome::Success);
    assert!(receipt.output.is_empty());
    let status = Spec {
        body: vec![Instruction::I32Const(7)],
        ..Spec::default()
    };
    let (mut chain, address) = deploy(status).unwrap();
    let receipt = chain
        .transact(Tx::call(Address::repeat_byte(2), address, vec![]))
        .unwrap();
    assert_eq!(receipt.outcome, Outcome::Revert);
}

#[test]
fn a_trap_fails_and_keeps_the_gas() {
    let spec = Spec {
        body: vec![Instruction::Unreachable],
        ..Spec::default()
    };
    // Deployment runs the (trapping) constructor call; activation itself succeeds.
    let (mut chain, address) = deploy(spec).unwrap();
    let tx = Tx::call(Address::repeat_byte(2), address, vec![]);
    let limit = tx.gas_limit;
    let receipt = chain.transact(tx).unwrap();
    assert_eq!(receipt.outcome, Outcome::Failure);
    assert!(receipt.output.is_empty());
    assert!(
        receipt.gas_used < limit / 2,
        "unspent gas is kept: {}",
        receipt.gas_used
    );
}

#[test]
fn an_endless_loop_runs_out_of_ink_and_consumes_all_gas() {
    let spec = Spec {
        body: vec![
            Instruction::Loop(wasm_encoder::BlockType::Empty),
            Instruction::Br(0),
            Instruction::End,
            Instruction::I32Const(0),
        ],
        ..Spec::default()
    };
    let (mut chain, address) = deploy(spec).unwrap();
    let tx = Tx {
        gas_limit: 200_000,
        ..Tx::call(Address::repeat_byte(2), address, vec![])
    };
    let receipt = chain.transact(tx).unwrap();
    assert_eq!(receipt.outcome, Outcome::OutOfInk);
    assert_eq!(receipt.gas_used, 200_000);
}

#[test]
fn profiling_counts_each_functions_ink_and_charges_the_same() {
    // The entrypoint calls the no-op three times. Each `call` ends a segment (3,800 ink plus
    // the 2,450 header); the last segment is `i32.const 0` and `end` (1 + 1 + 2,450); the
    // no-op's one segment is its `end` (1 + 2,450).
    let spec = || Spec {
        body: vec![
            Instruction::Call(1),
            Instruction::Call(1),
            Instruction::Call(1),
            Instruction::I32Const(0),
        ],
        ..Spec::default()
    };
    let run = |profile: bool| {
        let mut chain = Chain::new(stylus_host::Env {
            profile,
            ..stylus_host::Env::default()
        });
        let (address, _) = chain
            .deploy(Address::repeat_byte(1), &module(spec()), vec![])
            .unwrap();
        chain
            .transact(Tx::call(Address::repeat_byte(2), address, vec![]))
            .unwrap()
    };
    let (plain, profiled) = (run(false), run(true));
    assert_eq!(profiled.outcome, Outcome::Success);
    assert_eq!(profiled.gas_used, plain.gas_used);
    assert_eq!(profiled.stats.wasm_ink, plain.stats.wasm_ink);
    assert!(plain.stats.profile.is_empty());
    let expected = [(0, 3 * (3_800 + 2_450) + 2_452), (1, 3 * 2_451)];
    assert_eq!(
        profiled.stats.profile.into_iter().collect::<Vec<_>>(),
        expected
    );
    assert_eq!(
        profiled.stats.wasm_ink,
        expected.iter().map(|(_, ink)| ink).sum::<u64>()
    );
}
