//! Hashing and 256-bit arithmetic.

use alloy_primitives::{keccak256, U256};

use super::{buy_ink, count, read, read_u256, read_word, write, Ctx, HostResult};
use crate::pricing::{self, hostio};

/// `KECCAK256` of `len` bytes at `ptr`, written to `out`: priced by the words hashed.
pub(super) fn native_keccak256(mut c: Ctx<'_, '_>, ptr: u32, len: u32, out: u32) -> HostResult {
    count(&mut c, "native_keccak256");
    buy_ink(&mut c, pricing::keccak_price(u64::from(len)))?;
    let data = read(&c, ptr, len)?;
    write(&mut c, out, keccak256(data).as_slice())
}

/// Replaces the word at `a` with `op(a, b)`.
fn binary(
    c: &mut Ctx<'_, '_>,
    name: &'static str,
    ink: u64,
    a: u32,
    b: u32,
    op: fn(U256, U256) -> U256,
) -> HostResult {
    count(c, name);
    buy_ink(c, ink)?;
    let (x, y) = (read_u256(c, a)?, read_u256(c, b)?);
    write(c, a, &op(x, y).to_be_bytes::<32>())
}

/// Replaces the word at `a` with `op(a, b, n)`, or zero when `n` is zero.
fn modular(
    c: &mut Ctx<'_, '_>,
    name: &'static str,
    ink: u64,
    [a, b, n]: [u32; 3],
    op: fn(U256, U256, U256) -> U256,
) -> HostResult {
    count(c, name);
    buy_ink(c, ink)?;
    let (x, y, m) = (read_u256(c, a)?, read_u256(c, b)?, read_u256(c, n)?);
    let value = if m.is_zero() { U256::ZERO } else { op(x, y, m) };
    write(c, a, &value.to_be_bytes::<32>())
}

/// `DIV` (a zero divisor gives zero).
pub(super) fn math_div(mut c: Ctx<'_, '_>, a: u32, b: u32) -> HostResult {
    binary(&mut c, "math_div", hostio::MATH_DIV, a, b, |x, y| {
        x.checked_div(y).unwrap_or_default()
    })
}

/// `MOD` (a zero modulus gives zero).
pub(super) fn math_mod(mut c: Ctx<'_, '_>, a: u32, b: u32) -> HostResult {
    binary(&mut c, "math_mod", hostio::MATH_DIV, a, b, |x, y| {
        x.checked_rem(y).unwrap_or_default()
    })
}

/// `EXP`: base ink plus a price per significant byte of the exponent.
pub(super) fn math_pow(mut c: Ctx<'_, '_>, a: u32, b: u32) -> HostResult {
    count(&mut c, "math_pow");
    buy_ink(&mut c, hostio::MATH_POW)?;
    let base = read_u256(&c, a)?;
    let exponent = read_word(&c, b)?;
    let zeros = exponent.iter().take_while(|&&x| x == 0).count() as u64;
    buy_ink(&mut c, pricing::pow_price(zeros))?;
    let value = base.wrapping_pow(U256::from_be_bytes(exponent.0));
    write(&mut c, a, &value.to_be_bytes::<32>())
}

/// `ADDMOD`.
pub(super) fn math_add_mod(mut c: Ctx<'_, '_>, a: u32, b: u32, n: u32) -> HostResult {
    modular(
        &mut c,
        "math_add_mod",
        hostio::MATH_ADD_MOD,
        [a, b, n],
        U256::add_mod,
    )
}

/// `MULMOD`.
pub(super) fn math_mul_mod(mut c: Ctx<'_, '_>, a: u32, b: u32, n: u32) -> HostResult {
    modular(
        &mut c,
        "math_mul_mod",
        hostio::MATH_MUL_MOD,
        [a, b, n],
        U256::mul_mod,
    )
}
