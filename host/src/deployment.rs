//! What deploying costs, measured on the local node (`stylus-node`): a Stylus program's
//! creation, activation (gas and data fee) and constructor, each as its own transaction and
//! all three as the one StylusDeployer transaction `cargo stylus deploy` sends; a Solidity
//! contract's creation transaction.

use alloy_primitives::{Address, Bytes, B256, U256};
use alloy_sol_types::{sol, SolCall, SolEvent};
use serde_json::{json, Value};
use stylus_node::{precompiles::ARB_WASM, Node, NodeConfig};

use crate::{Error, Result};

sol! {
    interface ArbWasm {
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);
    }
}

/// A Stylus program's deployment, step by step and in one transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stylus {
    /// The creation transaction of the init code (`EF F0 00 00`, brotli).
    pub create_gas: u64,
    /// `ArbWasm.activateProgram`: the fixed cost, the module's, and the call.
    pub activate_gas: u64,
    /// The data fee `activateProgram` charged (wei), from its `ProgramActivated` event.
    pub data_fee: U256,
    /// The constructor, called as its own transaction.
    pub constructor_gas: u64,
    /// The StylusDeployer transaction that creates, activates and constructs at once.
    pub deployer_gas: u64,
    /// Its data fee (wei).
    pub deployer_data_fee: U256,
    /// The node's gas price (wei).
    pub gas_price: U256,
}

impl Stylus {
    /// What `cargo stylus deploy` costs in wei: the deployer transaction's gas at the node's
    /// price plus the data fee.
    pub fn cost(&self) -> U256 {
        U256::from(self.deployer_gas) * self.gas_price + self.deployer_data_fee
    }
}

/// A node on a free port of 127.0.0.1, with one dev account, stopped when dropped.
fn node() -> Result<Node> {
    Node::start(
        NodeConfig {
            port: 0,
            accounts: 1,
            ..NodeConfig::default()
        },
        false,
    )
    .map_err(node_error)
}

fn node_error(e: stylus_node::Error) -> Error {
    Error::Build {
        message: format!("the local node: {e}"),
    }
}

fn request(node: &Node, method: &str, params: Value) -> Result<Value> {
    node.request(method, params).map_err(node_error)
}

/// Sends a transaction from the devnode account and returns its receipt, which must succeed.
fn send(node: &Node, to: Option<Address>, data: Vec<u8>, value: U256) -> Result<Value> {
    let mut tx = json!({
        "from": node.accounts[0].address,
        "data": Bytes::from(data),
        "value": value,
    });
    if let Some(to) = to {
        tx["to"] = json!(to);
    }
    let hash = request(node, "eth_sendTransaction", json!([tx]))?;
    let receipt = request(node, "eth_getTransactionReceipt", json!([hash]))?;
    if receipt["status"] != json!("0x1") {
        return Err(Error::Build {
            message: format!("a deployment step failed: {receipt}"),
        });
    }
    Ok(receipt)
}

fn number(value: &Value) -> Result<U256> {
    value
        .as_str()
        .and_then(|s| s.parse::<U256>().ok())
        .ok_or_else(|| Error::Build {
            message: format!("not a quantity: {value}"),
        })
}

fn gas_used(receipt: &Value) -> Result<u64> {
    Ok(number(&receipt["gasUsed"])?.saturating_to())
}

/// The data fee in a receipt's `ProgramActivated` event.
fn data_fee(receipt: &Value) -> Result<U256> {
    let topic = ArbWasm::ProgramActivated::SIGNATURE_HASH.to_string();
    let logs = receipt["logs"].as_array().cloned().unwrap_or_default();
    let log = logs
        .iter()
        .find(|log| log["topics"][0] == json!(topic))
        .ok_or_else(|| Error::Build {
            message: format!("no ProgramActivated in {receipt}"),
        })?;
    let topics: Vec<B256> = serde_json::from_value(log["topics"].clone()).unwrap_or_default();
    let data =
        alloy_primitives::hex::decode(log["data"].as_str().unwrap_or_default()).map_err(|e| {
            Error::Build {
                message: e.to_string(),
            }
        })?;
    let event =
        ArbWasm::ProgramActivated::decode_raw_log(topics, &data).map_err(|e| Error::Build {
            message: format!("a bad ProgramActivated: {e}"),
        })?;
    Ok(event.dataFee)
}

/// Deploys the Stylus program `wasm` (raw `cargo wasm` output) with `constructor_calldata`
/// twice on fresh nodes: step by step, then through the StylusDeployer.
pub fn stylus(wasm: &[u8], constructor_calldata: Vec<u8>) -> Result<Stylus> {
    let code = stylus_runtime::code::deployable(&crate::artifact::process(wasm)?);

    let steps = node()?;
    let created = send(
        &steps,
        None,
        stylus_runtime::code::init_code(&code),
        U256::ZERO,
    )?;
    let program: Address =
        serde_json::from_value(created["contractAddress"].clone()).map_err(|e| Error::Build {
            message: format!("the creation made no contract: {e}"),
        })?;
    let activated = send(
        &steps,
        Some(ARB_WASM),
        ArbWasm::activateProgramCall { program }.abi_encode(),
        stylus_node::DATA_FEE_ALLOWANCE,
    )?;
    let constructed = send(
        &steps,
        Some(program),
        constructor_calldata.clone(),
        U256::ZERO,
    )?;

    let at_once = node()?;
    at_once
        .deploy_program(at_once.accounts[0].address, &code, constructor_calldata)
        .map_err(node_error)?;
    let receipt = last_receipt(&at_once)?;
    Ok(Stylus {
        create_gas: gas_used(&created)?,
        activate_gas: gas_used(&activated)?,
        data_fee: data_fee(&activated)?,
        constructor_gas: gas_used(&constructed)?,
        deployer_gas: gas_used(&receipt)?,
        deployer_data_fee: data_fee(&receipt)?,
        gas_price: number(&request(&steps, "eth_gasPrice", json!([]))?)?,
    })
}

/// The receipt of the latest block's transaction.
fn last_receipt(node: &Node) -> Result<Value> {
    let block = request(node, "eth_getBlockByNumber", json!(["latest", false]))?;
    let hash = block["transactions"][0].clone();
    request(node, "eth_getTransactionReceipt", json!([hash]))
}

/// The gas of a Solidity contract's creation transaction (`creation` with its constructor
/// arguments appended) on a fresh node.
pub fn solidity(creation: Vec<u8>) -> Result<u64> {
    let node = node()?;
    gas_used(&send(&node, None, creation, U256::ZERO)?)
}
