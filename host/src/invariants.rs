//! Checks every call of a fuzzing run must pass, shared by the proptest smoke run and the
//! libFuzzer target: the call ends in success or a clean revert (never a trap or out of
//! ink), a revert changes no storage and logs nothing, and `totalSupply` equals the sum of the
//! balances of every account a `Transfer` ever named.

use std::collections::BTreeSet;

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::SolEvent;
use stylus_token::erc20::Transfer;

use crate::{Chain, Outcome, Receipt};

/// What a run has seen so far.
pub struct Invariants {
    token: Address,
    holders: BTreeSet<Address>,
}

impl Invariants {
    /// Starts tracking `token`, whose initial supply went to `holder`.
    pub fn new(token: Address, holder: Address) -> Self {
        Self {
            token,
            holders: [holder].into(),
        }
    }

    /// Checks one call, given the token's storage from before it.
    pub fn check(
        &mut self,
        chain: &Chain,
        before: &[(B256, B256)],
        receipt: &Receipt,
    ) -> Result<(), String> {
        if !matches!(receipt.outcome, Outcome::Success | Outcome::Revert) {
            return Err(format!("a trap or out of ink: {receipt:?}"));
        }
        if receipt.outcome == Outcome::Revert {
            if chain.storage_slots(self.token) != before {
                return Err("a revert changed storage".into());
            }
            if !receipt.logs.is_empty() {
                return Err("a revert logged".into());
            }
        }
        for log in &receipt.logs {
            if log.topics.first() == Some(&Transfer::SIGNATURE_HASH) {
                let t = Transfer::decode_raw_log(log.topics.iter().copied(), &log.data)
                    .map_err(|e| format!("a malformed Transfer: {e}"))?;
                self.holders.extend([t.from, t.to]);
            }
        }
        let mut sum = U256::ZERO;
        for holder in self.holders.iter().filter(|a| !a.is_zero()) {
            let mut key = [0u8; 64];
            key[12..32].copy_from_slice(holder.as_slice());
            let balance = U256::from_be_bytes(chain.storage(self.token, keccak256(key)).0);
            sum = sum.checked_add(balance).ok_or("balances overflow")?;
        }
        let supply = U256::from_be_bytes(chain.storage(self.token, B256::from(U256::from(2))).0);
        if sum != supply {
            return Err(format!("totalSupply {supply} != sum of balances {sum}"));
        }
        Ok(())
    }
}
