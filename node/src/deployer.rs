//! The StylusDeployer, the contract `cargo stylus deploy` sends constructor deployments to,
//! and the CREATE2 factory it is deployed through.
//!
//! The deployer's init code comes from the npm registry at start, never from this repository:
//! `@arbitrum/nitro-contracts` 3.1.1's Hardhat artifact, fetched once with `npm pack` and
//! cached. It is checked by its canonical address: CREATE2 from the factory with salt 0 must
//! give `0xcEcba2F1DC234f70Dd89F2041029807F8D03A990`, as on every Arbitrum chain.
//!
//! The factory at `0x4e59b44847b379578588920cA78FbF26c0B4956C` (the well-known deterministic
//! deployment address) runs our own 35-byte program with the same interface: calldata is a
//! 32-byte salt followed by init code; it `CREATE2`s with the call's value, reverts if that
//! fails, and returns the new address's 20 bytes.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use alloy_primitives::{address, b256, hex, Address, Bytes, B256};

use crate::{Error, Result};

/// The StylusDeployer's address on every Arbitrum chain.
pub const STYLUS_DEPLOYER: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");

/// The deterministic deployment factory's address.
pub const CREATE2_FACTORY: Address = address!("4e59b44847b379578588920cA78FbF26c0B4956C");

/// `keccak256` of the canonical StylusDeployer init code (nitro-devnode's
/// `stylus-deployer-bytecode.txt`).
pub const INIT_CODE_HASH: B256 =
    b256!("9456aa09c997a5383f5fd54c3b54543dea5584ef3e0f3e21be093f2a25e912b5");

/// The npm package and version whose artifact carries the canonical init code.
pub const NPM_PACKAGE: &str = "@arbitrum/nitro-contracts@3.1.1";

/// The artifact's path inside the package tarball.
const ARTIFACT: &str = "package/build/contracts/src/stylus/StylusDeployer.sol/StylusDeployer.json";

/// The factory's runtime code:
///
/// ```text
/// 00 PUSH1 32; CALLDATASIZE; SUB          len = calldatasize - 32
/// 04 DUP1; PUSH1 32; PUSH1 0; CALLDATACOPY memory[0..len) = calldata[32..]
/// 0a PUSH1 0; CALLDATALOAD                salt = calldata[0..32)
/// 0d DUP2; PUSH1 0; CALLVALUE; CREATE2    address = create2(value, 0, len, salt)
/// 12 DUP1; PUSH1 0x1a; JUMPI              if address != 0 jump to 1a
/// 16 PUSH1 0; DUP1; REVERT                revert(0, 0)
/// 1a JUMPDEST; PUSH1 0; MSTORE            memory[0..32) = address
/// 1e PUSH1 20; PUSH1 12; RETURN           return memory[12..32)
/// ```
pub const FACTORY_CODE: [u8; 35] = [
    0x60, 0x20, 0x36, 0x03, 0x80, 0x60, 0x20, 0x60, 0x00, 0x37, 0x60, 0x00, 0x35, 0x81, 0x60, 0x00,
    0x34, 0xf5, 0x80, 0x60, 0x1a, 0x57, 0x60, 0x00, 0x80, 0xfd, 0x5b, 0x60, 0x00, 0x52, 0x60, 0x14,
    0x60, 0x0c, 0xf3,
];

/// Where the fetched artifact is cached by default: `target/stylus-node` in the workspace.
pub fn default_cache_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/stylus-node")
        .to_path_buf()
}

/// The canonical init code, from `artifact` if given, else from the cache in `cache_dir`
/// (fetched from npm into it if absent).
pub fn init_code(artifact: Option<&Path>, cache_dir: &Path) -> Result<Bytes> {
    let path = match artifact {
        Some(path) => path.to_path_buf(),
        None => {
            let cached = cache_dir.join("StylusDeployer.json");
            if !cached.exists() {
                fetch(cache_dir, &cached)?;
            }
            cached
        }
    };
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Error::Internal(format!(
            "cannot read the StylusDeployer artifact {}: {e}",
            path.display()
        ))
    })?;
    parse(&text).map_err(|e| Error::Internal(format!("{}: {e}", path.display())))
}

/// The init code in a Hardhat artifact, checked against the canonical hash.
pub fn parse(artifact: &str) -> Result<Bytes, String> {
    let json: serde_json::Value =
        serde_json::from_str(artifact).map_err(|e| format!("not JSON: {e}"))?;
    let code = json["bytecode"].as_str().ok_or("no bytecode field")?;
    let code = hex::decode(code).map_err(|e| format!("bytecode is not hex: {e}"))?;
    let hash = alloy_primitives::keccak256(&code);
    if hash != INIT_CODE_HASH {
        return Err(format!(
            "the init code hashes to {hash}, not the canonical StylusDeployer's {INIT_CODE_HASH}"
        ));
    }
    debug_assert_eq!(CREATE2_FACTORY.create2(B256::ZERO, hash), STYLUS_DEPLOYER);
    Ok(code.into())
}

/// Fetches the artifact with `npm pack` and `tar` into `cached`; one fetch at a time in a
/// process, in a directory of its own.
fn fetch(cache_dir: &Path, cached: &Path) -> Result<()> {
    static FETCHING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = FETCHING.lock().unwrap_or_else(|e| e.into_inner());
    if cached.exists() {
        return Ok(());
    }
    let failed = |what: &str, e: String| {
        Error::Internal(format!(
            "could not fetch the StylusDeployer from npm ({NPM_PACKAGE}): {what}: {e}; \
             pass --deployer-artifact with its StylusDeployer.json instead"
        ))
    };
    let work = cache_dir.join(format!("fetch-{}", std::process::id()));
    std::fs::create_dir_all(&work).map_err(|e| failed("create the cache", e.to_string()))?;
    let pack = Command::new("npm")
        .args(["pack", NPM_PACKAGE, "--silent", "--pack-destination"])
        .arg(&work)
        .output()
        .map_err(|e| failed("run npm", e.to_string()))?;
    if !pack.status.success() {
        return Err(failed(
            "npm pack",
            String::from_utf8_lossy(&pack.stderr).into(),
        ));
    }
    let tarball = String::from_utf8_lossy(&pack.stdout).trim().to_string();
    let tarball = work.join(tarball.lines().last().unwrap_or_default());
    let untar = Command::new("tar")
        .arg("-xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(&work)
        .arg(ARTIFACT)
        .output()
        .map_err(|e| failed("run tar", e.to_string()))?;
    if !untar.status.success() {
        return Err(failed("tar", String::from_utf8_lossy(&untar.stderr).into()));
    }
    let text = std::fs::read_to_string(work.join(ARTIFACT))
        .map_err(|e| failed("read the artifact", e.to_string()))?;
    parse(&text).map_err(|e| failed("check the artifact", e))?;
    // Written atomically, from a file of this process's own: a concurrent start, here or in
    // another process, sees the whole file or none.
    let partial = work.join("StylusDeployer.json.partial");
    std::fs::write(&partial, text).map_err(|e| failed("write the cache", e.to_string()))?;
    std::fs::rename(&partial, cached).map_err(|e| failed("write the cache", e.to_string()))?;
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_canonical_init_code_gives_the_canonical_address() {
        assert_eq!(
            CREATE2_FACTORY.create2(B256::ZERO, INIT_CODE_HASH),
            STYLUS_DEPLOYER
        );
    }

    #[test]
    fn other_init_code_is_refused() {
        let artifact = r#"{"bytecode": "0x6000"}"#;
        assert!(parse(artifact).unwrap_err().contains("not the canonical"));
        assert!(parse("{}").is_err());
    }
}
