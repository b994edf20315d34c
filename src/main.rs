//! Prints the token's Solidity interface, as `cargo stylus export-abi` expects.

#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]

#[cfg(feature = "export-abi")]
fn main() {
    stylus_token::print_from_args();
}
