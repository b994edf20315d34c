//! `eth_newFilter`, `eth_newBlockFilter` and their polling. A filter reports what arrived since
//! it was last polled; one not polled for five minutes is dropped (as anvil does), and at
//! most 1,024 exist at once.

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use alloy_primitives::U256;
use alloy_rpc_types_eth::Filter;

use crate::{Error, Result};

/// How long an unpolled filter lives.
pub const FILTER_TIMEOUT: Duration = Duration::from_secs(300);

/// The most filters at once.
pub const MAX_FILTERS: usize = 1024;

/// What a filter watches.
#[derive(Debug, Clone)]
pub enum Kind {
    /// Logs matching a filter.
    Logs(Box<Filter>),
    /// New blocks.
    Blocks,
}

/// An installed filter.
#[derive(Debug, Clone)]
pub struct Installed {
    /// What it watches.
    pub kind: Kind,
    /// The first block not yet reported.
    pub next_block: u64,
    last_poll: Instant,
}

/// The installed filters.
#[derive(Debug, Default)]
pub struct Filters {
    next_id: u64,
    installed: HashMap<U256, Installed>,
}

impl Filters {
    fn expire(&mut self) {
        self.installed
            .retain(|_, f| f.last_poll.elapsed() < FILTER_TIMEOUT);
    }

    /// Installs a filter reporting from block `next_block` on.
    pub fn install(&mut self, kind: Kind, next_block: u64) -> Result<U256> {
        self.expire();
        if self.installed.len() >= MAX_FILTERS {
            return Err(Error::Rejected(format!(
                "too many filters (at most {MAX_FILTERS}): uninstall some"
            )));
        }
        self.next_id += 1;
        let id = U256::from(self.next_id);
        self.installed.insert(
            id,
            Installed {
                kind,
                next_block,
                last_poll: Instant::now(),
            },
        );
        Ok(id)
    }

    /// The filter `id`, marked as polled; its `next_block` is then `next` (unless `None`).
    pub fn poll(&mut self, id: U256, next: Option<u64>) -> Result<Installed> {
        self.expire();
        let filter = self
            .installed
            .get_mut(&id)
            .ok_or_else(|| Error::Rejected("filter not found".into()))?;
        let before = filter.clone();
        filter.last_poll = Instant::now();
        if let Some(next) = next {
            filter.next_block = next;
        }
        Ok(before)
    }

    /// Removes the filter `id`; false if there was none.
    pub fn uninstall(&mut self, id: U256) -> bool {
        self.installed.remove(&id).is_some()
    }
}
