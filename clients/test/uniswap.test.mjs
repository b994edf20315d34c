// A DEX nobody here wrote: Uniswap V2's factory, router (UniswapV2Router02) and WETH9, deployed
// unmodified from the compiled artifacts in their npm packages, trading the Stylus token. The
// router finds the pair with its hard-coded init code hash; after every step the pair's
// reserves equal its balances, and totalSupply equals the sum of the holders' balances.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import {
  createPublicClient,
  createWalletClient,
  encodePacked,
  getContractAddress,
  http,
  keccak256,
  parseEther,
  parseUnits,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import nodeLib from "../lib/node.js";

const require = createRequire(import.meta.url);
const { abi, chainOf, startNode } = nodeLib;
const artifact = (name) => {
  const file = name === "UniswapV2Factory" || name === "UniswapV2Pair" ? "@uniswap/v2-core" : "@uniswap/v2-periphery";
  const json = require(`${file}/build/${name}.json`);
  return { abi: json.abi, bytecode: `0x${json.bytecode.replace(/^0x/, "")}` };
};
const tokens = (n) => parseUnits(String(n), 18);

test("Uniswap V2 trades the Stylus token", async (t) => {
  const node = await startNode();
  t.after(() => node.stop());
  const chain = chainOf(node);
  const transport = http(node.url);
  const client = createPublicClient({ chain, transport, pollingInterval: 50 });
  const [owner, alice] = node.keys.map((k) => privateKeyToAccount(k));
  const wallet = (account) => createWalletClient({ account, chain, transport });
  const steps = [];
  const mined = async (what, hash) => {
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    assert.equal(receipt.status, "success", what);
    steps.push([what, receipt.gasUsed]);
    return receipt;
  };
  const deploy = async (name, args = []) => {
    const { abi: a, bytecode } = artifact(name);
    const receipt = await mined(`deploy ${name}`, await wallet(owner).deployContract({ abi: a, bytecode, args }));
    return { address: receipt.contractAddress, abi: a };
  };
  const token = { address: node.token, abi };

  const weth = await deploy("WETH9");
  const factory = await deploy("UniswapV2Factory", [owner.address]);
  const router = await deploy("UniswapV2Router02", [factory.address, weth.address]);

  await mined(
    "createPair",
    await wallet(owner).writeContract({ ...factory, functionName: "createPair", args: [token.address, weth.address] }),
  );
  const pairAddress = await client.readContract({
    ...factory,
    functionName: "getPair",
    args: [token.address, weth.address],
  });
  // The pair is where the router's pairFor (its hard-coded init code hash) puts it.
  const pairArtifact = artifact("UniswapV2Pair");
  const [token0, token1] =
    token.address.toLowerCase() < weth.address.toLowerCase() ? [token.address, weth.address] : [weth.address, token.address];
  const expected = getContractAddress({
    opcode: "CREATE2",
    from: factory.address,
    salt: keccak256(encodePacked(["address", "address"], [token0, token1])),
    bytecodeHash: keccak256(pairArtifact.bytecode),
  });
  assert.equal(pairAddress, expected);
  assert.equal(keccak256(pairArtifact.bytecode), "0x96e8ac4277198ff8b6f785478aa9a39f403cb768dd02cbee326c3e7da348845f");
  const pair = { address: pairAddress, abi: pairArtifact.abi };

  const holders = [owner.address, alice.address, pairAddress, router.address];
  const check = async (after) => {
    const [r0, r1] = await client.readContract({ ...pair, functionName: "getReserves" });
    const tokenIs0 = token0 === token.address;
    const [reserveToken, reserveWeth] = tokenIs0 ? [r0, r1] : [r1, r0];
    const pairTokens = await client.readContract({ ...token, functionName: "balanceOf", args: [pairAddress] });
    const pairWeth = await client.readContract({ ...weth, functionName: "balanceOf", args: [pairAddress] });
    assert.equal(reserveToken, pairTokens, `${after}: token reserve`);
    assert.equal(reserveWeth, pairWeth, `${after}: WETH reserve`);
    let sum = 0n;
    for (const h of holders) sum += await client.readContract({ ...token, functionName: "balanceOf", args: [h] });
    const supply = await client.readContract({ ...token, functionName: "totalSupply" });
    assert.equal(sum, supply, `${after}: totalSupply == sum of balances`);
    return { reserveToken, reserveWeth };
  };
  const deadline = (await client.getBlock()).timestamp + 3600n;

  // addLiquidityETH: the router pulls the token with transferFrom.
  await mined(
    "approve router",
    await wallet(owner).writeContract({ ...token, functionName: "approve", args: [router.address, tokens(500)] }),
  );
  await mined(
    "addLiquidityETH",
    await wallet(owner).writeContract({
      ...router,
      functionName: "addLiquidityETH",
      args: [token.address, tokens(500), 0n, 0n, owner.address, deadline],
      value: parseEther("1"),
    }),
  );
  let reserves = await check("addLiquidityETH");
  assert.equal(reserves.reserveToken, tokens(500));
  assert.equal(reserves.reserveWeth, parseEther("1"));

  // ETH -> token.
  const [, quoted] = await client.readContract({
    ...router,
    functionName: "getAmountsOut",
    args: [parseEther("0.1"), [weth.address, token.address]],
  });
  await mined(
    "swapExactETHForTokens",
    await wallet(alice).writeContract({
      ...router,
      functionName: "swapExactETHForTokens",
      args: [0n, [weth.address, token.address], alice.address, deadline],
      value: parseEther("0.1"),
    }),
  );
  const bought = await client.readContract({ ...token, functionName: "balanceOf", args: [alice.address] });
  assert.equal(bought, quoted, "the quote was exact");
  reserves = await check("swapExactETHForTokens");

  // token -> ETH.
  const half = bought / 2n;
  await mined(
    "approve router (alice)",
    await wallet(alice).writeContract({ ...token, functionName: "approve", args: [router.address, half] }),
  );
  const ethBefore = await client.getBalance({ address: alice.address });
  const swap = await mined(
    "swapExactTokensForETH",
    await wallet(alice).writeContract({
      ...router,
      functionName: "swapExactTokensForETH",
      args: [half, 0n, [token.address, weth.address], alice.address, deadline],
    }),
  );
  const ethAfter = await client.getBalance({ address: alice.address });
  assert.ok(ethAfter + swap.gasUsed * swap.effectiveGasPrice > ethBefore, "ETH came back");
  await check("swapExactTokensForETH");

  // removeLiquidityETH: the pair sends the token back through the router.
  const liquidity = await client.readContract({ ...pair, functionName: "balanceOf", args: [owner.address] });
  await mined(
    "approve LP tokens",
    await wallet(owner).writeContract({ ...pair, functionName: "approve", args: [router.address, liquidity] }),
  );
  await mined(
    "removeLiquidityETH",
    await wallet(owner).writeContract({
      ...router,
      functionName: "removeLiquidityETH",
      args: [token.address, liquidity, 0n, 0n, owner.address, deadline],
    }),
  );
  reserves = await check("removeLiquidityETH");
  assert.ok(reserves.reserveToken < tokens(1), "only the minimum liquidity's share stays");
  assert.equal(await client.readContract({ ...token, functionName: "balanceOf", args: [router.address] }), 0n);

  for (const [what, used] of steps) console.log(`uniswap gas: ${what} ${used}`);
});
