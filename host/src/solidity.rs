//! The Solidity peer: OpenZeppelin Contracts v5's ERC20 with the token's features, compiled by
//! solc-js from npm (`bench/oz-solidity`) and run on revm in process, so its gas is exact EVM
//! gas. An inspector splits each transaction's gas on the same lines as the Stylus host's
//! `Stats`: the intrinsic cost, the EVM's storage, log and precompile prices, and the rest —
//! the contract's own overhead.

use std::path::Path;

use alloy_primitives::{Address, Bytes, TxKind, U256};
use revm::{
    bytecode::opcode,
    context::{result::ExecutionResult, Context, TxEnv},
    database::{CacheDB, EmptyDB},
    inspector::{InspectCommitEvm, Inspector},
    interpreter::{interpreter_types::Jumps, CallInputs, CallOutcome, Interpreter},
    primitives::hardfork::SpecId,
    MainBuilder, MainContext,
};

use crate::{artifact, Error, Result};

/// Where the Solidity peer lives, relative to the workspace root.
pub const DIR: &str = "bench/oz-solidity";

/// The EIP-2929 price of calling an address that is already warm, as every precompile is.
const WARM_ACCESS: u64 = 100;

/// The peer as solc-js compiled it.
pub struct Compiled {
    /// Creation code, without constructor arguments.
    pub creation: Vec<u8>,
    /// The runtime code the creation leaves.
    pub runtime: Vec<u8>,
}

/// Installs the pinned npm packages (OpenZeppelin Contracts, solc) and compiles the peer.
pub fn compile() -> Result<Compiled> {
    let dir = artifact::workspace_root().join(DIR);
    artifact::run(
        artifact::clean_env(std::process::Command::new("npm").current_dir(&dir).args([
            "ci",
            "--no-audit",
            "--no-fund",
        ])),
        "npm ci in bench/oz-solidity",
    )?;
    artifact::run(
        artifact::clean_env(
            std::process::Command::new("node")
                .current_dir(&dir)
                .arg("compile.js"),
        ),
        "solc (node compile.js)",
    )?;
    read_compiled(&dir.join("build/PeerToken.json"))
}

fn build_error(message: String) -> Error {
    Error::Build { message }
}

fn read_compiled(path: &Path) -> Result<Compiled> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| build_error(format!("no compiled peer at {}: {e}", path.display())))?;
    let field = |name: &str| -> Result<Vec<u8>> {
        let key = format!("\"{name}\":\"0x");
        let start = text
            .find(&key)
            .ok_or_else(|| build_error(format!("no {name} in {}", path.display())))?
            + key.len();
        let end = start
            + text[start..]
                .find('"')
                .ok_or_else(|| build_error(format!("{name} is not a string")))?;
        alloy_primitives::hex::decode(&text[start..end])
            .map_err(|e| build_error(format!("{name}: {e}")))
    };
    Ok(Compiled {
        creation: field("bytecode")?,
        runtime: field("deployedBytecode")?,
    })
}

/// Where one transaction's gas went, on the Stylus host's lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Gas {
    /// Gas used, after refunds (what the receipt says).
    pub used: u64,
    /// The intrinsic cost: 21,000 (53,000 for a creation), calldata and access lists.
    pub intrinsic: u64,
    /// `SLOAD` and `SSTORE`, net of the refund.
    pub storage: u64,
    /// `LOG0`–`LOG4`.
    pub logs: u64,
    /// Calls to precompiles: the warm access and the precompile's own price.
    pub precompiles: u64,
    /// How many `SLOAD`s ran.
    pub sloads: u64,
}

impl Gas {
    /// What the contract itself adds: everything above the intrinsic cost and the EVM's
    /// storage, log and precompile prices.
    pub fn overhead(&self) -> u64 {
        self.used
            .saturating_sub(self.intrinsic + self.storage + self.logs + self.precompiles)
    }
}

/// Sums the gas of the opcodes and calls [`Gas`] names.
#[derive(Debug, Default)]
struct Split {
    gas: Gas,
    /// The outermost frame's gas limit, once seen: the transaction's limit minus intrinsic.
    first_frame: Option<u64>,
    /// The opcode being executed and the gas left before it, per frame depth.
    pending: Vec<(u8, u64)>,
}

impl<CTX> Inspector<CTX> for Split {
    fn initialize_interp(&mut self, interp: &mut Interpreter, _: &mut CTX) {
        self.first_frame.get_or_insert(interp.gas.limit());
    }

    fn step(&mut self, interp: &mut Interpreter, _: &mut CTX) {
        self.pending
            .push((interp.bytecode.opcode(), interp.gas.remaining()));
    }

    fn step_end(&mut self, interp: &mut Interpreter, _: &mut CTX) {
        let Some((op, before)) = self.pending.pop() else {
            return;
        };
        let spent = before.saturating_sub(interp.gas.remaining());
        match op {
            opcode::SLOAD => {
                self.gas.storage += spent;
                self.gas.sloads += 1;
            }
            opcode::SSTORE => self.gas.storage += spent,
            opcode::LOG0..=opcode::LOG4 => self.gas.logs += spent,
            _ => {}
        }
    }

    fn call_end(&mut self, _: &mut CTX, inputs: &CallInputs, outcome: &mut CallOutcome) {
        if outcome.was_precompile_called {
            let spent = inputs
                .gas_limit
                .saturating_sub(outcome.result.gas.remaining());
            self.gas.precompiles += WARM_ACCESS + spent;
        }
    }
}

/// One transaction's outcome on the [`Evm`].
#[derive(Debug, Clone)]
pub struct Outcome {
    /// It succeeded.
    pub success: bool,
    /// Its gas, split.
    pub gas: Gas,
    /// The created address, for a creation that succeeded.
    pub created: Option<Address>,
    /// Returned or revert data.
    pub output: Bytes,
}

/// An empty chain on revm with Cancun rules, base fee 0 and no nonce checks: the Solidity
/// peer's world, for exact EVM gas.
pub struct Evm {
    db: CacheDB<EmptyDB>,
    chain_id: u64,
    timestamp: u64,
}

impl Evm {
    /// A chain with `chain_id` whose blocks are all at `timestamp`.
    pub fn new(chain_id: u64, timestamp: u64) -> Self {
        Self {
            db: CacheDB::new(EmptyDB::default()),
            chain_id,
            timestamp,
        }
    }

    /// Runs one transaction from `from` and commits it.
    pub fn transact(&mut self, from: Address, to: TxKind, data: Vec<u8>) -> Result<Outcome> {
        const GAS_LIMIT: u64 = 30_000_000;
        let (chain_id, timestamp) = (self.chain_id, self.timestamp);
        let mut evm = Context::mainnet()
            .with_db(&mut self.db)
            .modify_cfg_chained(|cfg| {
                cfg.chain_id = chain_id;
                cfg.spec = SpecId::CANCUN;
                cfg.disable_nonce_check = true;
            })
            .modify_block_chained(|block| {
                block.timestamp = U256::from(timestamp);
                block.basefee = 0;
                block.gas_limit = 32_000_000;
            })
            .build_mainnet_with_inspector(Split::default());
        let tx = TxEnv::builder()
            .caller(from)
            .kind(to)
            .data(data.into())
            .gas_limit(GAS_LIMIT)
            .gas_price(0)
            .chain_id(Some(chain_id))
            .build()
            .map_err(|e| Error::Build {
                message: format!("a bad transaction: {e:?}"),
            })?;
        let result = evm.inspect_tx_commit(tx).map_err(|e| Error::Build {
            message: format!("revm refused the transaction: {e:?}"),
        })?;
        let split = &evm.inspector;
        let mut gas = split.gas;
        gas.used = result.tx_gas_used();
        gas.intrinsic = GAS_LIMIT - split.first_frame.unwrap_or(GAS_LIMIT);
        gas.storage = gas.storage.saturating_sub(result.gas().inner_refunded());
        let (success, created, output) = match result {
            ExecutionResult::Success { output, .. } => {
                (true, output.address().copied(), output.into_data())
            }
            ExecutionResult::Revert { output, .. } => (false, None, output),
            ExecutionResult::Halt { .. } => (false, None, Bytes::new()),
        };
        Ok(Outcome {
            success,
            gas,
            created,
            output,
        })
    }
}

/// The peer deployed from `from` with `constructor_args` (ABI-encoded, no selector), and each
/// call of `plan` after it: the creation's outcome and every labelled call's outcome.
pub fn run_plan(
    compiled: &Compiled,
    constructor_args: &[u8],
    from: Address,
    chain_id: u64,
    timestamp: u64,
    plan: impl FnOnce(Address) -> Vec<(Option<&'static str>, Address, Vec<u8>)>,
) -> Result<(Outcome, Vec<(&'static str, Outcome)>)> {
    let mut evm = Evm::new(chain_id, timestamp);
    let mut creation = compiled.creation.clone();
    creation.extend_from_slice(constructor_args);
    let deployed = evm.transact(from, TxKind::Create, creation)?;
    let token = deployed
        .created
        .filter(|_| deployed.success)
        .ok_or_else(|| build_error(format!("the Solidity peer did not deploy: {deployed:?}")))?;
    let mut rows = Vec::new();
    for (label, sender, data) in plan(token) {
        let outcome = evm.transact(sender, TxKind::Call(token), data)?;
        if !outcome.success {
            return Err(build_error(format!(
                "the Solidity peer failed {label:?}: {outcome:?}"
            )));
        }
        if let Some(label) = label {
            rows.push((label, outcome));
        }
    }
    Ok((deployed, rows))
}
