// Before anything else: a Ctrl-C while the provider starts must not kill it (Terraform stops it with StopProvider).
process.on("SIGINT", () => {});
// The devdynamics Terraform provider, as the launcher that synth writes into each stack starts it (package export
// "./terraform-provider"): the bundle `npm run build` makes (shipped in the npm package) or, in a source checkout
// that was never built, the TypeScript source through tsx.
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const bundle = join(__dirname, "..", "dist", "provider", "terraform-provider-devdynamics.js");
if (existsSync(bundle)) {
  require(bundle);
} else {
  require("tsx/cjs");
  require("../lib/provider/main.ts");
}
