//! Arbitrum's transaction rules on top of revm's mainnet handler.
//!
//! Most differences are configuration (`crate::backend::exec`): no EIP-7623 calldata floor
//! and no EIP-7825 gas cap (both off on Arbitrum at ArbOS 51), tips dropped before execution
//! (the node passes a zero priority fee, as ArbOS does until version 60), EIP-3541 checked by
//! [`super::ArbEvm`] with the Stylus exception. What the handler changes is where fees go: the
//! base fee is not burnt but paid to the network fee account (Nitro's `tx_processor.go`).

use std::{convert::Infallible, marker::PhantomData};

use alloy_primitives::U256;
use revm::{
    context::result::{EVMError, HaltReason, InvalidTransaction},
    context_interface::{Block, Cfg, ContextTr, JournalTr},
    handler::{FrameResult, Handler},
};

use super::{stylus::JournalSlots, ArbEvm};
use crate::arbos;

/// The error a transaction can end with before or outside execution.
pub type TxError = EVMError<Infallible, InvalidTransaction>;

/// Arbitrum's handler.
#[derive(Debug, Default)]
pub struct ArbHandler {
    _private: PhantomData<()>,
}

impl Handler for ArbHandler {
    type Evm = ArbEvm;
    type Error = TxError;
    type HaltReason = HaltReason;

    fn reward_beneficiary(
        &self,
        evm: &mut ArbEvm,
        exec_result: &mut FrameResult,
    ) -> Result<(), TxError> {
        let ctx = evm.ctx_mut();
        if ctx.cfg().is_fee_charge_disabled() {
            return Ok(());
        }
        let fee = U256::from(ctx.block().basefee()) * U256::from(exec_result.gas().used());
        let journal = ctx.journal_mut();
        let network = arbos::network_fee_account(&mut JournalSlots(journal));
        journal.balance_incr(network, fee)?;
        Ok(())
    }
}
