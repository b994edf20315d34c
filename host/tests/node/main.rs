//! The local node (`stylus-node`) against what its users run: the real cargo-stylus, alloy's
//! provider and signer, Solidity contracts, hand-written programs, bad input, load, restarts.
//! Every node binds 127.0.0.1 on a free port and stops when its test ends.

mod cargo_stylus;
mod common;
mod evm_stylus;
mod gas;
mod precompiles;
mod restart;
mod robustness;
mod rpc;
mod soak;
mod wallet;
