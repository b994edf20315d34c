//! Accounts, the block, the transaction and the message.

use super::{
    buy_gas, buy_ink, count, gas_left, ink_left, pay_for_write, read_address, require_gas, write,
    Ctx, HostResult,
};
use alloy_primitives::Address;

use crate::pricing::{evm, hostio, INK_PRICE};

/// `BALANCE`: base ink and the world's access cost; needs a cold access's gas first.
pub(super) fn account_balance(mut c: Ctx<'_, '_>, address: u32, dest: u32) -> HostResult {
    count(&mut c, "account_balance");
    buy_ink(&mut c, hostio::EVM_API_2_PTR)?;
    require_gas(&mut c, evm::COLD_ACCOUNT)?;
    let address = read_address(&c, address)?;
    let (balance, gas) = c.data_mut().api.account_balance(address);
    buy_gas(&mut c, gas)?;
    write(&mut c, dest, &balance.to_be_bytes::<32>())
}

/// `address`'s code through the last-code cache (`EvmApiRequestor::account_code`: from
/// ArbOS 40 only non-empty code is kept), after paying the world's cost.
fn code(c: &mut Ctx<'_, '_>, address: Address) -> HostResult<Vec<u8>> {
    if let Some((last, code)) = &c.data().last_code {
        if *last == address {
            return Ok(code.clone());
        }
    }
    let gas = gas_left(c);
    let (code, cost) = c.data_mut().api.account_code(address, gas);
    if !code.is_empty() {
        c.data_mut().last_code = Some((address, code.clone()));
    }
    buy_gas(c, cost)?;
    Ok(code)
}

/// `EXTCODECOPY` of `size` bytes from `offset`, without zero padding (returns the bytes
/// written): base ink, the world's cost, and the write of the whole code.
pub(super) fn account_code(
    mut c: Ctx<'_, '_>,
    address: u32,
    offset: u32,
    size: u32,
    dest: u32,
) -> HostResult<u32> {
    count(&mut c, "account_code");
    buy_ink(&mut c, hostio::EVM_API)?;
    require_gas(&mut c, evm::COLD_ACCOUNT)?;
    let address = read_address(&c, address)?;
    let code = code(&mut c, address)?;
    pay_for_write(&mut c, code.len() as u32)?;
    let start = (offset as usize).min(code.len());
    let end = start.saturating_add(size as usize).min(code.len());
    write(&mut c, dest, &code[start..end])?;
    Ok((end - start) as u32)
}

/// `EXTCODESIZE`: base ink and the world's cost.
pub(super) fn account_code_size(mut c: Ctx<'_, '_>, address: u32) -> HostResult<u32> {
    count(&mut c, "account_code_size");
    buy_ink(&mut c, hostio::EVM_API)?;
    require_gas(&mut c, evm::COLD_ACCOUNT)?;
    let address = read_address(&c, address)?;
    Ok(code(&mut c, address)?.len() as u32)
}

/// `EXTCODEHASH`: base ink and the world's access cost.
pub(super) fn account_codehash(mut c: Ctx<'_, '_>, address: u32, dest: u32) -> HostResult {
    count(&mut c, "account_codehash");
    buy_ink(&mut c, hostio::EVM_API_2_PTR)?;
    require_gas(&mut c, evm::COLD_ACCOUNT)?;
    let address = read_address(&c, address)?;
    let (hash, gas) = c.data_mut().api.account_codehash(address);
    buy_gas(&mut c, gas)?;
    write(&mut c, dest, hash.as_slice())
}

/// The getters that write a word or an address from the call's data: base ink plus one
/// pointer.
macro_rules! write_getters {
    ($($name:ident => |$data:ident| $bytes:expr;)*) => {
        $(
            #[doc = concat!("`", stringify!($name), "`: base ink plus one pointer.")]
            pub(super) fn $name(mut c: Ctx<'_, '_>, ptr: u32) -> HostResult {
                count(&mut c, stringify!($name));
                buy_ink(&mut c, hostio::WRITE_PTR)?;
                let $data = c.data().data;
                let bytes = $bytes;
                write(&mut c, ptr, bytes.as_ref())
            }
        )*
    };
}

write_getters! {
    block_basefee => |d| d.block_basefee.to_be_bytes::<32>();
    block_coinbase => |d| d.block_coinbase;
    contract_address => |d| d.contract_address;
    msg_sender => |d| d.msg_sender;
    msg_value => |d| d.msg_value.to_be_bytes::<32>();
    tx_gas_price => |d| d.tx_gas_price.to_be_bytes::<32>();
    tx_origin => |d| d.tx_origin;
}

/// The getters that return a number: base ink.
macro_rules! value_getters {
    ($($name:ident -> $ty:ty => |$c:ident| $value:expr;)*) => {
        $(
            #[doc = concat!("`", stringify!($name), "`: base ink.")]
            pub(super) fn $name(mut $c: Ctx<'_, '_>) -> HostResult<$ty> {
                count(&mut $c, stringify!($name));
                buy_ink(&mut $c, hostio::PLAIN)?;
                Ok($value)
            }
        )*
    };
}

value_getters! {
    block_gas_limit -> u64 => |c| c.data().data.block_gas_limit;
    block_number -> u64 => |c| c.data().data.block_number;
    block_timestamp -> u64 => |c| c.data().data.block_timestamp;
    chainid -> u64 => |c| c.data().data.chain_id;
    evm_gas_left -> u64 => |c| gas_left(&c);
    evm_ink_left -> u64 => |c| ink_left(&c);
    msg_reentrant -> u32 => |c| u32::from(c.data().data.reentrant);
    tx_ink_price -> u32 => |c| INK_PRICE as u32;
}
