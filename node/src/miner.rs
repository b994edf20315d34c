//! The executor: one thread that owns the chain and runs every request in arrival order, so
//! that transactions execute one at a time while the RPC layer serves requests concurrently.
//!
//! A transaction whose nonce is ahead of its sender's waits up to a second for the gap to fill
//! (as Nitro's sequencer waits), then fails with Nitro's "nonce too high" error.

use std::{
    sync::mpsc::{self, RecvTimeoutError},
    time::{Duration, Instant},
};

use alloy_primitives::Address;
use serde_json::Value;
use tokio::sync::oneshot;

use crate::{
    backend::{Backend, NonceGap, SendError},
    rpc::api,
    Error, Result,
};

/// How long a transaction with a nonce gap waits (Nitro's `NonceFailureCacheExpiry`).
pub const NONCE_GAP_WAIT: Duration = Duration::from_secs(1);

/// The most transactions waiting for a nonce gap at once.
pub const MAX_PARKED: usize = 1024;

/// One JSON-RPC call for the executor.
pub struct Job {
    /// The method.
    pub method: String,
    /// Its parameters.
    pub params: Value,
    /// Where the result goes.
    pub reply: oneshot::Sender<Result<Value>>,
}

/// A transaction waiting for its sender's earlier nonces.
struct Parked {
    raw: Vec<u8>,
    gap: NonceGap,
    deadline: Instant,
    reply: oneshot::Sender<Result<Value>>,
}

/// Runs jobs until every sender is gone.
pub fn run(mut backend: Backend, jobs: mpsc::Receiver<Job>) {
    let mut parked: Vec<Parked> = Vec::new();
    loop {
        let timeout = parked
            .iter()
            .map(|p| p.deadline.saturating_duration_since(Instant::now()))
            .min()
            .unwrap_or(Duration::from_secs(3600));
        match jobs.recv_timeout(timeout) {
            Ok(job) => {
                let sender = handle(&mut backend, job, &mut parked);
                if let Some(sender) = sender {
                    retry(&mut backend, &mut parked, sender);
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        expire(&mut parked);
    }
}

/// Runs `job`; returns the sender of a transaction it mined, whose parked successors may now
/// go.
fn handle(backend: &mut Backend, job: Job, parked: &mut Vec<Parked>) -> Option<Address> {
    if job.method == "eth_sendRawTransaction" {
        let raw = match api::raw_transaction(&job.params) {
            Ok(raw) => raw,
            Err(e) => {
                let _ = job.reply.send(Err(e));
                return None;
            }
        };
        return match backend.send_raw(&raw) {
            Ok(hash) => {
                let sender = backend
                    .transaction(hash)
                    .map(|(block, i)| block.transactions[i].sender);
                let _ = job.reply.send(Ok(Value::String(hash.to_string())));
                sender
            }
            Err(SendError::Gap(gap)) if parked.len() < MAX_PARKED => {
                parked.push(Parked {
                    raw,
                    gap,
                    deadline: Instant::now() + NONCE_GAP_WAIT,
                    reply: job.reply,
                });
                None
            }
            Err(SendError::Gap(gap)) => {
                let _ = job.reply.send(Err(gap.error()));
                None
            }
            Err(SendError::Refused(e)) => {
                let _ = job.reply.send(Err(e));
                None
            }
        };
    }
    let result = api::handle(backend, &job.method, &job.params);
    let mined = match (&job.method[..], &result) {
        ("eth_sendTransaction", Ok(Value::String(hash))) => hash
            .parse()
            .ok()
            .and_then(|h| backend.transaction(h))
            .map(|(block, i)| block.transactions[i].sender),
        _ => None,
    };
    let _ = job.reply.send(result);
    mined
}

/// Sends the parked transactions of `sender` whose turn has come, in nonce order.
fn retry(backend: &mut Backend, parked: &mut Vec<Parked>, sender: Address) {
    loop {
        let next = backend.head_state().nonce(sender);
        let Some(i) = parked
            .iter()
            .position(|p| p.gap.sender == sender && p.gap.nonce == next)
        else {
            return;
        };
        let p = parked.swap_remove(i);
        let result = match backend.send_raw(&p.raw) {
            Ok(hash) => Ok(Value::String(hash.to_string())),
            Err(SendError::Gap(gap)) => Err(gap.error()),
            Err(SendError::Refused(e)) => Err(e),
        };
        let mined = result.is_ok();
        let _ = p.reply.send(result);
        if !mined {
            return;
        }
    }
}

/// Fails the parked transactions whose wait is over.
fn expire(parked: &mut Vec<Parked>) {
    let now = Instant::now();
    let mut i = 0;
    while i < parked.len() {
        if parked[i].deadline <= now {
            let p = parked.swap_remove(i);
            let _ = p.reply.send(Err(p.gap.error()));
        } else {
            i += 1;
        }
    }
}

/// The executor's handle: sends jobs and awaits their results.
#[derive(Clone)]
pub struct Executor {
    jobs: mpsc::Sender<Job>,
}

impl Executor {
    /// Starts the executor thread on the chain `build` makes there (the chain holds compiled
    /// programs, which stay on that thread).
    pub fn start(
        build: impl FnOnce() -> Result<Backend> + Send + 'static,
    ) -> Result<(Self, std::thread::JoinHandle<()>)> {
        let (jobs, receiver) = mpsc::channel();
        let (ready, started) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("stylus-node-executor".into())
            .spawn(move || match build() {
                Ok(backend) => {
                    let _ = ready.send(Ok(()));
                    run(backend, receiver)
                }
                Err(e) => {
                    let _ = ready.send(Err(e));
                }
            })
            .map_err(|e| Error::Internal(format!("cannot start the executor: {e}")))?;
        started
            .recv()
            .map_err(|_| Error::Internal("the executor thread stopped".into()))??;
        Ok((Self { jobs }, thread))
    }

    /// Runs `method` with `params` on the executor.
    pub async fn call(&self, method: String, params: Value) -> Result<Value> {
        let (reply, result) = oneshot::channel();
        self.jobs
            .send(Job {
                method,
                params,
                reply,
            })
            .map_err(|_| Error::Internal("the node is shutting down".into()))?;
        result
            .await
            .map_err(|_| Error::Internal("the executor stopped".into()))?
    }
}
