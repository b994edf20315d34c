//! Activation-time validation: what Nitro's activation rejects, rejected here with a clear
//! error, and the program data it records (`crates/prover/src/binary.rs` `parse_user`,
//! `WasmBinary::instrument`; `crates/prover/src/programs/heap.rs`).

use wasmparser::{
    ExternalKind, FuncType, Parser, Payload, TypeRef, ValType, Validator, WasmFeatures,
};

use crate::{pricing, pricing::ProgramData, Error, Result};

/// Every host function a program may import from `vm_hooks`, with its wasm signature
/// (`HOSTIOS` in `crates/wasm-libraries/forward/lib.rs`): name, parameters, results, where
/// `i` is i32 and `I` is i64.
pub const HOSTIOS: [(&str, &str, &str); 42] = [
    ("read_args", "i", ""),
    ("write_result", "ii", ""),
    ("exit_early", "i", ""),
    ("storage_load_bytes32", "ii", ""),
    ("storage_cache_bytes32", "ii", ""),
    ("storage_flush_cache", "i", ""),
    ("transient_load_bytes32", "ii", ""),
    ("transient_store_bytes32", "ii", ""),
    ("call_contract", "iiiiIi", "i"),
    ("delegate_call_contract", "iiiIi", "i"),
    ("static_call_contract", "iiiIi", "i"),
    ("create1", "iiiii", ""),
    ("create2", "iiiiii", ""),
    ("read_return_data", "iii", "i"),
    ("return_data_size", "", "i"),
    ("emit_log", "iii", ""),
    ("account_balance", "ii", ""),
    ("account_code", "iiii", "i"),
    ("account_code_size", "i", "i"),
    ("account_codehash", "ii", ""),
    ("evm_gas_left", "", "I"),
    ("evm_ink_left", "", "I"),
    ("block_basefee", "i", ""),
    ("chainid", "", "I"),
    ("block_coinbase", "i", ""),
    ("block_gas_limit", "", "I"),
    ("block_number", "", "I"),
    ("block_timestamp", "", "I"),
    ("contract_address", "i", ""),
    ("math_div", "ii", ""),
    ("math_mod", "ii", ""),
    ("math_pow", "ii", ""),
    ("math_add_mod", "iii", ""),
    ("math_mul_mod", "iii", ""),
    ("msg_reentrant", "", "i"),
    ("msg_sender", "i", ""),
    ("msg_value", "i", ""),
    ("native_keccak256", "iii", ""),
    ("tx_gas_price", "i", ""),
    ("tx_ink_price", "", "i"),
    ("tx_origin", "i", ""),
    ("pay_for_memory_grow", "i", ""),
];

/// The wasm features Nitro's validator enables (`binary.rs` `parse_with_version`);
/// multi-value only before ArbOS 60.
fn features(arbos_version: u64) -> WasmFeatures {
    let mut features = WasmFeatures::MUTABLE_GLOBAL
        | WasmFeatures::SATURATING_FLOAT_TO_INT
        | WasmFeatures::SIGN_EXTENSION
        | WasmFeatures::BULK_MEMORY
        | WasmFeatures::FLOATS
        | WasmFeatures::GC_TYPES;
    if arbos_version < 60 {
        features |= WasmFeatures::MULTI_VALUE;
    }
    features
}

fn reject(reason: impl Into<String>) -> Error {
    Error::Invalid {
        reason: reason.into(),
    }
}

fn signature(params: &str, results: &str) -> FuncType {
    let ty = |c| if c == 'I' { ValType::I64 } else { ValType::I32 };
    FuncType::new(params.chars().map(ty), results.chars().map(ty))
}

/// Checks `wasm` (the processed, uncompressed module) as activation at `arbos_version` would,
/// and returns its program data.
pub fn activate(wasm: &[u8], arbos_version: u64) -> Result<ProgramData> {
    if wasm.len() > pricing::params::MAX_WASM_SIZE {
        return Err(reject(format!(
            "{} bytes uncompressed, over the {} byte limit",
            wasm.len(),
            pricing::params::MAX_WASM_SIZE
        )));
    }
    Validator::new_with_features(features(arbos_version))
        .validate_all(wasm)
        .map_err(|e| reject(format!("invalid wasm: {e}")))?;

    let mut data = ProgramData {
        wasm_len: wasm.len() as u64,
        globals: 4,
        ..ProgramData::default()
    };
    let mut types: Vec<FuncType> = Vec::new();
    let mut entrypoint = false;
    let mut memory_export = false;
    let mut memories = 0;
    let mut imported_funcs = 0u32;
    let mut pays_for_growth = false;
    let mut fixed_memory = true;
    let mut func_types: Vec<u32> = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(|e| reject(e.to_string()))? {
            Payload::TypeSection(reader) => {
                for ty in reader.into_iter_err_on_gc_types() {
                    types.push(ty.map_err(|e| reject(e.to_string()))?);
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import.map_err(|e| reject(e.to_string()))?;
                    let TypeRef::Func(ty) = import.ty else {
                        return Err(reject(format!("import {} is not a function", import.name)));
                    };
                    if import.module != "vm_hooks" {
                        return Err(reject(format!(
                            "import {}.{} is not a host function",
                            import.module, import.name
                        )));
                    }
                    let Some((_, params, results)) =
                        HOSTIOS.iter().find(|(name, ..)| *name == import.name)
                    else {
                        return Err(reject(format!(
                            "no such host function: vm_hooks.{}",
                            import.name
                        )));
                    };
                    pays_for_growth |= import.name == "pay_for_memory_grow";
                    if types[ty as usize] != signature(params, results) {
                        return Err(reject(format!(
                            "vm_hooks.{} imported with a different signature",
                            import.name
                        )));
                    }
                    imported_funcs += 1;
                }
            }
            Payload::FunctionSection(reader) => {
                for ty in reader {
                    func_types.push(ty.map_err(|e| reject(e.to_string()))?);
                }
            }
            Payload::MemorySection(reader) => {
                for memory in reader {
                    let memory = memory.map_err(|e| reject(e.to_string()))?;
                    memories += 1;
                    data.footprint = memory.initial;
                    fixed_memory = memory.maximum == Some(memory.initial);
                    if memory.initial > pricing::params::PAGE_LIMIT {
                        return Err(reject("initial memory over the page limit"));
                    }
                }
            }
            Payload::GlobalSection(reader) => data.globals += u64::from(reader.count()),
            Payload::ExportSection(reader) => {
                for export in reader {
                    let export = export.map_err(|e| reject(e.to_string()))?;
                    if export.name.starts_with("stylus") {
                        return Err(reject(format!("reserved export name {}", export.name)));
                    }
                    match (export.name, export.kind) {
                        ("user_entrypoint", ExternalKind::Func) => {
                            let local = export.index.checked_sub(imported_funcs);
                            let ty = local.and_then(|i| func_types.get(i as usize));
                            let expected = signature("i", "i");
                            if ty.map(|&t| &types[t as usize]) != Some(&expected) {
                                return Err(reject("user_entrypoint must be (i32) -> i32"));
                            }
                            entrypoint = true;
                        }
                        ("memory", ExternalKind::Memory) => memory_export = true,
                        _ => {}
                    }
                }
            }
            Payload::StartSection { .. } => return Err(reject("a start function is not allowed")),
            Payload::DataSection(reader) => {
                for segment in reader {
                    let segment = segment.map_err(|e| reject(e.to_string()))?;
                    data.data_len += segment.range.len() as u64;
                    data.data_bytes += segment.data.len() as u64;
                }
            }
            Payload::ElementSection(reader) => {
                for segment in reader {
                    let segment = segment.map_err(|e| reject(e.to_string()))?;
                    data.data_len += segment.range.len() as u64;
                    data.elem_bytes += segment.range.len() as u64;
                }
            }
            Payload::CodeSectionEntry(body) => {
                for op in body
                    .get_operators_reader()
                    .map_err(|e| reject(e.to_string()))?
                {
                    let op = op.map_err(|e| reject(e.to_string()))?;
                    data.ops += 1;
                    if pricing::op_ink(&op, |_| 0).is_none() {
                        return Err(reject(format!("unsupported operator {op:?}")));
                    }
                }
            }
            _ => {}
        }
    }
    if memories != 1 || !memory_export {
        return Err(reject("missing memory with export name memory"));
    }
    if !entrypoint {
        return Err(reject("missing export user_entrypoint"));
    }
    if !fixed_memory && !pays_for_growth {
        // `heap.rs`: a memory that can grow needs the hook that prices its growth.
        return Err(reject(
            "a growable memory requires importing vm_hooks.pay_for_memory_grow",
        ));
    }
    data.funcs = func_types.len() as u64;
    data.type_len = func_types
        .iter()
        .map(|&t| (types[t as usize].params().len() + types[t as usize].results().len()) as u64)
        .sum();
    if data.init_cost() > u64::from(u16::MAX) || data.cached_init_cost() > u64::from(u16::MAX) {
        return Err(reject("init cost too high"));
    }
    Ok(data)
}
