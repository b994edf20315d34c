"""The token from web3.py, in web3.py's idiom: an HTTPProvider, local accounts signing through
web3's SignAndSendRawMiddleware (which fills gas with eth_estimateGas and the fees), contract
functions, receipts, events processed from receipts, get_logs and filters, a permit signed with
eth_account's encode_typed_data over the domain eip712Domain() returns, custom errors decoded
from the ABI."""

import pytest
from eth_account import Account
from eth_account.messages import encode_typed_data
from web3 import Web3
from web3.exceptions import ContractCustomError, Web3Exception
from web3.middleware import SignAndSendRawMiddlewareBuilder

from node import ABI, Node

TOKENS = 10**18


@pytest.fixture
def node():
    node = Node()
    yield node
    node.stop()


def custom_error(w3, data):
    """The name and arguments of the ABI error `data` encodes."""
    data = bytes.fromhex(data[2:] if isinstance(data, str) else data.hex())
    for item in ABI:
        if item["type"] != "error":
            continue
        types = [i["type"] for i in item["inputs"]]
        selector = Web3.keccak(text=f"{item['name']}({','.join(types)})")[:4]
        if selector == data[:4]:
            values = w3.codec.decode(types, data[4:])
            checksummed = [
                Web3.to_checksum_address(v) if t == "address" else v for t, v in zip(types, values)
            ]
            return item["name"], checksummed
    raise AssertionError(f"no error in the ABI for {data.hex()}")


def revert_data(error):
    """The revert data a web3.py exception carries."""
    data = getattr(error, "data", None)
    if isinstance(data, dict):
        data = data.get("data")
    return data or error.args[-1]


def test_web3py_wallet_flow(node):
    w3 = Web3(Web3.HTTPProvider(node.url))
    assert w3.eth.chain_id == node.chain_id
    owner, alice, bob = (Account.from_key(k) for k in node.keys[:3])
    for account in (owner, alice, bob):
        w3.middleware_onion.inject(SignAndSendRawMiddlewareBuilder.build(account), layer=0)
    token = w3.eth.contract(address=Web3.to_checksum_address(node.token), abi=ABI)
    gas = []

    def send(account, call, **extra):
        tx_hash = call.transact({"from": account.address, **extra})
        receipt = w3.eth.wait_for_transaction_receipt(tx_hash, timeout=60, poll_latency=0.05)
        gas.append((call.fn_name, receipt.gasUsed))
        return receipt

    def balance(account):
        return token.functions.balanceOf(account.address).call()

    # Reads.
    assert token.functions.name().call() == "Lean Token"
    assert token.functions.symbol().call() == "LEAN"
    assert token.functions.decimals().call() == 18
    assert token.functions.totalSupply().call() == 1000 * TOKENS
    _, name, version, chain_id, verifying_contract, _, _ = token.functions.eip712Domain().call()
    assert (name, version, chain_id) == ("Lean Token", "1", node.chain_id)

    # A filter installed before the transfer.
    transfers = token.events.Transfer.create_filter(from_block="latest")

    receipt = send(owner, token.functions.transfer(alice.address, 100 * TOKENS))
    assert receipt.status == 1
    (event,) = token.events.Transfer().process_receipt(receipt)
    assert (event.args["from"], event.args["to"], event.args["value"]) == (
        owner.address,
        alice.address,
        100 * TOKENS,
    )
    logs = token.events.Transfer().get_logs(from_block=receipt.blockNumber, to_block=receipt.blockNumber)
    assert len(logs) == 1 and logs[0].transactionHash == receipt.transactionHash
    entries = transfers.get_new_entries()
    assert [e.args["value"] for e in entries] == [100 * TOKENS]
    assert transfers.get_new_entries() == []

    # approve, then transferFrom by the spender.
    send(alice, token.functions.approve(bob.address, 40 * TOKENS))
    send(bob, token.functions.transferFrom(alice.address, bob.address, 15 * TOKENS))
    assert balance(bob) == 15 * TOKENS
    assert token.functions.allowance(alice.address, bob.address).call() == 25 * TOKENS

    # A permit signed with eth_account over the token's own domain, then spent.
    nonce = token.functions.nonces(alice.address).call()
    now = w3.eth.get_block("latest").timestamp

    def permit(signer, value, deadline, chain=chain_id):
        message = {
            "types": {
                "EIP712Domain": [
                    {"name": "name", "type": "string"},
                    {"name": "version", "type": "string"},
                    {"name": "chainId", "type": "uint256"},
                    {"name": "verifyingContract", "type": "address"},
                ],
                "Permit": [
                    {"name": "owner", "type": "address"},
                    {"name": "spender", "type": "address"},
                    {"name": "value", "type": "uint256"},
                    {"name": "nonce", "type": "uint256"},
                    {"name": "deadline", "type": "uint256"},
                ],
            },
            "primaryType": "Permit",
            "domain": {
                "name": name,
                "version": version,
                "chainId": chain,
                "verifyingContract": verifying_contract,
            },
            "message": {
                "owner": signer.address,
                "spender": bob.address,
                "value": value,
                "nonce": nonce,
                "deadline": deadline,
            },
        }
        signed = Account.sign_message(encode_typed_data(full_message=message), signer.key)
        r, s = signed.r.to_bytes(32, "big"), signed.s.to_bytes(32, "big")
        return token.functions.permit(signer.address, bob.address, value, deadline, signed.v, r, s)

    send(bob, permit(alice, 5 * TOKENS, now + 3600))
    assert token.functions.allowance(alice.address, bob.address).call() == 5 * TOKENS
    send(bob, token.functions.transferFrom(alice.address, bob.address, 5 * TOKENS))
    assert balance(bob) == 20 * TOKENS

    # What users get wrong: each is decoded from the ABI and changes nothing.
    before = [balance(a) for a in (owner, alice, bob)]
    alice_balance = before[1]
    with pytest.raises(ContractCustomError) as simulated:
        token.functions.transfer(bob.address, alice_balance + 1).call({"from": alice.address})
    assert custom_error(w3, revert_data(simulated.value)) == (
        "ERC20InsufficientBalance",
        [alice.address, alice_balance, alice_balance + 1],
    )
    failed = send(alice, token.functions.transfer(bob.address, alice_balance + 1), gas=100_000)
    assert failed.status == 0
    tx = w3.eth.get_transaction(failed.transactionHash)
    with pytest.raises(ContractCustomError) as replayed:
        w3.eth.call({"from": alice.address, "to": tx.to, "data": tx.input}, failed.blockNumber - 1)
    assert custom_error(w3, revert_data(replayed.value)) == (
        "ERC20InsufficientBalance",
        [alice.address, alice_balance, alice_balance + 1],
    )
    with pytest.raises(ContractCustomError) as expired:
        permit(alice, 1, now - 1).call({"from": bob.address})
    assert custom_error(w3, revert_data(expired.value))[0] == "ERC2612ExpiredSignature"
    with pytest.raises(ContractCustomError) as other_chain:
        permit(alice, 1, now + 3600, chain=1).call({"from": bob.address})
    assert custom_error(w3, revert_data(other_chain.value))[0] == "ERC2612InvalidSigner"
    with pytest.raises(Web3Exception):
        w3.eth.call({"from": alice.address, "to": token.address, "value": 1, "data": "0x18160ddd"})
    assert [balance(a) for a in (owner, alice, bob)] == before, "nothing changed"

    for what, used in gas:
        print(f"web3.py gas: {what} {used}")
