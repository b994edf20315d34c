//! The boundary between a program and the world: what a program call may ask of the EVM side,
//! with the gas each request costs.
//!
//! Modelled on Nitro's `EvmApi` (`crates/arbutil/src/evm/api.rs`) as its Go side answers it
//! (`arbos/programs/api.go`): the storage cache stays in the runtime, as in Nitro's
//! `EvmApiRequestor`, so the world only reads and writes slots. Costs are EVM gas; the runtime
//! converts them to ink and charges them.

use alloy_primitives::{Address, B256, U256};

/// How a program calls another account (`call_contract`, `delegate_call_contract`,
/// `static_call_contract`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallKind {
    /// `CALL`: the callee's code on the callee's storage, with value.
    Call,
    /// `DELEGATECALL`: the callee's code on the caller's storage, sender and value.
    Delegate,
    /// `STATICCALL`: like `CALL` without value, and nothing may be written.
    Static,
}

/// The status of a request that can fail on the EVM side (Nitro's `EvmApiStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiStatus {
    /// Done.
    Success,
    /// Not enough gas for every write.
    OutOfGas,
    /// A write in a static call.
    WriteProtection,
}

/// What a call from a program returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallOutput {
    /// Whether the callee succeeded.
    pub success: bool,
    /// Gas the call cost the caller: the access and value costs and what the callee used.
    pub cost: u64,
    /// The callee's return or revert data.
    pub return_data: Vec<u8>,
}

/// What a `create1`/`create2` from a program returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreateOutput {
    /// The creation ran: `address` is zero if its init code failed.
    Done {
        /// The new contract, or zero.
        address: Address,
        /// Gas the creation cost.
        cost: u64,
        /// The init code's revert data (empty on success).
        return_data: Vec<u8>,
    },
    /// The request itself was refused (a create in a static call): the program traps.
    Refused {
        /// Why.
        reason: String,
    },
}

/// The block, transaction and message a program call runs in (Nitro's `EvmData`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvmData {
    /// The ArbOS version.
    pub arbos_version: u64,
    /// `block.basefee`.
    pub block_basefee: U256,
    /// `block.chainid`.
    pub chain_id: u64,
    /// `block.coinbase`.
    pub block_coinbase: Address,
    /// `block.gaslimit`.
    pub block_gas_limit: u64,
    /// `block.number`: on Arbitrum, the L1 block number estimate.
    pub block_number: u64,
    /// `block.timestamp`.
    pub block_timestamp: u64,
    /// `address(this)`: whose storage the call acts on.
    pub contract_address: Address,
    /// `msg.sender`.
    pub msg_sender: Address,
    /// `msg.value`.
    pub msg_value: U256,
    /// `tx.gasprice`.
    pub tx_gas_price: U256,
    /// `tx.origin`.
    pub tx_origin: Address,
    /// Whether the program is already running further up the call stack.
    pub reentrant: bool,
    /// Whether the program is cached (it then pays only the cached entry cost).
    pub cached: bool,
}

/// The world as a program sees it. Every method is one EVM verb; those that cost gas return
/// it.
pub trait EvmApi {
    /// `SLOAD` of `key` in the program's storage: the value and its access cost (EIP-2929).
    fn get_bytes32(&mut self, key: B256) -> (B256, u64);

    /// `SSTORE` of each `(key, value)`, in order, each paid from `gas_left` (EIP-2200, 2929,
    /// 3529; refunds are the world's to keep).
    fn set_trie_slots(&mut self, slots: &[(B256, B256)], gas_left: &mut u64) -> ApiStatus;

    /// `TLOAD` of `key`.
    fn get_transient_bytes32(&mut self, key: B256) -> B256;

    /// `TSTORE` of `value` at `key`.
    fn set_transient_bytes32(&mut self, key: B256, value: B256) -> ApiStatus;

    /// A call to `to` with `input`, offering `gas_req` of the caller's `gas_left` (the
    /// world applies the 63/64 rule and the value stipend, as the EVM's `CALL` does).
    fn call(
        &mut self,
        kind: CallKind,
        to: Address,
        input: &[u8],
        gas_left: u64,
        gas_req: u64,
        value: U256,
    ) -> CallOutput;

    /// `CREATE` (no salt) or `CREATE2` of `init_code` with `endowment`, from `gas`.
    fn create(
        &mut self,
        init_code: &[u8],
        endowment: U256,
        salt: Option<B256>,
        gas: u64,
    ) -> CreateOutput;

    /// Emits a log from the program; an error (a log in a static call) makes it trap.
    fn emit_log(&mut self, topics: &[B256], data: &[u8]) -> Result<(), String>;

    /// `BALANCE` of `address`, and its access cost.
    fn account_balance(&mut self, address: Address) -> (U256, u64);

    /// `EXTCODECOPY` of `address`'s whole code, and its cost; empty if `gas_left` cannot pay
    /// for the access.
    fn account_code(&mut self, address: Address, gas_left: u64) -> (Vec<u8>, u64);

    /// `EXTCODEHASH` of `address`, and its access cost.
    fn account_codehash(&mut self, address: Address) -> (B256, u64);

    /// The transaction's Stylus memory counters: pages open now and the most ever open.
    fn stylus_pages(&self) -> (u16, u16);

    /// Opens `pages` more pages and returns their gas (Nitro's memory model).
    fn add_pages(&mut self, pages: u16) -> u64;

    /// Closes pages back to `open`, when a program call returns.
    fn set_stylus_pages_open(&mut self, open: u16);
}
