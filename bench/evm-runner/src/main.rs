//! Runs transactions on revm and prints each one's outcome and gas.
//!
//! Standard input, one transaction per line: `<from 20-byte hex> <to hex or "create"> <data
//! hex>`. Standard output, one line per transaction: `<success|revert|halt> <gas used>
//! <created address or output hex>`. Block: chain id from `CHAIN_ID` (default 421614),
//! timestamp from `TIMESTAMP` (default 1700000000), base fee 0, Cancun rules.

use std::io::{BufRead, Write};

use revm::{
    db::{CacheDB, EmptyDB},
    primitives::{Address, Bytes, ExecutionResult, Output, SpecId, TxKind, U256},
    Evm,
};

fn hex(s: &str) -> Vec<u8> {
    let s = s.trim_start_matches("0x");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex input"))
        .collect()
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn main() {
    let number = |name: &str, default: u64| {
        std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
    };
    let (chain_id, timestamp) = (number("CHAIN_ID", 421_614), number("TIMESTAMP", 1_700_000_000));
    let mut db = CacheDB::new(EmptyDB::default());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("readable input");
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.len() != 3 {
            continue;
        }
        let from = Address::from_slice(&hex(words[0]));
        let to = match words[1] {
            "create" => TxKind::Create,
            to => TxKind::Call(Address::from_slice(&hex(to))),
        };
        let data = Bytes::from(hex(words[2]));
        let mut evm = Evm::builder()
            .with_ref_db(&mut db)
            .with_spec_id(SpecId::CANCUN)
            .modify_cfg_env(|c| c.chain_id = chain_id)
            .modify_block_env(|b| {
                b.timestamp = U256::from(timestamp);
                b.basefee = U256::ZERO;
                b.gas_limit = U256::from(32_000_000u64);
            })
            .modify_tx_env(|tx| {
                tx.caller = from;
                tx.transact_to = to;
                tx.data = data;
                tx.gas_limit = 30_000_000;
                tx.gas_price = U256::ZERO;
                tx.nonce = None;
            })
            .build();
        let result = evm.transact_commit().expect("revm runs the transaction");
        let text = match result {
            ExecutionResult::Success { gas_used, output, .. } => match output {
                Output::Create(_, address) => {
                    format!("success {gas_used} {}", to_hex(address.unwrap_or_default().as_slice()))
                }
                Output::Call(bytes) => format!("success {gas_used} {}", to_hex(&bytes)),
            },
            ExecutionResult::Revert { gas_used, output } => {
                format!("revert {gas_used} {}", to_hex(&output))
            }
            ExecutionResult::Halt { gas_used, .. } => format!("halt {gas_used} -"),
        };
        writeln!(out, "{text}").expect("writable output");
    }
}
