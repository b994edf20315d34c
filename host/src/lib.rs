//! An in-process Stylus host: builds the token's deployable wasm, validates it as Nitro's
//! activation does, and runs it with Nitro's `vm_hooks` and prices. See the README.

pub mod artifact;
pub mod error;

pub use error::{Error, Result};
