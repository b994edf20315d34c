//! An in-process Stylus host: builds the token's deployable wasm, validates it as Nitro's
//! activation does, and runs it with Nitro's `vm_hooks` and prices. See the README.

pub mod artifact;
pub mod chain;
pub mod error;
pub mod instrument;
pub mod invariants;
pub mod pricing;
pub mod report;
pub mod scenario;
pub mod validate;

pub use chain::{Chain, Env, Log, Outcome, Receipt, Stats, Tx};
pub use error::{Error, Result};
