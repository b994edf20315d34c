// The token from viem, in viem's idiom: a public and a wallet client over HTTP with local
// accounts, contract reads, writeContract with viem's own gas estimation, receipts, events
// from receipts, getLogs and watchContractEvent (filters), a permit signed by viem's
// signTypedData over the domain eip712Domain() returns, custom errors decoded from the ABI.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  decodeErrorResult,
  decodeEventLog,
  http,
  parseSignature,
  parseUnits,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import nodeLib from "../lib/node.js";

const { abi, chainOf, permitTypes, startNode } = nodeLib;
const tokens = (n) => parseUnits(String(n), 18);

/** The revert a viem error carries: its error name and arguments. */
function revertOf(error) {
  assert.ok(error instanceof BaseError, String(error));
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  assert.ok(reverted, `no revert in ${error.shortMessage}`);
  return reverted.data;
}

test("viem: the wallet flow", async (t) => {
  const node = await startNode();
  const watchers = [];
  // Watchers stop first, and their last requests land, before the node goes.
  t.after(async () => {
    for (const unwatch of watchers) unwatch();
    await new Promise((r) => setTimeout(r, 300));
    node.stop();
  });
  const chain = chainOf(node);
  const transport = http(node.url);
  const client = createPublicClient({ chain, transport, pollingInterval: 100 });
  const [owner, alice, bob] = node.keys.map((k) => privateKeyToAccount(k));
  const wallet = (account) => createWalletClient({ account, chain, transport });
  const token = { address: node.token, abi };
  const gas = [];
  const send = async (account, functionName, args) => {
    const hash = await wallet(account).writeContract({ ...token, functionName, args });
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    gas.push([functionName, receipt.gasUsed]);
    return receipt;
  };
  const balance = (who) => client.readContract({ ...token, functionName: "balanceOf", args: [who] });

  // Reads.
  assert.equal(await client.readContract({ ...token, functionName: "name" }), "Lean Token");
  assert.equal(await client.readContract({ ...token, functionName: "symbol" }), "LEAN");
  assert.equal(await client.readContract({ ...token, functionName: "decimals" }), 18);
  assert.equal(await client.readContract({ ...token, functionName: "totalSupply" }), tokens(1000));
  const [, name, version, chainId, verifyingContract] = await client.readContract({
    ...token,
    functionName: "eip712Domain",
  });
  assert.deepEqual([name, version, chainId], ["Lean Token", "1", BigInt(node.chainId)]);
  assert.equal(verifyingContract.toLowerCase(), node.token.toLowerCase());

  // A watcher (eth_newFilter / eth_getFilterChanges) installed before the transfer.
  const watched = [];
  const unwatch = client.watchContractEvent({
    ...token,
    eventName: "Transfer",
    pollingInterval: 100,
    onLogs: (logs) => watched.push(...logs),
  });
  watchers.push(unwatch);
  await new Promise((r) => setTimeout(r, 300));

  // transfer; Transfer from the receipt, from getLogs, from the watcher.
  const receipt = await send(owner, "transfer", [alice.address, tokens(100)]);
  assert.equal(receipt.status, "success");
  const transfer = decodeEventLog({ abi, ...receipt.logs[0] });
  assert.equal(transfer.eventName, "Transfer");
  assert.deepEqual(
    [transfer.args.from, transfer.args.to, transfer.args.value],
    [owner.address, alice.address, tokens(100)],
  );
  const logs = await client.getContractEvents({
    ...token,
    eventName: "Transfer",
    fromBlock: receipt.blockNumber,
    toBlock: receipt.blockNumber,
  });
  assert.equal(logs.length, 1);
  assert.equal(logs[0].transactionHash, receipt.transactionHash);
  for (let i = 0; i < 100 && watched.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(watched.length, 1, "the watcher saw the transfer");
  assert.equal(watched[0].args.value, tokens(100));

  // approve, then transferFrom by the spender.
  await send(alice, "approve", [bob.address, tokens(40)]);
  await send(bob, "transferFrom", [alice.address, bob.address, tokens(15)]);
  assert.equal(await balance(bob.address), tokens(15));
  assert.equal(
    await client.readContract({ ...token, functionName: "allowance", args: [alice.address, bob.address] }),
    tokens(25),
  );

  // A permit signed with viem's signTypedData over the token's own domain, then spent.
  const nonce = await client.readContract({ ...token, functionName: "nonces", args: [alice.address] });
  const now = (await client.getBlock()).timestamp;
  const domain = { name, version, chainId: Number(chainId), verifyingContract };
  const permit = async (signer, value, deadline, signDomain = domain) => {
    const message = { owner: signer.address, spender: bob.address, value, nonce, deadline };
    const signature = await wallet(signer).signTypedData({ domain: signDomain, types: permitTypes, primaryType: "Permit", message });
    const { r, s, v } = parseSignature(signature);
    return [signer.address, bob.address, value, deadline, Number(v), r, s];
  };
  await send(bob, "permit", await permit(alice, tokens(5), now + 3600n));
  assert.equal(
    await client.readContract({ ...token, functionName: "allowance", args: [alice.address, bob.address] }),
    tokens(5),
  );
  await send(bob, "transferFrom", [alice.address, bob.address, tokens(5)]);
  assert.equal(await balance(bob.address), tokens(20));

  // What users get wrong: each is decoded from the ABI and changes nothing.
  const before = [await balance(owner.address), await balance(alice.address), await balance(bob.address)];
  const aliceBalance = before[1];
  // A transfer above the balance, simulated...
  const simulated = await client
    .simulateContract({ ...token, account: alice, functionName: "transfer", args: [bob.address, aliceBalance + 1n] })
    .then(() => null, (e) => e);
  const error = revertOf(simulated);
  assert.equal(error.errorName, "ERC20InsufficientBalance");
  assert.deepEqual(error.args, [alice.address, aliceBalance, aliceBalance + 1n]);
  // ... and mined (with a gas limit, since estimating it fails), decoded by replaying it.
  const hash = await wallet(alice).writeContract({
    ...token,
    functionName: "transfer",
    args: [bob.address, aliceBalance + 1n],
    gas: 100_000n,
  });
  const failed = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  assert.equal(failed.status, "reverted");
  gas.push(["transfer (reverted)", failed.gasUsed]);
  const tx = await client.getTransaction({ hash });
  const replay = await client
    .call({ account: alice.address, to: tx.to, data: tx.input, blockNumber: failed.blockNumber - 1n })
    .then(() => null, (e) => e);
  const data = replay.walk((e) => e.data && typeof e.data === "string")?.data ?? replay.cause?.data;
  const decoded = decodeErrorResult({ abi, data });
  assert.equal(decoded.errorName, "ERC20InsufficientBalance");
  assert.deepEqual(decoded.args, [alice.address, aliceBalance, aliceBalance + 1n]);
  // A permit past its deadline.
  const expired = await client
    .simulateContract({ ...token, account: bob, functionName: "permit", args: await permit(alice, 1n, now - 1n) })
    .then(() => null, (e) => e);
  assert.equal(revertOf(expired).errorName, "ERC2612ExpiredSignature");
  // A permit signed for another chain id.
  const otherChain = await client
    .simulateContract({
      ...token,
      account: bob,
      functionName: "permit",
      args: await permit(alice, 1n, now + 3600n, { ...domain, chainId: 1 }),
    })
    .then(() => null, (e) => e);
  assert.equal(revertOf(otherChain).errorName, "ERC2612InvalidSigner");
  // A call with value (the token takes none).
  const withValue = await client
    .call({ account: alice.address, to: node.token, value: 1n, data: "0x18160ddd" })
    .then(() => null, (e) => e);
  assert.ok(withValue instanceof BaseError, "a call with value reverts");
  const after = [await balance(owner.address), await balance(alice.address), await balance(bob.address)];
  assert.deepEqual(after, before, "nothing changed");

  for (const [what, used] of gas) console.log(`viem gas: ${what} ${used}`);
});
