//! `--state FILE`: a node process killed with SIGKILL between transactions and started again
//! has every mined block, receipt and balance, and goes on from there.

use std::{
    io::{BufRead, BufReader},
    net::SocketAddr,
    path::Path,
    process::{Child, Command, Stdio},
    sync::mpsc,
    time::Duration,
};

use alloy_primitives::{Address, Bytes, U256};
use alloy_sol_types::SolCall;
use serde_json::{json, Value};
use stylus_node::{accounts::DEVNODE_ACCOUNT, deployer::STYLUS_DEPLOYER, StylusDeployer};
use stylus_token::{
    abi::{constructor_calldata, stylus_constructorCall},
    IToken,
};

use crate::common::{code, http_rpc_to, tokens};

/// A node process, killed when dropped.
struct Process {
    child: Child,
    addr: SocketAddr,
}

impl Process {
    /// Starts `stylus-host node` on a free port with `state`; waits (at most a minute) for it
    /// to listen.
    fn start(state: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_stylus-host"))
            .args(["node", "--port", "0", "--accounts", "2", "--state"])
            .arg(state)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the node starts");
        let stdout = child.stdout.take().expect("piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(addr) = line.strip_prefix("Listening on ") {
                    let _ = tx.send(addr.trim().to_string());
                }
            }
        });
        let mut process = Self {
            child,
            addr: "127.0.0.1:0".parse().unwrap(),
        };
        let addr = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the node prints where it listens");
        process.addr = addr.parse().expect("an address");
        process
    }

    fn rpc(&self, method: &str, params: Value) -> Value {
        let response = http_rpc_to(self.addr, method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    /// Sends from the devnode account and returns the receipt.
    fn send(&self, to: Address, data: Vec<u8>, value: U256) -> Value {
        let tx = json!({
            "from": DEVNODE_ACCOUNT, "to": to, "data": Bytes::from(data),
            "value": value, "gas": "0x1c9c380",
        });
        let hash = self.rpc("eth_sendTransaction", json!([tx]));
        self.rpc("eth_getTransactionReceipt", json!([hash]))
    }

    /// Everything a restart must keep.
    fn record(&self, token: Address, holders: &[Address]) -> Value {
        let latest = self.rpc("eth_blockNumber", json!([]));
        let n = u64::from_str_radix(latest.as_str().unwrap().trim_start_matches("0x"), 16).unwrap();
        let blocks: Vec<Value> = (0..=n)
            .map(|i| self.rpc("eth_getBlockByNumber", json!([format!("{i:#x}"), true])))
            .collect();
        let receipts: Vec<Value> = blocks
            .iter()
            .flat_map(|b| b["transactions"].as_array().cloned().unwrap_or_default())
            .map(|tx| self.rpc("eth_getTransactionReceipt", json!([tx["hash"]])))
            .collect();
        let balances: Vec<Value> = holders
            .iter()
            .map(|h| {
                let data = IToken::balanceOfCall { account: *h }.abi_encode();
                json!([
                    self.rpc("eth_getBalance", json!([h, "latest"])),
                    self.rpc("eth_getTransactionCount", json!([h, "latest"])),
                    self.rpc(
                        "eth_call",
                        json!([{ "to": token, "data": Bytes::from(data) }])
                    ),
                ])
            })
            .collect();
        json!({ "blocks": blocks, "receipts": receipts, "balances": balances })
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_node_killed_between_transactions_restarts_with_every_block_receipt_and_balance() {
    let dir = std::env::temp_dir().join(format!("stylus-node-restart-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("chain.json");
    let _ = std::fs::remove_file(&state);

    let first = Process::start(&state);
    let bob = Address::repeat_byte(0xb0);
    let args = stylus_constructorCall {
        name: "Lean Token".into(),
        symbol: "LEAN".into(),
        decimals: 18,
        cap: tokens(1_000_000),
        owner: DEVNODE_ACCOUNT,
        initialHolder: DEVNODE_ACCOUNT,
        initialSupply: tokens(1000),
    };
    let deploy = StylusDeployer::deployCall {
        bytecode: stylus_runtime::code::init_code(&code()).into(),
        initData: constructor_calldata(&args).into(),
        initValue: U256::ZERO,
        salt: Default::default(),
    }
    .abi_encode();
    let receipt = first.send(
        STYLUS_DEPLOYER,
        deploy,
        U256::from(10u64).pow(U256::from(17)),
    );
    assert_eq!(receipt["status"], json!("0x1"), "{receipt}");
    let deployed = receipt["logs"].as_array().unwrap().last().unwrap()["data"]
        .as_str()
        .unwrap()
        .parse::<alloy_primitives::B256>()
        .unwrap();
    let token = Address::from_word(deployed);
    for n in 1..=3u64 {
        let data = IToken::transferCall {
            to: bob,
            value: tokens(n),
        }
        .abi_encode();
        assert_eq!(first.send(token, data, U256::ZERO)["status"], json!("0x1"));
    }
    let holders = [DEVNODE_ACCOUNT, bob];
    let before = first.record(token, &holders);
    drop(first); // SIGKILL

    assert!(state.exists(), "the state file was written");
    assert!(
        !state.with_extension("partial").exists(),
        "no half-written file is left"
    );
    let second = Process::start(&state);
    assert_eq!(
        second.record(token, &holders),
        before,
        "every block, receipt and balance"
    );

    // It goes on: the next nonce, the next block, the token's state.
    let data = IToken::transferCall {
        to: bob,
        value: tokens(4),
    }
    .abi_encode();
    let receipt = second.send(token, data, U256::ZERO);
    assert_eq!(receipt["status"], json!("0x1"), "{receipt}");
    let data = IToken::balanceOfCall { account: bob }.abi_encode();
    let out = second.rpc(
        "eth_call",
        json!([{ "to": token, "data": Bytes::from(data) }]),
    );
    let out = alloy_primitives::hex::decode(out.as_str().unwrap()).unwrap();
    assert_eq!(U256::from_be_slice(&out), tokens(10));
    drop(second);
    let _ = std::fs::remove_dir_all(&dir);
}
