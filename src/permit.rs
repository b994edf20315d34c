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

impl Token {
    /// `keccak256(abi.encode(DOMAIN_TYPEHASH, keccak256(name), VERSION_HASH, chainid, this))`.
    pub(crate) fn _domain_separator(&self) -> B256 {
        let mut buf = [0u8; 160];
        buf[..32].copy_from_slice(&DOMAIN_TYPEHASH);
        buf[32..64].copy_from_slice(keccak(self.name.get_bytes()).as_slice());
        buf[64..96].copy_from_slice(&VERSION_HASH);
        buf[96..128].copy_from_slice(&U256::from(self.vm().chain_id()).to_be_bytes::<32>());
        buf[140..160].copy_from_slice(self.vm().contract_address().as_slice());
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
        let nonce = self.nonces.get(owner);

        let mut data = [0u8; 192];
        data[..32].copy_from_slice(&PERMIT_TYPEHASH);
        data[44..64].copy_from_slice(owner.as_slice());
        data[76..96].copy_from_slice(spender.as_slice());
        data[96..128].copy_from_slice(&value.to_be_bytes::<32>());
        data[128..160].copy_from_slice(&nonce.to_be_bytes::<32>());
        data[160..192].copy_from_slice(&deadline.to_be_bytes::<32>());
        let struct_hash = keccak(data);

        let mut message = [0u8; 66];
        message[..2].copy_from_slice(b"\x19\x01");
        message[2..34].copy_from_slice(self._domain_separator().as_slice());
        message[34..].copy_from_slice(struct_hash.as_slice());
        let digest = keccak(message);

        let signer = self._recover(digest, v, r, s)?;
        if signer != owner {
            return Err(ERC2612InvalidSigner { signer, owner }.into());
        }
        if spender.is_zero() {
            // `_approve` would reject it too, but after the nonce is written.
            return Err(ERC20InvalidSpender { spender }.into());
        }
        // Cannot overflow: one nonce per signature; 2^256 signatures will never exist.
        self.nonces.setter(owner).set(nonce + U256::from(1));
        self._approve(owner, spender, value, true)
    }

    /// The address that signed `digest`, as OpenZeppelin's `ECDSA.recover(hash, v, r, s)`.
    fn _recover(&self, digest: B256, v: u8, r: B256, s: B256) -> Result<Address, Error> {
        if U256::from_be_bytes(s.0) > SECP256K1_HALF_ORDER {
            return Err(ECDSAInvalidSignatureS { s }.into());
        }
        let mut input = [0u8; 128];
        input[..32].copy_from_slice(digest.as_slice());
        input[63] = v;
        input[64..96].copy_from_slice(r.as_slice());
        input[96..].copy_from_slice(s.as_slice());
        let mut output_len = 0;
        // SAFETY: the pointers are valid for the call; a static call cannot touch our storage,
        // and nothing is dirty in the cache before it (the permit writes only after).
        let status = unsafe {
            self.vm().static_call_contract(
                ECRECOVER.as_ptr(),
                input.as_ptr(),
                input.len(),
                u64::MAX,
                &mut output_len,
            )
        };
        // The precompile returns the address left-padded to 32 bytes, or nothing at all for a
        // signature it cannot recover (such as `v` other than 27 or 28).
        if status == 0 && output_len == 32 {
            let word = self.vm().read_return_data(0, Some(32));
            let signer = Address::from_slice(&word[12..]);
            if !signer.is_zero() {
                return Ok(signer);
            }
        }
        Err(ECDSAInvalidSignature {}.into())
    }
}
