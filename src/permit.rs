//! EIP-2612 `permit` over an EIP-712 domain (name = the token's name, version "1", the current
//! chain id, the token's address), and the ERC-5267 description of that domain.
//!
//! The signer is recovered by the `ecrecover` precompile (address `0x01`), with OpenZeppelin
//! `ECDSA`'s rules: `s` must lie in the lower half of the curve order (EIP-2), and a signature
//! that recovers to no address is invalid.

use alloy_primitives::{Address, B256, U256};
use stylus_sdk::{crypto::keccak, keccak_const::Keccak256, prelude::*};

use crate::{
    error::{
        ECDSAInvalidSignature, ECDSAInvalidSignatureS, ERC20InvalidSpender,
        ERC2612ExpiredSignature, ERC2612InvalidSigner,
    },
    word::{self, Limbs},
    Error, Token,
};

/// `keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)")`.
pub const PERMIT_TYPEHASH: [u8; 32] = Keccak256::new()
    .update(b"Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)")
    .finalize();

/// `keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")`.
pub const DOMAIN_TYPEHASH: [u8; 32] = Keccak256::new()
    .update(b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
    .finalize();

/// The EIP-712 domain version.
pub const EIP712_VERSION: &str = "1";

/// [`EIP712_VERSION`]'s one byte.
pub const EIP712_VERSION_BYTE: u8 = EIP712_VERSION.as_bytes()[0];

/// `keccak256(EIP712_VERSION)`.
pub const VERSION_HASH: [u8; 32] = Keccak256::new()
    .update(EIP712_VERSION.as_bytes())
    .finalize();

/// ERC-5267 `fields`: name, version, chainId and verifyingContract are set (bits 0 to 3).
pub const EIP712_FIELDS: u8 = 0x0f;

/// The `ecrecover` precompile.
pub const ECRECOVER: Address = Address::with_last_byte(1);

/// Half the secp256k1 curve order: a larger `s` is malleable (EIP-2).
pub const SECP256K1_HALF_ORDER: U256 = U256::from_be_bytes([
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
]);

/// [`PERMIT_TYPEHASH`], written by code ([`word`]).
const PERMIT_TYPEHASH_LIMBS: Limbs = word::limbs(PERMIT_TYPEHASH);
/// [`DOMAIN_TYPEHASH`], written by code.
const DOMAIN_TYPEHASH_LIMBS: Limbs = word::limbs(DOMAIN_TYPEHASH);
/// [`VERSION_HASH`], written by code.
const VERSION_HASH_LIMBS: Limbs = word::limbs(VERSION_HASH);
/// [`SECP256K1_HALF_ORDER`]'s limbs, least significant first, compared in code.
const HALF_ORDER: [u64; 4] = *SECP256K1_HALF_ORDER.as_limbs();

/// Whether `s` is above half the curve order, limb by limb from the top with immediates (a
/// constant `U256` to compare with would sit in the data segment).
fn above_half_order(s: &B256) -> bool {
    let [s0, s1, s2, s3] = *word::u256(&s.0).as_limbs();
    let [h0, h1, h2, h3] = HALF_ORDER;
    (s3, s2, s1, s0) > (h3, h2, h1, h0)
}

impl Token {
    /// `keccak256(abi.encode(DOMAIN_TYPEHASH, keccak256(name), VERSION_HASH, chainid, this))`.
    pub(crate) fn _domain_separator(&self) -> B256 {
        let mut buf = [0u8; 160];
        word::put::<0, 160>(&mut buf, DOMAIN_TYPEHASH_LIMBS);
        word::put_b256::<32, 160>(&mut buf, &keccak(self.name.get_bytes()));
        word::put::<64, 160>(&mut buf, VERSION_HASH_LIMBS);
        word::put_u256::<96, 160>(&mut buf, &U256::from(self.vm().chain_id()));
        word::put_address::<128, 160>(&mut buf, &self.vm().contract_address());
        keccak(buf)
    }

    /// Approves with `owner`'s signature over `Permit(owner, spender, value, nonce, deadline)`.
    /// The nonce is consumed only when the permit succeeds.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn _permit(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
        deadline: U256,
        v: u8,
        r: B256,
        s: B256,
    ) -> Result<(), Error> {
        if U256::from(self.vm().block_timestamp()) > deadline {
            return Err(ERC2612ExpiredSignature { deadline }.into());
        }
        let nonce = self.nonces.at(&owner).get();

        let mut data = [0u8; 192];
        word::put::<0, 192>(&mut data, PERMIT_TYPEHASH_LIMBS);
        word::put_address::<32, 192>(&mut data, &owner);
        word::put_address::<64, 192>(&mut data, &spender);
        word::put_u256::<96, 192>(&mut data, &value);
        word::put_u256::<128, 192>(&mut data, &nonce);
        word::put_u256::<160, 192>(&mut data, &deadline);
        let struct_hash = keccak(data);

        let mut message = [0u8; 66];
        (message[0], message[1]) = (0x19, 0x01);
        word::put_b256::<2, 66>(&mut message, &self._domain_separator());
        word::put_b256::<34, 66>(&mut message, &struct_hash);
        let digest = keccak(message);

        let signer = self._recover(digest, v, r, s)?;
        if signer != owner {
            return Err(ERC2612InvalidSigner { signer, owner }.into());
        }
        if word::is_zero_address(&spender) {
            // `_approve` would reject it too, but after the nonce is written.
            return Err(ERC20InvalidSpender { spender }.into());
        }
        // Cannot overflow: one nonce per signature; 2^256 signatures will never exist.
        self.nonces.at(&owner).set(nonce + U256::from(1));
        self._approve(owner, spender, value, true)
    }

    /// The address that signed `digest`, as OpenZeppelin's `ECDSA.recover(hash, v, r, s)`.
    fn _recover(&self, digest: B256, v: u8, r: B256, s: B256) -> Result<Address, Error> {
        if above_half_order(&s) {
            return Err(ECDSAInvalidSignatureS { s }.into());
        }
        // The precompile's address (bytes 0..20: 0x…01), then its input, in one buffer: the
        // address as a constant would sit in the data segment.
        let mut buf = [0u8; 148];
        buf[19] = 1;
        word::put_b256::<20, 148>(&mut buf, &digest);
        buf[83] = v;
        word::put_b256::<84, 148>(&mut buf, &r);
        word::put_b256::<116, 148>(&mut buf, &s);
        let mut output_len = 0;
        // SAFETY: the pointers are valid for the call; a static call cannot touch our storage,
        // and nothing is dirty in the cache before it (the permit writes only after).
        let status = unsafe {
            self.vm().static_call_contract(
                buf.as_ptr(),
                buf.as_ptr().add(20),
                128,
                u64::MAX,
                &mut output_len,
            )
        };
        // The precompile returns the address left-padded to 32 bytes, or nothing at all for a
        // signature it cannot recover (such as `v` other than 27 or 28).
        if status == 0 && output_len == 32 {
            let data = self.vm().read_return_data(0, Some(32));
            if let Some(word) = data.first_chunk::<32>() {
                let signer = word::address(word);
                if !word::is_zero_address(&signer) {
                    return Ok(signer);
                }
            }
        }
        Err(ECDSAInvalidSignature {}.into())
    }
}
