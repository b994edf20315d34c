//! ArbWasm (0x71): program activation and its parameters (`precompiles/ArbWasm.go`,
//! `arbos/programs/programs.go`).
//!
//! `activateProgram` validates and compiles the program with `stylus-runtime` (the checks and
//! metering Nitro's activation applies), burns Nitro's fixed 1,659,168 gas plus the compile
//! charge, records the program in ArbOS state, charges the data fee from the data pricer
//! (paid to the network fee account, the excess refunded to the caller) and emits
//! `ProgramActivated`. Module hashes are this runtime's (a hash of the instrumented module),
//! not Nitro's machine-code hashes.

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{sol, SolCall};
use stylus_runtime::{code, Program};

use revm::context_interface::JournalTr;

use super::{sol_error, Body, Exit, PrecompileCall, Purity};
use crate::arbos::{self, data_pricer, Params, ProgramInfo, PAGE_RAMP};

sol! {
    /// ArbWasm (nitro-precompile-interfaces `ArbWasm.sol`).
    interface ArbWasm {
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        function stylusVersion() external view returns (uint16 version);
        function codehashVersion(bytes32 codehash) external view returns (uint16 version);
        function codehashKeepalive(bytes32 codehash) external payable;
        function codehashAsmSize(bytes32 codehash) external view returns (uint32 size);
        function programVersion(address program) external view returns (uint16 version);
        function programInitGas(address program) external view returns (uint64 gas, uint64 gasWhenCached);
        function programMemoryFootprint(address program) external view returns (uint16 footprint);
        function programTimeLeft(address program) external view returns (uint64 _secs);
        function inkPrice() external view returns (uint32 price);
        function maxStackDepth() external view returns (uint32 depth);
        function freePages() external view returns (uint16 pages);
        function pageGas() external view returns (uint16 gas);
        function pageRamp() external view returns (uint64 ramp);
        function pageLimit() external view returns (uint16 limit);
        function minInitGas() external view returns (uint64 gas, uint64 cached);
        function initCostScalar() external view returns (uint64 percent);
        function expiryDays() external view returns (uint16 _days);
        function keepaliveDays() external view returns (uint16 _days);
        function blockCacheSize() external view returns (uint16 count);

        event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);
        event ProgramLifetimeExtended(bytes32 indexed codehash, uint256 dataFee);

        error ProgramNotWasm();
        error ProgramNotActivated();
        error ProgramNeedsUpgrade(uint16 version, uint16 stylusVersion);
        error ProgramExpired(uint64 ageInSeconds);
        error ProgramUpToDate();
        error ProgramKeepaliveTooSoon(uint64 ageInSeconds);
        error ProgramInsufficientValue(uint256 have, uint256 want);
    }
}

use ArbWasm::*;

/// The fixed gas `activateProgram` burns first (`ArbWasm.go`).
pub const ACTIVATION_FIXED_GAS: u64 = 1_659_168;

/// The method for `selector`.
pub(super) fn method(selector: [u8; 4]) -> Option<(Purity, Body)> {
    Some(match selector {
        activateProgramCall::SELECTOR => (Purity::Payable, activate_program),
        codehashKeepaliveCall::SELECTOR => (Purity::Payable, codehash_keepalive),
        stylusVersionCall::SELECTOR => (Purity::View, |c| {
            Ok(stylusVersionCall::abi_encode_returns(&c.params()?.version))
        }),
        codehashVersionCall::SELECTOR => (Purity::View, |c| {
            let call: codehashVersionCall = c.decode()?;
            let (info, _) = active(c, call.codehash)?;
            Ok(codehashVersionCall::abi_encode_returns(&info.version))
        }),
        codehashAsmSizeCall::SELECTOR => (Purity::View, |c| {
            let call: codehashAsmSizeCall = c.decode()?;
            let (info, _) = active(c, call.codehash)?;
            let size = info.asm_estimate_kb.saturating_mul(1024);
            Ok(codehashAsmSizeCall::abi_encode_returns(&size))
        }),
        programVersionCall::SELECTOR => (Purity::View, |c| {
            let call: programVersionCall = c.decode()?;
            let (info, _) = active_at(c, call.program)?;
            Ok(programVersionCall::abi_encode_returns(&info.version))
        }),
        programInitGasCall::SELECTOR => (Purity::View, |c| {
            let call: programInitGasCall = c.decode()?;
            let (info, params) = active_at(c, call.program)?;
            let costs = info.entry();
            let cached = costs.cached_gas(&params);
            let mut gas = costs.init_gas(&params);
            if params.version > 1 {
                gas += cached;
            }
            Ok(programInitGasCall::abi_encode_returns(
                &programInitGasReturn {
                    gas,
                    gasWhenCached: cached,
                },
            ))
        }),
        programMemoryFootprintCall::SELECTOR => (Purity::View, |c| {
            let call: programMemoryFootprintCall = c.decode()?;
            let (info, _) = active_at(c, call.program)?;
            Ok(programMemoryFootprintCall::abi_encode_returns(
                &info.footprint,
            ))
        }),
        programTimeLeftCall::SELECTOR => (Purity::View, |c| {
            let call: programTimeLeftCall = c.decode()?;
            let (info, params) = active_at(c, call.program)?;
            let left = params.expiry_seconds().saturating_sub(info.age(c.time()));
            Ok(programTimeLeftCall::abi_encode_returns(&left))
        }),
        inkPriceCall::SELECTOR => (Purity::View, |c| {
            Ok(inkPriceCall::abi_encode_returns(&c.params()?.ink_price))
        }),
        maxStackDepthCall::SELECTOR => (Purity::View, |c| {
            Ok(maxStackDepthCall::abi_encode_returns(
                &c.params()?.max_stack_depth,
            ))
        }),
        freePagesCall::SELECTOR => (Purity::View, |c| {
            Ok(freePagesCall::abi_encode_returns(&c.params()?.free_pages))
        }),
        pageGasCall::SELECTOR => (Purity::View, |c| {
            Ok(pageGasCall::abi_encode_returns(&c.params()?.page_gas))
        }),
        pageRampCall::SELECTOR => (Purity::View, |c| {
            c.params()?;
            Ok(pageRampCall::abi_encode_returns(&PAGE_RAMP))
        }),
        pageLimitCall::SELECTOR => (Purity::View, |c| {
            Ok(pageLimitCall::abi_encode_returns(&c.params()?.page_limit))
        }),
        minInitGasCall::SELECTOR => (Purity::View, |c| {
            let params = c.params()?;
            Ok(minInitGasCall::abi_encode_returns(&minInitGasReturn {
                gas: u64::from(params.min_init_gas) * 128,
                cached: u64::from(params.min_cached_init_gas) * 32,
            }))
        }),
        initCostScalarCall::SELECTOR => (Purity::View, |c| {
            let percent = u64::from(c.params()?.init_cost_scalar) * 2;
            Ok(initCostScalarCall::abi_encode_returns(&percent))
        }),
        expiryDaysCall::SELECTOR => (Purity::View, |c| {
            Ok(expiryDaysCall::abi_encode_returns(&c.params()?.expiry_days))
        }),
        keepaliveDaysCall::SELECTOR => (Purity::View, |c| {
            Ok(keepaliveDaysCall::abi_encode_returns(
                &c.params()?.keepalive_days,
            ))
        }),
        blockCacheSizeCall::SELECTOR => (Purity::View, |c| {
            Ok(blockCacheSizeCall::abi_encode_returns(
                &c.params()?.block_cache_size,
            ))
        }),
        _ => return None,
    })
}

/// The record of an active program (`getActiveProgram`): not activated, activated at another
/// Stylus version, or expired are errors.
pub(super) fn active(
    c: &mut PrecompileCall<'_>,
    codehash: B256,
) -> Result<(ProgramInfo, Params), Exit> {
    let params = c.params()?;
    let info = c.program(codehash)?;
    if info.version == 0 {
        return Err(sol_error(ProgramNotActivated {}));
    }
    if info.version != params.version {
        return Err(sol_error(ProgramNeedsUpgrade {
            version: info.version,
            stylusVersion: params.version,
        }));
    }
    let age = info.age(c.time());
    if age > params.expiry_seconds() {
        return Err(sol_error(ProgramExpired { ageInSeconds: age }));
    }
    Ok((info, params))
}

/// [`active`] for the code at `program`.
fn active_at(c: &mut PrecompileCall<'_>, program: Address) -> Result<(ProgramInfo, Params), Exit> {
    let codehash = c.code_hash(program)?;
    active(c, codehash)
}

/// Takes the data fee from the value sent: the fee to the network fee account, the rest back
/// to the caller (`payActivationDataFee`).
fn pay_data_fee(c: &mut PrecompileCall<'_>, fee: U256) -> Result<(), Exit> {
    if c.value < fee {
        return Err(sol_error(ProgramInsufficientValue {
            have: c.value,
            want: fee,
        }));
    }
    c.burn(800)?;
    let network = arbos::network_fee_account(&mut c.slots());
    c.pay(network, fee);
    let caller = c.caller;
    c.pay(caller, c.value - fee);
    Ok(())
}

/// `activateProgram(program)`.
fn activate_program(c: &mut PrecompileCall<'_>) -> Result<Vec<u8>, Exit> {
    let call: activateProgramCall = c.decode()?;
    c.burn(ACTIVATION_FIXED_GAS)?;
    let time = c.time();
    let params = c.params()?;
    let Ok(codehash) = c.ctx.journaled_state.code_hash(call.program);
    let codehash = codehash.data;
    let existing = c.program(codehash)?;
    let expired = existing.activated_at == 0 || existing.age(time) > params.expiry_seconds();
    if existing.version == params.version && !expired {
        return Err(sol_error(ProgramUpToDate {}));
    }
    let Ok(code) = c.ctx.journaled_state.code(call.program);
    let code = code.data;
    if code.is_empty() {
        return Err(sol_error(ProgramNotWasm {}));
    }
    if !(code.len() > 3 && code::is_stylus(&code)) {
        return Err(Exit::Plain(
            "specified bytecode is not a Stylus program".into(),
        ));
    }
    let wasm = code::decompress(&code).map_err(|e| Exit::Plain(e.to_string()))?;
    let programs = c.ctx.chain.programs.clone();
    let arbos_version = c.ctx.chain.arbos_version;
    let program = match Program::activate(programs.engine(), &wasm, arbos_version) {
        Ok(program) => program,
        Err(e) => {
            c.ctx.chain.program_error = Some(e.to_string());
            return Err(Exit::Halt);
        }
    };
    // The compile charge: running out of it fails the activation with all gas.
    c.burn(program.data.activation_gas())
        .map_err(|_| Exit::Halt)?;
    if existing.cached {
        // Evicting the old module reads its hash.
        c.burn(800)?;
    }
    c.write(arbos::module_hash_slot(codehash), program.module_hash)?;
    let asm_estimate = arbos::asm_estimate(&program.data);
    // The pricer's five reads and two writes.
    c.burn(5 * 800 + 2 * 20_000)?;
    let fee = data_pricer::update(&mut c.slots(), asm_estimate as u32, time);
    let data = program.data;
    let info = ProgramInfo {
        version: params.version,
        init_cost: data.init_cost() as u16,
        cached_cost: data.cached_init_cost() as u16,
        footprint: data.footprint as u16,
        activated_at: arbos::hours_since_arbitrum(time),
        asm_estimate_kb: asm_estimate.div_ceil(1024) as u32,
        cached: existing.cached,
    };
    c.burn(20_000)?;
    info.store(&mut c.slots(), codehash);
    let module_hash = program.module_hash;
    programs.insert(codehash, program);
    pay_data_fee(c, fee)?;
    c.emit(ProgramActivated {
        codehash,
        moduleHash: module_hash,
        program: call.program,
        dataFee: fee,
        version: params.version,
    })?;
    Ok(activateProgramCall::abi_encode_returns(
        &activateProgramReturn {
            version: params.version,
            dataFee: fee,
        },
    ))
}

/// `codehashKeepalive(codehash)`: restarts the program's expiry clock for a data fee.
fn codehash_keepalive(c: &mut PrecompileCall<'_>) -> Result<Vec<u8>, Exit> {
    let call: codehashKeepaliveCall = c.decode()?;
    let (mut info, params) = active(c, call.codehash)?;
    let time = c.time();
    let age = info.age(time);
    if age < u64::from(params.keepalive_days) * 86_400 {
        return Err(sol_error(ProgramKeepaliveTooSoon { ageInSeconds: age }));
    }
    c.burn(5 * 800 + 2 * 20_000)?;
    let fee = data_pricer::update(
        &mut c.slots(),
        info.asm_estimate_kb.saturating_mul(1024),
        time,
    );
    info.activated_at = arbos::hours_since_arbitrum(time);
    c.burn(20_000)?;
    info.store(&mut c.slots(), call.codehash);
    pay_data_fee(c, fee)?;
    c.emit(ProgramLifetimeExtended {
        codehash: call.codehash,
        dataFee: fee,
    })?;
    Ok(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::{super::ARB_WASM, *};

    #[test]
    fn the_precompile_address_and_selectors_are_nitros() {
        assert_eq!(ARB_WASM, Address::with_last_byte(0x71));
        // Selectors from nitro-precompile-interfaces (computed independently).
        assert_eq!(activateProgramCall::SELECTOR, [0x58, 0xc7, 0x80, 0xc2]);
        assert_eq!(codehashVersionCall::SELECTOR, [0xd7, 0x0c, 0x0c, 0xa7]);
        assert_eq!(stylusVersionCall::SELECTOR, [0xa9, 0x96, 0xe0, 0xc2]);
        assert_eq!(
            <ProgramNotActivated as alloy_sol_types::SolError>::SELECTOR,
            [0x6f, 0x80, 0x9c, 0x4e]
        );
    }
}
