//! The storage layout is pinned: `abi/storage-layout.txt` lists every slot the token uses, and
//! this test checks it against the deployed wasm — each field holds, at the listed place, what
//! the ABI reports for it, and every slot the program writes is one the file explains.

use alloy_primitives::{keccak256, Address, B256, U256};
use stylus_host::{artifact, scenario, Env};
use stylus_token::IToken;

/// One line of the layout file.
struct Field {
    slot: B256,
    offset: usize,
    bytes: usize,
    name: String,
}

fn layout() -> Vec<Field> {
    let path = artifact::workspace_root().join("abi/storage-layout.txt");
    let text = std::fs::read_to_string(path).expect("the layout file exists");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let slot = match cols[0] {
                "sdk" => keccak256("stylus_constructor"),
                n => B256::from(U256::from(n.parse::<u64>().expect("a slot number"))),
            };
            Field {
                slot,
                offset: cols[1].parse().expect("an offset"),
                bytes: cols[2].parse().expect("a size"),
                name: cols[3].to_string(),
            }
        })
        .collect()
}

/// The bytes of a field inside its slot's value.
fn field_bytes(value: B256, f: &Field) -> Vec<u8> {
    value[32 - f.offset - f.bytes..32 - f.offset].to_vec()
}

fn mapping(key: Address, slot: B256) -> B256 {
    let mut buf = [0u8; 64];
    buf[12..32].copy_from_slice(key.as_slice());
    buf[32..].copy_from_slice(slot.as_slice());
    keccak256(buf)
}

#[test]
fn layout_file_matches_the_deployed_program() {
    let wasm = artifact::build().expect("the token builds");
    let mut run = scenario::demo(&wasm, Env::default()).expect("the demo runs");
    let token = run.token;
    // Leave a pending owner and a paused token, so every field is non-zero.
    run.call(
        "",
        scenario::OWNER,
        IToken::transferOwnershipCall {
            newOwner: scenario::BOB,
        },
    )
    .unwrap();
    run.call("", scenario::OWNER, IToken::pauseCall {}).unwrap();
    let fields = layout();
    let field = |name: &str| fields.iter().find(|f| f.name == name).expect(name);
    let get = |run: &mut scenario::Run, f: &Field| field_bytes(run.chain.storage(token, f.slot), f);
    let word = |v: U256| v.to_be_bytes::<32>().to_vec();

    assert_eq!(
        get(&mut run, field("totalSupply")),
        word(run.view(IToken::totalSupplyCall {}).unwrap())
    );
    assert_eq!(
        get(&mut run, field("cap")),
        word(run.view(IToken::capCall {}).unwrap())
    );
    assert_eq!(
        get(&mut run, field("owner")),
        run.view(IToken::ownerCall {}).unwrap().to_vec()
    );
    assert_eq!(
        get(&mut run, field("paused")),
        vec![u8::from(run.view(IToken::pausedCall {}).unwrap())]
    );
    assert_eq!(
        get(&mut run, field("decimals")),
        word(U256::from(run.view(IToken::decimalsCall {}).unwrap()))
    );
    assert_eq!(
        get(&mut run, field("pendingOwner")),
        run.view(IToken::pendingOwnerCall {}).unwrap().to_vec()
    );
    assert_eq!(get(&mut run, field("constructed")), vec![1]);
    let name = run.view(IToken::nameCall {}).unwrap();
    let mut short = name.as_bytes().to_vec();
    short.resize(31, 0);
    short.push(2 * name.len() as u8);
    assert_eq!(get(&mut run, field("name")), short);

    let carol = scenario::address_of(&scenario::carol_key());
    let accounts = [scenario::OWNER, scenario::ALICE, scenario::BOB, carol];
    let mut explained: Vec<B256> = fields.iter().map(|f| f.slot).collect();
    for &a in &accounts {
        let slot = mapping(a, field("balances").slot);
        let balance = run.view(IToken::balanceOfCall { account: a }).unwrap();
        assert_eq!(
            run.chain.storage(token, slot),
            B256::from(balance),
            "balance of {a}"
        );
        let slot_n = mapping(a, field("nonces").slot);
        let nonce = run.view(IToken::noncesCall { owner: a }).unwrap();
        assert_eq!(
            run.chain.storage(token, slot_n),
            B256::from(nonce),
            "nonce of {a}"
        );
        explained.extend([slot, slot_n]);
        for &s in &accounts {
            let inner = mapping(a, field("allowances").slot);
            let slot = mapping(s, inner);
            let allowance = run
                .view(IToken::allowanceCall {
                    owner: a,
                    spender: s,
                })
                .unwrap();
            assert_eq!(run.chain.storage(token, slot), B256::from(allowance));
            explained.push(slot);
        }
    }
    for (slot, _) in run.chain.storage_slots(token) {
        assert!(
            explained.contains(&slot),
            "slot {slot} is not in abi/storage-layout.txt"
        );
    }
}
