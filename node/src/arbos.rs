//! ArbOS state: the chain's own bookkeeping, kept in the storage of the ArbOS state account
//! with Nitro's layout, so that it is journaled, reverted and persisted with everything else.
//!
//! Layout (Nitro `arbos/storage/storage.go`, `arbos/arbosState/arbosstate.go`,
//! `arbos/programs/{programs,params,data_pricer}.go`, `arbos/addressSet/addressSet.go`): a
//! sub-storage `id` of a storage with key `k` has key `keccak(k ‖ id)`; its word at `key` lives
//! in slot `keccak(k ‖ key[..31])[..31] ‖ key[31]`. The root holds the ArbOS version (offset 0)
//! and the network fee account (offset 3); sub-storage 4 the chain owners; sub-storage 8 the
//! programs, with their parameters (8/0), one word per activated code hash (8/1), module hashes
//! (8/2), the data pricer (8/3) and the cache managers (8/4).
//!
//! Nothing here charges gas: the precompiles price their reads and writes, and program calls
//! read this state for free, as Nitro's system burner does.

use alloy_primitives::{keccak256, Address, B256, U256};
use stylus_runtime::{pricing, ProgramData};

/// The account whose storage holds ArbOS state.
pub const ARBOS_STATE: Address = Address::new([
    0xa4, 0xb0, 0x5f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff,
]);

/// `ArbitrumStartTime`: program activation times count hours from it (`data_pricer.go`).
pub const ARBITRUM_START_TIME: u64 = 1_421_388_000;

/// Word storage, as ArbOS sees an account's slots.
pub trait Slots {
    /// The word at `slot`.
    fn load(&mut self, slot: B256) -> B256;
    /// Writes `value` at `slot`.
    fn store(&mut self, slot: B256, value: B256);
}

/// A storage space of the ArbOS state account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Space {
    key: B256,
    root: bool,
}

impl Space {
    /// The root space (empty key).
    pub const ROOT: Space = Space {
        key: B256::ZERO,
        root: true,
    };

    /// The sub-storage `id` of this space.
    pub fn child(self, id: u8) -> Space {
        let key = if self.root {
            keccak256([id])
        } else {
            let mut bytes = [0u8; 33];
            bytes[..32].copy_from_slice(self.key.as_slice());
            bytes[32] = id;
            keccak256(bytes)
        };
        Space { key, root: false }
    }

    /// The slot holding the word at `key`.
    pub fn slot(self, key: B256) -> B256 {
        let hashed = if self.root {
            keccak256(&key[..31])
        } else {
            let mut bytes = [0u8; 63];
            bytes[..32].copy_from_slice(self.key.as_slice());
            bytes[32..].copy_from_slice(&key[..31]);
            keccak256(bytes)
        };
        let mut slot = hashed;
        slot[31] = key[31];
        slot
    }

    /// The slot holding the word at offset `n`.
    pub fn offset(self, n: u64) -> B256 {
        self.slot(B256::from(U256::from(n)))
    }
}

/// Root offsets and sub-storage ids (`arbosstate.go`).
mod layout {
    pub const VERSION: u64 = 0;
    pub const NETWORK_FEE_ACCOUNT: u64 = 3;
    pub const CHAIN_OWNERS: u8 = 4;
    pub const PROGRAMS: u8 = 8;
    pub const PARAMS: u8 = 0;
    pub const PROGRAM_DATA: u8 = 1;
    pub const MODULE_HASHES: u8 = 2;
    pub const DATA_PRICER: u8 = 3;
    pub const CACHE_MANAGERS: u8 = 4;
}

fn programs() -> Space {
    Space::ROOT.child(layout::PROGRAMS)
}

fn word_u64(word: B256) -> u64 {
    U256::from_be_bytes(word.0).saturating_to()
}

fn u64_word(value: u64) -> B256 {
    B256::from(U256::from(value))
}

/// The ArbOS version.
pub fn version(slots: &mut impl Slots) -> u64 {
    word_u64(slots.load(Space::ROOT.offset(layout::VERSION)))
}

/// Where activation data fees (and, on Nitro, base fees) go.
pub fn network_fee_account(slots: &mut impl Slots) -> Address {
    Address::from_word(slots.load(Space::ROOT.offset(layout::NETWORK_FEE_ACCOUNT)))
}

/// A set of addresses (`addressSet.go`): the size at offset 0, members at 1..=size, and a
/// sub-storage 0 mapping each member to its 1-based index.
#[derive(Debug, Clone, Copy)]
pub struct AddressSet(Space);

impl AddressSet {
    /// The chain owners.
    pub fn chain_owners() -> Self {
        Self(Space::ROOT.child(layout::CHAIN_OWNERS))
    }

    /// The program cache managers.
    pub fn cache_managers() -> Self {
        Self(programs().child(layout::CACHE_MANAGERS))
    }

    /// Whether `member` is in the set.
    pub fn contains(self, slots: &mut impl Slots, member: Address) -> bool {
        !slots
            .load(self.0.child(0).slot(member.into_word()))
            .is_zero()
    }

    /// Every member, in insertion order.
    pub fn all(self, slots: &mut impl Slots) -> Vec<Address> {
        let size = word_u64(slots.load(self.0.offset(0)));
        (1..=size)
            .map(|i| Address::from_word(slots.load(self.0.offset(i))))
            .collect()
    }

    /// Adds `member` (no-op if present).
    pub fn add(self, slots: &mut impl Slots, member: Address) {
        if self.contains(slots, member) {
            return;
        }
        let size = word_u64(slots.load(self.0.offset(0))) + 1;
        slots.store(self.0.offset(size), member.into_word());
        slots.store(self.0.child(0).slot(member.into_word()), u64_word(size));
        slots.store(self.0.offset(0), u64_word(size));
    }

    /// Removes `member`, moving the last member into its place; false if it was absent.
    pub fn remove(self, slots: &mut impl Slots, member: Address) -> bool {
        let index_slot = self.0.child(0).slot(member.into_word());
        let index = word_u64(slots.load(index_slot));
        if index == 0 {
            return false;
        }
        let size = word_u64(slots.load(self.0.offset(0)));
        if index < size {
            let last = slots.load(self.0.offset(size));
            slots.store(self.0.offset(index), last);
            slots.store(self.0.child(0).slot(last), u64_word(index));
        }
        slots.store(self.0.offset(size), B256::ZERO);
        slots.store(index_slot, B256::ZERO);
        slots.store(self.0.offset(0), u64_word(size - 1));
        true
    }
}

/// Stylus parameters (`params.go` `StylusParams`), stored packed in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    /// The Stylus version programs must be activated at.
    pub version: u16,
    /// Ink per gas.
    pub ink_price: u32,
    /// The wasm stack limit, in words.
    pub max_stack_depth: u32,
    /// Pages every transaction gets free.
    pub free_pages: u16,
    /// Linear gas per page.
    pub page_gas: u16,
    /// Most pages open at once.
    pub page_limit: u16,
    /// Uncached entry cost, in units of 128 gas.
    pub min_init_gas: u8,
    /// Cached entry cost, in units of 32 gas.
    pub min_cached_init_gas: u8,
    /// The init cost scalar, in units of 2%.
    pub init_cost_scalar: u8,
    /// The cached cost scalar, in units of 2%.
    pub cached_cost_scalar: u8,
    /// Days a program stays active after activation or keepalive.
    pub expiry_days: u16,
    /// Days before a keepalive is allowed.
    pub keepalive_days: u16,
    /// Recent programs treated as cached (no effect before ArbOS 60).
    pub block_cache_size: u16,
    /// Largest uncompressed module.
    pub max_wasm_size: u32,
}

/// `initialPageRamp`: a constant, not stored.
pub const PAGE_RAMP: u64 = 620_674_314;

impl Params {
    /// The values at ArbOS 51 (`params.go` defaults after the 31, 40 and 50 upgrades), which
    /// are the ones `stylus_runtime::pricing` prices with.
    pub fn arbos_51() -> Self {
        use pricing::params;
        Self {
            version: 2,
            ink_price: pricing::INK_PRICE as u32,
            max_stack_depth: params::MAX_STACK_DEPTH as u32,
            free_pages: params::FREE_PAGES as u16,
            page_gas: params::PAGE_GAS as u16,
            page_limit: params::PAGE_LIMIT as u16,
            min_init_gas: params::MIN_INIT_GAS as u8,
            min_cached_init_gas: params::MIN_CACHED_INIT_GAS as u8,
            init_cost_scalar: params::COST_SCALAR as u8,
            cached_cost_scalar: params::COST_SCALAR as u8,
            expiry_days: 365,
            keepalive_days: 31,
            block_cache_size: 32,
            max_wasm_size: params::MAX_WASM_SIZE as u32,
        }
    }

    fn slot() -> B256 {
        programs().child(layout::PARAMS).offset(0)
    }

    /// Reads the parameters.
    pub fn load(slots: &mut impl Slots) -> Self {
        let w = slots.load(Self::slot()).0;
        let be = |range: std::ops::Range<usize>| {
            w[range]
                .iter()
                .fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
        };
        Self {
            version: be(0..2) as u16,
            ink_price: be(2..5) as u32,
            max_stack_depth: be(5..9) as u32,
            free_pages: be(9..11) as u16,
            page_gas: be(11..13) as u16,
            page_limit: be(13..15) as u16,
            min_init_gas: w[15],
            min_cached_init_gas: w[16],
            init_cost_scalar: w[17],
            cached_cost_scalar: w[18],
            expiry_days: be(19..21) as u16,
            keepalive_days: be(21..23) as u16,
            block_cache_size: be(23..25) as u16,
            max_wasm_size: be(25..29) as u32,
        }
    }

    /// Writes the parameters.
    pub fn store(&self, slots: &mut impl Slots) {
        let mut w = [0u8; 32];
        w[0..2].copy_from_slice(&self.version.to_be_bytes());
        w[2..5].copy_from_slice(&self.ink_price.to_be_bytes()[1..]);
        w[5..9].copy_from_slice(&self.max_stack_depth.to_be_bytes());
        w[9..11].copy_from_slice(&self.free_pages.to_be_bytes());
        w[11..13].copy_from_slice(&self.page_gas.to_be_bytes());
        w[13..15].copy_from_slice(&self.page_limit.to_be_bytes());
        w[15] = self.min_init_gas;
        w[16] = self.min_cached_init_gas;
        w[17] = self.init_cost_scalar;
        w[18] = self.cached_cost_scalar;
        w[19..21].copy_from_slice(&self.expiry_days.to_be_bytes());
        w[21..23].copy_from_slice(&self.keepalive_days.to_be_bytes());
        w[23..25].copy_from_slice(&self.block_cache_size.to_be_bytes());
        w[25..29].copy_from_slice(&self.max_wasm_size.to_be_bytes());
        slots.store(Self::slot(), B256::from(w));
    }

    /// Seconds a program stays active.
    pub fn expiry_seconds(&self) -> u64 {
        u64::from(self.expiry_days) * 86_400
    }
}

/// What ArbOS records for an activated code hash (`programs.go` `Program`), packed in one
/// word: version, init cost, cached cost, footprint, activation hour, asm size in KiB, cached.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProgramInfo {
    /// The Stylus version it was activated at (0: never activated).
    pub version: u16,
    /// `init_cost`, priced into the uncached entry gas.
    pub init_cost: u16,
    /// `cached_init_cost`, priced into every call's entry gas.
    pub cached_cost: u16,
    /// Initial memory pages.
    pub footprint: u16,
    /// Hours since [`ARBITRUM_START_TIME`] at activation or the last keepalive.
    pub activated_at: u32,
    /// The machine-code size estimate, in KiB, rounded up.
    pub asm_estimate_kb: u32,
    /// Whether a cache manager cached it.
    pub cached: bool,
}

impl ProgramInfo {
    fn slot(codehash: B256) -> B256 {
        programs().child(layout::PROGRAM_DATA).slot(codehash)
    }

    /// The record of `codehash` (all zeros if never activated).
    pub fn load(slots: &mut impl Slots, codehash: B256) -> Self {
        let w = slots.load(Self::slot(codehash)).0;
        let be = |range: std::ops::Range<usize>| {
            w[range]
                .iter()
                .fold(0u32, |acc, &b| (acc << 8) | u32::from(b))
        };
        Self {
            version: be(0..2) as u16,
            init_cost: be(2..4) as u16,
            cached_cost: be(4..6) as u16,
            footprint: be(6..8) as u16,
            activated_at: be(8..11),
            asm_estimate_kb: be(11..14),
            cached: w[14] != 0,
        }
    }

    /// Writes the record of `codehash`.
    pub fn store(&self, slots: &mut impl Slots, codehash: B256) {
        let mut w = [0u8; 32];
        w[0..2].copy_from_slice(&self.version.to_be_bytes());
        w[2..4].copy_from_slice(&self.init_cost.to_be_bytes());
        w[4..6].copy_from_slice(&self.cached_cost.to_be_bytes());
        w[6..8].copy_from_slice(&self.footprint.to_be_bytes());
        w[8..11].copy_from_slice(&self.activated_at.to_be_bytes()[1..]);
        w[11..14].copy_from_slice(&self.asm_estimate_kb.to_be_bytes()[1..]);
        w[14] = u8::from(self.cached);
        slots.store(Self::slot(codehash), B256::from(w));
    }

    /// Seconds since activation (or the last keepalive) at `time` (`hoursToAge`).
    pub fn age(&self, time: u64) -> u64 {
        time.saturating_sub(ARBITRUM_START_TIME + u64::from(self.activated_at) * 3600)
    }

    /// The program data its entry costs are computed from: only the stored costs matter, so
    /// the other fields are left zero.
    pub fn entry(&self) -> EntryCosts {
        EntryCosts {
            init_cost: u64::from(self.init_cost),
            cached_cost: u64::from(self.cached_cost),
            footprint: u64::from(self.footprint),
        }
    }
}

/// The stored costs a program call pays on entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryCosts {
    /// `init_cost`.
    pub init_cost: u64,
    /// `cached_init_cost`.
    pub cached_cost: u64,
    /// Initial pages.
    pub footprint: u64,
}

impl EntryCosts {
    /// `cachedGas`: `MinCachedInitGas·32 + ceil(cached_cost · scalar·2 / 100)`.
    pub fn cached_gas(&self, params: &Params) -> u64 {
        u64::from(params.min_cached_init_gas) * 32
            + (self.cached_cost * u64::from(params.cached_cost_scalar) * 2).div_ceil(100)
    }

    /// `initGas`: `MinInitGas·128 + ceil(init_cost · scalar·2 / 100)`.
    pub fn init_gas(&self, params: &Params) -> u64 {
        u64::from(params.min_init_gas) * 128
            + (self.init_cost * u64::from(params.init_cost_scalar) * 2).div_ceil(100)
    }
}

/// Nitro's estimate of a program's machine code size (`binary.rs` `instrument`).
pub fn asm_estimate(data: &ProgramData) -> u64 {
    512_000
        + data.funcs * 996_829 / 1000
        + data.type_len * 11_416 / 1000
        + data.wasm_len * 62_628 / 10_000
}

/// The hour `time` falls in, counted from [`ARBITRUM_START_TIME`] (`hoursSinceArbitrum`).
pub fn hours_since_arbitrum(time: u64) -> u32 {
    (time.saturating_sub(ARBITRUM_START_TIME) / 3600).min(0xff_ffff) as u32
}

/// The module hash recorded at activation for `codehash`.
pub fn module_hash_slot(codehash: B256) -> B256 {
    programs().child(layout::MODULE_HASHES).slot(codehash)
}

/// The activation data pricer (`data_pricer.go`): demand decays at `bytesPerSecond`, and the
/// price per byte grows exponentially with demand over `inertia` above `minPrice`.
pub mod data_pricer {
    use super::*;

    const DEMAND: u64 = 0;
    const BYTES_PER_SECOND: u64 = 1;
    const LAST_UPDATE_TIME: u64 = 2;
    const MIN_PRICE: u64 = 3;
    const INERTIA: u64 = 4;

    /// `InitialHourlyBytes / 3600`, with `InitialHourlyBytes = 2^40 / (365·24)`.
    pub const INITIAL_BYTES_PER_SECOND: u64 = (1u64 << 40) / (365 * 24) / 3600;
    /// Wei per byte at zero demand ("5Mb = $1").
    pub const INITIAL_MIN_PRICE: u64 = 82_928_201;
    /// Demand at which the price has grown e-fold ("expensive at 1Tb").
    pub const INITIAL_INERTIA: u64 = 21_360_419;

    fn space() -> Space {
        programs().child(layout::DATA_PRICER)
    }

    /// Writes the initial model.
    pub fn initialize(slots: &mut impl Slots) {
        let s = space();
        slots.store(
            s.offset(BYTES_PER_SECOND),
            u64_word(INITIAL_BYTES_PER_SECOND),
        );
        slots.store(s.offset(LAST_UPDATE_TIME), u64_word(ARBITRUM_START_TIME));
        slots.store(s.offset(MIN_PRICE), u64_word(INITIAL_MIN_PRICE));
        slots.store(s.offset(INERTIA), u64_word(INITIAL_INERTIA));
    }

    /// Adds `bytes` of demand at `time` and returns their fee in wei (`UpdateModel`).
    pub fn update(slots: &mut impl Slots, bytes: u32, time: u64) -> U256 {
        let s = space();
        let mut read = |n| word_u64(slots.load(s.offset(n)));
        let demand = read(DEMAND) as u32;
        let bytes_per_second = read(BYTES_PER_SECOND) as u32;
        let last = read(LAST_UPDATE_TIME);
        let min_price = read(MIN_PRICE) as u32;
        let inertia = read(INERTIA) as u32;

        let passed = u32::try_from(time.wrapping_sub(last)).unwrap_or(u32::MAX);
        let credit = bytes_per_second.saturating_mul(passed);
        let demand = demand.saturating_sub(credit).saturating_add(bytes);
        slots.store(s.offset(DEMAND), u64_word(u64::from(demand)));
        slots.store(s.offset(LAST_UPDATE_TIME), u64_word(time));

        let exponent = 10_000 * i64::from(demand) / i64::from(inertia.max(1));
        let multiplier = approx_exp_basis_points(exponent, 12);
        let cost_per_byte = u64::from(min_price).saturating_mul(multiplier) / 10_000;
        U256::from(cost_per_byte.saturating_mul(u64::from(bytes)))
    }

    /// `arbmath.ApproxExpBasisPoints` for a non-negative exponent: e^(x/10000), in basis
    /// points, by a Horner evaluation of `accuracy` Taylor terms.
    fn approx_exp_basis_points(x: i64, accuracy: u64) -> u64 {
        let b = 10_000u64;
        let x = x.max(0) as u64;
        let mut res = b + x / accuracy;
        for i in (1..accuracy).rev() {
            res = b + res.saturating_mul(x) / (i * b);
        }
        res
    }
}

/// Writes ArbOS state at genesis: the version, the Stylus parameters and data pricer, and
/// the chain owners.
pub fn initialize(slots: &mut impl Slots, arbos_version: u64, owners: &[Address]) {
    slots.store(Space::ROOT.offset(layout::VERSION), u64_word(arbos_version));
    Params::arbos_51().store(slots);
    data_pricer::initialize(slots);
    for owner in owners {
        AddressSet::chain_owners().add(slots, *owner);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use alloy_primitives::b256;

    use super::*;

    #[derive(Default)]
    struct Map(HashMap<B256, B256>);

    impl Slots for Map {
        fn load(&mut self, slot: B256) -> B256 {
            self.0.get(&slot).copied().unwrap_or_default()
        }
        fn store(&mut self, slot: B256, value: B256) {
            self.0.insert(slot, value);
        }
    }

    // Slots computed from Nitro's storage.go rules by an independent implementation (see the
    // module docs); they pin the layout.
    #[test]
    fn slots_follow_nitros_layout() {
        assert_eq!(
            Space::ROOT.offset(layout::VERSION),
            b256!("15fed0451499512d95f3ec5a41c878b9de55f21878b5b4e190d4667ec709b400")
        );
        assert_eq!(
            Params::slot(),
            b256!("fb3a65ee2a3cc0d9ce98ddab7e30ebb719b46a87b8706ff1bf3aef1dcfb0e300")
        );
        assert_eq!(
            programs().child(layout::PROGRAM_DATA).key,
            b256!("cab2bcfacd31ed72211059c5457e8ca6b761d9e9aaeae6e0e6be3fa914161560")
        );
    }

    #[test]
    fn params_pack_as_nitro_stores_them() {
        let mut slots = Map::default();
        Params::arbos_51().store(&mut slots);
        assert_eq!(
            slots.load(Params::slot()),
            b256!("0002002710000055f0000203e80080450b3232016d001f002000020000000000")
        );
        assert_eq!(Params::load(&mut slots), Params::arbos_51());
    }

    #[test]
    fn program_info_round_trips() {
        let mut slots = Map::default();
        let info = ProgramInfo {
            version: 2,
            init_cost: 1234,
            cached_cost: 77,
            footprint: 1,
            activated_at: 0x12_3456,
            asm_estimate_kb: 0xab_cdef,
            cached: true,
        };
        let hash = B256::repeat_byte(7);
        info.store(&mut slots, hash);
        assert_eq!(ProgramInfo::load(&mut slots, hash), info);
        assert_eq!(
            ProgramInfo::load(&mut slots, B256::ZERO),
            ProgramInfo::default()
        );
    }

    #[test]
    fn data_pricer_matches_nitros_worked_examples() {
        // `passed` saturates on a fresh pricer, so demand is the activation's own bytes.
        let mut slots = Map::default();
        data_pricer::initialize(&mut slots);
        let fee = data_pricer::update(&mut slots, 600_000, 2_000_000_000);
        assert_eq!(fee, U256::from(51_165_041_400_000u64));
        let again = data_pricer::update(&mut slots, 600_000, 2_000_000_000);
        assert_eq!(again, U256::from(52_622_919_000_000u64));
    }

    #[test]
    fn address_sets_add_and_remove() {
        let mut slots = Map::default();
        let set = AddressSet::chain_owners();
        let (a, b, c) = (
            Address::repeat_byte(1),
            Address::repeat_byte(2),
            Address::repeat_byte(3),
        );
        for x in [a, b, c, b] {
            set.add(&mut slots, x);
        }
        assert_eq!(set.all(&mut slots), vec![a, b, c]);
        assert!(set.remove(&mut slots, a));
        assert!(!set.remove(&mut slots, a));
        assert_eq!(set.all(&mut slots), vec![c, b]);
        assert!(set.contains(&mut slots, b) && !set.contains(&mut slots, a));
    }
}
