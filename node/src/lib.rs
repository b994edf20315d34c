//! `stylus-node`: a local Arbitrum Stylus node. Ethereum JSON-RPC over HTTP, EVM bytecode on
//! revm and activated Stylus programs on `stylus-runtime` in one state, with Nitro's prices,
//! ArbOS 51's rules and the precompiles and StylusDeployer that cargo-stylus's deployment
//! flow uses. See the README's "Local node" section.
//!
//! Layers, as anvil's (`crates/anvil/src/eth/`): [`rpc`] parses requests and words errors,
//! [`miner`] runs them one at a time in arrival order, [`backend`] holds the chain and executes
//! transactions, [`evm`] and [`precompiles`] are Arbitrum's EVM on revm, [`arbos`] its state.

pub mod accounts;
pub mod arbos;
pub mod backend;
pub mod deployer;
pub mod error;
pub mod evm;
pub mod miner;
pub mod precompiles;
pub mod rpc;

use std::{
    net::{IpAddr, Ipv4Addr, SocketAddr},
    path::PathBuf,
    thread::JoinHandle,
};

use alloy_primitives::{Address, Bytes, U256};
use alloy_sol_types::{sol, SolCall, SolEvent};
pub use error::{Error, Result};
use serde_json::{json, Value};
use tokio::sync::oneshot;

use crate::{
    accounts::DevAccount,
    backend::{exec::Chain, genesis, Backend},
    miner::Executor,
};

/// Nitro's dev chain id.
pub const DEV_CHAIN_ID: u64 = 412_346;

/// Nitro's dev node port.
pub const DEV_PORT: u16 = 8547;

/// How a node starts.
#[derive(Debug, Clone)]
pub struct NodeConfig {
    /// The address to listen on.
    pub host: IpAddr,
    /// The port (0: any free port).
    pub port: u16,
    /// The chain id.
    pub chain_id: u64,
    /// Accounts of the test mnemonic, besides the devnode account.
    pub accounts: usize,
    /// Each dev account's balance in wei.
    pub balance: U256,
    /// Where the chain is saved after every block and loaded from at start.
    pub state_file: Option<PathBuf>,
    /// The StylusDeployer's Hardhat artifact; fetched from npm into `cache_dir` if `None`.
    pub deployer_artifact: Option<PathBuf>,
    /// Where the fetched artifact is cached.
    pub cache_dir: PathBuf,
    /// A directory served under `/console/` (the token console).
    pub console: Option<PathBuf>,
}

impl Default for NodeConfig {
    fn default() -> Self {
        Self {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEV_PORT,
            chain_id: DEV_CHAIN_ID,
            accounts: 10,
            balance: U256::from(10_000u64) * U256::from(10u64).pow(U256::from(18)),
            state_file: None,
            deployer_artifact: None,
            cache_dir: deployer::default_cache_dir(),
            console: None,
        }
    }
}

sol! {
    /// nitro-contracts `src/stylus/StylusDeployer.sol`: what cargo-stylus calls.
    interface StylusDeployer {
        function deploy(bytes bytecode, bytes initData, uint256 initValue, bytes32 salt) external payable returns (address);
        event ContractDeployed(address deployedContract);
    }
}

/// What a deployment sends along for the activation's data fee (0.1 ETH): more than any
/// program's fee; ArbWasm and the StylusDeployer refund the rest.
pub const DATA_FEE_ALLOWANCE: U256 = U256::from_limbs([100_000_000_000_000_000, 0, 0, 0]);

/// A running node.
pub struct Node {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its dev accounts, the devnode account first.
    pub accounts: Vec<DevAccount>,
    /// Its chain id.
    pub chain_id: u64,
    executor: Option<Executor>,
    executor_thread: Option<JoinHandle<()>>,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
}

impl Node {
    /// Builds or loads the chain and starts serving. With `stop_on_ctrl_c`, the server also
    /// stops on Ctrl-C.
    pub fn start(config: NodeConfig, stop_on_ctrl_c: bool) -> Result<Self> {
        let accounts = accounts::dev_accounts(config.accounts)?;
        let init_code =
            deployer::init_code(config.deployer_artifact.as_deref(), &config.cache_dir)?;
        let funded: Vec<(Address, U256)> = accounts
            .iter()
            .map(|a| (a.address, config.balance))
            .collect();
        let (chain, dev, state_file) = (
            Chain::dev(config.chain_id),
            accounts.clone(),
            config.state_file.clone(),
        );
        let build = move || {
            Backend::new(
                chain,
                dev,
                |chain, programs, timestamp| {
                    genesis::state(chain, programs, &funded, &init_code, timestamp)
                },
                state_file,
            )
        };
        let listener = std::net::TcpListener::bind((config.host, config.port)).map_err(|e| {
            Error::Internal(format!(
                "cannot listen on {}:{}: {e}",
                config.host, config.port
            ))
        })?;
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::Internal(e.to_string()))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Internal(e.to_string()))?;
        let (executor, executor_thread) = Executor::start(build)?;
        let (shutdown, stopped) = oneshot::channel::<()>();
        let router = rpc::router(executor.clone(), config.console.as_deref());
        let server = std::thread::Builder::new()
            .name("stylus-node-rpc".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()?;
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener)?;
                    let signal = async move {
                        if stop_on_ctrl_c {
                            tokio::select! {
                                _ = stopped => {}
                                _ = tokio::signal::ctrl_c() => {}
                            }
                        } else {
                            let _ = stopped.await;
                        }
                    };
                    rpc::serve(listener, router, signal).await
                })
            })
            .map_err(|e| Error::Internal(format!("cannot start the server: {e}")))?;
        Ok(Self {
            addr,
            accounts,
            chain_id: config.chain_id,
            executor: Some(executor),
            executor_thread: Some(executor_thread),
            shutdown: Some(shutdown),
            server: Some(server),
        })
    }

    /// The HTTP URL of the JSON-RPC endpoint.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Runs one JSON-RPC method, in process, blocking until its result.
    pub fn request(&self, method: &str, params: Value) -> Result<Value> {
        let executor = self.executor.clone().expect("running");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| Error::Internal(e.to_string()))?;
        runtime.block_on(executor.call(method.into(), params))
    }

    /// Deploys a Stylus program through the StylusDeployer from `from` (a dev account), as
    /// `cargo stylus deploy` does for a contract with a constructor: one transaction that
    /// creates, activates and runs `constructor_calldata`. `code` is the deployable code
    /// (`EF F0 00 00` and the brotli). Returns the program's address.
    pub fn deploy_program(
        &self,
        from: Address,
        code: &[u8],
        constructor_calldata: Vec<u8>,
    ) -> Result<Address> {
        let data = StylusDeployer::deployCall {
            bytecode: stylus_runtime::code::init_code(code).into(),
            initData: constructor_calldata.into(),
            initValue: U256::ZERO,
            salt: Default::default(),
        }
        .abi_encode();
        let tx = json!({
            "from": from,
            "to": deployer::STYLUS_DEPLOYER,
            "data": Bytes::from(data),
            "value": DATA_FEE_ALLOWANCE,
        });
        let hash = self.request("eth_sendTransaction", json!([tx]))?;
        let receipt = self.request("eth_getTransactionReceipt", json!([hash]))?;
        if receipt["status"] != json!("0x1") {
            return Err(Error::Rejected(format!("the deployment failed: {receipt}")));
        }
        let logs = receipt["logs"].as_array().cloned().unwrap_or_default();
        let topic = StylusDeployer::ContractDeployed::SIGNATURE_HASH.to_string();
        logs.iter()
            .find(|log| log["topics"][0] == json!(topic))
            .and_then(|log| log["data"].as_str())
            .and_then(|data| data.parse::<alloy_primitives::B256>().ok())
            .map(Address::from_word)
            .ok_or_else(|| Error::Internal("the deployer logged no ContractDeployed".into()))
    }

    /// What `anvil` prints at start, for this node.
    pub fn banner(&self, balance: U256) -> String {
        let mut out = String::new();
        let eth = balance / U256::from(10u64).pow(U256::from(18));
        out.push_str("\nstylus-node: a local Arbitrum Stylus chain (ArbOS 51)\n");
        out.push_str("\nAvailable Accounts\n==================\n\n");
        for (i, a) in self.accounts.iter().enumerate() {
            let note = if i == 0 {
                "  devnode account, chain owner"
            } else {
                ""
            };
            out.push_str(&format!("({i}) {} ({eth} ETH){note}\n", a.address));
        }
        out.push_str("\nPrivate Keys\n==================\n\n");
        for (i, a) in self.accounts.iter().enumerate() {
            out.push_str(&format!("({i}) {}\n", a.key_hex()));
        }
        out.push_str(&format!(
            "\nWallet\n==================\nMnemonic:          {}\nDerivation path:   {}\n",
            accounts::TEST_MNEMONIC,
            accounts::DERIVATION_PATH
        ));
        out.push_str(&format!(
            "\nChain ID\n==================\n\n{}\n",
            self.chain_id
        ));
        out.push_str(&format!(
            "\nStylusDeployer\n==================\n\n{}\n",
            deployer::STYLUS_DEPLOYER
        ));
        out.push_str(&format!(
            "\nRPC URL\n==================\n\n{}\n",
            self.url()
        ));
        out
    }

    /// Blocks until the server stops (Ctrl-C, with `stop_on_ctrl_c`).
    pub fn wait(mut self) -> Result<()> {
        let result = match self.server.take().map(JoinHandle::join) {
            Some(Ok(result)) => result.map_err(|e| Error::Internal(e.to_string())),
            Some(Err(_)) => Err(Error::Internal("the server thread panicked".into())),
            None => Ok(()),
        };
        self.stop();
        result
    }

    /// Stops serving and waits for the threads.
    pub fn stop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.join();
        }
        // The executor stops when the last handle to it is gone.
        self.executor = None;
        if let Some(thread) = self.executor_thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.stop();
    }
}
