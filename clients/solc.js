// Compiles one Solidity file with solc-js (optimizer on, 200 runs, EVM version cancun) and
// prints {"<Contract>": {"abi": [...], "bytecode": "0x…"}} for each contract in it.
// Usage: node solc.js <file.sol>
const fs = require("fs");
const path = require("path");
const solc = require("solc");

const file = process.argv[2];
if (!file) {
  console.error("usage: node solc.js <file.sol>");
  process.exit(2);
}
const name = path.basename(file);
const input = {
  language: "Solidity",
  sources: { [name]: { content: fs.readFileSync(file, "utf8") } },
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "cancun",
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors || []).filter((e) => e.severity === "error");
if (errors.length) {
  console.error(errors.map((e) => e.formattedMessage).join("\n"));
  process.exit(1);
}
const contracts = {};
for (const [contract, out] of Object.entries(output.contracts[name])) {
  contracts[contract] = { abi: out.abi, bytecode: "0x" + out.evm.bytecode.object };
}
process.stdout.write(JSON.stringify(contracts));
