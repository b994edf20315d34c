//! The deployable artifact: building the token's wasm with `cargo wasm` and measuring its
//! sizes after cargo-stylus' processing ([`process`], [`compress`]: `stylus_runtime::code`).

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use crate::{Error, Result};

/// Where `cargo wasm` puts the token.
pub const WASM_PATH: &str = "target/wasm32-unknown-unknown/release/stylus_token.wasm";

/// Stylus' limit on a program's compressed size (`cargo stylus` `DEFAULT_MAX_CODE_SIZE`, the
/// EVM's 24 KiB contract limit).
pub const MAX_COMPRESSED_SIZE: usize = 24_576;

/// The workspace root (the token's crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the host crate lives inside the workspace")
        .to_path_buf()
}

/// `command` without the build settings a caller's environment may carry (a fuzzer's
/// instrumentation flags, an outer cargo's toolchain or target directory): the bytes must come
/// from the config files alone.
pub fn clean_env(command: &mut Command) -> &mut Command {
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_TARGET_DIR",
    ] {
        command.env_remove(var);
    }
    command
}

/// Builds the token with `cargo wasm` (the alias in `.cargo/config.toml`) and returns the raw
/// wasm.
pub fn build() -> Result<Vec<u8>> {
    let root = workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = clean_env(
        Command::new(cargo)
            .current_dir(&root)
            .args(["wasm", "--quiet"]),
    )
    .output()
    .map_err(|source| Error::Build {
        message: format!("could not run cargo: {source}"),
    })?;
    if !output.status.success() {
        return Err(Error::Build {
            message: String::from_utf8_lossy(&output.stderr).into_owned(),
        });
    }
    let path = root.join(WASM_PATH);
    std::fs::read(&path).map_err(|source| Error::Build {
        message: format!("could not read {}: {source}", path.display()),
    })
}

/// Where the OpenZeppelin Stylus peer's crate lives (outside the workspace, with its own
/// toolchain and lock file), relative to the workspace root.
pub const PEER_DIR: &str = "bench/oz-stylus";

/// Builds the benchmark peer, openzeppelin-stylus 0.3.0 composed like our token, with its own
/// `cargo wasm` (fetching the crate from crates.io), and returns its raw wasm.
pub fn build_peer() -> Result<Vec<u8>> {
    let dir = workspace_root().join(PEER_DIR);
    // Its toolchain (rust-toolchain.toml there); rustup may not install it on first use.
    let install = Command::new("rustup")
        .current_dir(&dir)
        .args(["toolchain", "install"])
        .env_remove("RUSTUP_TOOLCHAIN")
        .output()
        .map_err(|source| Error::Build {
            message: format!("could not run rustup: {source}"),
        })?;
    if !install.status.success() {
        return Err(Error::Build {
            message: String::from_utf8_lossy(&install.stderr).into_owned(),
        });
    }
    // `cargo` from PATH: the rustup proxy picks the peer's toolchain from its directory.
    let output = clean_env(
        Command::new("cargo")
            .current_dir(&dir)
            .args(["wasm", "--quiet"])
            .env_remove("RUSTUP_TOOLCHAIN")
            .env_remove("CARGO")
            .env_remove("RUSTC"),
    )
    .output()
    .map_err(|source| Error::Build {
        message: format!("could not run cargo: {source}"),
    })?;
    if !output.status.success() {
        return Err(Error::Build {
            message: String::from_utf8_lossy(&output.stderr).into_owned(),
        });
    }
    let path = dir.join("target/wasm32-unknown-unknown/release/oz_stylus_peer.wasm");
    std::fs::read(&path).map_err(|source| Error::Build {
        message: format!("could not read {}: {source}", path.display()),
    })
}

pub use stylus_runtime::code::{compress, process};

/// The sizes that matter for deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    /// `cargo wasm`'s output.
    pub raw: usize,
    /// After cargo-stylus' processing ([`process`]).
    pub processed: usize,
    /// Brotli-compressed processed module: the bytes deployed, against the 24 KiB limit.
    pub compressed: usize,
}

/// Measures `raw`.
pub fn sizes(raw: &[u8]) -> Result<Sizes> {
    let processed = process(raw)?;
    Ok(Sizes {
        raw: raw.len(),
        processed: processed.len(),
        compressed: compress(&processed).len(),
    })
}
