// The token console: reads the token, lists the dev accounts' balances and the token's
// Transfer and Approval events with their gas, and sends transfers and approvals — signed by
// the node for its dev accounts, or by an injected EIP-1193 wallet once connected (which is
// asked to add the local network and to watch the token). Built with esbuild into dist/.
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  formatUnits,
  getAddress,
  http,
  parseUnits,
} from "viem";
import abi from "../../abi/IToken.json";

const params = new URLSearchParams(location.search);
const rpc = params.get("rpc") ?? location.origin;
const token = { address: getAddress(params.get("token")), abi };
const $ = (id) => document.getElementById(id);

const publicClient = createPublicClient({ transport: http(rpc), pollingInterval: 250 });
let chain;
let decimals = 18;
let symbol = "";
let accounts = [];
let wallet = null; // an injected provider's wallet client, once connected

function show(error) {
  if (!error) return ($("error").textContent = "");
  const reverted = error instanceof BaseError && error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted?.data) {
    const args = (reverted.data.args ?? []).map(String).join(", ");
    $("error").textContent = `Reverted: ${reverted.data.errorName}(${args})`;
  } else {
    $("error").textContent = `Error: ${error.shortMessage ?? error.message}`;
  }
}

async function refresh() {
  const supply = await publicClient.readContract({ ...token, functionName: "totalSupply" });
  $("supply").textContent = `${formatUnits(supply, decimals)} ${symbol}`;
  const rows = await Promise.all(
    accounts.map(async (a) => {
      const b = await publicClient.readContract({ ...token, functionName: "balanceOf", args: [a] });
      return `<tr><td class="addr">${a}</td><td data-account="${a}">${formatUnits(b, decimals)}</td></tr>`;
    }),
  );
  $("balances").innerHTML = rows.join("");
}

async function addEvents(logs) {
  for (const log of logs) {
    const receipt = await publicClient.getTransactionReceipt({ hash: log.transactionHash });
    const a = log.args;
    const row = document.createElement("tr");
    row.dataset.event = log.eventName;
    row.innerHTML = `<td>${log.blockNumber}</td><td>${log.eventName}</td>
      <td class="addr">${a.from ?? a.owner}</td><td class="addr">${a.to ?? a.spender}</td>
      <td>${formatUnits(a.value, decimals)}</td><td>${receipt.gasUsed}</td>`;
    $("events").prepend(row);
  }
  await refresh();
}

/** Simulates `functionName` first, so that a revert shows its decoded error, then sends it. */
async function send(functionName, args) {
  show(null);
  $("status").textContent = "";
  const from = wallet ? (await wallet.getAddresses())[0] : $("from").value;
  const client = wallet ?? createWalletClient({ account: from, chain, transport: http(rpc) });
  try {
    await publicClient.simulateContract({ ...token, account: from, functionName, args });
    const hash = await client.writeContract({ ...token, account: from, chain, functionName, args });
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 100 });
    $("status").textContent = `${functionName}: ${receipt.status}, ${receipt.gasUsed} gas`;
  } catch (error) {
    show(error);
  }
}

async function connect() {
  const provider = window.ethereum;
  if (!provider) return show(new Error("no injected wallet (window.ethereum) found"));
  try {
    const [account] = await provider.request({ method: "eth_requestAccounts" });
    await provider.request({
      method: "wallet_addEthereumChain",
      params: [
        {
          chainId: `0x${chain.id.toString(16)}`,
          chainName: chain.name,
          nativeCurrency: chain.nativeCurrency,
          rpcUrls: [rpc],
        },
      ],
    });
    await provider.request({
      method: "wallet_watchAsset",
      params: { type: "ERC20", options: { address: token.address, symbol, decimals } },
    });
    wallet = createWalletClient({ account, chain, transport: custom(provider) });
    $("signer").textContent = `signing with the wallet's account ${account}`;
    $("from").disabled = true;
  } catch (error) {
    show(error);
  }
}

async function main() {
  const id = await publicClient.getChainId();
  chain = defineChain({
    id,
    name: "Stylus local",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpc] } },
  });
  const [name, sym, dec] = await Promise.all(
    ["name", "symbol", "decimals"].map((functionName) => publicClient.readContract({ ...token, functionName })),
  );
  [symbol, decimals] = [sym, dec];
  $("title").textContent = name;
  $("symbol").textContent = sym;
  $("chain").textContent = String(id);
  $("token").textContent = token.address;
  accounts = (await publicClient.request({ method: "eth_accounts" })).map((a) => getAddress(a));
  $("from").innerHTML = accounts.map((a) => `<option>${a}</option>`).join("");
  await refresh();
  const history = await publicClient.getContractEvents({ ...token, fromBlock: 0n });
  await addEvents(history.filter((l) => l.eventName === "Transfer" || l.eventName === "Approval"));
  for (const eventName of ["Transfer", "Approval"]) {
    publicClient.watchContractEvent({ ...token, eventName, pollingInterval: 250, onLogs: addEvents });
  }
  $("transfer").addEventListener("submit", (e) => {
    e.preventDefault();
    send("transfer", [getAddress($("to").value.trim()), parseUnits($("amount").value.trim(), decimals)]);
  });
  $("approve").addEventListener("submit", (e) => {
    e.preventDefault();
    send("approve", [getAddress($("spender").value.trim()), parseUnits($("allowance").value.trim(), decimals)]);
  });
  $("connect").addEventListener("click", connect);
  document.body.dataset.ready = "true";
}

main().catch(show);
