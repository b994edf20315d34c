//! Memory growth.

use super::{buy_gas, buy_ink, count, Ctx, HostResult};
use crate::pricing::hostio;

/// Pays for `pages` more pages before a `memory.grow`: base ink for zero pages, else the
/// world's memory-model gas for them.
pub(super) fn pay_for_memory_grow(mut c: Ctx<'_, '_>, pages: u32) -> HostResult {
    count(&mut c, "pay_for_memory_grow");
    let pages = pages as u16;
    if pages == 0 {
        return buy_ink(&mut c, hostio::PLAIN);
    }
    let gas = c.data_mut().api.add_pages(pages);
    buy_gas(&mut c, gas)
}
