//! Random operation sequences: `totalSupply == Σ balances` after every step, and each
//! operation changes only what it should.

use alloy_primitives::{Address, U256};
use proptest::prelude::*;
use stylus_token::Token;

use crate::common::*;

const HOLDERS: [Address; 4] = [OWNER, ALICE, BOB, CAROL];

#[derive(Debug, Clone)]
enum Op {
    Transfer(usize, usize, U256),
    Approve(usize, usize, U256),
    TransferFrom(usize, usize, usize, U256),
    Burn(usize, U256),
    BurnFrom(usize, usize, U256),
    Mint(usize, usize, U256),
    Pause(bool),
}

fn amount() -> impl Strategy<Value = U256> {
    prop_oneof![
        (0u64..2_000).prop_map(U256::from),
        Just(U256::ZERO),
        Just(U256::MAX),
        Just(U256::MAX - U256::from(1)),
        any::<[u8; 32]>().prop_map(U256::from_be_bytes),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0..HOLDERS.len();
    prop_oneof![
        (who.clone(), who.clone(), amount()).prop_map(|(a, b, v)| Op::Transfer(a, b, v)),
        (who.clone(), who.clone(), amount()).prop_map(|(a, b, v)| Op::Approve(a, b, v)),
        (who.clone(), who.clone(), who.clone(), amount())
            .prop_map(|(s, f, t, v)| Op::TransferFrom(s, f, t, v)),
        (who.clone(), amount()).prop_map(|(a, v)| Op::Burn(a, v)),
        (who.clone(), who.clone(), amount()).prop_map(|(s, a, v)| Op::BurnFrom(s, a, v)),
        (who.clone(), who, amount()).prop_map(|(s, t, v)| Op::Mint(s, t, v)),
        any::<bool>().prop_map(Op::Pause),
    ]
}

fn balances(token: &Token) -> Vec<U256> {
    HOLDERS.iter().map(|&a| token.balance_of(a)).collect()
}

fn sum(values: &[U256]) -> U256 {
    values.iter().fold(U256::ZERO, |acc, &v| {
        acc.checked_add(v).expect("no overflow")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn supply_equals_sum_of_balances_and_ops_touch_only_their_accounts(
        ops in proptest::collection::vec(op(), 1..40)
    ) {
        let env = vm();
        let mut token = deploy_with(&env, U256::ZERO, OWNER, ALICE, U256::from(10_000));
        drain_logs(&env);
        for op in ops {
            let before = snapshot(&env, &token);
            let before_balances = balances(&token);
            let (sender, result, touched): (Address, Result<(), _>, Vec<usize>) = match op {
                Op::Transfer(a, b, v) => {
                    env.set_sender(HOLDERS[a]);
                    (HOLDERS[a], token.transfer(HOLDERS[b], v).map(|_| ()), vec![a, b])
                }
                Op::Approve(a, b, v) => {
                    env.set_sender(HOLDERS[a]);
                    let r = token.approve(HOLDERS[b], v).map(|_| ());
                    if r.is_ok() {
                        prop_assert_eq!(token.allowance(HOLDERS[a], HOLDERS[b]), v);
                    }
                    (HOLDERS[a], r, vec![])
                }
                Op::TransferFrom(s, f, t, v) => {
                    env.set_sender(HOLDERS[s]);
                    let allowance = token.allowance(HOLDERS[f], HOLDERS[s]);
                    let r = token.transfer_from(HOLDERS[f], HOLDERS[t], v).map(|_| ());
                    if r.is_ok() {
                        let expected = if allowance == U256::MAX { allowance } else { allowance - v };
                        prop_assert_eq!(token.allowance(HOLDERS[f], HOLDERS[s]), expected);
                    }
                    (HOLDERS[s], r, vec![f, t])
                }
                Op::Burn(a, v) => {
                    env.set_sender(HOLDERS[a]);
                    (HOLDERS[a], token.burn(v), vec![a])
                }
                Op::BurnFrom(s, a, v) => {
                    env.set_sender(HOLDERS[s]);
                    (HOLDERS[s], token.burn_from(HOLDERS[a], v), vec![a])
                }
                Op::Mint(s, t, v) => {
                    env.set_sender(HOLDERS[s]);
                    (HOLDERS[s], token.mint(HOLDERS[t], v), vec![t])
                }
                Op::Pause(on) => {
                    env.set_sender(OWNER);
                    let r = if on { token.pause() } else { token.unpause() };
                    (OWNER, r, vec![])
                }
            };
            let _ = sender;
            let after_balances = balances(&token);
            prop_assert_eq!(sum(&after_balances), token.total_supply());
            match result {
                Err(_) => prop_assert_eq!(snapshot(&env, &token), before),
                Ok(()) => {
                    for (i, (b, a)) in before_balances.iter().zip(&after_balances).enumerate() {
                        if !touched.contains(&i) {
                            prop_assert_eq!(b, a, "an untouched balance changed");
                        }
                    }
                    prop_assert_eq!(token.cap(), before.cap);
                    prop_assert_eq!(token.owner(), before.owner);
                }
            }
            drain_logs(&env);
        }
    }
}
