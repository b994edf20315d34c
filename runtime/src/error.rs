//! The runtime's errors.

/// What can go wrong outside a program's own execution (a program's revert or trap is an
/// [`Outcome`](crate::Outcome), not an error).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The module is not a valid Stylus program: activation would reject it.
    #[error("activation rejects the program: {reason}")]
    Invalid {
        /// Why.
        reason: String,
    },
    /// The code is not a Stylus program (no `EF F0 00` prefix) or cannot be decompressed.
    #[error("not a Stylus program: {reason}")]
    NotWasm {
        /// Why.
        reason: String,
    },
    /// The wasm engine failed outside the program's control.
    #[error("engine error: {message}")]
    Engine {
        /// The engine's message.
        message: String,
    },
}

/// The runtime's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
