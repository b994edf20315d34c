// Starts a fresh local node for a test: `stylus-host node --port 0 --deploy-token`, which builds
// the token and deploys it through the StylusDeployer, then prints the dev accounts' keys, the
// token's address and where it listens. The binary is $STYLUS_HOST (set by the Rust test that
// runs these files), else the workspace's release or debug build.
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..", "..");

function binary() {
  if (process.env.STYLUS_HOST) return process.env.STYLUS_HOST;
  for (const profile of ["release", "debug"]) {
    const candidate = path.join(root, "target", profile, "stylus-host");
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error("no stylus-host binary: build it with `cargo build -p stylus-host`");
}

/** The token's ABI, as the repository exports it. */
const abi = JSON.parse(fs.readFileSync(path.join(root, "abi", "IToken.json"), "utf8"));

/** EIP-2612's Permit struct, as typed-data signers take it. */
const permitTypes = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** The node as a viem chain (what `defineChain` returns). */
function chainOf(node) {
  return {
    id: node.chainId,
    name: "Stylus local",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [node.url] } },
  };
}

/**
 * Starts a node (with `extraArgs` too); resolves to { url, chainId, token, keys, addresses,
 * stop() } once it listens.
 * The node stops when `stop()` is called, and at the latest after `limitMs`.
 */
function startNode({ limitMs = 300_000, extraArgs = [] } = {}) {
  const args = ["node", "--port", "0", "--accounts", "4", "--deploy-token", ...extraArgs];
  const child = spawn(binary(), args, {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const killer = setTimeout(() => child.kill("SIGKILL"), limitMs);
  killer.unref();
  return new Promise((resolve, reject) => {
    let text = "";
    const failed = (why) => {
      clearTimeout(killer);
      child.kill("SIGKILL");
      reject(new Error(`${why}\n${text}`));
    };
    const startup = setTimeout(() => failed("the node did not start within 240 s"), 240_000);
    child.on("exit", (code) => failed(`the node exited with ${code}`));
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      text += chunk;
      const listening = text.match(/Listening on (\S+)/);
      if (!listening) return;
      clearTimeout(startup);
      child.removeAllListeners("exit");
      const keys = [...text.split("Private Keys")[1].matchAll(/\(\d+\) (0x[0-9a-f]{64})/g)].map((m) => m[1]);
      const addresses = [...text.matchAll(/\(\d+\) (0x[0-9a-fA-F]{40}) \(/g)].map((m) => m[1]);
      const token = text.match(/^(0x[0-9a-fA-F]{40})\s+\(Lean Token/m)[1];
      const chainId = Number(text.match(/Chain ID\n=+\n\n(\d+)/)[1]);
      resolve({
        url: `http://${listening[1]}`,
        chainId,
        token,
        keys,
        addresses,
        stop: () => {
          clearTimeout(killer);
          child.kill("SIGKILL");
        },
      });
    });
  });
}

module.exports = { abi, chainOf, permitTypes, startNode, root };
