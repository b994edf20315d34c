//! Calls and creations from a program.

use alloy_primitives::{Address, U256};

use super::{
    buy_gas, buy_ink, count, gas_left, pay_for_read, read, read_address, read_u256, read_word,
    trap, write, write_u32, Ctx, HostResult,
};
use crate::{
    evm_api::{CallKind, CreateOutput},
    pricing::hostio,
};

/// The highest standard precompile address (0x11, BLS12-381 `MAP_FP2_TO_G2`): calls to
/// precompiles count as EVM work in the stats.
const LAST_PRECOMPILE: u8 = 0x11;

/// `CALL`: base ink, two reads of the calldata, then what the world charges for the call.
pub(super) fn call_contract(
    c: Ctx<'_, '_>,
    to: u32,
    data: u32,
    len: u32,
    value: u32,
    gas: u64,
    ret_len: u32,
) -> HostResult<u32> {
    call(
        c,
        "call_contract",
        CallKind::Call,
        to,
        data,
        len,
        Some(value),
        gas,
        ret_len,
    )
}

/// `DELEGATECALL`: priced as [`call_contract`].
pub(super) fn delegate_call_contract(
    c: Ctx<'_, '_>,
    to: u32,
    data: u32,
    len: u32,
    gas: u64,
    ret_len: u32,
) -> HostResult<u32> {
    call(
        c,
        "delegate_call_contract",
        CallKind::Delegate,
        to,
        data,
        len,
        None,
        gas,
        ret_len,
    )
}

/// `STATICCALL`: priced as [`call_contract`].
pub(super) fn static_call_contract(
    c: Ctx<'_, '_>,
    to: u32,
    data: u32,
    len: u32,
    gas: u64,
    ret_len: u32,
) -> HostResult<u32> {
    call(
        c,
        "static_call_contract",
        CallKind::Static,
        to,
        data,
        len,
        None,
        gas,
        ret_len,
    )
}

/// The three calls (`UserHost::call_contract` and its variants): the request offers
/// `min(gas, gas left)`; the status is 0 on success.
#[allow(clippy::too_many_arguments)]
fn call(
    mut c: Ctx<'_, '_>,
    name: &'static str,
    kind: CallKind,
    to: u32,
    data: u32,
    len: u32,
    value: Option<u32>,
    gas: u64,
    ret_len: u32,
) -> HostResult<u32> {
    count(&mut c, name);
    buy_ink(&mut c, hostio::EVM_API_3_PTR)?;
    pay_for_read(&mut c, len)?;
    pay_for_read(&mut c, len)?;
    let gas_left = gas_left(&c);
    let gas_req = gas.min(gas_left);
    let to = read_address(&c, to)?;
    let input = read(&c, data, len)?;
    let value = match value {
        Some(ptr) => read_u256(&c, ptr)?,
        None => U256::ZERO,
    };
    let host = c.data_mut();
    let output = host.api.call(kind, to, &input, gas_left, gas_req, value);
    if is_precompile(to) {
        host.stats.evm_gas += output.cost;
    }
    let returned = output.return_data.len() as u32;
    host.return_data = output.return_data;
    buy_gas(&mut c, output.cost)?;
    write_u32(&mut c, ret_len, returned)?;
    Ok(u32::from(!output.success))
}

fn is_precompile(address: Address) -> bool {
    address[..19].iter().all(|&b| b == 0) && (1..=LAST_PRECOMPILE).contains(&address[19])
}

/// `CREATE`: base ink, two reads of the init code, then what the world charges.
pub(super) fn create1(
    c: Ctx<'_, '_>,
    code: u32,
    code_len: u32,
    endowment: u32,
    contract: u32,
    revert_len: u32,
) -> HostResult {
    create(
        c, "create1", code, code_len, endowment, None, contract, revert_len,
    )
}

/// `CREATE2`: as [`create1`] with one more pointer in the base price.
pub(super) fn create2(
    c: Ctx<'_, '_>,
    code: u32,
    code_len: u32,
    endowment: u32,
    salt: u32,
    contract: u32,
    revert_len: u32,
) -> HostResult {
    create(
        c,
        "create2",
        code,
        code_len,
        endowment,
        Some(salt),
        contract,
        revert_len,
    )
}

#[allow(clippy::too_many_arguments)]
fn create(
    mut c: Ctx<'_, '_>,
    name: &'static str,
    code: u32,
    code_len: u32,
    endowment: u32,
    salt: Option<u32>,
    contract: u32,
    revert_len: u32,
) -> HostResult {
    count(&mut c, name);
    let base = if salt.is_some() {
        hostio::EVM_API_4_PTR
    } else {
        hostio::EVM_API_3_PTR
    };
    buy_ink(&mut c, base)?;
    pay_for_read(&mut c, code_len)?;
    pay_for_read(&mut c, code_len)?;
    let init_code = read(&c, code, code_len)?;
    let endowment = read_u256(&c, endowment)?;
    let salt = salt.map(|ptr| read_word(&c, ptr)).transpose()?;
    let gas = gas_left(&c);
    let (address, cost, return_data) =
        match c.data_mut().api.create(&init_code, endowment, salt, gas) {
            CreateOutput::Done {
                address,
                cost,
                return_data,
            } => (address, cost, return_data),
            CreateOutput::Refused { reason } => return Err(trap(reason)),
        };
    let returned = return_data.len() as u32;
    c.data_mut().return_data = return_data;
    buy_gas(&mut c, cost)?;
    write_u32(&mut c, revert_len, returned)?;
    write(&mut c, contract, address.as_slice())
}
