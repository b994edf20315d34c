//! Unit tests of the token on the stylus-sdk test VM: every function, event and error, with
//! state compared unchanged after every failure.

mod common;

mod constructor;
mod erc20;
mod ownership;
mod pause;
mod permit;
mod properties;
mod router;
mod supply;
