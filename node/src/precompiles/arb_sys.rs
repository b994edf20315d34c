//! ArbSys (0x64): the chain's identity and the caller's position (`precompiles/ArbSys.go`).

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{sol, SolCall};

use super::{sol_error, Body, Exit, PrecompileCall, Purity};

sol! {
    /// ArbSys, as far as this node implements it.
    interface ArbSys {
        function arbBlockNumber() external view returns (uint256);
        function arbBlockHash(uint256 arbBlockNum) external view returns (bytes32);
        function arbChainID() external view returns (uint256);
        function arbOSVersion() external view returns (uint256);
        function getStorageGasAvailable() external view returns (uint256);
        function isTopLevelCall() external view returns (bool);
        function mapL1SenderContractAddressToL2Alias(address sender, address unused) external pure returns (address);
        function wasMyCallersAddressAliased() external view returns (bool);
        function myCallersAddressWithoutAliasing() external view returns (address);

        error InvalidBlockNumber(uint256 requested, uint256 current);
    }
}

/// ArbOS reports its version offset by 55 ("Nitro starts at version 56", `ArbSys.go`).
const VERSION_OFFSET: u64 = 55;

/// L1 contracts' addresses on L2 are offset by this (`util.AddressAliasOffset`).
const ALIAS_OFFSET: U256 = U256::from_be_slice(&[
    0x11, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x11, 0x11,
]);

/// The method for `selector`.
pub(super) fn method(selector: [u8; 4]) -> Option<(Purity, Body)> {
    use ArbSys::*;
    Some(match selector {
        arbBlockNumberCall::SELECTOR => (Purity::View, |c| {
            Ok(arbBlockNumberCall::abi_encode_returns(&U256::from(
                c.ctx.chain.block_number,
            )))
        }),
        arbBlockHashCall::SELECTOR => (Purity::View, block_hash),
        arbChainIDCall::SELECTOR => (Purity::View, |c| {
            Ok(arbChainIDCall::abi_encode_returns(&U256::from(
                c.ctx.cfg.chain_id,
            )))
        }),
        arbOSVersionCall::SELECTOR => (Purity::View, |c| {
            let version = VERSION_OFFSET + c.ctx.chain.arbos_version;
            Ok(arbOSVersionCall::abi_encode_returns(&U256::from(version)))
        }),
        getStorageGasAvailableCall::SELECTOR => (Purity::View, |_| {
            Ok(getStorageGasAvailableCall::abi_encode_returns(&U256::ZERO))
        }),
        // The precompile is one level deeper than its caller: top level means at most one
        // frame open below it.
        isTopLevelCallCall::SELECTOR => (Purity::View, |c| {
            Ok(isTopLevelCallCall::abi_encode_returns(
                &(c.ctx.chain.callers.len() <= 1),
            ))
        }),
        mapL1SenderContractAddressToL2AliasCall::SELECTOR => (Purity::Pure, |c| {
            let call: mapL1SenderContractAddressToL2AliasCall = c.decode()?;
            let aliased = U256::from_be_slice(call.sender.as_slice()).wrapping_add(ALIAS_OFFSET);
            let aliased = Address::from_slice(&aliased.to_be_bytes::<32>()[12..]);
            Ok(mapL1SenderContractAddressToL2AliasCall::abi_encode_returns(
                &aliased,
            ))
        }),
        // Only L1-to-L2 messages alias their sender; this node has none.
        wasMyCallersAddressAliasedCall::SELECTOR => (Purity::View, |_| {
            Ok(wasMyCallersAddressAliasedCall::abi_encode_returns(&false))
        }),
        myCallersAddressWithoutAliasingCall::SELECTOR => (Purity::View, |c| {
            let caller = c.ctx.chain.callers.last().copied().unwrap_or_default();
            Ok(myCallersAddressWithoutAliasingCall::abi_encode_returns(
                &caller,
            ))
        }),
        _ => return None,
    })
}

/// `arbBlockHash(n)`: the hash of one of the 256 blocks before this one.
fn block_hash(c: &mut PrecompileCall<'_>) -> Result<Vec<u8>, Exit> {
    let call: ArbSys::arbBlockHashCall = c.decode()?;
    let current = c.ctx.chain.block_number;
    let requested = call.arbBlockNum;
    let invalid = || {
        sol_error(ArbSys::InvalidBlockNumber {
            requested,
            current: U256::from(current),
        })
    };
    let n: u64 = requested.try_into().map_err(|_| invalid())?;
    if n >= current || n.saturating_add(256) < current {
        return Err(invalid());
    }
    let hash: B256 = c
        .ctx
        .chain
        .block_hashes
        .get(n as usize)
        .copied()
        .unwrap_or_default();
    Ok(ArbSys::arbBlockHashCall::abi_encode_returns(&hash))
}
