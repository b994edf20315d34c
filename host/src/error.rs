//! The host's errors.

/// Everything that can go wrong outside a program's own execution (a program's revert or
/// trap is an outcome, not an error).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Building the token failed.
    #[error("build failed: {message}")]
    Build {
        /// What cargo said.
        message: String,
    },
    /// Activation rejected the program, or the wasm engine failed.
    #[error(transparent)]
    Runtime(#[from] stylus_runtime::Error),
    /// No program is deployed at the address.
    #[error("no program at {address}")]
    NoProgram {
        /// The address called.
        address: alloy_primitives::Address,
    },
}

/// The host's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
