//! Nitro's prices for Stylus programs, each with the source it comes from.
//!
//! Sources: OffchainLabs/nitro at 6dce8d13 (2026-04); paths under `crates/` (older trees have
//! them under `arbitrator/`). The research notes in `shared/research/stylus-gas-model.md`
//! collect them; the values below were checked against the files named.

use alloy_primitives::B256;
use wasmparser::Operator;

/// Ink per gas (`arbos/programs/params.go`: `initialInkPrice = 10000`).
pub const INK_PRICE: u64 = 10_000;

/// Ink charged at the start of every metered segment (`crates/prover/src/programs/config.rs`,
/// `ink_header_cost` for Stylus versions 1 and 2).
pub const INK_HEADER_COST: u64 = 2450;

/// Ink per byte of `memory.copy` and `memory.fill` (`config.rs`: `memory_copy_ink` and
/// `memory_fill_ink`, 800 / 8), charged by `crates/prover/src/programs/dynamic.rs`.
pub const MEMORY_BYTE_INK: u64 = 100;

/// Every hostio's base cost (`crates/arbutil/src/pricing.rs`).
pub const HOSTIO_INK: u64 = 8400;
/// Per pointer argument (`pricing.rs`: `PTR_INK = 13440 - HOSTIO_INK`).
pub const PTR_INK: u64 = 13_440 - HOSTIO_INK;
/// A hostio that crosses into Geth (`pricing.rs`).
pub const EVM_API_INK: u64 = 59_673;
/// `math_div`, `math_mod` (`pricing.rs`).
pub const DIV_INK: u64 = 20_000;
/// `math_mul_mod` (`pricing.rs`).
pub const MUL_MOD_INK: u64 = 24_100;
/// `math_add_mod` (`pricing.rs`).
pub const ADD_MOD_INK: u64 = 21_000;

/// Copying `bytes` from the host into the program (`pricing.rs` `write_price`).
pub fn write_price(bytes: u64) -> u64 {
    5040 + 30 * bytes.saturating_sub(32)
}

/// Copying `bytes` from the program into the host (`pricing.rs` `read_price`).
pub fn read_price(bytes: u64) -> u64 {
    16_381 + 55 * bytes.saturating_sub(32)
}

/// Each hostio's base ink, before its byte and gas prices (`pricing.rs` `mod hostio`).
pub mod hostio {
    use super::{ADD_MOD_INK, DIV_INK, EVM_API_INK, HOSTIO_INK, MUL_MOD_INK, PTR_INK};

    /// `read_args`, `write_result`, `return_data_size`, the `u64` getters, `msg_reentrant`,
    /// `tx_ink_price`, and `pay_for_memory_grow` of zero pages.
    pub const PLAIN: u64 = HOSTIO_INK;
    /// Getters that write a word or an address: `msg_sender`, `msg_value`, `tx_origin`,
    /// `tx_gas_price`, `block_basefee`, `block_coinbase`, `contract_address`.
    pub const WRITE_PTR: u64 = HOSTIO_INK + PTR_INK;
    /// `storage_load_bytes32`, `storage_cache_bytes32`.
    pub const STORAGE_ACCESS: u64 = HOSTIO_INK + 2 * PTR_INK;
    /// `storage_flush_cache`, `read_return_data`, `emit_log`, `account_code`,
    /// `account_code_size`.
    pub const EVM_API: u64 = HOSTIO_INK + EVM_API_INK;
    /// `transient_load_bytes32`, `transient_store_bytes32`, `account_balance`,
    /// `account_codehash`.
    pub const EVM_API_2_PTR: u64 = HOSTIO_INK + 2 * PTR_INK + EVM_API_INK;
    /// `call_contract` and its variants, `create1`.
    pub const EVM_API_3_PTR: u64 = HOSTIO_INK + 3 * PTR_INK + EVM_API_INK;
    /// `create2`.
    pub const EVM_API_4_PTR: u64 = HOSTIO_INK + 4 * PTR_INK + EVM_API_INK;
    /// `math_div`, `math_mod`.
    pub const MATH_DIV: u64 = HOSTIO_INK + 3 * PTR_INK + DIV_INK;
    /// `math_pow`, before the exponent's price.
    pub const MATH_POW: u64 = HOSTIO_INK + 3 * PTR_INK;
    /// `math_add_mod`.
    pub const MATH_ADD_MOD: u64 = HOSTIO_INK + 4 * PTR_INK + ADD_MOD_INK;
    /// `math_mul_mod`.
    pub const MATH_MUL_MOD: u64 = HOSTIO_INK + 4 * PTR_INK + MUL_MOD_INK;
}

/// Hashing `bytes` (`pricing.rs` `keccak_price`).
pub fn keccak_price(bytes: u64) -> u64 {
    let words = bytes.div_ceil(32).saturating_sub(2);
    121_800 + 21_000 * words
}

/// `math_pow` for an exponent with `leading_zero_bytes` (`pricing.rs` `pow_price`).
pub fn pow_price(leading_zero_bytes: u64) -> u64 {
    3000 + 17_500 * (33 - leading_zero_bytes)
}

/// EVM costs (`crates/arbutil/src/evm/mod.rs`, go-ethereum `params/protocol_params.go`).
pub mod evm {
    /// EIP-2929 cold `SLOAD`.
    pub const COLD_SLOAD: u64 = 2100;
    /// EIP-2929 warm read.
    pub const WARM_READ: u64 = 100;
    /// EIP-2929 cold account access.
    pub const COLD_ACCOUNT: u64 = 2600;
    /// EIP-2200 `SSTORE` of a fresh slot.
    pub const SSTORE_SET: u64 = 20_000;
    /// EIP-2200/2929 `SSTORE` of a clean, non-zero slot (5000 - cold 2100).
    pub const SSTORE_RESET: u64 = 2900;
    /// EIP-3529 refund for clearing a slot.
    pub const SSTORE_CLEARS_REFUND: u64 = 4800;
    /// The gas that must remain for an `SSTORE` (EIP-2200 sentry).
    pub const SSTORE_SENTRY: u64 = 2300;
    /// Per log topic (and the base `LOG0` cost).
    pub const LOG_TOPIC: u64 = 375;
    /// Per byte of log data.
    pub const LOG_DATA: u64 = 8;
    /// A transaction's intrinsic cost.
    pub const TX: u64 = 21_000;
    /// Per zero byte of calldata.
    pub const TX_DATA_ZERO: u64 = 4;
    /// Per non-zero byte of calldata.
    pub const TX_DATA_NON_ZERO: u64 = 16;
    /// `CALL` base cost to a warm account.
    pub const CALL_WARM: u64 = 100;
    /// The `ecrecover` precompile (go-ethereum `params.EcrecoverGas`).
    pub const ECRECOVER: u64 = 3000;
    /// Refunds are capped at gas used / this (EIP-3529).
    pub const REFUND_QUOTIENT: u64 = 5;
    /// `TLOAD` and `TSTORE` (EIP-1153).
    pub const TRANSIENT: u64 = 100;
    /// Added to a `CALL` that sends value (`CallValueTransferGas`).
    pub const CALL_VALUE: u64 = 9000;
    /// Added to a value-sending `CALL` to an empty account (`CallNewAccountGas`).
    pub const CALL_NEW_ACCOUNT: u64 = 25_000;
    /// Given to the callee of a value-sending `CALL` (`CallStipend`).
    pub const CALL_STIPEND: u64 = 2300;
    /// `EXTCODECOPY`'s and `EXTCODESIZE`'s base cost before EIP-2929's access cost is added
    /// (`WasmAccountTouchCost` charges it with the code: `params.ExtcodeSizeGasEIP150`).
    pub const EXTCODE: u64 = 700;
}

/// The gas of writing `new` over `current` in a slot whose value at the transaction's start
/// was `original`, and the change to the refund counter (go-ethereum `gasSStoreEIP2929`, as
/// Nitro's `WasmStateStoreCost` applies it): EIP-2200 with EIP-2929's cold surcharge and
/// EIP-3529's refunds.
pub fn sstore_cost(original: B256, current: B256, new: B256, cold: bool) -> (u64, i64) {
    use evm::{COLD_SLOAD, SSTORE_CLEARS_REFUND, SSTORE_RESET, SSTORE_SET, WARM_READ};
    let clears = SSTORE_CLEARS_REFUND as i64;
    let access = if cold { COLD_SLOAD } else { 0 };
    if current == new {
        return (access + WARM_READ, 0);
    }
    if original == current {
        if original.is_zero() {
            return (access + SSTORE_SET, 0);
        }
        return (
            access + SSTORE_RESET,
            if new.is_zero() { clears } else { 0 },
        );
    }
    let mut refund = 0;
    if !original.is_zero() {
        if current.is_zero() {
            refund -= clears;
        } else if new.is_zero() {
            refund += clears;
        }
    }
    if original == new {
        refund += if original.is_zero() {
            (SSTORE_SET - WARM_READ) as i64
        } else {
            (SSTORE_RESET - WARM_READ) as i64
        };
    }
    (access + WARM_READ, refund)
}

/// The storage cache's extra gas per access (`crates/arbutil/src/evm/storage.rs`).
pub mod cache {
    /// Gas a load or store needs on top of the EVM's (`REQUIRED_ACCESS_GAS`).
    pub const REQUIRED_ACCESS_GAS: u64 = 10;

    /// Gas for the `n`th storage load of a call (counted from 1): reads 1–32 are free, 33–128
    /// cost 2, later ones 10 (`read_gas`).
    pub fn read_gas(n: u64) -> u64 {
        match n {
            0..=32 => 0,
            33..=128 => 2,
            _ => 10,
        }
    }

    /// Gas for the `n`th storage write of a call (from 1): 1–8 free, 9–64 cost 7, later 10
    /// (`write_gas`).
    pub fn write_gas(n: u64) -> u64 {
        match n {
            0..=8 => 0,
            9..=64 => 7,
            _ => 10,
        }
    }
}

/// Program parameters (`arbos/programs/params.go`, defaults at ArbOS 50+, Stylus version 2).
pub mod params {
    /// Pages every transaction gets free.
    pub const FREE_PAGES: u64 = 2;
    /// Linear gas per page beyond the free ones.
    pub const PAGE_GAS: u64 = 1000;
    /// Most pages open at once in a transaction.
    pub const PAGE_LIMIT: u64 = 128;
    /// Entry cost of an uncached program, in units of 128 gas (69 from Stylus v2).
    pub const MIN_INIT_GAS: u64 = 69;
    /// Entry cost of any program, in units of 32 gas.
    pub const MIN_CACHED_INIT_GAS: u64 = 11;
    /// `InitCostScalar` and `CachedCostScalar`, in units of 2%.
    pub const COST_SCALAR: u64 = 50;
    /// Largest uncompressed program (`MaxWasmSize`, 128 KiB).
    pub const MAX_WASM_SIZE: usize = 128 * 1024;
    /// `MaxStackDepth` after the ArbOS 50 upgrade, in words.
    pub const MAX_STACK_DEPTH: u64 = 22_000;
}

/// `memoryExponents` in `arbos/programs/memory.go`: the exponential part of the page cost.
const MEMORY_EXPONENTS: [u64; 129] = [
    1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 11, 12, 14, 17, 19, 22, 25, 29, 33, 38,
    43, 50, 57, 65, 75, 85, 98, 112, 128, 147, 168, 193, 221, 253, 289, 331, 379, 434, 497, 569,
    651, 745, 853, 976, 1117, 1279, 1463, 1675, 1917, 2194, 2511, 2874, 3290, 3765, 4309, 4932,
    5645, 6461, 7395, 8464, 9687, 11087, 12689, 14523, 16621, 19024, 21773, 24919, 28521, 32642,
    37359, 42758, 48938, 56010, 64104, 73368, 83971, 96106, 109994, 125890, 144082, 164904, 188735,
    216010, 247226, 282953, 323844, 370643, 424206, 485509, 555672, 635973, 727880, 833067, 953456,
    1091243, 1248941, 1429429, 1636000, 1872423, 2143012, 2452704, 2807151, 3212820, 3677113,
    4208502, 4816684, 5512756, 6309419, 7221210, 8264766, 9459129, 10826093, 12390601, 14181199,
    16230562, 18576084, 21260563, 24332984, 27849408, 31873999,
];

/// A transaction's Stylus memory counters (the StateDB's `GetStylusPages`,
/// `AddStylusPages`, `SetStylusPagesOpen` in Nitro's go-ethereum).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pages {
    /// Pages open now, across the programs on the call stack.
    pub open: u16,
    /// The most pages open at once so far in the transaction.
    pub ever: u16,
}

impl Pages {
    /// Opens `new` pages and returns their gas.
    pub fn add(&mut self, new: u16) -> u64 {
        let gas = memory_gas(u64::from(new), u64::from(self.open), u64::from(self.ever));
        self.open = self.open.saturating_add(new);
        self.ever = self.ever.max(self.open);
        gas
    }
}

/// Gas for opening `new` pages when `open` are open and at most `ever` were open in the
/// transaction (`memory.go` `MemoryModel.GasCost`).
pub fn memory_gas(new: u64, open: u64, ever: u64) -> u64 {
    let new_open = open.saturating_add(new);
    let new_ever = ever.max(new_open);
    if new_ever <= params::FREE_PAGES {
        return 0;
    }
    if new_ever > params::PAGE_LIMIT {
        return u64::MAX;
    }
    let linear = (new_open.saturating_sub(params::FREE_PAGES)
        - open.saturating_sub(params::FREE_PAGES))
        * params::PAGE_GAS;
    let expand = MEMORY_EXPONENTS[new_ever as usize] - MEMORY_EXPONENTS[ever as usize];
    linear.saturating_add(expand)
}

/// Ink for one operator (`crates/prover/src/programs/meter.rs` `pricing_v1`); `None` for an
/// operator Nitro does not support (priced `u64::MAX` there). `call_indirect_params` is the
/// number of parameters of a `call_indirect`'s type.
pub fn op_ink(op: &Operator, call_indirect_params: impl Fn(u32) -> u64) -> Option<u64> {
    use Operator::*;
    Some(match op {
        Unreachable | Return | Nop | I32Const { .. } | I64Const { .. } => 1,
        Drop => 9,
        Block { .. } | Loop { .. } | Else | End => 1,
        Br { .. } | BrIf { .. } | If { .. } => 765,
        Select => 1250,
        Call { .. } => 3800,
        LocalGet { .. } | LocalTee { .. } => 75,
        LocalSet { .. } => 210,
        GlobalGet { .. } => 225,
        GlobalSet { .. } => 575,
        I32Load { .. }
        | I32Load8S { .. }
        | I32Load8U { .. }
        | I32Load16S { .. }
        | I32Load16U { .. } => 670,
        I64Load { .. }
        | I64Load8S { .. }
        | I64Load8U { .. }
        | I64Load16S { .. }
        | I64Load16U { .. }
        | I64Load32S { .. }
        | I64Load32U { .. } => 680,
        I32Store { .. } | I32Store8 { .. } | I32Store16 { .. } => 825,
        I64Store { .. } | I64Store8 { .. } | I64Store16 { .. } | I64Store32 { .. } => 950,
        MemorySize { .. } => 3000,
        MemoryGrow { .. } => 8050,
        I32Eqz | I32Eq | I32Ne | I32LtS | I32LtU | I32GtS | I32GtU | I32LeS | I32LeU | I32GeS
        | I32GeU => 170,
        I64Eqz | I64Eq | I64Ne | I64LtS | I64LtU | I64GtS | I64GtU | I64LeS | I64LeU | I64GeS
        | I64GeU => 225,
        I32Clz | I32Ctz => 210,
        I32Add | I32Sub => 70,
        I32Mul => 160,
        I32DivS | I32DivU | I32RemS | I32RemU => 1120,
        I32And | I32Or | I32Xor | I32Shl | I32ShrS | I32ShrU | I32Rotl | I32Rotr => 70,
        I64Clz | I64Ctz => 210,
        I64Add | I64Sub => 100,
        I64Mul => 160,
        I64DivS | I64DivU | I64RemS | I64RemU => 1270,
        I64And | I64Or | I64Xor | I64Shl | I64ShrS | I64ShrU | I64Rotl | I64Rotr => 100,
        I32Popcnt => 2650,
        I64Popcnt => 6000,
        I32WrapI64 | I64ExtendI32S | I64ExtendI32U => 100,
        I32Extend8S | I32Extend16S | I64Extend8S | I64Extend16S | I64Extend32S => 100,
        MemoryCopy { .. } | MemoryFill { .. } => 950,
        BrTable { targets } => 2400 + 325 * u64::from(targets.len()),
        CallIndirect { type_index, .. } => 13_610 + 650 * call_indirect_params(*type_index),
        _ => return None,
    })
}

/// Whether `op` ends a metered segment (`crates/arbutil/src/operator.rs` `ends_basic_block`).
pub fn ends_segment(op: &Operator) -> bool {
    use Operator::*;
    matches!(
        op,
        End | Else
            | Return
            | Loop { .. }
            | Br { .. }
            | BrTable { .. }
            | BrIf { .. }
            | If { .. }
            | Call { .. }
            | CallIndirect { .. }
    )
}

/// What activation computes about a program (`crates/prover/src/binary.rs`
/// `WasmBinary::instrument`): the inputs of its entry costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProgramData {
    /// Local function bodies.
    pub funcs: u64,
    /// Σ over local functions of parameters + results.
    pub type_len: u64,
    /// Bytes of the activated (uncompressed, processed) wasm.
    pub wasm_len: u64,
    /// Globals, including the 4 instrumentation adds.
    pub globals: u64,
    /// Bytes of data segments plus element entries.
    pub data_len: u64,
    /// Initial memory pages.
    pub footprint: u64,
    /// Bytes of data segments' contents (activation's compile charge).
    pub data_bytes: u64,
    /// Bytes of element segments (activation's compile charge).
    pub elem_bytes: u64,
    /// Operators in all function bodies (activation's compile charge).
    pub ops: u64,
}

impl ProgramData {
    /// `cached_init_cost` (each term integer-divided, as in `binary.rs`).
    pub fn cached_init_cost(&self) -> u64 {
        self.funcs * 13_420 / 100_000
            + self.type_len * 89 / 100_000
            + self.wasm_len * 122 / 100_000
            + self.globals * 1628 / 1000
            + self.data_len * 75_244 / 100_000
            + self.footprint * 5
    }

    /// `init_cost` for Stylus version 2.
    pub fn init_cost(&self) -> u64 {
        self.funcs * 8252 / 1000 + self.type_len * 1059 / 1000 + self.wasm_len * 1286 / 10_000
    }

    /// Gas every call pays on entry (`arbos/programs/programs.go` `CallProgram`, version 2):
    /// `MinCachedInitGas·32 + ceil(cached_init_cost · scalar·2 / 100)`.
    pub fn cached_gas(&self) -> u64 {
        params::MIN_CACHED_INIT_GAS * 32
            + (self.cached_init_cost() * params::COST_SCALAR * 2).div_ceil(100)
    }

    /// Extra gas a call pays when the program is not cached: `MinInitGas·128 +
    /// ceil(init_cost · scalar·2 / 100)`.
    pub fn init_gas(&self) -> u64 {
        params::MIN_INIT_GAS * 128 + (self.init_cost() * params::COST_SCALAR * 2).div_ceil(100)
    }

    /// The gas activation burns to compile the program, beyond its fixed cost
    /// (`crates/prover/src/programs/mod.rs` `Module::activate`, ArbOS >= 32): an estimate in
    /// microseconds of each part's compile time, each floored and converted at 28 gas per
    /// microsecond (`fudge 2 · speed 7,000,000 / sync rate 500,000`).
    pub fn activation_gas(&self) -> u64 {
        let micros = [
            self.wasm_len * 31_733 / 100_000,
            self.funcs * 17_263 / 100_000,
            self.data_bytes * 17_376 / 100_000,
            self.elem_bytes * 17_376 / 100_000,
            self.footprint * 2217,
            self.ops * 535 / 1000,
        ];
        micros.iter().map(|us| us * 28).sum()
    }

    /// Everything a call pays before the program runs (`programs.go` `CallProgram`): its
    /// initial pages given `pages` (which it opens), the cached cost, and the init cost when
    /// not `cached`.
    pub fn entry_gas(&self, pages: &mut Pages, cached: bool) -> u64 {
        let footprint = u16::try_from(self.footprint).unwrap_or(u16::MAX);
        let mut gas = pages.add(footprint).saturating_add(self.cached_gas());
        if !cached {
            gas = gas.saturating_add(self.init_gas());
        }
        gas
    }
}
