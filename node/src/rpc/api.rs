//! The JSON-RPC methods: one small function per method, parameters parsed into typed values
//! (alloy's RPC types), errors worded as geth's.

use alloy_eips::{BlockId, BlockNumberOrTag};
use alloy_primitives::{Address, Bytes, B256, U256, U64};
use alloy_rpc_types_eth::{
    state::StateOverride, Filter, FilterBlockOption, Log as RpcLog, TransactionRequest,
};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::{
    backend::{
        filters::{Installed, Kind},
        Backend, SendError,
    },
    Error, Result,
};

/// The node's `web3_clientVersion`.
pub const CLIENT_VERSION: &str = concat!("stylus-node/v", env!("CARGO_PKG_VERSION"));

/// The parameters as an array (absent or null: none).
fn args(params: &Value) -> Result<&[Value]> {
    match params {
        Value::Array(items) => Ok(items),
        Value::Null => Ok(&[]),
        _ => Err(Error::InvalidParams("non-array args".into())),
    }
}

/// Fails if more than `max` parameters are given.
fn at_most(params: &Value, max: usize) -> Result<()> {
    if args(params)?.len() > max {
        return Err(Error::InvalidParams(format!(
            "too many arguments, want at most {max}"
        )));
    }
    Ok(())
}

/// Required parameter `index`.
fn required<T: DeserializeOwned>(params: &Value, index: usize) -> Result<T> {
    match args(params)?.get(index) {
        None | Some(Value::Null) => Err(Error::InvalidParams(format!(
            "missing value for required argument {index}"
        ))),
        Some(value) => serde_json::from_value(value.clone()).map_err(|e| Error::argument(index, e)),
    }
}

/// Optional parameter `index`.
fn optional<T: DeserializeOwned>(params: &Value, index: usize) -> Result<Option<T>> {
    match args(params)?.get(index) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => serde_json::from_value(value.clone())
            .map(Some)
            .map_err(|e| Error::argument(index, e)),
    }
}

/// The block parameter at `index`, `latest` if absent.
fn block_id(params: &Value, index: usize) -> Result<BlockId> {
    Ok(optional(params, index)?.unwrap_or(BlockId::latest()))
}

fn to_json(value: impl serde::Serialize) -> Result<Value> {
    serde_json::to_value(value).map_err(|e| Error::Internal(format!("serializing: {e}")))
}

fn quantity(n: impl Into<U256>) -> Value {
    Value::String(format!("{:#x}", n.into()))
}

/// The raw bytes of `eth_sendRawTransaction`'s parameter.
pub fn raw_transaction(params: &Value) -> Result<Vec<u8>> {
    at_most(params, 1)?;
    let raw: Bytes = required(params, 0)?;
    Ok(raw.to_vec())
}

/// Runs `method` on `backend`.
pub fn handle(backend: &mut Backend, method: &str, params: &Value) -> Result<Value> {
    match method {
        "web3_clientVersion" => Ok(json!(CLIENT_VERSION)),
        "web3_sha3" => {
            let data: Bytes = required(params, 0)?;
            to_json(alloy_primitives::keccak256(data))
        }
        "net_version" => Ok(json!(backend.chain().chain_id.to_string())),
        "net_listening" => Ok(json!(true)),
        "net_peerCount" => Ok(quantity(U256::ZERO)),
        "eth_chainId" => Ok(quantity(U256::from(backend.chain().chain_id))),
        "eth_syncing" => Ok(json!(false)),
        "eth_mining" => Ok(json!(true)),
        "eth_hashrate" => Ok(quantity(U256::ZERO)),
        "eth_coinbase" => to_json(backend.chain().beneficiary),
        "eth_accounts" => to_json(
            backend
                .accounts()
                .iter()
                .map(|a| a.address)
                .collect::<Vec<_>>(),
        ),
        "eth_blockNumber" => Ok(quantity(U256::from(backend.latest().header.number))),
        "eth_gasPrice" => Ok(quantity(U256::from(backend.chain().base_fee))),
        "eth_maxPriorityFeePerGas" => Ok(quantity(U256::ZERO)),
        "eth_feeHistory" => fee_history(backend, params),
        "eth_getBlockByNumber" | "eth_getBlockByHash" => get_block(backend, params),
        "eth_getBlockTransactionCountByNumber" | "eth_getBlockTransactionCountByHash" => {
            let id: BlockId = required(params, 0)?;
            match backend.block(id)? {
                Some(block) => Ok(quantity(U256::from(block.transactions.len()))),
                None => Ok(Value::Null),
            }
        }
        "eth_getTransactionByBlockNumberAndIndex" | "eth_getTransactionByBlockHashAndIndex" => {
            let id: BlockId = required(params, 0)?;
            let index: U64 = required(params, 1)?;
            match backend.block(id)? {
                Some(block) if (index.to::<usize>()) < block.transactions.len() => {
                    to_json(block.rpc_transaction(index.to()))
                }
                _ => Ok(Value::Null),
            }
        }
        "eth_getUncleCountByBlockNumber" | "eth_getUncleCountByBlockHash" => {
            Ok(quantity(U256::ZERO))
        }
        "eth_getBalance" => {
            let address: Address = required(params, 0)?;
            let (state, _) = backend.state_at(block_id(params, 1)?)?;
            Ok(quantity(state.balance(address)))
        }
        "eth_getCode" => {
            let address: Address = required(params, 0)?;
            let (state, _) = backend.state_at(block_id(params, 1)?)?;
            to_json(state.code(address))
        }
        "eth_getStorageAt" => {
            let address: Address = required(params, 0)?;
            let slot: U256 = required(params, 1)?;
            let (state, _) = backend.state_at(block_id(params, 2)?)?;
            to_json(B256::from(state.storage(address, slot)))
        }
        "eth_getTransactionCount" => {
            let address: Address = required(params, 0)?;
            let (state, _) = backend.state_at(block_id(params, 1)?)?;
            Ok(quantity(U256::from(state.nonce(address))))
        }
        "eth_call" => {
            at_most(params, 4)?;
            let request: TransactionRequest = required(params, 0)?;
            let overrides: Option<StateOverride> = optional(params, 2)?;
            to_json(backend.call(&request, block_id(params, 1)?, overrides.as_ref())?)
        }
        "eth_estimateGas" => {
            at_most(params, 3)?;
            let request: TransactionRequest = required(params, 0)?;
            let overrides: Option<StateOverride> = optional(params, 2)?;
            // As anvil: without a tag, estimate for the block the transaction will be mined in.
            let block = optional(params, 1)?.unwrap_or(BlockId::pending());
            let gas = backend.estimate(&request, block, overrides.as_ref())?;
            Ok(quantity(U256::from(gas)))
        }
        "eth_sendTransaction" => {
            at_most(params, 1)?;
            let request: TransactionRequest = required(params, 0)?;
            match backend.send_transaction(request) {
                Ok(hash) => to_json(hash),
                Err(SendError::Gap(gap)) => Err(gap.error()),
                Err(SendError::Refused(e)) => Err(e),
            }
        }
        "eth_sendRawTransaction" => {
            let raw = raw_transaction(params)?;
            match backend.send_raw(&raw) {
                Ok(hash) => to_json(hash),
                Err(SendError::Gap(gap)) => Err(gap.error()),
                Err(SendError::Refused(e)) => Err(e),
            }
        }
        "eth_getTransactionByHash" => {
            let hash: B256 = required(params, 0)?;
            match backend.transaction(hash) {
                Some((block, index)) => to_json(block.rpc_transaction(index)),
                None => Ok(Value::Null),
            }
        }
        "eth_getTransactionReceipt" => {
            let hash: B256 = required(params, 0)?;
            match backend.transaction(hash) {
                Some((block, index)) => to_json(block.rpc_receipt(index)),
                None => Ok(Value::Null),
            }
        }
        "eth_getBlockReceipts" => {
            let id: BlockId = required(params, 0)?;
            match backend.block(id)? {
                Some(block) => to_json(
                    (0..block.transactions.len())
                        .map(|i| block.rpc_receipt(i))
                        .collect::<Vec<_>>(),
                ),
                None => Ok(Value::Null),
            }
        }
        "eth_getLogs" => {
            at_most(params, 1)?;
            let filter: Filter = required(params, 0)?;
            to_json(logs(backend, &filter)?)
        }
        "eth_newFilter" => {
            let filter: Filter = required(params, 0)?;
            let next = backend.latest().header.number + 1;
            to_json(
                backend
                    .filters
                    .install(Kind::Logs(Box::new(filter)), next)?,
            )
        }
        "eth_newBlockFilter" => {
            let next = backend.latest().header.number + 1;
            to_json(backend.filters.install(Kind::Blocks, next)?)
        }
        "eth_getFilterChanges" => {
            let id: U256 = required(params, 0)?;
            let next = backend.latest().header.number + 1;
            let filter = backend.filters.poll(id, Some(next))?;
            filter_changes(backend, &filter)
        }
        "eth_getFilterLogs" => {
            let id: U256 = required(params, 0)?;
            let filter = backend.filters.poll(id, None)?;
            match filter.kind {
                Kind::Logs(filter) => to_json(logs(backend, &filter)?),
                Kind::Blocks => Err(Error::Rejected("filter not found".into())),
            }
        }
        "eth_uninstallFilter" => {
            let id: U256 = required(params, 0)?;
            Ok(json!(backend.filters.uninstall(id)))
        }
        "evm_mine" | "anvil_mine" => mine(backend, method, params),
        "evm_increaseTime" | "anvil_increaseTime" => {
            let seconds: Value = required(params, 0)?;
            let seconds = number(&seconds).ok_or_else(|| Error::argument(0, "not a number"))?;
            Ok(json!(backend.increase_time(seconds)))
        }
        "evm_setNextBlockTimestamp" | "anvil_setNextBlockTimestamp" => {
            let timestamp: Value = required(params, 0)?;
            let timestamp = number(&timestamp)
                .and_then(|t| u64::try_from(t).ok())
                .ok_or_else(|| Error::argument(0, "not a timestamp"))?;
            backend.set_next_timestamp(timestamp)?;
            Ok(Value::Null)
        }
        "evm_snapshot" | "anvil_snapshot" => Ok(quantity(U256::from(backend.snapshot()))),
        "evm_revert" | "anvil_revert" => {
            let id: Value = required(params, 0)?;
            let id = number(&id)
                .and_then(|t| u64::try_from(t).ok())
                .ok_or_else(|| Error::argument(0, "not a snapshot id"))?;
            Ok(json!(backend.revert(id)?))
        }
        "anvil_setBalance" | "hardhat_setBalance" => {
            let address: Address = required(params, 0)?;
            let balance: U256 = required(params, 1)?;
            backend.set_balance(address, balance)?;
            Ok(Value::Null)
        }
        _ => Err(Error::MethodNotFound(method.into())),
    }
}

/// A JSON number or a hex or decimal string.
fn number(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => match s.strip_prefix("0x") {
            Some(hex) => i64::from_str_radix(hex, 16).ok(),
            None => s.parse().ok(),
        },
        _ => None,
    }
}

fn get_block(backend: &Backend, params: &Value) -> Result<Value> {
    at_most(params, 2)?;
    let id: BlockId = required(params, 0)?;
    let full: bool = optional(params, 1)?.unwrap_or(false);
    match backend.block(id)? {
        Some(block) => to_json(block.rpc(full)),
        None => Ok(Value::Null),
    }
}

fn fee_history(backend: &Backend, params: &Value) -> Result<Value> {
    at_most(params, 3)?;
    let count: Value = required(params, 0)?;
    let count = number(&count)
        .and_then(|n| u64::try_from(n).ok())
        .ok_or_else(|| Error::argument(0, "not a block count"))?;
    let newest: BlockNumberOrTag = required(params, 1)?;
    let percentiles: Option<Vec<f64>> = optional(params, 2)?;
    to_json(backend.fee_history(count, newest, percentiles.as_deref())?)
}

fn mine(backend: &mut Backend, method: &str, params: &Value) -> Result<Value> {
    let (blocks, timestamp) = if method == "anvil_mine" {
        let blocks: Option<Value> = optional(params, 0)?;
        let blocks = blocks.as_ref().and_then(number).unwrap_or(1);
        (blocks, None)
    } else {
        match optional::<Value>(params, 0)? {
            None => (1, None),
            Some(Value::Object(options)) => {
                let blocks = options.get("blocks").and_then(number).unwrap_or(1);
                let timestamp = options.get("timestamp").and_then(number).map(|t| t as u64);
                (blocks, timestamp)
            }
            Some(other) => (
                1,
                Some(
                    number(&other)
                        .and_then(|t| u64::try_from(t).ok())
                        .ok_or_else(|| Error::argument(0, "not a timestamp"))?,
                ),
            ),
        }
    };
    if !(1..=10_000).contains(&blocks) {
        return Err(Error::argument(0, "mine between 1 and 10000 blocks"));
    }
    for i in 0..blocks {
        backend.mine_empty(if i == 0 { timestamp } else { None })?;
    }
    Ok(json!("0x0"))
}

/// The logs of blocks `from..=to` matching `filter`.
fn logs_in(backend: &Backend, filter: &Filter, from: u64, to: u64) -> Vec<RpcLog> {
    backend.blocks()[from as usize..=to as usize]
        .iter()
        .flat_map(|block| block.all_rpc_logs())
        .filter(|log| filter.matches(&log.inner))
        .collect()
}

/// `eth_getLogs`.
fn logs(backend: &Backend, filter: &Filter) -> Result<Vec<RpcLog>> {
    match filter.block_option {
        FilterBlockOption::AtBlockHash(hash) => {
            let block = backend
                .block(BlockId::from(hash))?
                .ok_or_else(|| Error::Rejected("unknown block".into()))?;
            let n = block.header.number;
            Ok(logs_in(backend, filter, n, n))
        }
        FilterBlockOption::Range {
            from_block,
            to_block,
        } => {
            let from = backend.resolve(from_block.unwrap_or(BlockNumberOrTag::Latest))?;
            let to = backend.resolve(to_block.unwrap_or(BlockNumberOrTag::Latest))?;
            if from > to {
                return Err(Error::Rejected("invalid block range params".into()));
            }
            Ok(logs_in(backend, filter, from, to))
        }
    }
}

/// What a filter gained since its last poll.
fn filter_changes(backend: &Backend, filter: &Installed) -> Result<Value> {
    let latest = backend.latest().header.number;
    if filter.next_block > latest {
        return Ok(json!([]));
    }
    match &filter.kind {
        Kind::Blocks => to_json(
            backend.blocks()[filter.next_block as usize..=latest as usize]
                .iter()
                .map(|b| b.hash)
                .collect::<Vec<_>>(),
        ),
        Kind::Logs(f) => {
            // A filter's own range bounds what it reports.
            let from = match f.block_option.get_from_block() {
                Some(tag) => backend.resolve(*tag).unwrap_or(0).max(filter.next_block),
                None => filter.next_block,
            };
            let to = match f.block_option.get_to_block() {
                Some(BlockNumberOrTag::Number(n)) => (*n).min(latest),
                _ => latest,
            };
            if from > to {
                return Ok(json!([]));
            }
            to_json(logs_in(backend, f, from, to))
        }
    }
}
