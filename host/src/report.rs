//! The gas and size report: deterministic counts (bytes, ink, gas, hostio calls, storage
//! accesses) per call, written to `reports/gas.md` and checked by a test.

use std::fmt::Write;

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use stylus_token::IToken;

use crate::{
    artifact::{self, Sizes},
    pricing::ProgramData,
    scenario::{carol_permit, tokens, Run, ALICE, BOB, OWNER},
    Env, Error, Receipt, Result, Tx,
};

/// Where the snapshot lives, relative to the workspace root.
pub const SNAPSHOT: &str = "reports/gas.md";

/// One measured call, uncached and cached.
pub struct Row {
    /// The call.
    pub call: &'static str,
    /// Its receipt when the program is not cached.
    pub uncached: Receipt,
    /// Its receipt when the program is cached.
    pub cached: Receipt,
}

/// The accounts a plan runs with: the token's owner, its initial holder, and a user.
#[derive(Debug, Clone, Copy)]
pub struct Cast {
    /// The owner (mints).
    pub owner: Address,
    /// The initial holder.
    pub alice: Address,
    /// A user.
    pub bob: Address,
}

/// The scenario's accounts.
pub const CAST: Cast = Cast {
    owner: OWNER,
    alice: ALICE,
    bob: BOB,
};

/// The measured calls in order, each `(label, sender, calldata)`; a call without a label is
/// set-up, not measured. Carol's permit is signed for `token` on `chain_id` with nonce 0.
pub fn plan(
    token: Address,
    chain_id: u64,
    now: u64,
) -> Vec<(Option<&'static str>, Address, Vec<u8>)> {
    plan_for(CAST, token, chain_id, now)
}

/// [`plan`] with other accounts.
pub fn plan_for(
    cast: Cast,
    token: Address,
    chain_id: u64,
    now: u64,
) -> Vec<(Option<&'static str>, Address, Vec<u8>)> {
    use IToken::*;
    let Cast { owner, alice, bob } = cast;
    let permit = carol_permit(chain_id, token, now, U256::ZERO, bob, tokens(5));
    vec![
        (
            Some("balanceOf"),
            bob,
            balanceOfCall { account: alice }.abi_encode(),
        ),
        (
            Some("transfer to a new holder"),
            alice,
            transferCall {
                to: bob,
                value: tokens(1),
            }
            .abi_encode(),
        ),
        (
            Some("transfer to an existing holder"),
            alice,
            transferCall {
                to: bob,
                value: tokens(1),
            }
            .abi_encode(),
        ),
        (
            Some("approve"),
            alice,
            approveCall {
                spender: bob,
                value: tokens(100),
            }
            .abi_encode(),
        ),
        (
            Some("transferFrom, finite allowance"),
            bob,
            transferFromCall {
                from: alice,
                to: bob,
                value: tokens(1),
            }
            .abi_encode(),
        ),
        (
            None,
            alice,
            approveCall {
                spender: bob,
                value: U256::MAX,
            }
            .abi_encode(),
        ),
        (
            Some("transferFrom, infinite allowance"),
            bob,
            transferFromCall {
                from: alice,
                to: bob,
                value: tokens(1),
            }
            .abi_encode(),
        ),
        (
            Some("mint"),
            owner,
            mintCall {
                to: bob,
                value: tokens(1),
            }
            .abi_encode(),
        ),
        (
            Some("burn"),
            bob,
            burnCall { value: tokens(1) }.abi_encode(),
        ),
        (Some("permit"), bob, permit.abi_encode()),
    ]
}

/// Runs [`plan`] on the Stylus `wasm`, each call its own transaction.
fn measure(wasm: &[u8], cached: bool) -> Result<(Vec<(&'static str, Receipt)>, ProgramData)> {
    measure_in(
        wasm,
        Env {
            cached,
            ..Env::default()
        },
    )
}

/// [`measure`] in `env`.
fn measure_in(wasm: &[u8], env: Env) -> Result<(Vec<(&'static str, Receipt)>, ProgramData)> {
    let mut run = Run::deploy(wasm, env.clone())?;
    let mut rows = Vec::new();
    for (label, from, data) in plan(run.token, env.chain_id, env.timestamp) {
        let receipt = run.chain.transact(Tx::call(from, run.token, data))?;
        assert!(receipt.success(), "{label:?} failed: {receipt:?}");
        if let Some(label) = label {
            rows.push((label, receipt));
        }
    }
    let data = run.chain.program_data(run.token).expect("deployed");
    Ok((rows, data))
}

/// Measures every call, uncached and cached.
pub fn rows(wasm: &[u8]) -> Result<(Vec<Row>, ProgramData)> {
    let (uncached, data) = measure(wasm, false)?;
    let (cached, _) = measure(wasm, true)?;
    let rows = uncached
        .into_iter()
        .zip(cached)
        .map(|((call, uncached), (_, cached))| Row {
            call,
            uncached,
            cached,
        })
        .collect();
    Ok((rows, data))
}

/// Where each cached call's wasm ink goes: for every row, the `top` functions by ink, named
/// from `wasm`'s name section when it has one (a build with `strip = false`).
pub fn profile(wasm: &[u8], top: usize) -> Result<String> {
    let env = Env {
        cached: true,
        profile: true,
        ..Env::default()
    };
    let (rows, _) = measure_in(wasm, env)?;
    let names = function_names(wasm);
    let mut out = String::new();
    for (call, receipt) in rows {
        let mut funcs: Vec<(u32, u64)> = receipt.stats.profile.into_iter().collect();
        funcs.sort_by_key(|&(func, ink)| (std::cmp::Reverse(ink), func));
        let total: u64 = funcs.iter().map(|(_, ink)| ink).sum();
        let _ = writeln!(out, "{call}: wasm ink {total} in {} functions", funcs.len());
        for (func, ink) in funcs.into_iter().take(top) {
            let name = names.get(&func).map_or("?", String::as_str);
            let _ = writeln!(out, "  {ink:>9}  {func:>4}  {name}");
        }
    }
    Ok(out)
}

/// Local function index -> name, from the `name` custom section.
fn function_names(wasm: &[u8]) -> std::collections::BTreeMap<u32, String> {
    use wasmparser::{KnownCustom, Name, Parser, Payload, TypeRef};
    let mut imported = 0;
    let mut names = std::collections::BTreeMap::new();
    for payload in Parser::new(0).parse_all(wasm).flatten() {
        match payload {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports().flatten() {
                    if matches!(import.ty, TypeRef::Func(_)) {
                        imported += 1;
                    }
                }
            }
            Payload::CustomSection(section) => {
                if let KnownCustom::Name(reader) = section.as_known() {
                    for name in reader.flatten() {
                        if let Name::Function(map) = name {
                            for naming in map.into_iter().flatten() {
                                if let Some(local) = naming.index.checked_sub(imported) {
                                    let name = rustc_demangle::demangle(naming.name);
                                    names.insert(local, format!("{name:#}"));
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    names
}

/// The snapshot's text.
pub fn render(sizes: Sizes, data: ProgramData, rows: &[Row]) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "# Gas and size snapshot\n");
    let _ = writeln!(
        w,
        "Generated by `cargo run --release -p stylus-host -- gas`; checked by \
         `host/tests/gas_snapshot.rs`. Deterministic counts from the in-process host (Nitro's \
         prices, ArbOS 51 defaults, ink price 10,000), not chain receipts.\n"
    );
    let _ = writeln!(w, "## Size\n");
    let _ = writeln!(w, "| | bytes |\n|---|---|");
    let _ = writeln!(w, "| raw wasm | {} |", sizes.raw);
    let _ = writeln!(w, "| as deployed (processed) | {} |", sizes.processed);
    let _ = writeln!(w, "| compressed (brotli 11) | {} |\n", sizes.compressed);
    let _ = writeln!(w, "## Program data (activation)\n");
    let _ = writeln!(
        w,
        "functions {}, type_len {}, globals {}, data {} B, footprint {} page(s): \
         init_cost {}, cached_init_cost {}; entry gas {} cached, {} uncached (+ memory).\n",
        data.funcs,
        data.type_len,
        data.globals,
        data.data_len,
        data.footprint,
        data.init_cost(),
        data.cached_init_cost(),
        data.cached_gas(),
        data.cached_gas() + data.init_gas(),
    );
    let _ = writeln!(w, "## Per call\n");
    let _ = writeln!(
        w,
        "Each call is its own transaction (every slot starts cold). *gas*: L2 gas used, \
         including the 21,000 intrinsic and calldata gas. *entry*: gas charged on entering the \
         program. *wasm ink*: executed instructions; *hostio ink*: host calls and their EVM \
         work. Loads are cold / warm / answered by the cache.\n"
    );
    let _ = writeln!(
        w,
        "| call | gas, uncached | gas, cached | entry, uncached | entry, cached | wasm ink | hostio ink | hostio calls | loads | stores |"
    );
    let _ = writeln!(w, "|---|---|---|---|---|---|---|---|---|---|");
    for row in rows {
        let s = &row.cached.stats;
        let calls: u64 = s.hostios.values().sum();
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} / {} / {} | {} |",
            row.call,
            row.uncached.gas_used,
            row.cached.gas_used,
            row.uncached.stats.entry_gas,
            s.entry_gas,
            s.wasm_ink,
            s.hostio_ink,
            calls,
            s.cold_loads,
            s.warm_loads,
            s.cached_loads,
            s.stores,
        );
    }
    let _ = writeln!(w, "\n## Hostio calls per call\n");
    for row in rows {
        let list: Vec<String> = row
            .cached
            .stats
            .hostios
            .iter()
            .map(|(name, n)| format!("{name} ×{n}"))
            .collect();
        let _ = writeln!(w, "- {}: {}", row.call, list.join(", "));
    }
    out
}

/// Builds the token and renders the snapshot.
pub fn snapshot() -> Result<String> {
    let wasm = artifact::build()?;
    let sizes = artifact::sizes(&wasm)?;
    let (rows, data) = rows(&wasm)?;
    Ok(render(sizes, data, &rows))
}

/// Gas above what any implementation must pay: the intrinsic cost and the EVM's storage, log
/// and precompile prices.
pub fn overhead(receipt: &Receipt) -> u64 {
    let s = &receipt.stats;
    receipt.gas_used.saturating_sub(s.intrinsic_gas + s.evm_gas)
}

/// Where the side-by-side comparison lives, relative to the workspace root.
pub const COMPARISON: &str = "reports/comparison.md";

/// Builds our token and the OpenZeppelin Stylus peer, runs both through the same calls, and
/// renders the comparison.
pub fn comparison() -> Result<String> {
    let ours = artifact::build()?;
    let peer = artifact::build_peer()?;
    let (our_sizes, peer_sizes) = (artifact::sizes(&ours)?, artifact::sizes(&peer)?);
    let (our_rows, our_data) = rows(&ours)?;
    let (peer_rows, peer_data) = rows(&peer)?;
    let (solidity_size, solidity) = solidity_rows()?;
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "# Side by side: this token and OpenZeppelin's Stylus and Solidity ERC-20s\n"
    );
    let _ = writeln!(
        w,
        "Generated by `cargo run --release -p stylus-host -- compare`. The peer is \
         openzeppelin-stylus 0.3.0 (stylus-sdk 0.9.0, nightly-2025-08-01), built from crates.io \
         at benchmark time by `bench/oz-stylus`, composed with the same features (ERC-20, \
         metadata, burnable, capped, pausable and owner-minted, EIP-2612 permit) and the same \
         build flags. Both run the same calls in the in-process host (Nitro's prices, ArbOS 51 \
         defaults); each call is its own transaction. *Overhead* is the gas above the \
         intrinsic cost and the EVM's storage, log and precompile prices, cached program. \
         The Solidity peer is OpenZeppelin Contracts v5's ERC20 (ERC20Burnable, ERC20Capped, \
         ERC20Pausable, ERC20Permit, Ownable2Step; `bench/oz-solidity`) compiled with solc-js \
         from npm (optimizer on, 200 runs) and run on revm (Cancun rules, `bench/evm-runner`): \
         exact EVM gas, with no program entry cost.\n"
    );
    let _ = writeln!(
        w,
        "| | this token | OpenZeppelin Stylus | OpenZeppelin Solidity |\n|---|---|---|---|"
    );
    let _ = writeln!(
        w,
        "| compressed size (B) | {} | {} | — |",
        our_sizes.compressed, peer_sizes.compressed
    );
    let _ = writeln!(
        w,
        "| code as deployed (B) | {} | {} | {} |",
        our_sizes.processed, peer_sizes.processed, solidity_size
    );
    let _ = writeln!(
        w,
        "| functions | {} | {} | — |",
        our_data.funcs, peer_data.funcs
    );
    let _ = writeln!(
        w,
        "| entry gas, cached / uncached | {} / {} | {} / {} | 0 |\n",
        our_data.cached_gas(),
        our_data.cached_gas() + our_data.init_gas(),
        peer_data.cached_gas(),
        peer_data.cached_gas() + peer_data.init_gas()
    );
    let _ = writeln!(
        w,
        "| call | gas, uncached | OZ Stylus, uncached | gas, cached | OZ Stylus, cached | OZ Solidity | overhead | OZ Stylus overhead |"
    );
    let _ = writeln!(w, "|---|---|---|---|---|---|---|---|");
    for ((ours, peer), (_, solidity)) in our_rows.iter().zip(&peer_rows).zip(&solidity) {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            ours.call,
            ours.uncached.gas_used,
            peer.uncached.gas_used,
            ours.cached.gas_used,
            peer.cached.gas_used,
            solidity,
            overhead(&ours.cached),
            overhead(&peer.cached),
        );
    }
    Ok(out)
}

/// Where the Solidity peer and its EVM runner live, relative to the workspace root.
const SOLIDITY_DIR: &str = "bench/oz-solidity";
const EVM_RUNNER: &str = "bench/evm-runner/Cargo.toml";

fn run_command(command: &mut std::process::Command, what: &str) -> Result<Vec<u8>> {
    let output = artifact::clean_env(command)
        .output()
        .map_err(|e| Error::Build {
            message: format!("could not run {what}: {e}"),
        })?;
    if !output.status.success() {
        return Err(Error::Build {
            message: format!("{what} failed: {}", String::from_utf8_lossy(&output.stderr)),
        });
    }
    Ok(output.stdout)
}

/// The Solidity peer — OpenZeppelin Contracts v5's ERC20 with the same features, installed
/// and compiled with solc-js from npm (`bench/oz-solidity`) — run through [`plan`] on revm
/// (`bench/evm-runner`). Returns its runtime code size and each measured call's gas.
pub fn solidity_rows() -> Result<(usize, Vec<(&'static str, u64)>)> {
    use std::process::Command;

    let root = artifact::workspace_root();
    let dir = root.join(SOLIDITY_DIR);
    run_command(
        Command::new("npm")
            .current_dir(&dir)
            .args(["ci", "--no-audit", "--no-fund"]),
        "npm ci",
    )?;
    run_command(
        Command::new("node").current_dir(&dir).arg("compile.js"),
        "solc",
    )?;
    let build =
        std::fs::read_to_string(dir.join("build/PeerToken.json")).map_err(|e| Error::Build {
            message: format!("no compiled peer: {e}"),
        })?;
    let field = |name: &str| -> Result<Vec<u8>> {
        let start = build
            .find(&format!("\"{name}\":\"0x"))
            .ok_or_else(|| Error::Build {
                message: format!("no {name} in the compiled peer"),
            })?
            + name.len()
            + 6;
        let end = start + build[start..].find('"').unwrap_or(0);
        alloy_primitives::hex::decode(&build[start..end]).map_err(|e| Error::Build {
            message: e.to_string(),
        })
    };
    let mut creation = field("bytecode")?;
    let runtime = field("deployedBytecode")?.len();
    crate::scenario::constructor_args().abi_encode_raw(&mut creation);

    let env = Env::default();
    let token = OWNER.create(0);
    let mut input = format!(
        "{OWNER} create {}\n",
        alloy_primitives::hex::encode(&creation)
    );
    let plan = plan(token, env.chain_id, env.timestamp);
    for (_, from, data) in &plan {
        input += &format!("{from} {token} {}\n", alloy_primitives::hex::encode(data));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut child = artifact::clean_env(&mut Command::new(cargo))
        .current_dir(&root)
        .args(["run", "--quiet", "--release", "--manifest-path", EVM_RUNNER])
        .env("CHAIN_ID", env.chain_id.to_string())
        .env("TIMESTAMP", env.timestamp.to_string())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| Error::Build {
            message: format!("could not run the EVM runner: {e}"),
        })?;
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("piped");
        stdin
            .write_all(input.as_bytes())
            .map_err(|e| Error::Build {
                message: e.to_string(),
            })?;
    }
    let output = child.wait_with_output().map_err(|e| Error::Build {
        message: e.to_string(),
    })?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut lines = text.lines();
    let deployed = lines.next().unwrap_or_default();
    if !deployed.starts_with("success")
        || !deployed.ends_with(&alloy_primitives::hex::encode(token))
    {
        return Err(Error::Build {
            message: format!("the Solidity peer did not deploy at {token}: {deployed}"),
        });
    }
    let mut rows = Vec::new();
    for ((label, _, _), line) in plan.iter().zip(lines) {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.first() != Some(&"success") {
            return Err(Error::Build {
                message: format!("the Solidity peer failed {label:?}: {line}"),
            });
        }
        if let Some(label) = label {
            rows.push((*label, words[1].parse().unwrap_or(0)));
        }
    }
    Ok((runtime, rows))
}
