//! Running one transaction or call on a state: the revm environment as Arbitrum sets it up
//! (ArbOS 51 = Osaka rules without EIP-7623 and EIP-7825, the Stylus EIP-3541 exception,
//! tips dropped, fees to the network fee account), and gas estimation.

use std::sync::Arc;

use alloy_primitives::{address, Address, B256, U256};
use revm::{
    context::{result::ExecutionResult, BlockEnv, CfgEnv, TxEnv},
    context_interface::block::BlobExcessGasAndPrice,
    context_interface::JournalTr,
    handler::Handler,
    primitives::hardfork::SpecId,
    Context, Journal,
};

use super::db::{State, StateDb};
use crate::{
    evm::{handler::ArbHandler, handler::TxError, ArbChain, ArbEvm, Programs},
    precompiles::ArbPrecompiles,
};

/// The chain's constants.
#[derive(Debug, Clone)]
pub struct Chain {
    /// `block.chainid`.
    pub chain_id: u64,
    /// The ArbOS version.
    pub arbos_version: u64,
    /// The constant L2 base fee in wei (ArbOS's minimum: 0.1 gwei).
    pub base_fee: u64,
    /// The gas limit block headers show (`GethBlockGasLimit`, 2^50).
    pub header_gas_limit: u64,
    /// Gas a transaction may use (ArbOS 50's `PerTxGasLimit`, 32M): gas above it is held back
    /// and refunded.
    pub per_tx_gas_limit: u64,
    /// Gas `eth_call` and `eth_estimateGas` allow (geth's `RPCGasCap`).
    pub rpc_gas_cap: u64,
    /// The block's `coinbase`: the sequencer's batch poster.
    pub beneficiary: Address,
}

/// The batch poster address, `block.coinbase` on Arbitrum (`l1pricing.BatchPosterAddress`).
pub const BATCH_POSTER: Address = address!("A4B000000000000000000073657175656e636572");

impl Chain {
    /// Nitro's dev chain at ArbOS 51 with `chain_id`.
    pub fn dev(chain_id: u64) -> Self {
        Self {
            chain_id,
            arbos_version: stylus_runtime::ARBOS_VERSION,
            base_fee: 100_000_000,
            header_gas_limit: 1 << 50,
            per_tx_gas_limit: 32_000_000,
            rpc_gas_cap: 50_000_000,
            beneficiary: BATCH_POSTER,
        }
    }
}

/// The block a transaction runs in.
#[derive(Debug, Clone)]
pub struct BlockInfo {
    /// The L2 block number.
    pub number: u64,
    /// `block.timestamp`.
    pub timestamp: u64,
    /// Hashes of the blocks before it.
    pub hashes: Arc<Vec<B256>>,
}

/// How a transaction is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A transaction: nonce and fees as signed.
    Transaction,
    /// `eth_call` or a gas estimate: no nonce check, and no base fee unless a price is given.
    Call,
}

/// A finished run.
pub struct Run {
    /// revm's result.
    pub result: ExecutionResult,
    /// The state after it.
    pub state: State,
    /// Why a program could not start, or a precompile's plain error, for error messages.
    pub program_error: Option<String>,
}

/// Runs `tx` on `state` in `block`. `stylus_gas_price` is what programs see as
/// `tx.gasprice`.
pub fn run(
    chain: &Chain,
    programs: &Programs,
    state: &State,
    block: &BlockInfo,
    mut tx: TxEnv,
    stylus_gas_price: U256,
    mode: Mode,
) -> Result<Run, TxError> {
    let mut cfg = CfgEnv::new_with_spec(SpecId::OSAKA);
    cfg.chain_id = chain.chain_id;
    // Arbitrum applies neither EIP-7623's calldata floor nor EIP-7825's 2^24 gas cap.
    cfg.disable_eip7623 = true;
    cfg.tx_gas_limit_cap = Some(u64::MAX);
    // ArbEvm applies EIP-3541 itself, with the Stylus exception.
    cfg.disable_eip3541 = true;
    cfg.limit_contract_code_size = Some(24_576);
    if mode == Mode::Call {
        // As geth's eth_call: no nonce check, and the sender may have code (EIP-3607 off).
        cfg.disable_nonce_check = true;
        cfg.disable_eip3607 = true;
        if tx.gas_price == 0 {
            cfg.disable_base_fee = true;
        }
    }
    if mode == Mode::Call {
        tx.chain_id = Some(chain.chain_id);
    }
    let block_env = BlockEnv {
        // `block.number` in the EVM is the L1 block number, which a node without L1 keeps at 0
        // (as `nitro --dev` does); `ArbSys.arbBlockNumber()` is the L2 number.
        number: U256::ZERO,
        beneficiary: chain.beneficiary,
        timestamp: U256::from(block.timestamp),
        gas_limit: chain.header_gas_limit,
        basefee: chain.base_fee,
        difficulty: U256::from(1),
        prevrandao: Some(B256::from(U256::from(1))),
        // Arbitrum has no blobs; revm needs a value from Cancun on.
        blob_excess_gas_and_price: Some(BlobExcessGasAndPrice::new_with_spec(0, SpecId::OSAKA)),
        ..BlockEnv::default()
    };
    let db = StateDb {
        state: state.clone(),
        block_hashes: block.hashes.clone(),
    };
    let chain_ctx = ArbChain {
        arbos_version: chain.arbos_version,
        block_number: block.number,
        block_hashes: block.hashes.clone(),
        tx_gas_price: stylus_gas_price,
        programs: programs.clone(),
        callers: Vec::new(),
        program_error: None,
    };
    let mut journal = Journal::new(db);
    journal.set_spec_id(SpecId::OSAKA);
    let ctx = Context {
        block: block_env,
        tx,
        cfg,
        journaled_state: journal,
        chain: chain_ctx,
        local: Default::default(),
        error: Ok(()),
    };
    let mut evm = ArbEvm::new(ctx, ArbPrecompiles::default());
    let result = ArbHandler::default().run(&mut evm);
    let changes = evm.ctx_mut().journaled_state.finalize();
    let result = result?;
    let mut after = evm.ctx().journaled_state.db().state.clone();
    after.commit(changes);
    Ok(Run {
        result,
        state: after,
        program_error: evm.ctx_mut().chain.program_error.take(),
    })
}
