//! `--state FILE`: the chain written after every block, atomically (a temporary file, then a
//! rename), and loaded at start. States of past blocks are not saved: after a restart, queries
//! at blocks mined before it are refused, while every block, receipt and the latest state are
//! kept.

use serde::{Deserialize, Serialize};

use super::{blocks::StoredBlock, db::State, Backend};
use crate::{Error, Result};

/// What the state file holds.
#[derive(Serialize, Deserialize)]
pub(super) struct Saved {
    format: u32,
    chain_id: u64,
    clock_offset: i64,
    blocks: Vec<StoredBlock>,
    head: State,
}

const FORMAT: u32 = 1;

impl Backend {
    /// The saved chain, if the state file exists.
    pub(super) fn load(&self) -> Result<Option<Saved>> {
        let Some(path) = &self.state_file else {
            return Ok(None);
        };
        let text = match std::fs::read(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(Error::Internal(format!(
                    "cannot read {}: {e}",
                    path.display()
                )))
            }
        };
        let saved: Saved = serde_json::from_slice(&text)
            .map_err(|e| Error::Internal(format!("{} is not a state file: {e}", path.display())))?;
        if saved.format != FORMAT {
            return Err(Error::Internal(format!(
                "{} has format {}, this node reads {FORMAT}",
                path.display(),
                saved.format
            )));
        }
        if saved.chain_id != self.chain.chain_id {
            return Err(Error::Internal(format!(
                "{} holds chain {}, not {}",
                path.display(),
                saved.chain_id,
                self.chain.chain_id
            )));
        }
        Ok(Some(saved))
    }

    /// Takes over a saved chain.
    pub(super) fn restore(&mut self, saved: Saved) -> Result<()> {
        if saved.blocks.is_empty() {
            return Err(Error::Internal("the state file has no blocks".into()));
        }
        self.clock.offset = saved.clock_offset;
        let last = saved.blocks.len() - 1;
        for (number, block) in saved.blocks.into_iter().enumerate() {
            for (index, tx) in block.transactions.iter().enumerate() {
                self.tx_index.insert(tx.hash(), (number, index));
            }
            self.blocks.push(block);
            self.states.push(None);
        }
        self.states[last] = Some(saved.head.clone());
        self.head = saved.head;
        Ok(())
    }

    /// Writes the chain to the state file, if there is one.
    pub(super) fn save(&self) -> Result<()> {
        let Some(path) = &self.state_file else {
            return Ok(());
        };
        let saved = SavedRef {
            format: FORMAT,
            chain_id: self.chain.chain_id,
            clock_offset: self.clock.offset,
            blocks: &self.blocks,
            head: &self.head,
        };
        let failed =
            |e: std::io::Error| Error::Internal(format!("cannot write {}: {e}", path.display()));
        let bytes = serde_json::to_vec(&saved)
            .map_err(|e| Error::Internal(format!("cannot serialize the chain: {e}")))?;
        let partial = path.with_extension("partial");
        {
            use std::io::Write;
            let mut file = std::fs::File::create(&partial).map_err(failed)?;
            file.write_all(&bytes).map_err(failed)?;
            file.sync_all().map_err(failed)?;
        }
        std::fs::rename(&partial, path).map_err(failed)
    }
}

/// [`Saved`] by reference, for writing.
#[derive(Serialize)]
struct SavedRef<'a> {
    format: u32,
    chain_id: u64,
    clock_offset: i64,
    blocks: &'a [StoredBlock],
    head: &'a State,
}
