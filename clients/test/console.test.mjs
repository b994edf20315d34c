// The token console in a real browser: Debian's Chromium, headless, driven by playwright-core.
// The node serves the page; the test loads it, reads the balances, sends a transfer and sees
// its event and the new balances, sees a revert's decoded error, and goes the wallet way with
// an EIP-1193 provider it injects (which forwards to the node, and records what the page asks
// of a wallet).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { chromium } from "playwright-core";
import nodeLib from "../lib/node.js";

const { startNode, root } = nodeLib;
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

test("the token console in headless Chromium", async (t) => {
  execFileSync("node", [path.join(root, "clients", "build-console.js")], { stdio: "inherit" });
  const node = await startNode({ extraArgs: ["--console"] });
  t.after(() => node.stop());
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  t.after(() => browser.close());
  const url = `${node.url}/console/?token=${node.token}`;

  // Signing with the node's dev accounts.
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]");
  assert.equal(await page.textContent("#title"), "Lean Token");
  assert.match(await page.textContent("#supply"), /^1000 LEAN$/);
  const [owner, alice, bob] = node.addresses;
  const balance = (address) => page.textContent(`td[data-account="${address}"]`);
  assert.equal(await balance(owner), "1000");
  assert.equal(await balance(alice), "0");
  // The constructor's Transfer (a mint) is listed with its gas.
  await page.waitForSelector("tr[data-event=Transfer]");

  await page.selectOption("#from", owner);
  await page.fill("#to", alice);
  await page.fill("#amount", "7");
  await page.click("#transfer button");
  await page.waitForFunction(() => document.querySelectorAll("tr[data-event=Transfer]").length === 2);
  await page.waitForFunction((a) => document.querySelector(`td[data-account="${a}"]`).textContent === "7", alice);
  assert.equal(await balance(owner), "993");
  const row = await page.textContent("tr[data-event=Transfer]");
  assert.match(row, /7/);
  assert.match(await page.textContent("#status"), /transfer: success, \d+ gas/);

  // A revert shows its decoded error, and nothing changes.
  await page.fill("#amount", "5000");
  await page.click("#transfer button");
  await page.waitForFunction(() => document.getElementById("error").textContent.length > 0);
  assert.match(await page.textContent("#error"), /ERC20InsufficientBalance\(0x[0-9a-fA-F]{40}, 993000000000000000000, 5000000000000000000000\)/);
  assert.equal(await balance(owner), "993");

  // Approve, with its event.
  await page.fill("#spender", bob);
  await page.fill("#allowance", "3");
  await page.click("#approve button");
  await page.waitForSelector("tr[data-event=Approval]");

  // The wallet way: an injected EIP-1193 provider.
  const wallet = await browser.newPage();
  wallet.setDefaultTimeout(30_000);
  await wallet.addInitScript(
    ({ rpc, account }) => {
      window.walletCalls = [];
      window.ethereum = {
        isMetaMask: false,
        request: async ({ method, params }) => {
          window.walletCalls.push({ method, params });
          if (method === "eth_requestAccounts" || method === "eth_accounts") return [account];
          if (method === "wallet_addEthereumChain") return null;
          if (method === "wallet_watchAsset") return true;
          const response = await fetch(rpc, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: params ?? [] }),
          }).then((r) => r.json());
          if (response.error) throw Object.assign(new Error(response.error.message), response.error);
          return response.result;
        },
        on: () => {},
        removeListener: () => {},
      };
    },
    { rpc: node.url, account: alice },
  );
  await wallet.goto(url);
  await wallet.waitForSelector("body[data-ready=true]");
  await wallet.click("#connect");
  await wallet.waitForFunction(() => window.walletCalls.some((c) => c.method === "wallet_watchAsset"));
  const calls = await wallet.evaluate(() => window.walletCalls);
  const addChain = calls.find((c) => c.method === "wallet_addEthereumChain").params[0];
  assert.equal(addChain.chainId, "0x64aba");
  assert.deepEqual(addChain.rpcUrls, [node.url]);
  const watch = calls.find((c) => c.method === "wallet_watchAsset").params;
  assert.equal(watch.type, "ERC20");
  assert.equal(watch.options.address.toLowerCase(), node.token.toLowerCase());
  assert.equal(watch.options.symbol, "LEAN");
  assert.match(await wallet.textContent("#signer"), new RegExp(alice, "i"));
  await wallet.fill("#to", bob);
  await wallet.fill("#amount", "2");
  await wallet.click("#transfer button");
  await wallet.waitForFunction((b) => document.querySelector(`td[data-account="${b}"]`).textContent === "2", bob);
  const sent = await wallet.evaluate(() => window.walletCalls.filter((c) => c.method === "eth_sendTransaction"));
  assert.equal(sent.length, 1, "the wallet sent the transaction");
  assert.equal(sent[0].params[0].from.toLowerCase(), alice.toLowerCase());
  assert.equal(await wallet.textContent(`td[data-account="${alice}"]`), "5");

  await page.screenshot({ path: path.join(root, "target", "console.png"), fullPage: true });
  assert.deepEqual(errors, [], "no page errors");
});
