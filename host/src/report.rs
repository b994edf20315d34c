//! The gas and size report: deterministic counts (bytes, ink, gas, hostio calls, storage
//! accesses) per call, written to `reports/gas.md` and checked by a test.

use std::fmt::Write;

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use stylus_token::{abi::constructor_calldata, IToken};

use crate::{
    artifact::{self, Sizes},
    deployment,
    pricing::ProgramData,
    scenario::{carol_permit, constructor_args, tokens, Run, ALICE, BOB, OWNER},
    solidity, Env, Error, Receipt, Result, Tx,
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
/// `unoptimized` is `cargo wasm`'s size before the `Stylus.toml` wasm-opt pass, if known.
pub fn render(sizes: Sizes, unoptimized: Option<usize>, data: ProgramData, rows: &[Row]) -> String {
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
    if let Some(unoptimized) = unoptimized {
        let _ = writeln!(w, "| `cargo wasm` | {unoptimized} |");
        let _ = writeln!(
            w,
            "| after `wasm-opt` (the `Stylus.toml` recipe) | {} |",
            sizes.raw
        );
    } else {
        let _ = writeln!(w, "| raw wasm | {} |", sizes.raw);
    }
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

/// A report and the README sections drawn from the same measurements.
pub struct Generated {
    /// The report's path, relative to the workspace root.
    pub path: &'static str,
    /// The subcommand that regenerates it.
    pub command: &'static str,
    /// The report.
    pub report: String,
    /// README sections by name: each replaces what stands between `<!-- name -->` and
    /// `<!-- /name -->` in `README.md`.
    pub readme: Vec<(&'static str, String)>,
    /// Table cells measured on a build that is not byte-for-byte reproducible: `(line
    /// prefix, cell)`. [`check`](Self::check) lets each number there differ from the
    /// committed one by at most [`LOOSE_PERMILLE`] ‰; every other byte must match.
    pub loose: Vec<(&'static str, usize)>,
}

/// How far (‰) a [`Generated::loose`] figure may move between builds.
pub const LOOSE_PERMILLE: u64 = 5;

/// The numbers in `cell`, commas dropped, and the text around them.
fn split_numbers(cell: &str) -> (Vec<u64>, String) {
    let mut numbers = Vec::new();
    let mut rest = String::new();
    let mut current = String::new();
    for c in cell.chars().chain(core::iter::once(' ')) {
        if c.is_ascii_digit() {
            current.push(c);
        } else if c == ',' && !current.is_empty() {
            // A thousands separator inside a number.
        } else {
            if !current.is_empty() {
                numbers.push(current.parse().unwrap_or(u64::MAX));
                rest.push('#');
                current.clear();
            }
            rest.push(c);
        }
    }
    (numbers, rest)
}

/// Whether `committed` says what `fresh` says, but for `loose` cells within
/// [`LOOSE_PERMILLE`].
fn agrees(fresh: &str, committed: &str, loose: &[(&str, usize)]) -> bool {
    if fresh == committed {
        return true;
    }
    let (a, b): (Vec<&str>, Vec<&str>) = (fresh.lines().collect(), committed.lines().collect());
    a.len() == b.len()
        && a.iter().zip(&b).all(|(x, y)| {
            if x == y {
                return true;
            }
            let Some(&(_, cell)) = loose.iter().find(|(prefix, _)| x.starts_with(prefix)) else {
                return false;
            };
            let (xs, ys): (Vec<&str>, Vec<&str>) = (x.split('|').collect(), y.split('|').collect());
            xs.len() == ys.len()
                && xs.iter().zip(&ys).enumerate().all(|(i, (p, q))| {
                    if p == q {
                        return true;
                    }
                    let ((pn, pt), (qn, qt)) = (split_numbers(p), split_numbers(q));
                    i == cell + 1
                        && pt == qt
                        && pn.len() == qn.len()
                        && pn.iter().zip(&qn).all(|(m, n)| {
                            m.abs_diff(*n).saturating_mul(1000) <= LOOSE_PERMILLE * m.max(n)
                        })
                })
        })
}

/// The README, relative to the workspace root.
pub const README: &str = "README.md";

/// `readme` with the section `name` replaced by `body`; an error when its markers are missing.
pub fn splice(readme: &str, name: &str, body: &str) -> Result<String> {
    let (open, close) = (format!("<!-- {name} -->\n"), format!("<!-- /{name} -->"));
    let start = readme.find(&open).ok_or_else(|| Error::Build {
        message: format!("{README} has no `{}` line", open.trim_end()),
    })? + open.len();
    let end = start
        + readme[start..].find(&close).ok_or_else(|| Error::Build {
            message: format!("{README} has no `{close}` line"),
        })?;
    Ok(format!("{}{body}{}", &readme[..start], &readme[end..]))
}

impl Generated {
    fn files(&self) -> Result<[(std::path::PathBuf, String); 2]> {
        let root = artifact::workspace_root();
        let readme_path = root.join(README);
        let mut readme = std::fs::read_to_string(&readme_path).map_err(|e| Error::Build {
            message: format!("cannot read {README}: {e}"),
        })?;
        for (name, body) in &self.readme {
            readme = splice(&readme, name, body)?;
        }
        Ok([
            (root.join(self.path), self.report.clone()),
            (readme_path, readme),
        ])
    }

    /// Writes the report and the README's sections.
    pub fn write(&self) -> Result<()> {
        for (path, text) in self.files()? {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::Build {
                    message: e.to_string(),
                })?;
            }
            std::fs::write(&path, text).map_err(|e| Error::Build {
                message: format!("cannot write {}: {e}", path.display()),
            })?;
        }
        Ok(())
    }

    /// `Ok` when the committed report and README sections say what was measured; otherwise
    /// an error naming the stale file and the command that regenerates it.
    pub fn check(&self) -> Result<()> {
        for (path, text) in self.files()? {
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            if !agrees(&text, &committed, &self.loose) {
                return Err(Error::Build {
                    message: format!(
                        "{} is out of date: run `cargo run --release -p stylus-host -- {}`",
                        path.display(),
                        self.command
                    ),
                });
            }
        }
        Ok(())
    }
}

/// `n` with commas between thousands, as the README writes figures.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The README's gas table and size table from the same measurements as the snapshot.
fn readme_gas(
    sizes: Sizes,
    unoptimized: usize,
    data: ProgramData,
    rows: &[Row],
) -> Vec<(&'static str, String)> {
    let mut gas = String::from("| call | gas, uncached | gas, cached |\n|---|---|---|\n");
    for row in rows {
        let _ = writeln!(
            gas,
            "| {} | {} | {} |",
            row.call,
            thousands(row.uncached.gas_used),
            thousands(row.cached.gas_used)
        );
    }
    let _ = writeln!(
        gas,
        "\nEntry costs {} gas uncached and {} cached ({} functions, {} B of data, {} memory \
         page).",
        thousands(data.cached_gas() + data.init_gas()),
        thousands(data.cached_gas()),
        data.funcs,
        data.data_len,
        data.footprint
    );
    let size = format!(
        "| | bytes |\n|---|---|\n\
         | raw wasm (`cargo wasm`) | {} |\n\
         | after wasm-opt (the `Stylus.toml` recipe, as cargo-stylus runs it) | {} |\n\
         | as deployed (re-encoded, custom sections stripped, as cargo-stylus does) | {} |\n\
         | **compressed (brotli 11, what Stylus stores)** | **{}** |\n",
        thousands(unoptimized as u64),
        thousands(sizes.raw as u64),
        thousands(sizes.processed as u64),
        thousands(sizes.compressed as u64),
    );
    vec![("stylus-host gas", gas), ("stylus-host gas: size", size)]
}

/// Builds the token and renders the snapshot and the README's gas and size tables.
pub fn snapshot() -> Result<Generated> {
    let unoptimized = artifact::build_unoptimized()?;
    let wasm = artifact::optimize(&unoptimized)?;
    let sizes = artifact::sizes(&wasm)?;
    let (rows, data) = rows(&wasm)?;
    Ok(Generated {
        path: SNAPSHOT,
        command: "gas",
        report: render(sizes, Some(unoptimized.len()), data, &rows),
        readme: readme_gas(sizes, unoptimized.len(), data, &rows),
        loose: Vec::new(),
    })
}

/// Gas above what any implementation must pay: the intrinsic cost and the EVM's storage, log
/// and precompile prices.
pub fn overhead(receipt: &Receipt) -> u64 {
    let s = &receipt.stats;
    receipt.gas_used.saturating_sub(s.intrinsic_gas + s.evm_gas)
}

/// Where the side-by-side comparison lives, relative to the workspace root.
pub const COMPARISON: &str = "reports/comparison.md";

/// Builds our token, the OpenZeppelin Stylus peer and the OpenZeppelin Solidity peer, runs
/// the three through the same calls and deploys each on the local node; renders the
/// comparison and the README's table.
pub fn comparison() -> Result<Generated> {
    use alloy_primitives::TxKind;

    let ours = artifact::build()?;
    let peer = artifact::build_peer()?;
    let compiled = solidity::compile()?;
    let (our_sizes, peer_sizes) = (artifact::sizes(&ours)?, artifact::sizes(&peer)?);
    let (our_rows, our_data) = rows(&ours)?;
    let (peer_rows, peer_data) = rows(&peer)?;
    let env = Env::default();
    let mut args = Vec::new();
    constructor_args().abi_encode_raw(&mut args);
    let (_, sol_rows) = solidity::run_plan(
        &compiled,
        &args,
        OWNER,
        env.chain_id,
        env.timestamp,
        |token| plan(token, env.chain_id, env.timestamp),
    )?;
    let calldata = constructor_calldata(&constructor_args());
    let our_deploy = deployment::stylus(&ours, calldata.clone())?;
    let peer_deploy = deployment::stylus(&peer, calldata)?;
    let mut creation = compiled.creation.clone();
    creation.extend_from_slice(&args);
    let sol_deploy = deployment::solidity(creation.clone())?;
    // The same creation in process, for its split (and as a check on the node's EVM gas).
    let sol_created = solidity::Evm::new(env.chain_id, env.timestamp).transact(
        OWNER,
        TxKind::Create,
        creation,
    )?;

    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "# Side by side: this token and OpenZeppelin's Stylus and Solidity ERC-20s\n\n\
         Generated by `cargo run --release -p stylus-host -- compare`; checked by \
         `host/tests/comparison_snapshot.rs`.\n\n\
         - **This token**: `cargo wasm`, then wasm-opt with the `Stylus.toml` recipe, as \
         `cargo stylus` deploys it.\n\
         - **OpenZeppelin Stylus**: openzeppelin-stylus 0.3.0 (stylus-sdk 0.9.0, \
         nightly-2025-08-01), built from crates.io at benchmark time by `bench/oz-stylus`, \
         composed with the same features (ERC-20, metadata, burnable, capped, pausable and \
         owner-minted, EIP-2612 permit) and the same release profile; no wasm-opt, as its \
         project ships. Its build is not byte-for-byte reproducible: openzeppelin-stylus-proc \
         0.3.0 XORs interface selectors in `HashMap` order, so its compressed size and the \
         deployment gas that pays for those bytes move by a few bytes' worth between builds \
         (the snapshot test allows 0.5 % there, in that column only).\n\
         - **OpenZeppelin Solidity**: OpenZeppelin Contracts v5's ERC20 (ERC20Burnable, \
         ERC20Capped, ERC20Pausable, ERC20Permit, Ownable2Step; `bench/oz-solidity`), \
         compiled by solc-js from npm (optimizer on, 200 runs), run in process on revm \
         (Cancun rules) for exact EVM gas.\n\n\
         The Stylus programs run in the in-process host (Nitro's prices, ArbOS 51 defaults). \
         Each call is its own transaction, every slot cold, with the same calldata on all \
         three. *Cached*: the program is in the CacheManager's cache, as a token called this \
         often would be.\n"
    );
    let _ = writeln!(
        w,
        "## Code\n\n| | this token | OpenZeppelin Stylus | OpenZeppelin Solidity |\n\
         |---|---|---|---|"
    );
    let _ = writeln!(
        w,
        "| compressed size (B) | {} | {} | — |",
        our_sizes.compressed, peer_sizes.compressed
    );
    let _ = writeln!(
        w,
        "| code as deployed (B) | {} | {} | {} |",
        our_sizes.processed,
        peer_sizes.processed,
        compiled.runtime.len()
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

    let _ = writeln!(w, "## Gas per call\n");
    let _ = writeln!(
        w,
        "| call | cached | OZ Stylus, cached | OZ Solidity | cached − Solidity | uncached | OZ Stylus, uncached |\n\
         |---|---|---|---|---|---|---|"
    );
    for ((ours, peer), (_, sol)) in our_rows.iter().zip(&peer_rows).zip(&sol_rows) {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {:+} | {} | {} |",
            ours.call,
            ours.cached.gas_used,
            peer.cached.gas_used,
            sol.gas.used,
            ours.cached.gas_used as i64 - sol.gas.used as i64,
            ours.uncached.gas_used,
            peer.uncached.gas_used,
        );
    }

    let _ = writeln!(
        w,
        "\n## Where each side spends (cached)\n\n\
         The same lines for all three. *Intrinsic*: 21,000 and calldata. *EVM work*: the \
         EVM's prices for storage (`SLOAD`/`SSTORE`, net of refunds), logs and precompile \
         calls (warm access and the precompile), which any implementation pays. *Overhead*: \
         the rest — for Stylus the program's entry and its wasm and host-call ink, for \
         Solidity every other opcode (dispatch, ABI decoding, memory, hashing, checks).\n"
    );
    let _ = writeln!(
        w,
        "| call | intrinsic | EVM work, ours | EVM work, Solidity | overhead, ours (entry + compute) | overhead, OZ Stylus | overhead, Solidity |\n\
         |---|---|---|---|---|---|---|"
    );
    for ((ours, peer), (_, sol)) in our_rows.iter().zip(&peer_rows).zip(&sol_rows) {
        let s = &ours.cached.stats;
        let intrinsic = if s.intrinsic_gas == sol.gas.intrinsic {
            s.intrinsic_gas.to_string()
        } else {
            format!("{} / {}", s.intrinsic_gas, sol.gas.intrinsic)
        };
        let ours_overhead = overhead(&ours.cached);
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} ({} + {}) | {} | {} |",
            ours.call,
            intrinsic,
            s.evm_gas,
            sol.gas.storage + sol.gas.logs + sol.gas.precompiles,
            ours_overhead,
            s.entry_gas,
            ours_overhead.saturating_sub(s.entry_gas),
            overhead(&peer.cached),
            sol.gas.overhead(),
        );
    }
    if let (Some(ours), Some((_, sol))) = (
        our_rows.iter().find(|r| r.call == "permit"),
        sol_rows.iter().find(|(call, _)| *call == "permit"),
    ) {
        let s = &ours.cached.stats;
        let keccaks = s.hostios.get("native_keccak256").copied().unwrap_or(0);
        let sol_work = sol.gas.storage + sol.gas.logs + sol.gas.precompiles;
        let _ = writeln!(
            w,
            "\n**The permit row.** It is the one row where ours pays more EVM work than \
             Solidity (mint is the other way round: Solidity reads its supply twice): ours is \
             {} gas, Solidity's {}. Our EIP-712 domain separator hashes the \
             token's name, which lives in storage, so our permit reads {} slots cold (the \
             name and the owner's nonce) where Solidity runs {} `SLOAD`: OpenZeppelin's EIP712 \
             keeps the domain separator in an immutable, part of the contract's code, and a \
             Stylus program has no equivalent (its code cannot hold constructor arguments). \
             The name's cold read costs 2,100 gas; in overhead ours is {} gas (entry {}, \
             compute {}, with {} `native_keccak256` host calls for the name, the domain, the \
             struct, the digest and the storage keys) against Solidity's {}. Leaving the name \
             out of the domain would close the gap but change every permit signature clients \
             make from `eip712Domain()`, so the token keeps OpenZeppelin's domain.",
            thousands(s.evm_gas),
            thousands(sol_work),
            s.cold_loads,
            sol.gas.sloads,
            thousands(overhead(&ours.cached)),
            s.entry_gas,
            overhead(&ours.cached).saturating_sub(s.entry_gas),
            keccaks,
            thousands(sol.gas.overhead()),
        );
    }

    let _ = writeln!(
        w,
        "\n## Deployment, measured on the local node\n\n\
         Each program is deployed on a fresh `stylus-host node` (ArbOS 51 parameters, base \
         fee {} gwei, no L1 component) with the demo's constructor arguments: step by step \
         (creation, `ArbWasm.activateProgram`, the constructor as a call), and as one \
         StylusDeployer transaction, which is what `cargo stylus deploy` sends. The data fee \
         is what `activateProgram` charged, from its `ProgramActivated` event. Solidity's \
         creation transaction runs the constructor; its gas in process on revm is {} \
         (storage {}, logs {}), on the node {}.\n",
        format_gwei(our_deploy.gas_price),
        thousands(sol_created.gas.used),
        thousands(sol_created.gas.storage),
        thousands(sol_created.gas.logs),
        thousands(sol_deploy),
    );
    let _ = writeln!(
        w,
        "| | this token | OpenZeppelin Stylus | OpenZeppelin Solidity |\n|---|---|---|---|"
    );
    let _ = writeln!(
        w,
        "| creation transaction (gas) | {} | {} | {} |",
        our_deploy.create_gas, peer_deploy.create_gas, sol_deploy
    );
    let _ = writeln!(
        w,
        "| activation (gas) | {} | {} | — |",
        our_deploy.activate_gas, peer_deploy.activate_gas
    );
    let _ = writeln!(
        w,
        "| activation data fee (ETH) | {} | {} | — |",
        format_eth(our_deploy.data_fee),
        format_eth(peer_deploy.data_fee)
    );
    let _ = writeln!(
        w,
        "| constructor call (gas) | {} | {} | in the creation |",
        our_deploy.constructor_gas, peer_deploy.constructor_gas
    );
    let _ = writeln!(
        w,
        "| one StylusDeployer transaction (gas) | {} | {} | — |",
        our_deploy.deployer_gas, peer_deploy.deployer_gas
    );
    let _ = writeln!(
        w,
        "| cost at the node's base fee (ETH): gas × price + data fee | {} | {} | {} |",
        format_eth(our_deploy.cost()),
        format_eth(peer_deploy.cost()),
        format_eth(U256::from(sol_deploy) * our_deploy.gas_price)
    );

    let mut readme = String::from(
        "| | this token | OpenZeppelin Stylus 0.3.0 | OpenZeppelin Solidity v5 | this token − Solidity |\n\
         |---|---|---|---|---|\n",
    );
    let _ = writeln!(
        readme,
        "| size | {} B compressed | {} B compressed | {} B of EVM code | |",
        thousands(our_sizes.compressed as u64),
        thousands(peer_sizes.compressed as u64),
        thousands(compiled.runtime.len() as u64)
    );
    let _ = writeln!(
        readme,
        "| entry gas, cached / uncached | {} / {} | {} / {} | none | |",
        thousands(our_data.cached_gas()),
        thousands(our_data.cached_gas() + our_data.init_gas()),
        thousands(peer_data.cached_gas()),
        thousands(peer_data.cached_gas() + peer_data.init_gas())
    );
    for ((ours, peer), (_, sol)) in our_rows.iter().zip(&peer_rows).zip(&sol_rows) {
        let _ = writeln!(
            readme,
            "| {}, cached | {} | {} | {} | {:+} |",
            ours.call,
            thousands(ours.cached.gas_used),
            thousands(peer.cached.gas_used),
            thousands(sol.gas.used),
            ours.cached.gas_used as i64 - sol.gas.used as i64,
        );
    }
    let _ = writeln!(
        readme,
        "| deployment: gas (ETH at {} gwei, with the data fee) | {} ({}) | {} ({}) | {} ({}) | |",
        format_gwei(our_deploy.gas_price),
        thousands(our_deploy.deployer_gas),
        format_eth(our_deploy.cost()),
        thousands(peer_deploy.deployer_gas),
        format_eth(peer_deploy.cost()),
        thousands(sol_deploy),
        format_eth(U256::from(sol_deploy) * our_deploy.gas_price)
    );
    Ok(Generated {
        path: COMPARISON,
        command: "compare",
        report: out,
        readme: vec![("stylus-host compare", readme)],
        // OpenZeppelin Stylus's compressed bytes, and the deployment gas that pays for them.
        loose: [
            "| compressed size",
            "| creation transaction",
            "| activation",
            "| one StylusDeployer",
            "| cost at",
            "| size |",
            "| deployment:",
        ]
        .into_iter()
        .map(|prefix| (prefix, 2))
        .collect(),
    })
}

/// `wei` in ETH with nine decimals.
fn format_eth(wei: U256) -> String {
    let nano = wei / U256::from(1_000_000_000u64);
    let nano: u128 = nano.saturating_to();
    format!("{}.{:09}", nano / 1_000_000_000, nano % 1_000_000_000)
}

/// `wei` in gwei with up to three decimals.
fn format_gwei(wei: U256) -> String {
    let milli: u128 = (wei / U256::from(1_000_000u64)).saturating_to();
    let whole = milli / 1000;
    match milli % 1000 {
        0 => whole.to_string(),
        frac => format!("{whole}.{}", format!("{frac:03}").trim_end_matches('0')),
    }
}

#[cfg(test)]
mod tests {
    use super::agrees;

    const LOOSE: &[(&str, usize)] = &[("| size", 2)];

    #[test]
    fn only_loose_cells_may_move_and_only_a_little() {
        let committed = "| size | 7,836 | 21,189 |\n| balanceOf | 24,080 | 27,855 |";
        assert!(agrees(committed, committed, LOOSE));
        assert!(agrees(
            "| size | 7,836 | 21,191 |\n| balanceOf | 24,080 | 27,855 |",
            committed,
            LOOSE
        ));
        // Beyond 0.5 %, in another column, or on a strict line: stale.
        assert!(!agrees(
            "| size | 7,836 | 21,300 |\n| balanceOf | 24,080 | 27,855 |",
            committed,
            LOOSE
        ));
        assert!(!agrees(
            "| size | 7,837 | 21,189 |\n| balanceOf | 24,080 | 27,855 |",
            committed,
            LOOSE
        ));
        assert!(!agrees(
            "| size | 7,836 | 21,189 |\n| balanceOf | 24,080 | 27,856 |",
            committed,
            LOOSE
        ));
        assert!(!agrees(
            "| size | 7,836 | 21,189 B |\n| balanceOf | 24,080 | 27,855 |",
            committed,
            LOOSE
        ));
    }
}
