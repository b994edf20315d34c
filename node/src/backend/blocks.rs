//! Mined blocks, transactions and receipts, as the node keeps and persists them, and their
//! JSON-RPC forms (alloy's types, with Arbitrum's extra fields).

use alloy_consensus::{
    proofs, Eip658Value, Header, Receipt, ReceiptEnvelope, ReceiptWithBloom, Transaction as _,
    TxEnvelope, TxType,
};
use alloy_eips::eip2718::{Decodable2718, Encodable2718};
use alloy_primitives::{Address, Bloom, Bytes, Log, B256, B64, U256};
use alloy_rpc_types_eth::{
    Block as RpcBlock, BlockTransactions, Header as RpcHeader, Log as RpcLog,
    Transaction as RpcTransaction, TransactionReceipt,
};
use alloy_serde::{OtherFields, WithOtherFields};
use serde::{Deserialize, Serialize};

/// What a mined transaction left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredReceipt {
    /// Whether it succeeded.
    pub success: bool,
    /// Its gas.
    pub gas_used: u64,
    /// The block's gas up to and including it.
    pub cumulative_gas_used: u64,
    /// Its logs.
    pub logs: Vec<Log>,
    /// The contract a creation made.
    pub contract_address: Option<Address>,
    /// Wei per gas paid (the base fee: ArbOS drops tips).
    pub effective_gas_price: u128,
}

impl StoredReceipt {
    /// The receipt as consensus encodes it for the receipts root.
    pub fn envelope(&self, tx_type: TxType) -> ReceiptEnvelope {
        let receipt = Receipt {
            status: Eip658Value::Eip658(self.success),
            cumulative_gas_used: self.cumulative_gas_used,
            logs: self.logs.clone(),
        };
        ReceiptEnvelope::from_typed(tx_type, ReceiptWithBloom::from(receipt))
    }
}

/// A mined transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredTx {
    /// The signed transaction, EIP-2718 encoded: its hash is `keccak256` of these bytes.
    pub raw: Bytes,
    /// The recovered sender.
    pub sender: Address,
    /// Its receipt.
    pub receipt: StoredReceipt,
}

impl StoredTx {
    /// The transaction.
    pub fn envelope(&self) -> TxEnvelope {
        TxEnvelope::decode_2718(&mut self.raw.as_ref())
            .expect("only decodable transactions are stored")
    }

    /// Its hash.
    pub fn hash(&self) -> B256 {
        alloy_primitives::keccak256(&self.raw)
    }
}

/// A mined block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredBlock {
    /// The header.
    pub header: Header,
    /// Its hash.
    pub hash: B256,
    /// Its transactions, in order.
    pub transactions: Vec<StoredTx>,
}

/// Arbitrum's header layout (go-ethereum `core/types/arb_types.go` `HeaderInfo`):
/// `mixHash` carries the send count, the L1 block number and the ArbOS version.
pub fn mix_hash(send_count: u64, l1_block_number: u64, arbos_version: u64) -> B256 {
    let mut mix = [0u8; 32];
    mix[..8].copy_from_slice(&send_count.to_be_bytes());
    mix[8..16].copy_from_slice(&l1_block_number.to_be_bytes());
    mix[16..24].copy_from_slice(&arbos_version.to_be_bytes());
    B256::from(mix)
}

/// The fields every Arbitrum header shares.
pub struct HeaderFields {
    /// `miner`.
    pub beneficiary: Address,
    /// `gasLimit` (2^50 on Arbitrum: the real limits are ArbOS's).
    pub gas_limit: u64,
    /// `baseFeePerGas`.
    pub base_fee: u64,
    /// The ArbOS version, for `mixHash`.
    pub arbos_version: u64,
}

impl StoredBlock {
    /// Seals a block of `transactions` on `parent` (or genesis), with `state_root` after them.
    pub fn seal(
        parent: Option<&StoredBlock>,
        fields: &HeaderFields,
        timestamp: u64,
        state_root: B256,
        transactions: Vec<StoredTx>,
    ) -> Self {
        let envelopes: Vec<TxEnvelope> = transactions.iter().map(StoredTx::envelope).collect();
        let receipts: Vec<ReceiptEnvelope> = transactions
            .iter()
            .zip(&envelopes)
            .map(|(tx, envelope)| tx.receipt.envelope(envelope.tx_type()))
            .collect();
        let mut logs_bloom = Bloom::default();
        for receipt in &receipts {
            logs_bloom.accrue_bloom(receipt.logs_bloom());
        }
        let header = Header {
            parent_hash: parent.map(|p| p.hash).unwrap_or_default(),
            ommers_hash: alloy_consensus::EMPTY_OMMER_ROOT_HASH,
            beneficiary: if parent.is_some() {
                fields.beneficiary
            } else {
                Address::ZERO
            },
            state_root,
            transactions_root: proofs::calculate_transaction_root(&envelopes),
            receipts_root: proofs::calculate_receipt_root(&receipts),
            logs_bloom,
            difficulty: U256::from(1),
            number: parent.map(|p| p.header.number + 1).unwrap_or(0),
            gas_limit: fields.gas_limit,
            gas_used: transactions
                .last()
                .map(|t| t.receipt.cumulative_gas_used)
                .unwrap_or(0),
            timestamp,
            extra_data: Bytes::from(vec![0u8; 32]),
            mix_hash: mix_hash(0, 0, fields.arbos_version),
            // Delayed messages read: the genesis block reads the init message.
            nonce: B64::from(1u64),
            base_fee_per_gas: Some(fields.base_fee),
            withdrawals_root: None,
            blob_gas_used: None,
            excess_blob_gas: None,
            parent_beacon_block_root: None,
            requests_hash: None,
        };
        let hash = header.hash_slow();
        Self {
            header,
            hash,
            transactions,
        }
    }

    /// Arbitrum's block fields (`fillArbitrumNitroHeaderInfo`).
    fn arbitrum_fields() -> OtherFields {
        let mut other = OtherFields::default();
        other.insert("l1BlockNumber".into(), "0x0".into());
        other.insert("sendCount".into(), "0x0".into());
        other.insert("sendRoot".into(), B256::ZERO.to_string().into());
        other
    }

    /// The header as JSON-RPC returns it.
    pub fn rpc_header(&self) -> WithOtherFields<RpcHeader> {
        let mut header = RpcHeader::from_sealed(alloy_consensus::Sealed::new_unchecked(
            self.header.clone(),
            self.hash,
        ));
        header.size = Some(U256::from(self.size()));
        WithOtherFields {
            inner: header,
            other: Self::arbitrum_fields(),
        }
    }

    /// The block's RLP size.
    fn size(&self) -> usize {
        alloy_rlp::Encodable::length(&self.header)
            + self.transactions.iter().map(|t| t.raw.len()).sum::<usize>()
    }

    /// The block as JSON-RPC returns it, with full transactions or their hashes.
    pub fn rpc(&self, full: bool) -> WithOtherFields<RpcBlock<RpcTransaction>> {
        let transactions = if full {
            BlockTransactions::Full(
                (0..self.transactions.len())
                    .map(|i| self.rpc_transaction(i))
                    .collect(),
            )
        } else {
            BlockTransactions::Hashes(self.transactions.iter().map(StoredTx::hash).collect())
        };
        WithOtherFields {
            inner: RpcBlock {
                header: self.rpc_header().inner,
                uncles: Vec::new(),
                transactions,
                withdrawals: None,
            },
            other: Self::arbitrum_fields(),
        }
    }

    /// Transaction `index` as JSON-RPC returns it.
    pub fn rpc_transaction(&self, index: usize) -> RpcTransaction {
        let tx = &self.transactions[index];
        let envelope = tx.envelope();
        let base_fee = self.header.base_fee_per_gas;
        RpcTransaction {
            effective_gas_price: Some(envelope.effective_gas_price(base_fee)),
            inner: alloy_consensus::transaction::Recovered::new_unchecked(envelope, tx.sender),
            block_hash: Some(self.hash),
            block_number: Some(self.header.number),
            transaction_index: Some(index as u64),
        }
    }

    /// The logs of transaction `index`, with their positions; `first` is the block-wide index
    /// of its first log.
    pub fn rpc_logs(&self, index: usize, first: u64) -> Vec<RpcLog> {
        let tx = &self.transactions[index];
        let hash = tx.hash();
        tx.receipt
            .logs
            .iter()
            .enumerate()
            .map(|(i, log)| RpcLog {
                inner: log.clone(),
                block_hash: Some(self.hash),
                block_number: Some(self.header.number),
                block_timestamp: Some(self.header.timestamp),
                transaction_hash: Some(hash),
                transaction_index: Some(index as u64),
                log_index: Some(first + i as u64),
                removed: false,
            })
            .collect()
    }

    /// Every log of the block, in order.
    pub fn all_rpc_logs(&self) -> Vec<RpcLog> {
        let mut first = 0;
        let mut logs = Vec::new();
        for index in 0..self.transactions.len() {
            let tx_logs = self.rpc_logs(index, first);
            first += tx_logs.len() as u64;
            logs.extend(tx_logs);
        }
        logs
    }

    /// The receipt of transaction `index` as JSON-RPC returns it, with Arbitrum's fields.
    pub fn rpc_receipt(&self, index: usize) -> WithOtherFields<TransactionReceipt> {
        let tx = &self.transactions[index];
        let envelope = tx.envelope();
        let first: u64 = self.transactions[..index]
            .iter()
            .map(|t| t.receipt.logs.len() as u64)
            .sum();
        let logs = self.rpc_logs(index, first);
        let consensus = tx.receipt.envelope(envelope.tx_type());
        let bloom = consensus.logs_bloom();
        let receipt = Receipt {
            status: Eip658Value::Eip658(tx.receipt.success),
            cumulative_gas_used: tx.receipt.cumulative_gas_used,
            logs,
        };
        let inner = ReceiptEnvelope::from_typed(
            envelope.tx_type(),
            ReceiptWithBloom {
                receipt,
                logs_bloom: *bloom,
            },
        );
        let mut other = OtherFields::default();
        other.insert("gasUsedForL1".into(), "0x0".into());
        other.insert("l1BlockNumber".into(), "0x0".into());
        WithOtherFields {
            inner: TransactionReceipt {
                inner,
                transaction_hash: tx.hash(),
                transaction_index: Some(index as u64),
                block_hash: Some(self.hash),
                block_number: Some(self.header.number),
                gas_used: tx.receipt.gas_used,
                effective_gas_price: tx.receipt.effective_gas_price,
                blob_gas_used: None,
                blob_gas_price: None,
                from: tx.sender,
                to: envelope.to(),
                contract_address: tx.receipt.contract_address,
            },
            other,
        }
    }
}

/// The encoded form of `tx` (its hash preimage).
pub fn encode(tx: &TxEnvelope) -> Bytes {
    tx.encoded_2718().into()
}
