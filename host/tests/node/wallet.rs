//! A wallet's flow with alloy over HTTP: alloy's provider with its own fillers (nonce, gas
//! from `eth_estimateGas` used unchanged, fees, chain id) and a local signer, the token's
//! interface from `abi/IToken.json`.

use alloy_network::EthereumWallet;
use alloy_primitives::{Address, U256};
use alloy_provider::{Provider, ProviderBuilder};
use alloy_rpc_types_eth::{Filter, Log, TransactionRequest};
use alloy_signer::SignerSync;
use alloy_signer_local::PrivateKeySigner;
use alloy_sol_types::{eip712_domain, sol, SolEvent};

use crate::common::{deploy_token, node, tokens};

// The generated `permit` binding takes the ERC's seven arguments and the instance.
#[allow(clippy::too_many_arguments)]
mod token {
    alloy_sol_types::sol!(
        #[sol(rpc)]
        Token,
        "../abi/IToken.json"
    );
}
use token::Token;

sol! {
    struct Permit {
        address owner;
        address spender;
        uint256 value;
        uint256 nonce;
        uint256 deadline;
    }
}

fn signer(node: &stylus_node::Node, index: usize) -> PrivateKeySigner {
    node.accounts[index].signer.clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wallet_transfers_approves_permits_and_decodes_errors_with_alloy() {
    let node = tokio::task::spawn_blocking(node).await.unwrap();
    let owner = node.accounts[0].address;
    let (alice, bob, carol) = (signer(&node, 1), signer(&node, 2), signer(&node, 3));
    let token_address = {
        let alice = alice.address();
        let node = &node;
        tokio::task::block_in_place(|| deploy_token(node, owner, alice))
    };
    let url = node.url().parse().unwrap();
    let as_alice = ProviderBuilder::new()
        .wallet(EthereumWallet::from(alice.clone()))
        .connect_http(url);
    let as_bob = ProviderBuilder::new()
        .wallet(EthereumWallet::from(bob.clone()))
        .connect_http(node.url().parse().unwrap());
    let token = Token::new(token_address, &as_alice);
    let token_for_bob = Token::new(token_address, &as_bob);

    // Reads.
    assert_eq!(token.name().call().await.unwrap(), "Lean Token");
    assert_eq!(token.symbol().call().await.unwrap(), "LEAN");
    assert_eq!(token.decimals().call().await.unwrap(), 18);
    assert_eq!(token.totalSupply().call().await.unwrap(), tokens(1000));
    let domain = token.eip712Domain().call().await.unwrap();
    assert_eq!(domain._1, "Lean Token");
    assert_eq!(domain._2, "1");
    assert_eq!(domain._3, U256::from(node.chain_id));
    assert_eq!(domain._4, token_address);

    // A logs filter installed before the transfers.
    let filter = Filter::new()
        .address(token_address)
        .event_signature(Token::Transfer::SIGNATURE_HASH)
        .from_block(0);
    let filter_id = as_alice.new_filter(&filter).await.unwrap();

    // transfer, waited for; Transfer decoded from the receipt.
    let receipt = token
        .transfer(bob.address(), tokens(10))
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    println!("transfer gas {}", receipt.gas_used);
    let transfer = receipt
        .inner
        .logs()
        .iter()
        .find_map(|log| log.log_decode::<Token::Transfer>().ok())
        .expect("a Transfer log");
    assert_eq!(transfer.inner.data.from, alice.address());
    assert_eq!(transfer.inner.data.to, bob.address());
    assert_eq!(transfer.inner.data.value, tokens(10));

    // approve, then transferFrom by the spender.
    let approve = token
        .approve(bob.address(), tokens(50))
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(approve.status());
    println!("approve gas {}", approve.gas_used);
    let from = token_for_bob
        .transferFrom(alice.address(), carol.address(), tokens(20))
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(from.status());
    println!("transferFrom gas {}", from.gas_used);
    assert_eq!(
        token
            .allowance(alice.address(), bob.address())
            .call()
            .await
            .unwrap(),
        tokens(30)
    );

    // A permit signed with alloy's EIP-712 signer over the domain the token reports.
    let nonce = token.nonces(alice.address()).call().await.unwrap();
    let head = as_alice.get_block_number().await.unwrap();
    let now = as_alice
        .get_block_by_number(head.into())
        .await
        .unwrap()
        .unwrap()
        .header
        .timestamp;
    let deadline = U256::from(now + 3600);
    let eip712 = eip712_domain! {
        name: domain._1.clone(),
        version: domain._2.clone(),
        chain_id: domain._3.to::<u64>(),
        verifying_contract: domain._4,
    };
    let permit = Permit {
        owner: alice.address(),
        spender: bob.address(),
        value: tokens(5),
        nonce,
        deadline,
    };
    assert_eq!(
        eip712.separator(),
        token.DOMAIN_SEPARATOR().call().await.unwrap()
    );
    let signature = alice.sign_typed_data_sync(&permit, &eip712).unwrap();
    let permit_receipt = token_for_bob
        .permit(
            alice.address(),
            bob.address(),
            tokens(5),
            deadline,
            27 + u8::from(signature.v()),
            signature.r().into(),
            signature.s().into(),
        )
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(permit_receipt.status());
    println!("permit gas {}", permit_receipt.gas_used);
    assert_eq!(
        token
            .allowance(alice.address(), bob.address())
            .call()
            .await
            .unwrap(),
        tokens(5)
    );
    let spent = token_for_bob
        .transferFrom(alice.address(), bob.address(), tokens(5))
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(spent.status());

    // A transfer above the balance: the custom error from a simulated call...
    let balance = token.balanceOf(alice.address()).call().await.unwrap();
    let error = token
        .transfer(bob.address(), balance + U256::from(1))
        .call()
        .await
        .expect_err("reverts");
    let decoded = error
        .as_decoded_interface_error::<Token::TokenErrors>()
        .expect("a custom error from the ABI");
    let Token::TokenErrors::ERC20InsufficientBalance(e) = decoded else {
        panic!("another error");
    };
    assert_eq!(
        (e.sender, e.balance, e.needed),
        (alice.address(), balance, balance + U256::from(1))
    );
    // ... and from a mined failed transaction, replayed as a call at its block's parent.
    let failed = token
        .transfer(bob.address(), balance + U256::from(1))
        .gas(100_000)
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(!failed.status());
    println!("failed transfer gas {}", failed.gas_used);
    let tx = as_alice
        .get_transaction_by_hash(failed.transaction_hash)
        .await
        .unwrap()
        .unwrap();
    let replay = TransactionRequest::default()
        .from(alice.address())
        .to(token_address)
        .input(alloy_consensus::Transaction::input(&tx).clone().into());
    let parent = failed.block_number.unwrap() - 1;
    let revert = as_alice
        .call(replay)
        .block(parent.into())
        .await
        .expect_err("the replay reverts");
    let data = revert
        .as_error_resp()
        .and_then(|e| e.as_revert_data())
        .unwrap();
    let decoded = <Token::TokenErrors as alloy_sol_types::SolInterface>::abi_decode(&data).unwrap();
    assert!(matches!(
        decoded,
        Token::TokenErrors::ERC20InsufficientBalance(_)
    ));
    assert_eq!(
        token.balanceOf(alice.address()).call().await.unwrap(),
        balance,
        "the failed transfer changed nothing"
    );

    // Transfers by eth_getLogs and by the filter: 1 mint, alice->bob, alice->carol,
    // alice->bob by permit.
    let logs: Vec<Log> = as_alice.get_logs(&filter).await.unwrap();
    assert_eq!(logs.len(), 4, "{logs:?}");
    let changes: Vec<Log> = as_alice.get_filter_changes(filter_id).await.unwrap();
    assert_eq!(changes.len(), 3, "the filter reports what came after it");
    let again: Vec<Log> = as_alice.get_filter_changes(filter_id).await.unwrap();
    assert!(again.is_empty(), "and only once");
    assert!(as_alice.uninstall_filter(filter_id).await.unwrap());

    let supply = token.totalSupply().call().await.unwrap();
    let mut sum = U256::ZERO;
    for holder in [owner, alice.address(), bob.address(), carol.address()] {
        sum += token.balanceOf(holder).call().await.unwrap();
    }
    assert_eq!(sum, supply);
    let _: Address = owner;
}
