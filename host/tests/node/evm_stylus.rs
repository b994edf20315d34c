//! EVM and Stylus in one state: a Solidity contract (compiled by solc-js from npm at test
//! time) calling the token, a hand-written Stylus program calling EVM contracts and
//! precompiles, and reverts on either side rolling back exactly what they should.

use alloy_primitives::{Address, Bytes, B256, U256};
use alloy_sol_types::{sol, SolCall, SolValue};
use serde_json::json;
use stylus_token::IToken;

use crate::common::{
    call, create, deploy_token, deploy_wasm, node, quantity, rpc, send, solidity, tokens,
};

sol! {
    interface TokenUser {
        function calls() external view returns (uint256);
        function pull(address token, address from, uint256 value) external;
        function pullThenRevert(address token, address from, uint256 value) external;
        function tryPay(address token, address to, uint256 value) external returns (bool);
        function staticTransfer(address token, address to, uint256 value) external view returns (bool);
        function balance(address token, address account) external view returns (uint256);
    }
    interface Store {
        function value() external view returns (uint256);
        function set(uint256 v) external returns (uint256);
        function setThenRevert(uint256 v) external;
        function relay(address target, bytes data) external returns (bytes);
    }
}

/// A program that, given `mode ‖ word ‖ target ‖ calldata`: mode 0 stores `word` at slot 0,
/// calls `target` with `calldata` and returns its return data, reverting (status 1) if the
/// call failed; mode 1 returns `msg_reentrant` as a word.
const PROGRAM: &str = r#"
(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "storage_cache_bytes32" (func $cache (param i32 i32)))
  (import "vm_hooks" "storage_flush_cache" (func $flush (param i32)))
  (import "vm_hooks" "call_contract" (func $call (param i32 i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "read_return_data" (func $read_return_data (param i32 i32 i32) (result i32)))
  (import "vm_hooks" "msg_reentrant" (func $msg_reentrant (result i32)))
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (local $status i32)
    (call $read_args (i32.const 0))
    (if (i32.eq (i32.load8_u (i32.const 0)) (i32.const 1))
      (then
        (i32.store8 (i32.const 8223) (call $msg_reentrant))
        (call $write_result (i32.const 8192) (i32.const 32))
        (return (i32.const 0))))
    ;; slot 0 (zeros at 4096) = the word at 1
    (call $cache (i32.const 4096) (i32.const 1))
    (call $flush (i32.const 0))
    ;; call(target at 33, calldata at 53, value 0 at 4096, all gas), return length at 4200
    (local.set $status
      (call $call (i32.const 33) (i32.const 53) (i32.sub (local.get $len) (i32.const 53))
        (i32.const 4096) (i64.const -1) (i32.const 4200)))
    (if (local.get $status) (then (return (i32.const 1))))
    (drop (call $read_return_data (i32.const 16384) (i32.const 0) (i32.load (i32.const 4200))))
    (call $write_result (i32.const 16384) (i32.load (i32.const 4200)))
    (i32.const 0)))
"#;

fn program_call(word: U256, target: Address, calldata: &[u8]) -> Vec<u8> {
    let mut data = vec![0u8];
    data.extend_from_slice(&word.to_be_bytes::<32>());
    data.extend_from_slice(target.as_slice());
    data.extend_from_slice(calldata);
    data
}

fn storage(node: &stylus_node::Node, address: Address, slot: u64) -> U256 {
    let word = rpc(
        node,
        "eth_getStorageAt",
        json!([address, format!("{slot:#x}"), "latest"]),
    );
    U256::from_be_bytes(word.as_str().unwrap().parse::<B256>().unwrap().0)
}

fn word(out: &[u8]) -> U256 {
    U256::from_be_slice(out)
}

#[test]
fn solidity_calls_the_token_and_reverts_roll_back_both_sides() {
    let node = node();
    let (owner, alice, bob) = (
        node.accounts[0].address,
        node.accounts[1].address,
        node.accounts[2].address,
    );
    let token = deploy_token(&node, owner, alice);
    let contracts = solidity("Mixed.sol");
    let user = create(&node, alice, &contracts["TokenUser"]);
    let balance = |account: Address| {
        word(
            &call(
                &node,
                token,
                &IToken::balanceOfCall { account }.abi_encode(),
            )
            .unwrap(),
        )
    };
    let approve = IToken::approveCall {
        spender: user,
        value: tokens(100),
    }
    .abi_encode();
    assert_eq!(
        send(&node, alice, token, &approve, 200_000)["status"],
        json!("0x1")
    );

    // EVM -> Stylus: transferFrom pulls into the contract.
    let pull = TokenUser::pullCall {
        token,
        from: alice,
        value: tokens(30),
    }
    .abi_encode();
    let receipt = send(&node, bob, user, &pull, 500_000);
    assert_eq!(receipt["status"], json!("0x1"), "{receipt}");
    println!(
        "EVM -> Stylus transferFrom: {} gas",
        quantity(&receipt["gasUsed"])
    );
    assert_eq!(balance(user), tokens(30));
    assert_eq!(balance(alice), tokens(970));

    // The EVM caller reverts after the Stylus call succeeded: the token's writes go too.
    let calls_before = word(&call(&node, user, &TokenUser::callsCall {}.abi_encode()).unwrap());
    let revert = TokenUser::pullThenRevertCall {
        token,
        from: alice,
        value: tokens(5),
    }
    .abi_encode();
    let receipt = send(&node, bob, user, &revert, 500_000);
    assert_eq!(receipt["status"], json!("0x0"));
    assert_eq!(balance(user), tokens(30));
    assert_eq!(balance(alice), tokens(970));
    let calls_after = word(&call(&node, user, &TokenUser::callsCall {}.abi_encode()).unwrap());
    assert_eq!(
        calls_after, calls_before,
        "the EVM side's write is undone too"
    );

    // The Stylus callee reverts and the EVM caller catches it: only the callee's writes go.
    let pay = TokenUser::tryPayCall {
        token,
        to: bob,
        value: tokens(1_000_000),
    }
    .abi_encode();
    let receipt = send(&node, bob, user, &pay, 500_000);
    assert_eq!(receipt["status"], json!("0x1"));
    let calls_now = word(&call(&node, user, &TokenUser::callsCall {}.abi_encode()).unwrap());
    assert_eq!(
        calls_now,
        calls_after + U256::from(1),
        "the caller's write stays"
    );
    assert_eq!(balance(user), tokens(30));

    // Static calls: a view reaches the token; a transfer in a static context fails.
    let seen = call(
        &node,
        user,
        &TokenUser::balanceCall {
            token,
            account: alice,
        }
        .abi_encode(),
    )
    .unwrap();
    assert_eq!(word(&seen), tokens(970));
    let static_transfer = call(
        &node,
        user,
        &TokenUser::staticTransferCall {
            token,
            to: bob,
            value: tokens(1),
        }
        .abi_encode(),
    )
    .unwrap();
    assert_eq!(word(&static_transfer), U256::ZERO, "write protection");

    // Value sent to the (non-payable) token reverts and moves nothing.
    let before = rpc(&node, "eth_getBalance", json!([token, "latest"]));
    let tx = json!({
        "from": bob, "to": token, "value": "0x1", "gas": "0x30000",
        "data": Bytes::from(IToken::totalSupplyCall {}.abi_encode()),
    });
    let hash = rpc(&node, "eth_sendTransaction", json!([tx]));
    let receipt = rpc(&node, "eth_getTransactionReceipt", json!([hash]));
    assert_eq!(receipt["status"], json!("0x0"));
    assert_eq!(
        rpc(&node, "eth_getBalance", json!([token, "latest"])),
        before
    );
}

#[test]
fn a_stylus_program_calls_evm_contracts_and_precompiles() {
    let node = node();
    let (alice, bob) = (node.accounts[1].address, node.accounts[2].address);
    let program = deploy_wasm(&node, alice, &wat::parse_str(PROGRAM).unwrap());
    let contracts = solidity("Mixed.sol");
    let store = create(&node, alice, &contracts["Store"]);

    // Stylus -> EVM: both sides write, and the return data comes back.
    let inner = Store::setCall { v: U256::from(21) }.abi_encode();
    let data = program_call(U256::from(7), store, &inner);
    assert_eq!(word(&call(&node, program, &data).unwrap()), U256::from(42));
    let receipt = send(&node, bob, program, &data, 1_000_000);
    assert_eq!(receipt["status"], json!("0x1"), "{receipt}");
    println!("Stylus -> EVM call: {} gas", quantity(&receipt["gasUsed"]));
    assert_eq!(storage(&node, program, 0), U256::from(7));
    assert_eq!(storage(&node, store, 0), U256::from(21));

    // The EVM callee reverts, then the program reverts: neither side's write stays.
    let inner = Store::setThenRevertCall { v: U256::from(99) }.abi_encode();
    let data = program_call(U256::from(8), store, &inner);
    let receipt = send(&node, bob, program, &data, 1_000_000);
    assert_eq!(receipt["status"], json!("0x0"));
    assert_eq!(storage(&node, program, 0), U256::from(7));
    assert_eq!(storage(&node, store, 0), U256::from(21));

    // Stylus -> a standard precompile (sha256 at 0x02).
    let data = program_call(U256::from(9), Address::with_last_byte(2), b"abc");
    let out = call(&node, program, &data).unwrap();
    assert_eq!(
        B256::from_slice(&out),
        alloy_primitives::b256!("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    );

    // Reentrancy as Nitro flags it: not on a direct call; yes when the program is called
    // back through the EVM while it is running.
    assert_eq!(word(&call(&node, program, &[1]).unwrap()), U256::ZERO);
    let relay = Store::relayCall {
        target: program,
        data: vec![1u8].into(),
    }
    .abi_encode();
    let out = call(&node, program, &program_call(U256::from(1), store, &relay)).unwrap();
    let inner = <Bytes>::abi_decode(&out).unwrap();
    assert_eq!(word(&inner), U256::from(1));
}

#[test]
fn a_program_that_is_not_activated_fails_with_all_its_gas() {
    let node = node();
    let alice = node.accounts[1].address;
    let processed = stylus_host::artifact::process(&wat::parse_str(PROGRAM).unwrap()).unwrap();
    let code = stylus_runtime::code::deployable(&processed);
    let program = create(&node, alice, &stylus_runtime::code::init_code(&code));
    assert!(!rpc(&node, "eth_getCode", json!([program, "latest"]))
        .as_str()
        .unwrap()
        .is_empty());
    let error = call(&node, program, &[1]).unwrap_err();
    assert!(error.to_string().contains("ProgramNotActivated"), "{error}");
    let receipt = send(&node, alice, program, &[1], 100_000);
    assert_eq!(receipt["status"], json!("0x0"));
    assert_eq!(quantity(&receipt["gasUsed"]), 100_000, "all gas is used");

    // Code starting with 0xEF but not a Stylus program is refused at creation (EIP-3541).
    // Init code: return 3 bytes EF 00 00 (PUSH3 0xef0000 PUSH1 0 MSTORE PUSH1 3 PUSH1 29 RETURN).
    let init = [
        0x62, 0xef, 0x00, 0x00, 0x60, 0x00, 0x52, 0x60, 0x03, 0x60, 0x1d, 0xf3,
    ];
    let tx = json!({ "from": alice, "data": Bytes::copy_from_slice(&init), "gas": "0x30000" });
    let hash = rpc(&node, "eth_sendTransaction", json!([tx]));
    let receipt = rpc(&node, "eth_getTransactionReceipt", json!([hash]));
    assert_eq!(receipt["status"], json!("0x0"));
    let address = receipt["contractAddress"].clone();
    assert_eq!(
        rpc(&node, "eth_getCode", json!([address, "latest"])),
        json!("0x")
    );
}
