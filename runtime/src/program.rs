//! An activated program: its module compiled with metering, and the data its entry costs
//! come from.

use alloy_primitives::{keccak256, B256};
use wasmi::{Engine, Module};

pub use crate::pricing::ProgramData;
use crate::{instrument, validate, Error, Result};

/// A program as activation leaves it, ready to run.
#[derive(Clone)]
pub struct Program {
    /// The instrumented module, compiled for `engine`.
    pub module: Module,
    /// What activation recorded about it.
    pub data: ProgramData,
    /// The hash of the instrumented module (this runtime's stand-in for Nitro's module hash,
    /// which hashes the machine code it compiles).
    pub module_hash: B256,
    /// The instrumented module's size, this runtime's stand-in for Nitro's `asmEstimate`.
    pub asm_size: u64,
}

impl Program {
    /// Activates the processed, uncompressed module `wasm` at `arbos_version`: validates it as
    /// Nitro's activation does, compiles ink metering in and compiles it for `engine`.
    pub fn activate(engine: &Engine, wasm: &[u8], arbos_version: u64) -> Result<Self> {
        Self::activate_with(engine, wasm, arbos_version, false)
    }

    /// [`activate`](Self::activate), with the ink of each function counted
    /// ([`instrument::profile`]; calls report it in [`Stats::profile`](crate::Stats::profile)).
    pub fn activate_profiled(engine: &Engine, wasm: &[u8], arbos_version: u64) -> Result<Self> {
        Self::activate_with(engine, wasm, arbos_version, true)
    }

    fn activate_with(
        engine: &Engine,
        wasm: &[u8],
        arbos_version: u64,
        profile: bool,
    ) -> Result<Self> {
        let data = validate::activate(wasm, arbos_version)?;
        let instrumented = if profile {
            instrument::profile(wasm)?
        } else {
            instrument::instrument(wasm)?
        };
        let module = Module::new(engine, &instrumented[..]).map_err(|e| Error::Engine {
            message: e.to_string(),
        })?;
        Ok(Self {
            module,
            data,
            module_hash: keccak256(&instrumented),
            asm_size: instrumented.len() as u64,
        })
    }
}
