//! secp256k1 as the `ecrecover` precompile sees it, for reference models in tests: an
//! implementation on k256, independent of the precompile (revm's) that programs call.

use alloy_primitives::{keccak256, Address, U256};

/// The secp256k1 group order `n`.
pub const SECP256K1_ORDER: U256 = U256::from_be_bytes([
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
]);

/// What `ecrecover` returns for its 128-byte `input` (shorter input is zero-padded): the
/// signer left-padded to a word, or nothing.
pub fn ecrecover(input: &[u8]) -> Vec<u8> {
    let mut buf = [0u8; 128];
    let n = input.len().min(128);
    buf[..n].copy_from_slice(&input[..n]);
    let digest = &buf[..32];
    let v = U256::from_be_slice(&buf[32..64]);
    if v != U256::from(27) && v != U256::from(28) {
        return Vec::new();
    }
    let order = SECP256K1_ORDER;
    let r = U256::from_be_slice(&buf[64..96]);
    let mut s = U256::from_be_slice(&buf[96..128]);
    if r.is_zero() || s.is_zero() || r >= order || s >= order {
        return Vec::new();
    }
    let mut recovery = buf[63] - 27;
    // The precompile accepts an upper-half `s`; k256 recovers only the lower-half form.
    if s > order >> 1 {
        s = order - s;
        recovery ^= 1;
    }
    let mut rs = [0u8; 64];
    rs[..32].copy_from_slice(&r.to_be_bytes::<32>());
    rs[32..].copy_from_slice(&s.to_be_bytes::<32>());
    let (Ok(signature), Some(recovery)) = (
        k256::ecdsa::Signature::from_slice(&rs),
        k256::ecdsa::RecoveryId::from_byte(recovery),
    ) else {
        return Vec::new();
    };
    match k256::ecdsa::VerifyingKey::recover_from_prehash(digest, &signature, recovery) {
        Ok(key) => {
            let point = key.to_encoded_point(false);
            let address = Address::from_slice(&keccak256(&point.as_bytes()[1..])[12..]);
            address.into_word().to_vec()
        }
        Err(_) => Vec::new(),
    }
}
