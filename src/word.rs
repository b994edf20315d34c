//! 32-byte words and their parts, handled without the data segment and without byte loops.
//!
//! Nitro charges every call of a cached program 0.75 gas per byte of its data segment
//! (`cached_init_cost`, `data_len · 75,244 / 100,000`): a 32-byte constant there costs about 24
//! gas on every call, used or not. So the token keeps its constants — event topics, EIP-712
//! type hashes — as [`Limbs`] and writes them with [`put`], four `i64.store`s of immediates
//! (about 0.4 gas when used, nothing otherwise). Zero tests read 8 bytes at a time instead of
//! comparing against a zero constant with `memcmp` (a loop of one byte per turn), and the
//! big-endian conversions are four loads or stores rather than ruint's byte loops.
//!
//! Every offset is a const parameter, checked at compile time against the buffer's length, so
//! none of this can panic.

use alloy_primitives::{Address, B256, U256};

/// A word as four `u64`s in memory order, each read little-endian: [`put`] stores them as they
/// are. Made from bytes at compile time by [`limbs`].
pub type Limbs = [u64; 4];

/// `word` as [`Limbs`].
pub const fn limbs(word: [u8; 32]) -> Limbs {
    let mut out = [0u64; 4];
    let mut i = 0;
    while i < 4 {
        let mut chunk = [0u8; 8];
        let mut j = 0;
        while j < 8 {
            chunk[j] = word[8 * i + j];
            j += 1;
        }
        out[i] = u64::from_le_bytes(chunk);
        i += 1;
    }
    out
}

/// Writes `value` at byte `AT` of `dst`, unaligned.
#[inline(always)]
fn store64<const AT: usize, const N: usize>(dst: &mut [u8; N], value: u64) {
    const { assert!(AT + 8 <= N) };
    // SAFETY: in bounds (checked above); unaligned writes are allowed.
    unsafe { (dst.as_mut_ptr().add(AT) as *mut u64).write_unaligned(value.to_le()) }
}

/// The `u64` at byte `AT` of `src`, read little-endian.
#[inline(always)]
fn load64<const AT: usize, const N: usize>(src: &[u8; N]) -> u64 {
    const { assert!(AT + 8 <= N) };
    // SAFETY: in bounds (checked above); unaligned reads are allowed.
    u64::from_le(unsafe { (src.as_ptr().add(AT) as *const u64).read_unaligned() })
}

/// The `u32` at byte `AT` of `src`, read little-endian.
#[inline(always)]
fn load32<const AT: usize, const N: usize>(src: &[u8; N]) -> u32 {
    const { assert!(AT + 4 <= N) };
    // SAFETY: as in `load64`.
    u32::from_le(unsafe { (src.as_ptr().add(AT) as *const u32).read_unaligned() })
}

/// Writes the constant word `w` at byte `AT` of `dst`.
#[inline(always)]
pub fn put<const AT: usize, const N: usize>(dst: &mut [u8; N], w: Limbs) {
    const { assert!(AT + 32 <= N) };
    // Four separate stores of immediates (`w` is a constant at every call site).
    let [a, b, c, d] = w;
    store64::<AT, N>(dst, a);
    // The offsets below cannot be written as `AT + 8` in a const parameter (without
    // `generic_const_exprs`); a pointer offset does the same, in bounds by the check above.
    // SAFETY: `AT + 32 <= N`.
    let tail = unsafe { &mut *(dst.as_mut_ptr().add(AT) as *mut [u8; 32]) };
    store64::<8, 32>(tail, b);
    store64::<16, 32>(tail, c);
    store64::<24, 32>(tail, d);
}

/// The constant word `w` as a [`B256`].
#[inline(always)]
pub fn word(w: Limbs) -> B256 {
    let mut out = [0u8; 32];
    put::<0, 32>(&mut out, w);
    B256::new(out)
}

/// Writes `value` big-endian at byte `AT` of `dst`.
#[inline(always)]
pub fn put_u256<const AT: usize, const N: usize>(dst: &mut [u8; N], value: &U256) {
    const { assert!(AT + 32 <= N) };
    // SAFETY: `AT + 32 <= N`.
    store_u256(
        unsafe { &mut *(dst.as_mut_ptr().add(AT) as *mut [u8; 32]) },
        value,
    );
}

/// `value`, big-endian, into `dst`. Out of line: a byte swap is some 30 wasm instructions
/// (the MVP has no `bswap`), and a call costs less than the bytes of a copy at every use.
#[inline(never)]
fn store_u256(dst: &mut [u8; 32], value: &U256) {
    let [l0, l1, l2, l3] = *value.as_limbs();
    store64::<0, 32>(dst, l3.swap_bytes());
    store64::<8, 32>(dst, l2.swap_bytes());
    store64::<16, 32>(dst, l1.swap_bytes());
    store64::<24, 32>(dst, l0.swap_bytes());
}

/// `value` as a big-endian word.
#[inline(always)]
pub fn u256_bytes(value: &U256) -> [u8; 32] {
    let mut out = [0u8; 32];
    put_u256::<0, 32>(&mut out, value);
    out
}

/// The big-endian word `bytes` as a number (out of line, as [`put_u256`]'s work).
#[inline(never)]
pub fn u256(bytes: &[u8; 32]) -> U256 {
    U256::from_limbs([
        load64::<24, 32>(bytes).swap_bytes(),
        load64::<16, 32>(bytes).swap_bytes(),
        load64::<8, 32>(bytes).swap_bytes(),
        load64::<0, 32>(bytes).swap_bytes(),
    ])
}

/// Writes `address` left-padded at byte `AT` of `dst` (bytes `AT..AT + 12` are left as they
/// are: callers pass zeroed buffers).
#[inline(always)]
pub fn put_address<const AT: usize, const N: usize>(dst: &mut [u8; N], address: &Address) {
    const { assert!(AT + 32 <= N) };
    // SAFETY: `AT + 12 + 20 <= N`.
    let tail = unsafe { &mut *(dst.as_mut_ptr().add(AT + 12) as *mut [u8; 20]) };
    *tail = address.0 .0;
}

/// The `address` in a word's 20 low bytes.
#[inline(always)]
pub fn address(word: &[u8; 32]) -> Address {
    // SAFETY: bytes 12..32 of a 32-byte array.
    Address::new(unsafe { *(word.as_ptr().add(12) as *const [u8; 20]) })
}

/// Writes the 32 bytes `src` at byte `AT` of `dst`.
#[inline(always)]
pub fn put_b256<const AT: usize, const N: usize>(dst: &mut [u8; N], src: &B256) {
    const { assert!(AT + 32 <= N) };
    // SAFETY: `AT + 32 <= N`.
    unsafe { *(dst.as_mut_ptr().add(AT) as *mut [u8; 32]) = src.0 };
}

/// Whether `value` is zero.
#[inline(always)]
pub fn is_zero(value: &U256) -> bool {
    let [a, b, c, d] = *value.as_limbs();
    a | b | c | d == 0
}

/// Whether `value` is `type(uint256).max`.
#[inline(always)]
pub fn is_max(value: &U256) -> bool {
    let [a, b, c, d] = *value.as_limbs();
    a & b & c & d == u64::MAX
}

/// `type(uint256).max`, built in code.
#[inline(always)]
pub fn max() -> U256 {
    U256::from_limbs([u64::MAX; 4])
}

/// Whether `address` is `address(0)`.
#[inline(always)]
pub fn is_zero_address(address: &Address) -> bool {
    let bytes = &address.0 .0;
    load64::<0, 20>(bytes) | load64::<8, 20>(bytes) | u64::from(load32::<16, 20>(bytes)) == 0
}

/// Whether the word's 12 high bytes are zero (it holds an `address`).
#[inline(always)]
pub fn fits_address(word: &[u8; 32]) -> bool {
    load64::<0, 32>(word) | u64::from(load32::<8, 32>(word)) == 0
}

/// Whether the word's 28 high bytes are zero (it holds a `u32`).
#[inline(always)]
pub fn fits_u32(word: &[u8; 32]) -> bool {
    load64::<0, 32>(word)
        | load64::<8, 32>(word)
        | load64::<16, 32>(word)
        | u64::from(load32::<24, 32>(word))
        == 0
}

/// Whether the word's 31 high bytes are zero (it holds a `uint8`).
#[inline(always)]
pub fn fits_u8(word: &[u8; 32]) -> bool {
    fits_u32(word) && word[28] | word[29] | word[30] == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        let bytes: [u8; 32] = core::array::from_fn(|i| i as u8 + 1);
        assert_eq!(word(limbs(bytes)), B256::new(bytes));
        let mut buf = [0xeeu8; 40];
        put::<5, 40>(&mut buf, limbs(bytes));
        assert_eq!(&buf[5..37], &bytes);
        assert_eq!((buf[4], buf[37]), (0xee, 0xee));
        let n = U256::from_be_bytes(bytes);
        assert_eq!(u256(&bytes), n);
        assert_eq!(u256_bytes(&n), bytes);
    }

    #[test]
    fn tests_of_parts() {
        assert!(is_zero(&U256::ZERO) && !is_zero(&(U256::from(1) << 255)));
        assert!(is_max(&U256::MAX) && !is_max(&(U256::MAX - U256::from(1))));
        assert_eq!(max(), U256::MAX);
        assert!(is_zero_address(&Address::ZERO));
        assert!(!is_zero_address(&Address::with_last_byte(1)));
        let mut word = [0u8; 32];
        word[31] = 0xff;
        assert!(fits_address(&word) && fits_u32(&word) && fits_u8(&word));
        for (i, address, u32_, u8_) in [(11, false, false, false), (12, true, false, false)]
            .into_iter()
            .chain([
                (27, true, false, false),
                (28, true, true, false),
                (30, true, true, false),
            ])
        {
            let mut w = [0u8; 32];
            w[i] = 1;
            assert_eq!(
                (fits_address(&w), fits_u32(&w), fits_u8(&w)),
                (address, u32_, u8_),
                "byte {i}"
            );
        }
        let mut address = [0u8; 64];
        put_address::<32, 64>(&mut address, &Address::with_last_byte(7));
        assert_eq!(address[63], 7);
        assert_eq!(address[..63], [0u8; 63]);
    }
}
