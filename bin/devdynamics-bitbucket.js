#!/usr/bin/env node
// `npx devdynamics-bitbucket` (package "bin"). In a source checkout (tsx, a development dependency, is installed)
// it runs the TypeScript sources, so it is never older than them; an installed package runs the compiled CLI that
// `npm run build` wrote to dist/.
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const source = join(__dirname, "..", "lib", "cli", "main.ts");
let tsx;
try {
  tsx = require.resolve("tsx/cjs");
} catch {
  tsx = undefined;
}
if (tsx && existsSync(source)) {
  require(tsx);
  require(source);
} else {
  require(join(__dirname, "..", "dist", "lib", "cli", "main.js"));
}
