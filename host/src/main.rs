//! `stylus-host`: the token's local playground.

use clap::{Parser, Subcommand};
use stylus_host::artifact;

/// Build, inspect and run the token's deployable wasm offline.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the deployable wasm and print its sizes and Solidity interface.
    Build,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build => build(),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn build() -> stylus_host::Result<()> {
    let raw = artifact::build()?;
    let sizes = artifact::sizes(&raw)?;
    println!("{}", artifact::WASM_PATH);
    println!("  raw wasm            {:>7} B", sizes.raw);
    println!(
        "  as deployed         {:>7} B  (re-encoded, custom sections stripped)",
        sizes.processed
    );
    println!(
        "  compressed          {:>7} B  (brotli 11; Stylus limit {} B)",
        sizes.compressed,
        artifact::MAX_COMPRESSED_SIZE
    );
    println!();
    print!("{}", include_str!("../../abi/IToken.sol"));
    Ok(())
}
