//! `stylus-host`: the token's local playground on an in-process Stylus chain.

use std::io::BufRead;

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use clap::{Parser, Subcommand};
use stylus_host::{
    artifact, report,
    scenario::{self, address_of, carol_key, describe_log, describe_revert, name_of, Run},
    Env, Receipt, Tx,
};
use stylus_token::{
    abi::{constructor_calldata, stylus_constructorCall},
    IToken,
};

/// Build, deploy and call the token's deployable wasm offline, on an in-process Stylus chain
/// with Nitro's host functions and prices.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the token, deploy it locally and walk through every kind of call, printing
    /// events, balances and gas.
    Demo {
        /// Treat the program as cached (the CacheManager's discount on entry).
        #[arg(long)]
        cached: bool,
    },
    /// Build the deployable wasm and print its sizes and Solidity interface.
    Build,
    /// Measure gas per call and write the snapshot (reports/gas.md); `--check` fails if the
    /// committed snapshot differs instead.
    Gas {
        /// Compare with the committed snapshot instead of writing it.
        #[arg(long)]
        check: bool,
        /// Measure this wasm (a variant build) instead, and only print the snapshot.
        #[arg(long, value_name = "FILE", conflicts_with = "check")]
        wasm: Option<std::path::PathBuf>,
        /// With --wasm: print where each cached call's wasm ink goes, by function (names come
        /// from a build with `CARGO_PROFILE_RELEASE_STRIP=false`).
        #[arg(long, requires = "wasm")]
        profile: bool,
    },
    /// Build OpenZeppelin's Stylus ERC-20 (bench/oz-stylus, from crates.io) and Solidity ERC20
    /// (bench/oz-solidity, from npm), run them and this token through the same calls, deploy
    /// all three on a local node, and write reports/comparison.md; `--check` fails if the
    /// committed report differs instead.
    Compare {
        /// Compare with the committed report instead of writing it.
        #[arg(long)]
        check: bool,
    },
    /// Run a local Arbitrum Stylus node: JSON-RPC on http://127.0.0.1:8547, chain id 412346,
    /// ArbOS 51, EVM and Stylus in one state, with the StylusDeployer (as Nitro's devnode), so
    /// that `cargo stylus deploy` and any Ethereum client work against it. Stops on Ctrl-C.
    Node {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        host: std::net::IpAddr,
        /// Port (0: any free port).
        #[arg(long, default_value_t = stylus_node::DEV_PORT)]
        port: u16,
        /// Chain id.
        #[arg(long, default_value_t = stylus_node::DEV_CHAIN_ID)]
        chain_id: u64,
        /// Accounts of the test mnemonic to fund, besides the devnode account.
        #[arg(long, default_value_t = 10)]
        accounts: usize,
        /// Each dev account's balance, in ETH.
        #[arg(long, default_value_t = 10_000)]
        balance: u64,
        /// Save the chain to this file after every block, and load it from there at start.
        #[arg(long, value_name = "FILE")]
        state: Option<std::path::PathBuf>,
        /// The StylusDeployer's Hardhat artifact (by default fetched from npm, package
        /// @arbitrum/nitro-contracts 3.1.1, and cached in target/stylus-node).
        #[arg(long, value_name = "FILE")]
        deployer_artifact: Option<std::path::PathBuf>,
        /// Build the token and deploy it at start through the StylusDeployer (owner and
        /// initial holder: the devnode account; 1,000 tokens of a 1,000,000 cap).
        #[arg(long)]
        deploy_token: bool,
        /// Serve the token console under /console/ (by default clients/console, built with
        /// `node build-console.js` in clients/).
        #[arg(long, value_name = "DIR", num_args = 0..=1)]
        console: Option<Option<std::path::PathBuf>>,
    },
    /// Deploy with your own constructor arguments, then run calls read from standard input,
    /// one per line: `<from> <function> [args...]`, e.g. `alice transfer bob 5`. Accounts
    /// are owner, alice, bob, carol or 0x addresses; numbers are decimal base units.
    Play {
        /// Token name.
        #[arg(long, default_value = "Lean Token")]
        name: String,
        /// Token symbol.
        #[arg(long, default_value = "LEAN")]
        symbol: String,
        /// Decimals.
        #[arg(long, default_value_t = 18)]
        decimals: u8,
        /// Supply cap in base units (0: uncapped).
        #[arg(long, default_value = "0")]
        cap: U256,
        /// Owner account (`0x0` for an ownerless token).
        #[arg(long, default_value = "owner")]
        owner: String,
        /// Initial holder.
        #[arg(long, default_value = "alice")]
        holder: String,
        /// Initial supply in base units.
        #[arg(long, default_value = "1000")]
        supply: U256,
    },
}

fn main() -> std::process::ExitCode {
    let result = match Cli::parse().command {
        Command::Demo { cached } => demo(cached),
        Command::Build => build(),
        Command::Gas {
            check,
            wasm,
            profile,
        } => match wasm {
            Some(file) => gas_of(&file, profile),
            None => gas(check),
        },
        Command::Compare { check } => compare(check),
        Command::Play {
            name,
            symbol,
            decimals,
            cap,
            owner,
            holder,
            supply,
        } => play(name, symbol, decimals, cap, &owner, &holder, supply),
        Command::Node {
            host,
            port,
            chain_id,
            accounts,
            balance,
            state,
            deployer_artifact,
            deploy_token,
            console,
        } => {
            let console = console.map(|dir| {
                dir.unwrap_or_else(|| artifact::workspace_root().join("clients/console"))
            });
            let config = stylus_node::NodeConfig {
                host,
                port,
                chain_id,
                accounts,
                balance: U256::from(balance) * U256::from(10u64).pow(U256::from(18)),
                state_file: state,
                deployer_artifact,
                console,
                ..stylus_node::NodeConfig::default()
            };
            node(config, deploy_token)
        }
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

type AnyResult = Result<(), Box<dyn std::error::Error>>;

fn build() -> AnyResult {
    let raw = artifact::build()?;
    let sizes = artifact::sizes(&raw)?;
    print_sizes(sizes);
    println!();
    print!("{}", include_str!("../../abi/IToken.sol"));
    Ok(())
}

fn print_sizes(sizes: artifact::Sizes) {
    println!("{}", artifact::WASM_PATH);
    println!(
        "  wasm          {:>7} B  (after Stylus.toml's wasm-opt)",
        sizes.raw
    );
    println!(
        "  as deployed   {:>7} B  (re-encoded, custom sections stripped)",
        sizes.processed
    );
    println!(
        "  compressed    {:>7} B  (brotli 11; Stylus limit {} B)",
        sizes.compressed,
        artifact::MAX_COMPRESSED_SIZE
    );
}

fn print_receipt(receipt: &Receipt) {
    if receipt.success() {
        for log in &receipt.logs {
            println!("    event  {}", describe_log(log));
        }
    } else {
        println!("    REVERT {}", describe_revert(&receipt.output));
    }
    println!(
        "    gas    {} (entry {}, wasm {} ink, hostios {} ink)",
        receipt.gas_used, receipt.stats.entry_gas, receipt.stats.wasm_ink, receipt.stats.hostio_ink
    );
}

fn demo(cached: bool) -> AnyResult {
    println!("Building the token (cargo wasm)...");
    let wasm = artifact::build()?;
    print_sizes(artifact::sizes(&wasm)?);
    let env = Env {
        cached,
        ..Env::default()
    };
    println!(
        "\nIn-process chain: chain id {}, block timestamp {}, program {}.\n",
        env.chain_id,
        env.timestamp,
        if cached { "cached" } else { "not cached" }
    );
    let mut run = scenario::demo(&wasm, env)?;
    println!("Token deployed at {}\n", run.token);
    for step in &run.steps {
        println!("{}", step.label);
        print_receipt(&step.receipt);
    }
    println!("\nBalances");
    let carol = address_of(&carol_key());
    for account in [scenario::OWNER, scenario::ALICE, scenario::BOB, carol] {
        let balance = run.view(IToken::balanceOfCall { account })?;
        println!("  {:<6} {}", name_of(account), scenario::amount(balance));
    }
    let supply = run.view(IToken::totalSupplyCall {})?;
    println!("  supply {}", scenario::amount(supply));
    println!("\nGas per call");
    println!("  {:<46} {:>8} {:>8}", "call", "gas", "entry");
    for step in &run.steps {
        let r = &step.receipt;
        let status = if r.success() { "" } else { " (reverted)" };
        println!(
            "  {:<46} {:>8} {:>8}",
            format!("{}{status}", step.label),
            r.gas_used,
            r.stats.entry_gas
        );
    }
    Ok(())
}

fn node(config: stylus_node::NodeConfig, deploy_token: bool) -> AnyResult {
    let balance = config.balance;
    if let Some(dir) = &config.console {
        if !dir.join("dist/app.js").exists() {
            return Err(format!(
                "{} is not built: run `npm ci && node build-console.js` in clients/",
                dir.display()
            )
            .into());
        }
    }
    let console = config.console.is_some();
    let token = if deploy_token {
        println!("Building the token (cargo wasm)...");
        Some(artifact::build()?)
    } else {
        None
    };
    let node = stylus_node::Node::start(config, true)?;
    print!("{}", node.banner(balance));
    if let Some(wasm) = token {
        let owner = node.accounts[0].address;
        let tokens = |n: u64| U256::from(n) * U256::from(10u64).pow(U256::from(18));
        let args = stylus_constructorCall {
            name: "Lean Token".into(),
            symbol: "LEAN".into(),
            decimals: 18,
            cap: tokens(1_000_000),
            owner,
            initialHolder: owner,
            initialSupply: tokens(1000),
        };
        let code = stylus_runtime::code::deployable(&artifact::process(&wasm)?);
        let address = node.deploy_program(owner, &code, constructor_calldata(&args))?;
        println!("\nToken\n==================\n\n{address}  (Lean Token, LEAN; owner and holder {owner})");
        if console {
            println!(
                "\nConsole\n==================\n\n{}/console/?token={address}",
                node.url()
            );
        }
    } else if console {
        println!(
            "\nConsole\n==================\n\n{}/console/?token=<the token's address>",
            node.url()
        );
    }
    println!("\nListening on {}", node.addr);
    node.wait()?;
    Ok(())
}

fn gas(check: bool) -> AnyResult {
    write_or_check(report::snapshot()?, check)
}

/// Writes a report and its README sections (and prints the report), or with `check` fails
/// when the committed files differ.
fn write_or_check(generated: report::Generated, check: bool) -> AnyResult {
    if check {
        generated.check()?;
        println!("{} and {} are up to date", generated.path, report::README);
        return Ok(());
    }
    generated.write()?;
    print!("{}", generated.report);
    Ok(())
}

fn gas_of(file: &std::path::Path, profile: bool) -> AnyResult {
    let wasm = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    if profile {
        print!("{}", report::profile(&wasm, 25)?);
        return Ok(());
    }
    let (rows, data) = report::rows(&wasm)?;
    print!(
        "{}",
        report::render(artifact::sizes(&wasm)?, None, data, &rows)
    );
    Ok(())
}

fn compare(check: bool) -> AnyResult {
    write_or_check(report::comparison()?, check)
}

/// An account name or a 0x address.
fn account(word: &str) -> Result<Address, String> {
    match word {
        "owner" => Ok(scenario::OWNER),
        "alice" => Ok(scenario::ALICE),
        "bob" => Ok(scenario::BOB),
        "carol" => Ok(address_of(&carol_key())),
        "0x0" => Ok(Address::ZERO),
        _ => word.parse().map_err(|_| format!("not an account: {word}")),
    }
}

fn number(word: &str) -> Result<U256, String> {
    match word {
        "max" => Ok(U256::MAX),
        _ => word.parse().map_err(|_| format!("not a number: {word}")),
    }
}

/// Encodes one playground line's call.
fn encode(function: &str, args: &[&str]) -> Result<Vec<u8>, String> {
    use IToken::*;
    let a = |i: usize| account(args.get(i).ok_or("missing argument")?);
    let n = |i: usize| number(args.get(i).ok_or("missing argument")?);
    Ok(match function {
        "name" => nameCall {}.abi_encode(),
        "symbol" => symbolCall {}.abi_encode(),
        "decimals" => decimalsCall {}.abi_encode(),
        "totalSupply" => totalSupplyCall {}.abi_encode(),
        "balanceOf" => balanceOfCall { account: a(0)? }.abi_encode(),
        "transfer" => transferCall {
            to: a(0)?,
            value: n(1)?,
        }
        .abi_encode(),
        "allowance" => allowanceCall {
            owner: a(0)?,
            spender: a(1)?,
        }
        .abi_encode(),
        "approve" => approveCall {
            spender: a(0)?,
            value: n(1)?,
        }
        .abi_encode(),
        "transferFrom" => transferFromCall {
            from: a(0)?,
            to: a(1)?,
            value: n(2)?,
        }
        .abi_encode(),
        "burn" => burnCall { value: n(0)? }.abi_encode(),
        "burnFrom" => burnFromCall {
            account: a(0)?,
            value: n(1)?,
        }
        .abi_encode(),
        "mint" => mintCall {
            to: a(0)?,
            value: n(1)?,
        }
        .abi_encode(),
        "cap" => capCall {}.abi_encode(),
        "owner" => ownerCall {}.abi_encode(),
        "pendingOwner" => pendingOwnerCall {}.abi_encode(),
        "transferOwnership" => transferOwnershipCall { newOwner: a(0)? }.abi_encode(),
        "acceptOwnership" => acceptOwnershipCall {}.abi_encode(),
        "renounceOwnership" => renounceOwnershipCall {}.abi_encode(),
        "paused" => pausedCall {}.abi_encode(),
        "pause" => pauseCall {}.abi_encode(),
        "unpause" => unpauseCall {}.abi_encode(),
        "nonces" => noncesCall { owner: a(0)? }.abi_encode(),
        "DOMAIN_SEPARATOR" => DOMAIN_SEPARATORCall {}.abi_encode(),
        _ => return Err(format!("unknown function: {function}")),
    })
}

#[allow(clippy::too_many_arguments)]
fn play(
    name: String,
    symbol: String,
    decimals: u8,
    cap: U256,
    owner: &str,
    holder: &str,
    supply: U256,
) -> AnyResult {
    let wasm = artifact::build()?;
    let mut run = Run::deploy(&wasm, Env::default())?;
    let args = stylus_constructorCall {
        name,
        symbol,
        decimals,
        cap,
        owner: account(owner)?,
        initialHolder: account(holder)?,
        initialSupply: supply,
    };
    // A fresh token with the user's arguments, deployed by the owner account.
    let (token, receipt) = run
        .chain
        .deploy(scenario::OWNER, &wasm, constructor_calldata(&args))?;
    println!("deployed at {token}");
    print_receipt(&receipt);
    if !receipt.success() {
        return Err("the constructor reverted".into());
    }
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() || words[0].starts_with('#') {
            continue;
        }
        if words.len() < 2 {
            println!("usage: <from> <function> [args...]");
            continue;
        }
        let call = account(words[0]).and_then(|from| Ok((from, encode(words[1], &words[2..])?)));
        let (from, data) = match call {
            Ok(call) => call,
            Err(e) => {
                println!("  error: {e}");
                continue;
            }
        };
        let receipt = run.chain.transact(Tx::call(from, token, data))?;
        println!("{line}");
        if receipt.success() && !receipt.output.is_empty() {
            println!(
                "    returns 0x{}",
                alloy_primitives::hex::encode(&receipt.output)
            );
        }
        print_receipt(&receipt);
    }
    Ok(())
}
