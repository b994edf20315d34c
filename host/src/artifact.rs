//! The deployable artifact: building the token's wasm with `cargo wasm`, optimizing it with
//! the pinned `wasm-opt` recipe of `Stylus.toml` as cargo-stylus does, and measuring its sizes
//! after cargo-stylus' processing ([`process`], [`compress`]: `stylus_runtime::code`).

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

/// Runs `command` to completion and returns its standard output; `what` names it in the error
/// when it cannot start or fails (with its standard error).
pub fn run(command: &mut Command, what: &str) -> Result<Vec<u8>> {
    let output = command.output().map_err(|e| Error::Build {
        message: format!("could not run {what}: {e}"),
    })?;
    if !output.status.success() {
        return Err(Error::Build {
            message: format!("{what} failed: {}", String::from_utf8_lossy(&output.stderr)),
        });
    }
    Ok(output.stdout)
}

/// The bytes of the file at `path`.
fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::Build {
        message: format!("could not read {}: {e}", path.display()),
    })
}

/// Builds the token with `cargo wasm` (the alias in `.cargo/config.toml`) and returns the wasm
/// cargo-stylus goes on to process: the build after [`optimize`].
pub fn build() -> Result<Vec<u8>> {
    optimize(&build_unoptimized()?)
}

/// `cargo wasm`'s output, before `wasm-opt`.
pub fn build_unoptimized() -> Result<Vec<u8>> {
    let root = workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(
        clean_env(
            Command::new(cargo)
                .current_dir(&root)
                .args(["wasm", "--quiet"]),
        ),
        "cargo wasm",
    )?;
    read(&root.join(WASM_PATH))
}

/// `Stylus.toml`'s `[wasm-opt]` table: the Binaryen version cargo-stylus requires and the
/// flags it passes (`stylus-tools` `core/optimize`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WasmOpt {
    /// The Binaryen version, as `wasm-opt --version` prints it (`version 132`).
    pub version: String,
    /// The flags, verbatim.
    pub flags: Vec<String>,
}

/// The recipe in the workspace's `Stylus.toml`, if it has one.
pub fn wasm_opt_recipe() -> Result<Option<WasmOpt>> {
    let path = workspace_root().join("Stylus.toml");
    let fail = |message: String| Error::Build { message };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| fail(format!("could not read {}: {e}", path.display())))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e| fail(format!("{}: {e}", path.display())))?;
    let Some(recipe) = table.get("wasm-opt") else {
        return Ok(None);
    };
    let version = recipe.get("version").and_then(toml::Value::as_str);
    let flags = recipe.get("flags").and_then(toml::Value::as_array);
    let flags: Option<Vec<String>> =
        flags.and_then(|flags| flags.iter().map(|f| f.as_str().map(String::from)).collect());
    match (version, flags) {
        (Some(version), Some(flags)) => Ok(Some(WasmOpt {
            version: version.into(),
            flags,
        })),
        _ => Err(fail(format!(
            "{}: [wasm-opt] needs a `version` string and a `flags` list of strings",
            path.display()
        ))),
    }
}

/// The Binaryen version `wasm-opt --version` at `binary` reports (`132` of `wasm-opt version
/// 132 (version_132)`), or `None` when it does not run.
fn binaryen_version(binary: &Path) -> Option<String> {
    let output = Command::new(binary).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.split_whitespace()
        .skip_while(|w| *w != "version")
        .nth(1)
        .map(|w| w.chars().take_while(char::is_ascii_digit).collect())
}

/// Where the pinned `wasm-opt` is: npm's binaryen in `clients/` (pinned by its lock file), else
/// the one on `PATH` (where cargo-stylus looks) when it is `version`; failing both, installs
/// `clients/`'s npm packages (`npm ci`) and uses theirs, so a fresh checkout builds the same
/// bytes cargo-stylus deploys.
pub fn wasm_opt_binary(version: &str) -> Result<PathBuf> {
    let clients = workspace_root().join("clients");
    let npm = clients.join("node_modules/.bin/wasm-opt");
    if npm.exists() {
        return Ok(npm);
    }
    let path = PathBuf::from("wasm-opt");
    if binaryen_version(&path).as_deref() == Some(version) {
        return Ok(path);
    }
    eprintln!(
        "Stylus.toml pins Binaryen {version}: installing npm's binaryen (npm ci in clients/)"
    );
    run(
        clean_env(Command::new("npm").current_dir(&clients).args([
            "ci",
            "--no-audit",
            "--no-fund",
        ])),
        "npm ci in clients/ (for the pinned wasm-opt; or put wasm-opt on PATH)",
    )?;
    if !npm.exists() {
        return Err(Error::Build {
            message: format!("npm ci in clients/ installed no {}", npm.display()),
        });
    }
    Ok(npm)
}

/// Applies the `Stylus.toml` recipe to `wasm` exactly as cargo-stylus does: `wasm-opt
/// <flags> input -o output`, after checking that `wasm-opt --version` is the pinned one.
/// Without a recipe, returns `wasm` as it is.
pub fn optimize(wasm: &[u8]) -> Result<Vec<u8>> {
    let Some(recipe) = wasm_opt_recipe()? else {
        return Ok(wasm.to_vec());
    };
    let binary = wasm_opt_binary(&recipe.version)?;
    let fail = |message: String| Error::Build { message };
    let found = binaryen_version(&binary);
    if found.as_deref() != Some(recipe.version.as_str()) {
        return Err(fail(format!(
            "{} is Binaryen {}, but Stylus.toml pins {}",
            binary.display(),
            found.as_deref().unwrap_or("(unknown)"),
            recipe.version
        )));
    }
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("stylus-host-wasm-opt-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| fail(format!("{}: {e}", dir.display())))?;
    let (input, output) = (dir.join("input.wasm"), dir.join("output.wasm"));
    let in_dir = || -> Result<Vec<u8>> {
        std::fs::write(&input, wasm).map_err(|e| fail(format!("{}: {e}", input.display())))?;
        run(
            Command::new(&binary)
                .args(&recipe.flags)
                .arg(&input)
                .arg("-o")
                .arg(&output),
            &format!("wasm-opt {}", recipe.flags.join(" ")),
        )?;
        read(&output)
    };
    let optimized = in_dir();
    let _ = std::fs::remove_dir_all(&dir);
    optimized
}

/// Where the OpenZeppelin Stylus peer's crate lives (outside the workspace, with its own
/// toolchain and lock file), relative to the workspace root.
pub const PEER_DIR: &str = "bench/oz-stylus";

/// Builds the benchmark peer, openzeppelin-stylus 0.3.0 composed like our token, with its own
/// `cargo wasm` (fetching the crate from crates.io), and returns its raw wasm.
pub fn build_peer() -> Result<Vec<u8>> {
    let dir = workspace_root().join(PEER_DIR);
    // Its toolchain (rust-toolchain.toml there); rustup may not install it on first use.
    run(
        Command::new("rustup")
            .current_dir(&dir)
            .args(["toolchain", "install"])
            .env_remove("RUSTUP_TOOLCHAIN"),
        "rustup toolchain install (the peer's)",
    )?;
    // `cargo` from PATH: the rustup proxy picks the peer's toolchain from its directory.
    run(
        clean_env(
            Command::new("cargo")
                .current_dir(&dir)
                .args(["wasm", "--quiet"])
                .env_remove("RUSTUP_TOOLCHAIN")
                .env_remove("CARGO")
                .env_remove("RUSTC"),
        ),
        "cargo wasm (the peer's)",
    )?;
    read(&dir.join("target/wasm32-unknown-unknown/release/oz_stylus_peer.wasm"))
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
