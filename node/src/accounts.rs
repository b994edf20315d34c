//! Dev accounts: Nitro's devnode account (the chain owner) and the accounts of the test
//! mnemonic that anvil and hardhat use, with their keys.

use alloy_primitives::{address, b256, Address, B256};
use alloy_signer_local::{coins_bip39::English, MnemonicBuilder, PrivateKeySigner};

use crate::{Error, Result};

/// The devnode's publicly documented account (nitro-devnode `README.md`, `run-dev-node.sh`).
pub const DEVNODE_ACCOUNT: Address = address!("3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E");

/// Its private key, published with it.
pub const DEVNODE_KEY: B256 =
    b256!("b6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659");

/// The test mnemonic of anvil and hardhat.
pub const TEST_MNEMONIC: &str = "test test test test test test test test test test test junk";

/// The derivation path prefix (`m/44'/60'/0'/0/i`).
pub const DERIVATION_PATH: &str = "m/44'/60'/0'/0/";

/// A dev account: its address and key.
#[derive(Debug, Clone)]
pub struct DevAccount {
    /// The address.
    pub address: Address,
    /// The signer holding the key.
    pub signer: PrivateKeySigner,
}

impl DevAccount {
    fn new(signer: PrivateKeySigner) -> Self {
        Self {
            address: signer.address(),
            signer,
        }
    }

    /// The private key, hex.
    pub fn key_hex(&self) -> String {
        format!(
            "0x{}",
            alloy_primitives::hex::encode(self.signer.to_bytes())
        )
    }
}

/// The devnode account, then `count` accounts of the test mnemonic.
pub fn dev_accounts(count: usize) -> Result<Vec<DevAccount>> {
    let devnode = PrivateKeySigner::from_bytes(&DEVNODE_KEY)
        .map_err(|e| Error::Internal(format!("devnode key: {e}")))?;
    let mut accounts = vec![DevAccount::new(devnode)];
    for index in 0..count {
        let signer = MnemonicBuilder::<English>::default()
            .phrase(TEST_MNEMONIC)
            .derivation_path(format!("{DERIVATION_PATH}{index}"))
            .and_then(|b| b.build())
            .map_err(|e| Error::Internal(format!("mnemonic account {index}: {e}")))?;
        accounts.push(DevAccount::new(signer));
    }
    Ok(accounts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_give_the_published_addresses() {
        let accounts = dev_accounts(3).unwrap();
        assert_eq!(accounts[0].address, DEVNODE_ACCOUNT);
        // anvil's first three accounts.
        assert_eq!(
            accounts[1].address,
            address!("f39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        );
        assert_eq!(
            accounts[1].key_hex(),
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
        );
        assert_eq!(
            accounts[2].address,
            address!("70997970C51812dc3A010C7d01b50e0d17dc79C8")
        );
        assert_eq!(
            accounts[3].address,
            address!("3C44CdDdB6a900fa2b585dd299e03d12FA4293BC")
        );
    }
}
