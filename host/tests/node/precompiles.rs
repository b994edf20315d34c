//! Arbitrum's precompiles as the flows use them: ArbWasm's lookups and errors, ArbWasmCache
//! for the chain owner only, ArbSys's identity.

use alloy_primitives::{keccak256, Address, Bytes, U256};
use alloy_sol_types::{sol, SolCall, SolError};
use serde_json::json;
use stylus_node::precompiles::{ARB_SYS, ARB_WASM, ARB_WASM_CACHE};

use crate::common::{call, deploy_token, entry_gas, http_rpc, node, quantity, rpc, send};

sol! {
    interface ArbWasm {
        function stylusVersion() external view returns (uint16);
        function codehashVersion(bytes32 codehash) external view returns (uint16);
        function codehashAsmSize(bytes32 codehash) external view returns (uint32);
        function codehashKeepalive(bytes32 codehash) external payable;
        function programVersion(address program) external view returns (uint16);
        function programInitGas(address program) external view returns (uint64 gas, uint64 gasWhenCached);
        function programMemoryFootprint(address program) external view returns (uint16);
        function programTimeLeft(address program) external view returns (uint64);
        function inkPrice() external view returns (uint32);
        function freePages() external view returns (uint16);
        function pageLimit() external view returns (uint16);
        function expiryDays() external view returns (uint16);
        function minInitGas() external view returns (uint64 gas, uint64 cached);
        error ProgramNotActivated();
        error ProgramKeepaliveTooSoon(uint64 ageInSeconds);
    }
    interface ArbWasmCache {
        function codehashIsCached(bytes32 codehash) external view returns (bool);
        function cacheProgram(address addr) external;
        function evictCodehash(bytes32 codehash) external;
        function isCacheManager(address manager) external view returns (bool);
    }
    interface ArbSys {
        function arbBlockNumber() external view returns (uint256);
        function arbChainID() external view returns (uint256);
        function arbOSVersion() external view returns (uint256);
    }
}

fn value<C: SolCall>(node: &stylus_node::Node, to: Address, call_data: C) -> C::Return {
    let out = call(node, to, &call_data.abi_encode()).expect("the call succeeds");
    C::abi_decode_returns(&out).expect("decodes")
}

#[test]
fn arb_wasm_reports_the_token_and_refuses_what_is_not_active() {
    let node = node();
    let owner = node.accounts[0].address;
    let token = deploy_token(&node, owner, owner);
    let code = rpc(&node, "eth_getCode", json!([token, "latest"]));
    let code = alloy_primitives::hex::decode(code.as_str().unwrap()).unwrap();
    let codehash = keccak256(&code);

    assert_eq!(value(&node, ARB_WASM, ArbWasm::stylusVersionCall {}), 2);
    assert_eq!(
        value(&node, ARB_WASM, ArbWasm::codehashVersionCall { codehash }),
        2
    );
    assert_eq!(
        value(
            &node,
            ARB_WASM,
            ArbWasm::programVersionCall { program: token }
        ),
        2
    );
    assert_eq!(value(&node, ARB_WASM, ArbWasm::inkPriceCall {}), 10_000);
    assert_eq!(value(&node, ARB_WASM, ArbWasm::freePagesCall {}), 2);
    assert_eq!(value(&node, ARB_WASM, ArbWasm::pageLimitCall {}), 128);
    assert_eq!(value(&node, ARB_WASM, ArbWasm::expiryDaysCall {}), 365);
    let min = value(&node, ARB_WASM, ArbWasm::minInitGasCall {});
    assert_eq!((min.gas, min.cached), (8832, 352));
    assert_eq!(
        value(
            &node,
            ARB_WASM,
            ArbWasm::programMemoryFootprintCall { program: token }
        ),
        1
    );
    // The entry costs the host charges for the same bytes (reports/gas.md's program data).
    let (uncached, cached) = entry_gas();
    let init = value(
        &node,
        ARB_WASM,
        ArbWasm::programInitGasCall { program: token },
    );
    assert_eq!((init.gas, init.gasWhenCached), (uncached + cached, cached));
    assert!(cached < uncached, "{cached} {uncached}");
    let left = value(
        &node,
        ARB_WASM,
        ArbWasm::programTimeLeftCall { program: token },
    );
    assert!(left > 364 * 86_400 && left <= 365 * 86_400, "{left}");
    let asm = value(&node, ARB_WASM, ArbWasm::codehashAsmSizeCall { codehash });
    assert!(asm > 512_000, "{asm}");

    // An account that is not a program, and a keepalive that comes too soon.
    let error = call(
        &node,
        ARB_WASM,
        &ArbWasm::programVersionCall {
            program: Address::repeat_byte(3),
        }
        .abi_encode(),
    )
    .unwrap_err();
    let stylus_node::Error::Revert { data, .. } = error else {
        panic!("{error}")
    };
    assert_eq!(data.as_ref(), ArbWasm::ProgramNotActivated {}.abi_encode());
    let error = call(
        &node,
        ARB_WASM,
        &ArbWasm::codehashKeepaliveCall { codehash }.abi_encode(),
    )
    .unwrap_err();
    let stylus_node::Error::Revert { data, .. } = error else {
        panic!("{error}")
    };
    assert_eq!(data[..4], ArbWasm::ProgramKeepaliveTooSoon::SELECTOR);

    // Value sent to a view method, and an unknown selector: revert with all gas, no data.
    let tx = json!({
        "from": owner, "to": ARB_WASM, "value": "0x1", "gas": "0x10000",
        "data": Bytes::from(ArbWasm::stylusVersionCall {}.abi_encode()),
    });
    let receipt = rpc(
        &node,
        "eth_getTransactionReceipt",
        json!([rpc(&node, "eth_sendTransaction", json!([tx]))]),
    );
    assert_eq!(receipt["status"], json!("0x0"));
    assert_eq!(quantity(&receipt["gasUsed"]), 0x10000);
    let response = http_rpc(
        &node,
        "eth_call",
        json!([{ "to": ARB_WASM, "data": "0xdeadbeef" }]),
    );
    assert_eq!(response["error"]["code"], json!(3));
    assert_eq!(response["error"]["data"], json!("0x"));
}

#[test]
fn only_the_chain_owner_caches_programs() {
    let node = node();
    let (owner, alice) = (node.accounts[0].address, node.accounts[1].address);
    let token = deploy_token(&node, owner, owner);
    let code = rpc(&node, "eth_getCode", json!([token, "latest"]));
    let codehash = keccak256(alloy_primitives::hex::decode(code.as_str().unwrap()).unwrap());
    let cached = |node| {
        value(
            node,
            ARB_WASM_CACHE,
            ArbWasmCache::codehashIsCachedCall { codehash },
        )
    };
    assert!(!cached(&node));
    assert!(!value(
        &node,
        ARB_WASM_CACHE,
        ArbWasmCache::isCacheManagerCall { manager: owner }
    ));

    let cache = ArbWasmCache::cacheProgramCall { addr: token }.abi_encode();
    let refused = send(&node, alice, ARB_WASM_CACHE, &cache, 200_000);
    assert_eq!(refused["status"], json!("0x0"));
    assert_eq!(
        quantity(&refused["gasUsed"]),
        200_000,
        "all gas for no access"
    );
    assert!(!cached(&node));

    let accepted = send(&node, owner, ARB_WASM_CACHE, &cache, 200_000);
    assert_eq!(accepted["status"], json!("0x1"), "{accepted}");
    assert!(cached(&node));
    let init = value(
        &node,
        ARB_WASM,
        ArbWasm::programInitGasCall { program: token },
    );
    assert_eq!(init.gasWhenCached, entry_gas().1);

    let evict = ArbWasmCache::evictCodehashCall { codehash }.abi_encode();
    assert_eq!(
        send(&node, owner, ARB_WASM_CACHE, &evict, 200_000)["status"],
        json!("0x1")
    );
    assert!(!cached(&node));
}

#[test]
fn arb_sys_reports_the_chain() {
    let node = node();
    let number = rpc(&node, "eth_blockNumber", json!([]));
    assert_eq!(
        value(&node, ARB_SYS, ArbSys::arbBlockNumberCall {}),
        U256::from(quantity(&number))
    );
    assert_eq!(
        value(&node, ARB_SYS, ArbSys::arbChainIDCall {}),
        U256::from(412_346)
    );
    // ArbOS reports its version plus 55.
    assert_eq!(
        value(&node, ARB_SYS, ArbSys::arbOSVersionCall {}),
        U256::from(106)
    );
    // Every Arbitrum precompile has code, so Solidity's extcodesize check passes.
    for address in [ARB_SYS, ARB_WASM, ARB_WASM_CACHE] {
        assert_eq!(
            rpc(&node, "eth_getCode", json!([address, "latest"])),
            json!("0xfe")
        );
    }
}
