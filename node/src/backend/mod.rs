//! The chain: state, blocks, transactions and their execution, time and snapshots.
//!
//! Every transaction is mined in its own block as it arrives (automine). The state after each
//! block is kept (a cheap copy of persistent maps) for queries at past blocks, snapshots and
//! reverts; with a state file, the chain is written after every block and loaded at start.

pub mod blocks;
pub mod db;
pub mod exec;
pub mod filters;
pub mod genesis;
mod persist;

use std::{collections::HashMap, path::PathBuf, sync::Arc};

use alloy_consensus::{transaction::SignerRecoverable, Transaction as _, TxEnvelope, TxType};
use alloy_eips::{eip2718::Decodable2718, BlockId, BlockNumberOrTag};
use alloy_primitives::{Address, Bytes, TxKind, B256, U256};
use alloy_rpc_types_eth::{state::StateOverride, FeeHistory, TransactionRequest};
use revm::context::{
    result::{ExecutionResult, InvalidTransaction, Output},
    TxEnv,
};

use self::{
    blocks::{HeaderFields, StoredBlock, StoredReceipt, StoredTx},
    db::State,
    exec::{BlockInfo, Chain, Mode, Run},
};
use crate::{accounts::DevAccount, evm::handler::TxError, evm::Programs, Error, Result};

/// The most bytes a transaction may have (the sequencer's `MaxTxDataSize`).
pub const MAX_TX_SIZE: usize = 95_000;

/// The most wei a transaction's fee may reach (geth's `RPCTxFeeCap`: 1 ether).
pub const TX_FEE_CAP: u128 = 1_000_000_000_000_000_000;

/// A transaction refused because its nonce is ahead of the sender's: the pool may hold it
/// until the gap fills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NonceGap {
    /// The sender.
    pub sender: Address,
    /// The transaction's nonce.
    pub nonce: u64,
    /// The sender's next nonce.
    pub expected: u64,
}

impl NonceGap {
    /// Nitro's error once it stops waiting.
    pub fn error(&self) -> Error {
        Error::Rejected(format!(
            "nonce too high: address {}, tx: {} state: {}",
            self.sender, self.nonce, self.expected
        ))
    }
}

/// Why `send_raw` did not mine a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Refused with an error.
    Refused(Error),
    /// Its nonce is ahead of the sender's.
    Gap(NonceGap),
}

impl From<Error> for SendError {
    fn from(e: Error) -> Self {
        Self::Refused(e)
    }
}

/// The chain's clock: wall time plus an offset, or a timestamp set for the next block.
#[derive(Debug, Clone, Copy, Default)]
struct Clock {
    offset: i64,
    next: Option<u64>,
}

/// What `evm_revert` restores.
#[derive(Debug, Clone)]
struct Snapshot {
    blocks: usize,
    clock: Clock,
}

/// The node's chain.
pub struct Backend {
    chain: Chain,
    programs: Programs,
    accounts: Vec<DevAccount>,
    blocks: Vec<StoredBlock>,
    /// The state after each block; `None` for blocks mined before the node last started.
    states: Vec<Option<State>>,
    head: State,
    tx_index: HashMap<B256, (usize, usize)>,
    clock: Clock,
    snapshots: std::collections::BTreeMap<u64, Snapshot>,
    next_snapshot: u64,
    /// Log and block filters.
    pub filters: filters::Filters,
    state_file: Option<PathBuf>,
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl Backend {
    /// A chain from `genesis`, or the one saved in `state_file` if it exists.
    pub fn new(
        chain: Chain,
        accounts: Vec<DevAccount>,
        genesis: impl FnOnce(&Chain, &Programs, u64) -> Result<State>,
        state_file: Option<PathBuf>,
    ) -> Result<Self> {
        let programs = Programs::default();
        let mut backend = Self {
            chain,
            programs,
            accounts,
            blocks: Vec::new(),
            states: Vec::new(),
            head: State::default(),
            tx_index: HashMap::new(),
            clock: Clock::default(),
            snapshots: Default::default(),
            next_snapshot: 0,
            filters: filters::Filters::default(),
            state_file,
        };
        if let Some(saved) = backend.load()? {
            backend.restore(saved)?;
        } else {
            let timestamp = now();
            let state = genesis(&backend.chain, &backend.programs, timestamp)?;
            let block = StoredBlock::seal(
                None,
                &backend.header_fields(),
                timestamp,
                state.root(),
                vec![],
            );
            backend.push_block(block, state);
        }
        Ok(backend)
    }

    fn header_fields(&self) -> HeaderFields {
        HeaderFields {
            beneficiary: self.chain.beneficiary,
            gas_limit: self.chain.header_gas_limit,
            base_fee: self.chain.base_fee,
            arbos_version: self.chain.arbos_version,
        }
    }

    /// The chain's constants.
    pub fn chain(&self) -> &Chain {
        &self.chain
    }

    /// The dev accounts.
    pub fn accounts(&self) -> &[DevAccount] {
        &self.accounts
    }

    /// The latest block.
    pub fn latest(&self) -> &StoredBlock {
        self.blocks.last().expect("the genesis block exists")
    }

    /// The state after the latest block.
    pub fn head_state(&self) -> &State {
        &self.head
    }

    /// Every block, oldest first.
    pub fn blocks(&self) -> &[StoredBlock] {
        &self.blocks
    }

    /// The block number `tag` names.
    pub fn resolve(&self, tag: BlockNumberOrTag) -> Result<u64> {
        let latest = self.latest().header.number;
        match tag {
            BlockNumberOrTag::Number(n) if n <= latest => Ok(n),
            BlockNumberOrTag::Number(n) => Err(Error::Rejected(format!(
                "block number {n} is after the latest block {latest}"
            ))),
            BlockNumberOrTag::Earliest => Ok(0),
            _ => Ok(latest),
        }
    }

    /// The block `id` names.
    pub fn block(&self, id: BlockId) -> Result<Option<&StoredBlock>> {
        Ok(match id {
            BlockId::Hash(hash) => self.blocks.iter().find(|b| b.hash == hash.block_hash),
            BlockId::Number(tag) => match self.resolve(tag) {
                Ok(n) => self.blocks.get(n as usize),
                Err(_) => None,
            },
        })
    }

    /// The state after the block `id` names.
    pub fn state_at(&self, id: BlockId) -> Result<(&State, &StoredBlock)> {
        let block = match id {
            BlockId::Hash(hash) => self
                .blocks
                .iter()
                .find(|b| b.hash == hash.block_hash)
                .ok_or_else(|| Error::Rejected(format!("block {} not found", hash.block_hash)))?,
            BlockId::Number(tag) => &self.blocks[self.resolve(tag)? as usize],
        };
        let number = block.header.number as usize;
        let state = self.states[number].as_ref().ok_or_else(|| {
            Error::Rejected(format!(
                "the state at block {number} is not available (mined before the node restarted)"
            ))
        })?;
        Ok((state, block))
    }

    /// A mined transaction: its block and index.
    pub fn transaction(&self, hash: B256) -> Option<(&StoredBlock, usize)> {
        self.tx_index
            .get(&hash)
            .map(|&(block, index)| (&self.blocks[block], index))
    }

    fn block_info(&self, number: u64, timestamp: u64) -> BlockInfo {
        BlockInfo {
            number,
            timestamp,
            hashes: Arc::new(self.blocks.iter().map(|b| b.hash).collect()),
        }
    }

    /// The next block's timestamp at wall-clock time `now`: an `evm_setNextBlockTimestamp`
    /// if one is set, else the clock (now plus `evm_increaseTime`'s offset); never earlier
    /// than the parent, and later unless set so. Because blocks advance by at least a second,
    /// as Ethereum's do, a transaction estimated for the next block sees the same elapsed time
    /// as when it is mined.
    fn timestamp_at(&self, now: u64) -> u64 {
        let parent = self.latest().header.timestamp;
        match self.clock.next {
            Some(t) => t.max(parent),
            None => (now as i64 + self.clock.offset).max(parent as i64 + 1) as u64,
        }
    }

    /// The next block's timestamp, leaving the clock as it is (for "pending" calls).
    fn peek_timestamp(&self) -> u64 {
        self.timestamp_at(now())
    }

    /// The next block's timestamp; the clock then runs on from it, so a block pushed ahead of
    /// the wall clock (or set by `evm_setNextBlockTimestamp`) moves every later one too.
    fn next_timestamp(&mut self) -> u64 {
        let now = now();
        let timestamp = self.timestamp_at(now);
        self.clock.next = None;
        self.clock.offset = timestamp as i64 - now as i64;
        timestamp
    }

    fn push_block(&mut self, block: StoredBlock, state: State) {
        let number = self.blocks.len();
        for (index, tx) in block.transactions.iter().enumerate() {
            self.tx_index.insert(tx.hash(), (number, index));
        }
        self.blocks.push(block);
        self.states.push(Some(state.clone()));
        self.head = state;
    }

    fn mine(&mut self, transactions: Vec<StoredTx>, state: State, timestamp: u64) -> Result<()> {
        let block = StoredBlock::seal(
            Some(self.latest()),
            &self.header_fields(),
            timestamp,
            state.root(),
            transactions,
        );
        self.push_block(block, state);
        self.save()
    }

    /// Mines an empty block, at `timestamp` if given.
    pub fn mine_empty(&mut self, timestamp: Option<u64>) -> Result<()> {
        if let Some(t) = timestamp {
            self.clock.next = Some(t);
        }
        let timestamp = self.next_timestamp();
        let state = self.head.clone();
        self.mine(Vec::new(), state, timestamp)
    }

    /// Validates, executes and mines the signed transaction `raw` in a block of its own.
    pub fn send_raw(&mut self, raw: &[u8]) -> Result<B256, SendError> {
        let rejected = |m: String| SendError::Refused(Error::Rejected(m));
        if raw.len() > MAX_TX_SIZE {
            return Err(rejected("oversized data".into()));
        }
        let envelope = TxEnvelope::decode_2718(&mut &raw[..])
            .map_err(|e| rejected(format!("invalid transaction: {e}")))?;
        if envelope.is_eip4844() {
            return Err(rejected("transaction type not supported".into()));
        }
        let sender = envelope
            .recover_signer()
            .map_err(|_| rejected("invalid transaction v, r, s values".into()))?;
        if let Some(id) = envelope.chain_id() {
            if id != self.chain.chain_id {
                return Err(rejected(format!(
                    "invalid chain id for signer: have {id} want {}",
                    self.chain.chain_id
                )));
            }
        }
        let gas = envelope.gas_limit();
        let max_fee = envelope.max_fee_per_gas();
        let fee = U256::from(gas) * U256::from(max_fee);
        if fee > U256::from(TX_FEE_CAP) {
            return Err(rejected(format!(
                "tx fee ({} ether) exceeds the configured cap (1.00 ether)",
                ether(fee)
            )));
        }
        let base_fee = u128::from(self.chain.base_fee);
        if max_fee < base_fee {
            return Err(rejected(format!(
                "max fee per gas less than block base fee: address {sender}, maxFeePerGas: \
                 {max_fee} baseFee: {base_fee}"
            )));
        }
        let expected = self.head.nonce(sender);
        let nonce = envelope.nonce();
        if nonce < expected {
            return Err(rejected(format!(
                "nonce too low: address {sender}, tx: {nonce} state: {expected}"
            )));
        }
        if nonce > expected {
            return Err(SendError::Gap(NonceGap {
                sender,
                nonce,
                expected,
            }));
        }
        let cost = fee + envelope.value();
        let balance = self.head.balance(sender);
        if balance < cost {
            return Err(rejected(format!(
                "insufficient funds for gas * price + value: address {sender} have {balance} \
                 want {cost}"
            )));
        }

        let tx = tx_env(
            &envelope,
            sender,
            gas.min(self.chain.per_tx_gas_limit),
            base_fee,
        );
        let stylus_gas_price = U256::from(envelope.effective_gas_price(Some(self.chain.base_fee)));
        let number = self.latest().header.number + 1;
        let timestamp = self.next_timestamp();
        let block = self.block_info(number, timestamp);
        let run = exec::run(
            &self.chain,
            &self.programs,
            &self.head,
            &block,
            tx,
            stylus_gas_price,
            Mode::Transaction,
        )
        .map_err(|e| SendError::Refused(tx_error(e)))?;
        let contract_address = envelope.to().is_none().then(|| sender.create(nonce));
        let gas_used = run.result.tx_gas_used();
        let stored = StoredTx {
            raw: Bytes::copy_from_slice(raw),
            sender,
            receipt: StoredReceipt {
                success: run.result.is_success(),
                gas_used,
                cumulative_gas_used: gas_used,
                logs: run.result.logs().to_vec(),
                contract_address,
                effective_gas_price: base_fee,
            },
        };
        let hash = stored.hash();
        self.mine(vec![stored], run.state, timestamp)?;
        Ok(hash)
    }

    /// Signs `request` with the dev account it is from, filling nonce, gas and fees, and sends
    /// it.
    pub fn send_transaction(&mut self, request: TransactionRequest) -> Result<B256, SendError> {
        let from = request
            .from
            .ok_or_else(|| Error::argument(0, "missing from"))?;
        let account = self
            .accounts
            .iter()
            .find(|a| a.address == from)
            .cloned()
            .ok_or_else(|| Error::Rejected(format!("unknown account {from}")))?;
        let mut request = request;
        // No recipient: a creation.
        request.to = Some(request.to.unwrap_or(TxKind::Create));
        request.nonce = Some(request.nonce.unwrap_or_else(|| self.head.nonce(from)));
        request.chain_id = Some(self.chain.chain_id);
        if request.gas.is_none() {
            request.gas = Some(self.estimate(&request, BlockId::pending(), None)?);
        }
        if request.gas_price.is_none() {
            let base = u128::from(self.chain.base_fee);
            request.max_fee_per_gas = Some(request.max_fee_per_gas.unwrap_or(base));
            request.max_priority_fee_per_gas = Some(request.max_priority_fee_per_gas.unwrap_or(0));
        }
        let tx = request
            .build_typed_tx()
            .map_err(|_| Error::argument(0, "the transaction request is incomplete"))?;
        let signature = alloy_signer::SignerSync::sign_hash_sync(
            &account.signer,
            &alloy_consensus::SignableTransaction::signature_hash(&tx),
        )
        .map_err(|e| Error::Internal(format!("signing: {e}")))?;
        let envelope: TxEnvelope =
            alloy_consensus::SignableTransaction::into_signed(tx, signature).into();
        self.send_raw(&blocks::encode(&envelope))
    }

    /// Runs `request` on the state at `block` without mining it.
    pub fn simulate(
        &self,
        request: &TransactionRequest,
        block: BlockId,
        overrides: Option<&StateOverride>,
        gas: Option<u64>,
    ) -> Result<Run> {
        let (state, header) = self.state_at(block)?;
        let mut state = state.clone();
        if let Some(overrides) = overrides {
            apply_overrides(&mut state, overrides);
        }
        let cap = self.chain.rpc_gas_cap;
        let gas = gas.or(request.gas).unwrap_or(cap).min(cap);
        let price = request.gas_price.or(request.max_fee_per_gas).unwrap_or(0);
        let tx = TxEnv {
            tx_type: if request.gas_price.is_some() { 0 } else { 2 },
            caller: request.from.unwrap_or_default(),
            gas_limit: gas,
            gas_price: price,
            gas_priority_fee: (request.gas_price.is_none()).then_some(0),
            kind: request.to.unwrap_or(TxKind::Create),
            value: request.value.unwrap_or_default(),
            data: request.input.input().cloned().unwrap_or_default(),
            nonce: 0,
            chain_id: Some(self.chain.chain_id),
            access_list: request.access_list.clone().unwrap_or_default(),
            ..TxEnv::default()
        };
        // "pending" is the block the request would be mined in: the next number and time.
        let info = if block == BlockId::pending() {
            self.block_info(header.header.number + 1, self.peek_timestamp())
        } else {
            self.block_info(header.header.number, header.header.timestamp)
        };
        exec::run(
            &self.chain,
            &self.programs,
            &state,
            &info,
            tx,
            U256::from(price),
            Mode::Call,
        )
        .map_err(tx_error)
    }

    /// `eth_call`: the output, or the revert as an error.
    pub fn call(
        &self,
        request: &TransactionRequest,
        block: BlockId,
        overrides: Option<&StateOverride>,
    ) -> Result<Bytes> {
        let run = self.simulate(request, block, overrides, None)?;
        outcome(run)
    }

    /// `eth_estimateGas`: the smallest gas limit (within 1.5%) with which `request` succeeds,
    /// by geth's binary search.
    pub fn estimate(
        &self,
        request: &TransactionRequest,
        block: BlockId,
        overrides: Option<&StateOverride>,
    ) -> Result<u64> {
        let mut hi = request
            .gas
            .filter(|&g| g >= 21_000)
            .unwrap_or(self.chain.rpc_gas_cap)
            .min(self.chain.rpc_gas_cap);
        let price = request.gas_price.or(request.max_fee_per_gas).unwrap_or(0);
        if price > 0 {
            let (state, _) = self.state_at(block)?;
            let from = request.from.unwrap_or_default();
            let balance = overrides
                .and_then(|o| o.get(&from))
                .and_then(|o| o.balance)
                .unwrap_or_else(|| state.balance(from));
            let value = request.value.unwrap_or_default();
            if value > balance {
                return Err(Error::Rejected("insufficient funds for transfer".into()));
            }
            let allowance = (balance - value) / U256::from(price);
            hi = hi.min(allowance.saturating_to());
        }
        let top = self.simulate(request, block, overrides, Some(hi))?;
        if !top.result.is_success() {
            return match &top.result {
                ExecutionResult::Revert { .. } => outcome(top).map(|_| hi),
                _ => Err(Error::Rejected(format!(
                    "gas required exceeds allowance ({hi})"
                ))),
            };
        }
        let succeeds = |gas: u64| {
            self.simulate(request, block, overrides, Some(gas))
                .map(|run| run.result.is_success())
        };
        let used = top.result.tx_gas_used();
        let mut lo = used.saturating_sub(1);
        let refunded = match &top.result {
            ExecutionResult::Success { gas, .. } => gas.inner_refunded(),
            _ => 0,
        };
        let optimistic = (used + refunded + 2300) * 64 / 63;
        if optimistic < hi {
            if succeeds(optimistic)? {
                hi = optimistic;
            } else {
                lo = optimistic;
            }
        }
        while lo + 1 < hi {
            if ((hi - lo) as f64) < 0.015 * (hi as f64) {
                break;
            }
            let mut mid = lo + (hi - lo) / 2;
            if mid > lo.saturating_mul(2) {
                mid = lo * 2;
            }
            if succeeds(mid)? {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Ok(hi)
    }

    /// `eth_feeHistory`: a constant base fee, no tips, and each block's gas over the 32M
    /// per-block limit.
    pub fn fee_history(
        &self,
        count: u64,
        newest: BlockNumberOrTag,
        percentiles: Option<&[f64]>,
    ) -> Result<FeeHistory> {
        let newest = self.resolve(newest)?;
        let count = count.clamp(1, 1024).min(newest + 1);
        let oldest = newest + 1 - count;
        let blocks = &self.blocks[oldest as usize..=newest as usize];
        let base = u128::from(self.chain.base_fee);
        Ok(FeeHistory {
            base_fee_per_gas: vec![base; blocks.len() + 1],
            gas_used_ratio: blocks
                .iter()
                .map(|b| (b.header.gas_used as f64 / self.chain.per_tx_gas_limit as f64).min(1.0))
                .collect(),
            base_fee_per_blob_gas: Vec::new(),
            blob_gas_used_ratio: Vec::new(),
            oldest_block: oldest,
            reward: percentiles.map(|p| vec![vec![0; p.len()]; blocks.len()]),
        })
    }

    /// `evm_snapshot`: an id to revert to.
    pub fn snapshot(&mut self) -> u64 {
        let id = self.next_snapshot;
        self.next_snapshot += 1;
        self.snapshots.insert(
            id,
            Snapshot {
                blocks: self.blocks.len(),
                clock: self.clock,
            },
        );
        id
    }

    /// `evm_revert`: back to snapshot `id`, which is consumed with every later one; false if
    /// there is no such snapshot.
    pub fn revert(&mut self, id: u64) -> Result<bool> {
        let Some(snapshot) = self.snapshots.get(&id).cloned() else {
            return Ok(false);
        };
        self.snapshots.retain(|&other, _| other < id);
        for block in self.blocks.drain(snapshot.blocks..) {
            for tx in &block.transactions {
                self.tx_index.remove(&tx.hash());
            }
        }
        self.states.truncate(snapshot.blocks);
        self.head = self.states[snapshot.blocks - 1]
            .clone()
            .ok_or_else(|| Error::Internal("the snapshot's state is not available".into()))?;
        self.clock = snapshot.clock;
        self.save()?;
        Ok(true)
    }

    /// `evm_increaseTime`: moves the clock forward; returns the total offset in seconds.
    pub fn increase_time(&mut self, seconds: i64) -> i64 {
        self.clock.offset = self.clock.offset.saturating_add(seconds);
        self.clock.offset
    }

    /// `evm_setNextBlockTimestamp`.
    pub fn set_next_timestamp(&mut self, timestamp: u64) -> Result<()> {
        let parent = self.latest().header.timestamp;
        if timestamp < parent {
            return Err(Error::InvalidParams(format!(
                "timestamp {timestamp} is lower than the previous block's {parent}"
            )));
        }
        self.clock.next = Some(timestamp);
        Ok(())
    }

    /// `anvil_setBalance`.
    pub fn set_balance(&mut self, address: Address, balance: U256) -> Result<()> {
        self.head.account_mut(address).balance = balance;
        let number = self.blocks.len() - 1;
        self.states[number] = Some(self.head.clone());
        self.save()
    }
}

/// The revm environment for a signed transaction, with the tip dropped (ArbOS before 60).
fn tx_env(envelope: &TxEnvelope, sender: Address, gas_limit: u64, base_fee: u128) -> TxEnv {
    let dynamic = !matches!(envelope.tx_type(), TxType::Legacy | TxType::Eip2930);
    TxEnv {
        tx_type: envelope.tx_type() as u8,
        caller: sender,
        gas_limit,
        gas_price: if dynamic {
            envelope.max_fee_per_gas()
        } else {
            base_fee
        },
        gas_priority_fee: dynamic.then_some(0),
        kind: envelope.kind(),
        value: envelope.value(),
        data: envelope.input().clone(),
        nonce: envelope.nonce(),
        chain_id: envelope.chain_id(),
        access_list: envelope.access_list().cloned().unwrap_or_default(),
        authorization_list: envelope
            .authorization_list()
            .map(|list| list.iter().cloned().map(either::Either::Left).collect())
            .unwrap_or_default(),
        ..TxEnv::default()
    }
}

/// A refused transaction's error, worded as Nitro's.
fn tx_error(error: TxError) -> Error {
    match error {
        TxError::Transaction(InvalidTransaction::CallGasCostMoreThanGasLimit { .. }) => {
            Error::Rejected("intrinsic gas too low".into())
        }
        other => Error::Rejected(other.to_string()),
    }
}

/// The output of a simulated call, or its failure as geth reports it.
fn outcome(run: Run) -> Result<Bytes> {
    match run.result {
        ExecutionResult::Success { output, .. } => Ok(match output {
            Output::Call(bytes) => bytes,
            Output::Create(bytes, _) => bytes,
        }),
        ExecutionResult::Revert { output, .. } => {
            let reason = alloy_sol_types::decode_revert_reason(&output).or(run.program_error);
            Err(Error::Revert {
                data: output,
                reason,
            })
        }
        ExecutionResult::Halt { reason, .. } => Err(Error::Rejected(
            run.program_error.unwrap_or_else(|| halt_message(&reason)),
        )),
    }
}

/// geth's wording of an exceptional halt.
fn halt_message(reason: &revm::context::result::HaltReason) -> String {
    use revm::context::result::HaltReason::*;
    match reason {
        OutOfGas(_) => "out of gas".into(),
        OpcodeNotFound | InvalidFEOpcode => "invalid opcode".into(),
        StackUnderflow => "stack underflow".into(),
        StackOverflow => "stack limit reached".into(),
        CallTooDeep => "max call depth exceeded".into(),
        StateChangeDuringStaticCall => "write protection".into(),
        other => format!("{other:?}"),
    }
}

/// Applies `eth_call` state overrides.
fn apply_overrides(state: &mut State, overrides: &StateOverride) {
    for (address, account) in overrides {
        if let Some(balance) = account.balance {
            state.account_mut(*address).balance = balance;
        }
        if let Some(nonce) = account.nonce {
            state.account_mut(*address).nonce = nonce;
        }
        if let Some(code) = &account.code {
            state.set_code(*address, code.clone());
        }
        if let Some(slots) = &account.state {
            state.account_mut(*address).storage = Default::default();
            for (slot, value) in slots {
                state.set_storage(
                    *address,
                    U256::from_be_bytes(slot.0),
                    U256::from_be_bytes(value.0),
                );
            }
        }
        if let Some(diff) = &account.state_diff {
            for (slot, value) in diff {
                state.set_storage(
                    *address,
                    U256::from_be_bytes(slot.0),
                    U256::from_be_bytes(value.0),
                );
            }
        }
    }
}

/// Wei as ether with two decimals.
fn ether(wei: U256) -> String {
    let hundredths = wei / U256::from(10_000_000_000_000_000u64);
    let hundredths: u128 = hundredths.saturating_to();
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}
