// The token from ethers v6, in ethers' idiom: a JsonRpcProvider (which batches requests), a
// Wallet with a local key, a Contract from the ABI, tx.wait(), events parsed from receipts, by
// queryFilter and by contract.on (filters), a permit signed with wallet.signTypedData over the
// domain eip712Domain() returns, custom errors decoded by the contract's interface.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Contract, JsonRpcProvider, Signature, Wallet, parseUnits } from "ethers";
import nodeLib from "../lib/node.js";

const { abi, permitTypes, startNode } = nodeLib;
const tokens = (n) => parseUnits(String(n), 18);

test("ethers: the wallet flow", async (t) => {
  const node = await startNode();
  // ethers caches a request's answer for 250 ms (`cacheTimeout`); the node mines at once, so a
  // second send within that time would reuse the cached "pending" nonce. -1 turns the cache off,
  // as against any automining dev node.
  const provider = new JsonRpcProvider(node.url, undefined, {
    staticNetwork: true,
    pollingInterval: 100,
    cacheTimeout: -1,
  });
  // Listeners and the provider stop first, and their last requests land, before the node goes.
  t.after(async () => {
    await token.removeAllListeners();
    provider.destroy();
    await new Promise((r) => setTimeout(r, 300));
    node.stop();
  });
  const [owner, alice, bob] = node.keys.map((k) => new Wallet(k, provider));
  const token = new Contract(node.token, abi, provider);
  const gas = [];
  const send = async (signer, method, args) => {
    const tx = await token.connect(signer)[method](...args);
    const receipt = await tx.wait();
    gas.push([method, receipt.gasUsed]);
    return receipt;
  };

  // Reads.
  assert.equal(await token.name(), "Lean Token");
  assert.equal(await token.symbol(), "LEAN");
  assert.equal(await token.decimals(), 18n);
  assert.equal(await token.totalSupply(), tokens(1000));
  const [, name, version, chainId, verifyingContract] = await token.eip712Domain();
  assert.deepEqual([name, version, chainId], ["Lean Token", "1", BigInt(node.chainId)]);

  // contract.on (ethers polls a filter) before the transfer.
  const heard = [];
  await token.on("Transfer", (from, to, value) => heard.push({ from, to, value }));

  const receipt = await send(owner, "transfer", [alice.address, tokens(100)]);
  assert.equal(receipt.status, 1);
  const parsed = receipt.logs.map((log) => token.interface.parseLog(log)).filter(Boolean);
  assert.equal(parsed[0].name, "Transfer");
  assert.deepEqual([parsed[0].args.from, parsed[0].args.to, parsed[0].args.value], [owner.address, alice.address, tokens(100)]);
  const queried = await token.queryFilter(token.filters.Transfer(owner.address), receipt.blockNumber, receipt.blockNumber);
  assert.equal(queried.length, 1);
  assert.equal(queried[0].transactionHash, receipt.hash);
  for (let i = 0; i < 100 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(heard.length, 1, "the listener heard the transfer");
  assert.equal(heard[0].value, tokens(100));

  // approve, then transferFrom by the spender.
  await send(alice, "approve", [bob.address, tokens(40)]);
  await send(bob, "transferFrom", [alice.address, bob.address, tokens(15)]);
  assert.equal(await token.balanceOf(bob.address), tokens(15));
  assert.equal(await token.allowance(alice.address, bob.address), tokens(25));

  // A permit signed with wallet.signTypedData over the token's own domain, then spent.
  const nonce = await token.nonces(alice.address);
  const now = BigInt((await provider.getBlock("latest")).timestamp);
  const domain = { name, version, chainId, verifyingContract };
  const permit = async (signer, value, deadline, signDomain = domain) => {
    const message = { owner: signer.address, spender: bob.address, value, nonce, deadline };
    const { v, r, s } = Signature.from(await signer.signTypedData(signDomain, permitTypes, message));
    return [signer.address, bob.address, value, deadline, v, r, s];
  };
  await send(bob, "permit", await permit(alice, tokens(5), now + 3600n));
  assert.equal(await token.allowance(alice.address, bob.address), tokens(5));
  await send(bob, "transferFrom", [alice.address, bob.address, tokens(5)]);
  assert.equal(await token.balanceOf(bob.address), tokens(20));

  // What users get wrong: each is decoded from the ABI and changes nothing.
  const balances = () => Promise.all([owner, alice, bob].map((w) => token.balanceOf(w.address)));
  const before = await balances();
  const aliceBalance = before[1];
  const simulated = await token
    .connect(alice)
    .transfer.staticCall(bob.address, aliceBalance + 1n)
    .then(() => null, (e) => e);
  assert.equal(simulated.revert.name, "ERC20InsufficientBalance");
  assert.deepEqual([...simulated.revert.args], [alice.address, aliceBalance, aliceBalance + 1n]);
  // Mined with a gas limit (estimating it fails), then decoded by replaying it.
  const tx = await token.connect(alice).transfer(bob.address, aliceBalance + 1n, { gasLimit: 100_000n });
  const failed = await tx.wait().then(() => null, (e) => e);
  assert.equal(failed.receipt.status, 0);
  gas.push(["transfer (reverted)", failed.receipt.gasUsed]);
  const replay = await provider
    .call({ from: alice.address, to: tx.to, data: tx.data, blockTag: failed.receipt.blockNumber - 1 })
    .then(() => null, (e) => e);
  const decoded = token.interface.parseError(replay.data);
  assert.equal(decoded.name, "ERC20InsufficientBalance");
  assert.deepEqual([...decoded.args], [alice.address, aliceBalance, aliceBalance + 1n]);
  const expired = await token
    .connect(bob)
    .permit.staticCall(...(await permit(alice, 1n, now - 1n)))
    .then(() => null, (e) => e);
  assert.equal(expired.revert.name, "ERC2612ExpiredSignature");
  const otherChain = await token
    .connect(bob)
    .permit.staticCall(...(await permit(alice, 1n, now + 3600n, { ...domain, chainId: 1n })))
    .then(() => null, (e) => e);
  assert.equal(otherChain.revert.name, "ERC2612InvalidSigner");
  const withValue = await provider
    .call({ from: alice.address, to: node.token, value: 1n, data: token.interface.encodeFunctionData("totalSupply") })
    .then(() => null, (e) => e);
  assert.equal(withValue?.code, "CALL_EXCEPTION", "a call with value reverts");
  assert.deepEqual(await balances(), before, "nothing changed");

  for (const [what, used] of gas) console.log(`ethers gas: ${what} ${used}`);
});
