//! Arguments, results and return data.

use super::{buy_ink, count, pay_for_read, pay_for_write, read, write, Ctx, HostResult};
use crate::pricing::hostio;

/// Copies the calldata to `ptr`: base ink and the write of its bytes.
pub(super) fn read_args(mut c: Ctx<'_, '_>, ptr: u32) -> HostResult {
    count(&mut c, "read_args");
    buy_ink(&mut c, hostio::PLAIN)?;
    let len = c.data().args.len() as u32;
    pay_for_write(&mut c, len)?;
    let args = c.data().args;
    write(&mut c, ptr, args)
}

/// Sets the call's result to `len` bytes at `ptr`: base ink and two reads of them (one into
/// the host, one into geth).
pub(super) fn write_result(mut c: Ctx<'_, '_>, ptr: u32, len: u32) -> HostResult {
    count(&mut c, "write_result");
    buy_ink(&mut c, hostio::PLAIN)?;
    pay_for_read(&mut c, len)?;
    pay_for_read(&mut c, len)?;
    let outs = read(&c, ptr, len)?;
    c.data_mut().outs = outs;
    Ok(())
}

/// Ends the call with `status` (0: success): free.
pub(super) fn exit_early(mut c: Ctx<'_, '_>, status: u32) -> HostResult {
    count(&mut c, "exit_early");
    Err(wasmi::Error::i32_exit(status as i32))
}

/// Copies up to `size` bytes of the last call's return data from `offset` to `dest`: base
/// ink and the write of the bytes that could be copied.
pub(super) fn read_return_data(
    mut c: Ctx<'_, '_>,
    dest: u32,
    offset: u32,
    size: u32,
) -> HostResult<u32> {
    count(&mut c, "read_return_data");
    buy_ink(&mut c, hostio::EVM_API)?;
    let len = c.data().return_data.len() as u32;
    let available = len.saturating_sub(offset);
    pay_for_write(&mut c, size.min(available))?;
    if available == 0 {
        return Ok(0);
    }
    let start = offset as usize;
    let end = start + size.min(available) as usize;
    let copied = c.data().return_data[start..end].to_vec();
    if !copied.is_empty() {
        write(&mut c, dest, &copied)?;
    }
    Ok(copied.len() as u32)
}

/// The last call's return data length: base ink.
pub(super) fn return_data_size(mut c: Ctx<'_, '_>) -> HostResult<u32> {
    count(&mut c, "return_data_size");
    buy_ink(&mut c, hostio::PLAIN)?;
    Ok(c.data().return_data.len() as u32)
}
