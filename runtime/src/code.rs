//! The on-chain code format of a Stylus program, and cargo-stylus' processing of a raw build.
//!
//! cargo-stylus 0.10 (`stylus-tools` `core/code/wasm.rs::process_wasm`) re-encodes the module
//! through the text format (which canonicalises LEB128 encodings, such as the
//! `call_indirect` table index that Nitro's validator rejects when padded), drops every custom
//! section, appends a 32-byte `project_hash` custom section, and compresses the result with
//! brotli at quality 11 and a 4 MiB window. [`process`] does the same with wasm-encoder's
//! re-encoder, [`compress`] with the brotli crate, and [`deployable`] adds the prefix the code
//! carries on chain: `EF F0 00` then a dictionary byte, 0 for none (`stylus-tools`
//! `core/code/mod.rs`; Nitro `arbos/programs/programs.go` strips it with
//! `state.StripStylusPrefix`).

use std::io::{Read, Write};

use wasm_encoder::reencode::Reencode;

use crate::{pricing, Error, Result};

/// The three bytes every Stylus program's code starts with (EOF-inspired: `0xEF` code is
/// otherwise rejected at creation by EIP-3541).
pub const STYLUS_PREFIX: [u8; 3] = [0xef, 0xf0, 0x00];

/// The dictionary byte for plain brotli (Nitro's `arbcompress.EmptyDictionary`).
pub const EMPTY_DICTIONARY: u8 = 0;

/// Whether `code` is a Stylus program's (it starts with [`STYLUS_PREFIX`]).
pub fn is_stylus(code: &[u8]) -> bool {
    code.starts_with(&STYLUS_PREFIX)
}

/// The module as cargo-stylus deploys it: re-encoded canonically, without custom sections,
/// with a 32-byte `project_hash` section (zeros here: cargo-stylus hashes the sources).
pub fn process(wasm: &[u8]) -> Result<Vec<u8>> {
    let mut module = wasm_encoder::Module::new();
    let parser = wasmparser::Parser::new(0);
    let mut reencoder = StripCustom;
    reencoder
        .parse_core_module(&mut module, parser, wasm)
        .map_err(|e| Error::Invalid {
            reason: format!("cannot re-encode the module: {e}"),
        })?;
    module.section(&wasm_encoder::CustomSection {
        name: "project_hash".into(),
        data: [0u8; 32].as_slice().into(),
    });
    Ok(module.finish())
}

/// A re-encoder that drops custom sections.
struct StripCustom;

impl Reencode for StripCustom {
    type Error = std::convert::Infallible;

    fn parse_custom_section(
        &mut self,
        _module: &mut wasm_encoder::Module,
        _section: wasmparser::CustomSectionReader<'_>,
    ) -> std::result::Result<(), wasm_encoder::reencode::Error<Self::Error>> {
        Ok(())
    }
}

/// Brotli at quality 11 with a 4 MiB window (`lgwin` 22), as cargo-stylus compresses.
pub fn compress(wasm: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer
            .write_all(wasm)
            .expect("writing to a Vec cannot fail");
    }
    out
}

/// The code a deployment stores for the processed module `wasm`: the prefix, the empty
/// dictionary byte and the brotli stream.
pub fn deployable(wasm: &[u8]) -> Vec<u8> {
    let mut code = STYLUS_PREFIX.to_vec();
    code.push(EMPTY_DICTIONARY);
    code.extend_from_slice(&compress(wasm));
    code
}

/// The init code a deployment sends for `code` (cargo-stylus' `core/deployment/prelude.rs`
/// format): 43 bytes that copy the code after them into memory and return it —
/// `PUSH32 len; DUP1; PUSH1 43; PUSH1 0; CODECOPY; PUSH1 0; RETURN; STOP` — then the code.
pub fn init_code(code: &[u8]) -> Vec<u8> {
    let mut init = vec![0x7f];
    let mut len = [0u8; 32];
    len[24..].copy_from_slice(&(code.len() as u64).to_be_bytes());
    init.extend_from_slice(&len);
    init.extend_from_slice(&[0x80, 0x60, 0x2b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, 0x00]);
    debug_assert_eq!(init.len(), 43);
    init.extend_from_slice(code);
    init
}

/// The module in a program's on-chain `code`, as activation decompresses it (at most
/// `MaxWasmSize` bytes).
pub fn decompress(code: &[u8]) -> Result<Vec<u8>> {
    let not_wasm = |reason: &str| Error::NotWasm {
        reason: reason.into(),
    };
    if !is_stylus(code) {
        return Err(not_wasm("the code does not start with EF F0 00"));
    }
    match code.get(3) {
        Some(&EMPTY_DICTIONARY) => {}
        Some(_) => return Err(not_wasm("only the empty brotli dictionary is supported")),
        None => return Err(not_wasm("the code ends after its prefix")),
    }
    let limit = pricing::params::MAX_WASM_SIZE as u64;
    let mut wasm = Vec::new();
    brotli::Decompressor::new(&code[4..], 4096)
        .take(limit + 1)
        .read_to_end(&mut wasm)
        .map_err(|e| not_wasm(&format!("brotli: {e}")))?;
    if wasm.len() as u64 > limit {
        return Err(not_wasm(
            "the module is over the 128 KiB limit uncompressed",
        ));
    }
    Ok(wasm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deployable_code_round_trips() {
        let wasm = b"\0asm\x01\0\0\0".repeat(100);
        let code = deployable(&wasm);
        assert!(is_stylus(&code));
        assert_eq!(decompress(&code).unwrap(), wasm);
    }

    #[test]
    fn decompress_rejects_other_code() {
        assert!(decompress(&[0x60, 0x00]).is_err());
        assert!(decompress(&STYLUS_PREFIX).is_err());
        assert!(decompress(&[0xef, 0xf0, 0x00, 0x01, 0x00]).is_err());
        assert!(decompress(&[0xef, 0xf0, 0x00, 0x00, 0xff, 0xff]).is_err());
    }
}
