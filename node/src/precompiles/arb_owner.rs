//! ArbOwnerPublic (0x6b) and ArbOwner (0x70): the chain owners and what they may change
//! (`precompiles/ArbOwnerPublic.go`, `ArbOwner.go`, `wrapper.go`). ArbOwner's methods are free
//! for owners and emit `OwnerActs`; anyone else fails with all gas. This node implements the
//! owner and cache-manager methods; the pricing setters are not.

use alloy_primitives::{Address, Bytes, FixedBytes};
use alloy_sol_types::{sol, SolCall};

use super::{Body, Exit, PrecompileCall, Purity};
use crate::arbos::{self, AddressSet, Space};

sol! {
    /// ArbOwnerPublic, as far as this node implements it.
    interface ArbOwnerPublic {
        function isChainOwner(address addr) external view returns (bool);
        function getAllChainOwners() external view returns (address[] memory);
        function getNetworkFeeAccount() external view returns (address);
        function getInfraFeeAccount() external view returns (address);
    }

    /// ArbOwner, as far as this node implements it.
    interface ArbOwner {
        function addChainOwner(address newOwner) external;
        function removeChainOwner(address ownerToRemove) external;
        function isChainOwner(address addr) external view returns (bool);
        function getAllChainOwners() external view returns (address[] memory);
        function setNetworkFeeAccount(address newNetworkFeeAccount) external;
        function addWasmCacheManager(address manager) external;
        function removeWasmCacheManager(address manager) external;

        event OwnerActs(bytes4 indexed method, address indexed owner, bytes data);
    }
}

/// ArbOwnerPublic's method for `selector`.
pub(super) fn public_method(selector: [u8; 4]) -> Option<(Purity, Body)> {
    use ArbOwnerPublic::*;
    Some(match selector {
        isChainOwnerCall::SELECTOR => (Purity::View, |c| {
            let call: isChainOwnerCall = c.decode()?;
            c.burn(800)?;
            let yes = AddressSet::chain_owners().contains(&mut c.slots(), call.addr);
            Ok(isChainOwnerCall::abi_encode_returns(&yes))
        }),
        getAllChainOwnersCall::SELECTOR => (Purity::View, |c| {
            Ok(getAllChainOwnersCall::abi_encode_returns(&owners(c)?))
        }),
        getNetworkFeeAccountCall::SELECTOR => (Purity::View, |c| {
            c.burn(800)?;
            let account = arbos::network_fee_account(&mut c.slots());
            Ok(getNetworkFeeAccountCall::abi_encode_returns(&account))
        }),
        getInfraFeeAccountCall::SELECTOR => (Purity::View, |c| {
            c.burn(800)?;
            Ok(getInfraFeeAccountCall::abi_encode_returns(&Address::ZERO))
        }),
        _ => return None,
    })
}

fn owners(c: &mut PrecompileCall<'_>) -> Result<Vec<Address>, Exit> {
    c.burn(800)?;
    let all = AddressSet::chain_owners().all(&mut c.slots());
    c.burn(800 * all.len() as u64)?;
    Ok(all)
}

/// ArbOwner's method for `selector`, wrapped in the owner check.
pub(super) fn method(selector: [u8; 4]) -> Option<(Purity, Body)> {
    use ArbOwner::*;
    let (purity, body): (Purity, Body) = match selector {
        addChainOwnerCall::SELECTOR => (Purity::Write, |c| {
            let call: addChainOwnerCall = c.decode()?;
            owner_acts(c, addChainOwnerCall::SELECTOR)?;
            AddressSet::chain_owners().add(&mut c.slots(), call.newOwner);
            Ok(Vec::new())
        }),
        removeChainOwnerCall::SELECTOR => (Purity::Write, |c| {
            let call: removeChainOwnerCall = c.decode()?;
            owner_acts(c, removeChainOwnerCall::SELECTOR)?;
            if !AddressSet::chain_owners().remove(&mut c.slots(), call.ownerToRemove) {
                return Err(Exit::Plain("tried to remove non-owner".into()));
            }
            Ok(Vec::new())
        }),
        isChainOwnerCall::SELECTOR => (Purity::View, |c| {
            let call: isChainOwnerCall = c.decode()?;
            owner_acts(c, isChainOwnerCall::SELECTOR)?;
            let yes = AddressSet::chain_owners().contains(&mut c.slots(), call.addr);
            Ok(isChainOwnerCall::abi_encode_returns(&yes))
        }),
        getAllChainOwnersCall::SELECTOR => (Purity::View, |c| {
            owner_acts(c, getAllChainOwnersCall::SELECTOR)?;
            let all = AddressSet::chain_owners().all(&mut c.slots());
            Ok(getAllChainOwnersCall::abi_encode_returns(&all))
        }),
        setNetworkFeeAccountCall::SELECTOR => (Purity::Write, |c| {
            let call: setNetworkFeeAccountCall = c.decode()?;
            owner_acts(c, setNetworkFeeAccountCall::SELECTOR)?;
            let slot = Space::ROOT.offset(3);
            use crate::arbos::Slots;
            c.slots().store(slot, call.newNetworkFeeAccount.into_word());
            Ok(Vec::new())
        }),
        addWasmCacheManagerCall::SELECTOR => (Purity::Write, |c| {
            let call: addWasmCacheManagerCall = c.decode()?;
            owner_acts(c, addWasmCacheManagerCall::SELECTOR)?;
            AddressSet::cache_managers().add(&mut c.slots(), call.manager);
            Ok(Vec::new())
        }),
        removeWasmCacheManagerCall::SELECTOR => (Purity::Write, |c| {
            let call: removeWasmCacheManagerCall = c.decode()?;
            owner_acts(c, removeWasmCacheManagerCall::SELECTOR)?;
            if !AddressSet::cache_managers().remove(&mut c.slots(), call.manager) {
                return Err(Exit::Plain("tried to remove non-manager".into()));
            }
            Ok(Vec::new())
        }),
        _ => return None,
    };
    Some((purity, body))
}

/// The owner check (`wrapper.go`): an owner's call is free and logged with `OwnerActs`
/// (except in a static call); anyone else's consumes all gas.
fn owner_acts(c: &mut PrecompileCall<'_>, method: [u8; 4]) -> Result<(), Exit> {
    let caller = c.caller;
    if !AddressSet::chain_owners().contains(&mut c.slots(), caller) {
        c.ctx.chain.program_error = Some("unauthorized caller to access-controlled method".into());
        return Err(Exit::BurnOut);
    }
    c.refund_all();
    if !c.is_static {
        let data: Bytes = c.args.clone();
        let log = ArbOwner::OwnerActs {
            method: FixedBytes(method),
            owner: caller,
            data,
        };
        c.emit_free(log);
    }
    Ok(())
}
