// Compiles PeerToken.sol with solc-js (optimizer on, 200 runs, as OpenZeppelin's defaults)
// and writes build/PeerToken.json: { "bytecode": "0x…" } (creation code without arguments).
const fs = require("fs");
const path = require("path");
const solc = require("solc");

const input = {
  language: "Solidity",
  sources: { "PeerToken.sol": { content: fs.readFileSync(path.join(__dirname, "PeerToken.sol"), "utf8") } },
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "cancun",
    outputSelection: { "*": { "*": ["evm.bytecode.object", "evm.deployedBytecode.object"] } },
  },
};
const findImports = (p) => {
  try {
    return { contents: fs.readFileSync(path.join(__dirname, "node_modules", p), "utf8") };
  } catch (e) {
    return { error: "not found: " + p };
  }
};
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors || []).filter((e) => e.severity === "error");
if (errors.length) {
  console.error(errors.map((e) => e.formattedMessage).join("\n"));
  process.exit(1);
}
const c = output.contracts["PeerToken.sol"].PeerToken;
fs.mkdirSync(path.join(__dirname, "build"), { recursive: true });
fs.writeFileSync(
  path.join(__dirname, "build", "PeerToken.json"),
  JSON.stringify({
    compiler: solc.version(),
    bytecode: "0x" + c.evm.bytecode.object,
    deployedBytecode: "0x" + c.evm.deployedBytecode.object,
  }),
);
console.log("compiled with solc " + solc.version());
