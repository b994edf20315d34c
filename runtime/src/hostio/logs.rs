//! Logs.

use super::{buy_gas, buy_ink, count, pay_for_read, read, trap, Ctx, HostResult};
use alloy_primitives::B256;

use crate::pricing::{evm, hostio};

/// `LOG0`–`LOG4` of `len` bytes at `ptr`, the first `topics` words being the topics: base
/// ink, the read, and the EVM's log gas (375 per topic and for the log, 8 per data byte).
/// More than 4 topics, too few bytes for them, or a log in a static call trap.
pub(super) fn emit_log(mut c: Ctx<'_, '_>, ptr: u32, len: u32, topics: u32) -> HostResult {
    count(&mut c, "emit_log");
    buy_ink(&mut c, hostio::EVM_API)?;
    if topics > 4 || len < topics * 32 {
        return Err(trap("bad topic data"));
    }
    pay_for_read(&mut c, len)?;
    let gas =
        (1 + u64::from(topics)) * evm::LOG_TOPIC + u64::from(len - topics * 32) * evm::LOG_DATA;
    c.data_mut().stats.evm_gas += gas;
    buy_gas(&mut c, gas)?;
    let bytes = read(&c, ptr, len)?;
    let (topic_bytes, data) = bytes.split_at(topics as usize * 32);
    let topics: Vec<B256> = topic_bytes.chunks(32).map(B256::from_slice).collect();
    c.data_mut().api.emit_log(&topics, data).map_err(trap)
}
