//! The Stylus VM as Nitro runs it, for any world that implements [`EvmApi`].
//!
//! - [`code`]: the on-chain code format (the `EF F0 00` prefix, brotli) and cargo-stylus'
//!   processing of a raw build;
//! - [`validate`] and [`instrument`]: what activation checks and compiles in (ink metering);
//! - [`program`]: an activated program, ready to run, with the data its entry costs come from;
//! - [`pricing`]: every price, citing its Nitro source;
//! - [`evm_api`]: the one boundary between a program and the world (Nitro's `EvmApi`);
//! - [`run`]: a program call — entry costs, ink, the `vm_hooks` (`hostio/`), the outcome.
//!
//! Two worlds implement [`EvmApi`]: `stylus-host`'s in-memory chain and `stylus-node`'s
//! revm-backed node, so one set of host functions serves both.

pub mod code;
pub mod error;
pub mod evm_api;
mod hostio;
pub mod instrument;
pub mod pricing;
pub mod program;
pub mod run;
pub mod validate;

pub use error::{Error, Result};
pub use evm_api::{ApiStatus, CallKind, CallOutput, CreateOutput, EvmApi, EvmData};
pub use pricing::{Pages, ProgramData};
pub use program::Program;
pub use run::{call_program, Outcome, ProgramResult, Stats};

/// The ArbOS version whose rules the runtime follows (the newest live in 2026-04).
pub const ARBOS_VERSION: u64 = 51;
