//! The genesis state: funded dev accounts, ArbOS state (version, Stylus parameters, data
//! pricer, chain owners), code `0xFE` at every Arbitrum precompile, the CREATE2 factory and
//! the StylusDeployer deployed through it (as nitro-devnode's script deploys it).

use std::sync::Arc;

use alloy_primitives::{Address, Bytes, TxKind, B256, U256};
use revm::context::TxEnv;

use super::{
    db::{AccountSlots, State},
    exec::{self, BlockInfo, Chain, Mode},
};
use crate::{
    accounts::DEVNODE_ACCOUNT,
    arbos,
    deployer::{CREATE2_FACTORY, FACTORY_CODE, STYLUS_DEPLOYER},
    evm::Programs,
    precompiles::arbitrum_addresses,
    Error, Result,
};

/// Builds the genesis state.
pub fn state(
    chain: &Chain,
    programs: &Programs,
    funded: &[(Address, U256)],
    deployer_init_code: &Bytes,
    timestamp: u64,
) -> Result<State> {
    let mut state = State::default();
    for (address, balance) in funded {
        state.account_mut(*address).balance = *balance;
    }
    for address in arbitrum_addresses() {
        state.set_code(address, Bytes::from_static(&[0xfe]));
    }
    // ArbOS keeps its state account's nonce at 1 so that it is never an empty account.
    state.account_mut(arbos::ARBOS_STATE).nonce = 1;
    // Nitro's dev chain adds the zero address (its `InitialChainOwner`) and the dev account.
    arbos::initialize(
        &mut AccountSlots {
            state: &mut state,
            address: arbos::ARBOS_STATE,
        },
        chain.arbos_version,
        &[Address::ZERO, DEVNODE_ACCOUNT],
    );
    state.set_code(CREATE2_FACTORY, Bytes::from_static(&FACTORY_CODE));
    state.account_mut(CREATE2_FACTORY).nonce = 1;

    // The deployer, through the factory with salt 0.
    let mut data = B256::ZERO.to_vec();
    data.extend_from_slice(deployer_init_code);
    let tx = TxEnv {
        caller: Address::ZERO,
        kind: TxKind::Call(CREATE2_FACTORY),
        data: data.into(),
        gas_limit: chain.per_tx_gas_limit,
        gas_price: 0,
        ..TxEnv::default()
    };
    let block = BlockInfo {
        number: 0,
        timestamp,
        hashes: Arc::new(Vec::new()),
    };
    let run = exec::run(chain, programs, &state, &block, tx, U256::ZERO, Mode::Call)
        .map_err(|e| Error::Internal(format!("deploying the StylusDeployer: {e}")))?;
    let output = run.result.output().cloned().unwrap_or_default();
    if !run.result.is_success() || output.as_ref() != STYLUS_DEPLOYER.as_slice() {
        return Err(Error::Internal(format!(
            "deploying the StylusDeployer failed: {:?}",
            run.result
        )));
    }
    for address in [STYLUS_DEPLOYER, CREATE2_FACTORY] {
        let account = run
            .state
            .account(address)
            .cloned()
            .expect("the deployment made both accounts");
        let code_hash = account.code_hash;
        if let Some(code) = run.state.codes.get(&code_hash) {
            state.codes.insert(code_hash, code.clone());
        }
        state.accounts.insert(address, account);
    }
    Ok(state)
}
