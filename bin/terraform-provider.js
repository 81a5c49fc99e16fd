// Before anything else: a Ctrl-C while the provider starts must not kill it (Terraform stops it with StopProvider).
process.on("SIGINT", () => {});
// The devdynamics Terraform provider, as the launcher that synth writes into each stack starts it (package export
// "./terraform-provider"): the bundle `npm run build` makes (shipped in the npm package) or, in a source checkout
// that was never built, the TypeScript source through tsx.
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const packaging = join(root, "dist", "lib", "tfplugin", "packaging", "install.js"); // compiled by `npm run build`
// A build older than providerBundlePath counts as none: in a checkout, the sources run.
const { providerBundlePath } = existsSync(packaging) ? require(packaging) : {};
const bundle = providerBundlePath && providerBundlePath(root, "devdynamics");
if (bundle && existsSync(bundle)) {
  require(bundle);
} else {
  require("tsx/cjs");
  require("../lib/provider/main.ts");
}
