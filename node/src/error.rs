//! The node's errors, and their JSON-RPC codes and messages as geth words them (clients match
//! on them: alloy and ethers look for "revert" and a hex `data`, ethers for "does not exist").

use alloy_primitives::Bytes;
use serde_json::{json, Value};

/// A request that failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Execution reverted (code 3), with the revert data and its decoded reason if any.
    #[error("execution reverted{}", reason.as_ref().map(|r| format!(": {r}")).unwrap_or_default())]
    Revert {
        /// The revert data.
        data: Bytes,
        /// `Error(string)` or `Panic(uint256)` decoded, or a Stylus program's start error.
        reason: Option<String>,
    },
    /// A parameter is missing or malformed (-32602).
    #[error("{0}")]
    InvalidParams(String),
    /// No such method (-32601).
    #[error("the method {0} does not exist/is not available")]
    MethodNotFound(String),
    /// The request is not JSON-RPC (-32600).
    #[error("{0}")]
    InvalidRequest(String),
    /// A transaction the node refuses, or a failed call (-32000): "nonce too low: …",
    /// "insufficient funds for gas * price + value: …", "out of gas", ….
    #[error("{0}")]
    Rejected(String),
    /// The node could not do what was asked (-32603).
    #[error("{0}")]
    Internal(String),
}

/// The node's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A parameter error naming the argument, as geth does: `invalid argument 0: …`.
    pub fn argument(index: usize, message: impl std::fmt::Display) -> Self {
        Self::InvalidParams(format!("invalid argument {index}: {message}"))
    }

    /// The JSON-RPC error code.
    pub fn code(&self) -> i64 {
        match self {
            Self::Revert { .. } => 3,
            Self::InvalidParams(_) => -32602,
            Self::MethodNotFound(_) => -32601,
            Self::InvalidRequest(_) => -32600,
            Self::Rejected(_) => -32000,
            Self::Internal(_) => -32603,
        }
    }

    /// The JSON-RPC error object.
    pub fn to_json(&self) -> Value {
        let mut error = json!({ "code": self.code(), "message": self.to_string() });
        if let Self::Revert { data, .. } = self {
            error["data"] = Value::String(data.to_string());
        }
        error
    }
}
