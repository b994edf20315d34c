//! The committed interface files match what the token exports: `abi/IToken.sol` is
//! `cargo stylus export-abi`'s output (the `export-abi` binary), `abi/constructor.txt` its
//! constructor signature, and `abi/IToken.json` the JSON ABI for wallets and clients.
//!
//! Regenerate them with `UPDATE_ABI=1 cargo test --test abi`.

use std::{path::Path, process::Command};

use alloy_json_abi::{Error as AbiError, Event, Function, JsonAbi};
use alloy_sol_types::{SolError, SolEvent};
use stylus_token::{erc20, error, ownable, pausable};

/// Runs the `export-abi` binary with `args`, as cargo-stylus does.
fn export(args: &[&str]) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "run",
            "--quiet",
            "--features",
            "export-abi",
            "--bin",
            "stylus-token",
            "--",
        ])
        .args(args)
        .output()
        .expect("cargo should run");
    assert!(
        output.status.success(),
        "export-abi failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("the interface is UTF-8")
}

/// Compares `actual` with the committed file, or rewrites it under `UPDATE_ABI=1`.
fn check_golden(file: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("abi").join(file);
    if std::env::var_os("UPDATE_ABI").is_some() {
        std::fs::write(&path, actual).expect("the golden file should be writable");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "abi/{file} differs from the export; run `UPDATE_ABI=1 cargo test --test abi`\n{actual}"
    );
}

/// The events, with names and indexed flags, each checked against the contract's type.
fn events() -> Vec<Event> {
    let events = [
        (
            "event Transfer(address indexed from, address indexed to, uint256 value)",
            erc20::Transfer::SIGNATURE_HASH,
        ),
        (
            "event Approval(address indexed owner, address indexed spender, uint256 value)",
            erc20::Approval::SIGNATURE_HASH,
        ),
        (
            "event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner)",
            ownable::OwnershipTransferStarted::SIGNATURE_HASH,
        ),
        (
            "event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)",
            ownable::OwnershipTransferred::SIGNATURE_HASH,
        ),
        ("event Paused(address account)", pausable::Paused::SIGNATURE_HASH),
        ("event Unpaused(address account)", pausable::Unpaused::SIGNATURE_HASH),
    ];
    events
        .into_iter()
        .map(|(text, topic)| {
            let event = Event::parse(text).expect("a valid event");
            assert_eq!(event.selector(), topic, "{text}");
            event
        })
        .collect()
}

/// The errors, with parameter names, each checked against the contract's type.
fn errors() -> Vec<AbiError> {
    let errors = [
        (
            "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
            error::ERC20InsufficientBalance::SELECTOR,
        ),
        (
            "error ERC20InvalidSender(address sender)",
            error::ERC20InvalidSender::SELECTOR,
        ),
        (
            "error ERC20InvalidReceiver(address receiver)",
            error::ERC20InvalidReceiver::SELECTOR,
        ),
        (
            "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)",
            error::ERC20InsufficientAllowance::SELECTOR,
        ),
        (
            "error ERC20InvalidApprover(address approver)",
            error::ERC20InvalidApprover::SELECTOR,
        ),
        (
            "error ERC20InvalidSpender(address spender)",
            error::ERC20InvalidSpender::SELECTOR,
        ),
        (
            "error ERC20ExceededCap(uint256 increasedSupply, uint256 cap)",
            error::ERC20ExceededCap::SELECTOR,
        ),
        (
            "error OwnableUnauthorizedAccount(address account)",
            error::OwnableUnauthorizedAccount::SELECTOR,
        ),
        (
            "error OwnableInvalidOwner(address owner)",
            error::OwnableInvalidOwner::SELECTOR,
        ),
        ("error EnforcedPause()", error::EnforcedPause::SELECTOR),
        ("error ExpectedPause()", error::ExpectedPause::SELECTOR),
        (
            "error ERC2612ExpiredSignature(uint256 deadline)",
            error::ERC2612ExpiredSignature::SELECTOR,
        ),
        (
            "error ERC2612InvalidSigner(address signer, address owner)",
            error::ERC2612InvalidSigner::SELECTOR,
        ),
        (
            "error ECDSAInvalidSignature()",
            error::ECDSAInvalidSignature::SELECTOR,
        ),
        (
            "error ECDSAInvalidSignatureS(bytes32 s)",
            error::ECDSAInvalidSignatureS::SELECTOR,
        ),
    ];
    errors
        .into_iter()
        .map(|(text, selector)| {
            let error = AbiError::parse(text).expect("a valid error");
            assert_eq!(error.selector(), selector, "{text}");
            error
        })
        .collect()
}

/// The functions of the exported interface, parsed from its Solidity text.
fn functions(interface: &str) -> Vec<Function> {
    interface
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("function "))
        .map(|line| {
            let text = line
                .trim_end_matches(';')
                .replace(" memory", "")
                .replace(" external", "");
            Function::parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"))
        })
        .collect()
}

#[test]
fn exported_interface_and_json_abi_are_committed() {
    let interface = export(&[]);
    check_golden("IToken.sol", &interface);
    check_golden("constructor.txt", &export(&["constructor"]));

    let functions = functions(&interface);
    assert_eq!(functions.len(), 25, "every function of the interface");
    let mut abi = JsonAbi::new();
    for function in functions {
        abi.functions
            .entry(function.name.clone())
            .or_default()
            .push(function);
    }
    for event in events() {
        abi.events
            .entry(event.name.clone())
            .or_default()
            .push(event);
    }
    for error in errors() {
        abi.errors
            .entry(error.name.clone())
            .or_default()
            .push(error);
    }
    let json = serde_json::to_string_pretty(&abi).expect("the ABI serializes") + "\n";
    check_golden("IToken.json", &json);
}

#[test]
fn exported_errors_are_the_declared_ones() {
    let interface = export(&[]);
    let exported: Vec<_> = interface
        .lines()
        .map(str::trim)
        .filter_map(|line| line.strip_prefix("error "))
        .map(|line| line.split('(').next().unwrap().to_string())
        .collect();
    let declared: Vec<_> = errors().into_iter().map(|e| e.name).collect();
    assert_eq!(exported, declared);
}

#[test]
fn the_router_dispatches_exactly_the_exported_functions() {
    use std::collections::BTreeSet;

    let exported: BTreeSet<[u8; 4]> = functions(&export(&[]))
        .iter()
        .map(|f| f.selector().0)
        .collect();
    let routed: BTreeSet<[u8; 4]> = stylus_token::IToken::ITokenCalls::SELECTORS
        .iter()
        .copied()
        .collect();
    assert_eq!(exported, routed);
}
