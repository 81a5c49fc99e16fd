#!/usr/bin/env node
// `npx devdynamics-bitbucket` (package "bin"): the compiled CLI that `npm run build` writes to dist/ or, in a source
// checkout that was never built, the TypeScript source through tsx, so it works right after `npm ci`.
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const compiled = join(__dirname, "..", "dist", "lib", "cli", "main.js");
if (existsSync(compiled)) {
  require(compiled);
} else {
  require("tsx/cjs");
  require("../lib/cli/main.ts");
}
