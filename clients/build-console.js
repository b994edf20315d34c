// Bundles the console (console/app.js and viem) into console/dist/app.js with esbuild.
const path = require("node:path");
require("esbuild").buildSync({
  entryPoints: [path.join(__dirname, "console", "app.js")],
  bundle: true,
  format: "esm",
  target: "es2022",
  outfile: path.join(__dirname, "console", "dist", "app.js"),
  logLevel: "warning",
});
console.log("built console/dist/app.js");
