//! End-to-end tests of the deployable wasm in the in-process host, speaking ABI only:
//! calldata in (alloy `sol!` calls), return data, revert data and logs out. Every expected
//! revert must be a revert (never a trap), and leaves storage exactly as it was.

mod common;

mod bad_input;
mod lifecycle;
mod permit;
mod token;
mod validation;
