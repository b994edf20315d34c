//! `stylus-host`: the token's local playground. It builds the deployable wasm, runs it on an
//! in-memory chain with Nitro's host functions and prices (`stylus-runtime`), measures it, and
//! starts the local node (`stylus-node`). See the README.

pub mod artifact;
pub mod chain;
pub mod deployment;
pub mod error;
pub mod invariants;
pub mod report;
pub mod scenario;
pub mod secp256k1;
pub mod solidity;

pub use chain::{Chain, Env, Log, Receipt, Tx};
pub use error::{Error, Result};
pub use stylus_runtime::{pricing, Outcome, ProgramData, Stats};
