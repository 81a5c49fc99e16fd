import { Command } from "commander";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { bundleProvider, dirhashH1, installProvider, ProviderAddress, writeCliConfig } from "./packaging";

/**
 * `tfplugin install`: bundles a provider entry file and installs it for Terraform, offline, either into a
 * filesystem mirror with a CLI config that uses it, or into a configuration's implied local mirror
 * (`<dir>/terraform.d/plugins`, which needs no CLI config).
 */
const program = new Command("tfplugin").description("Package and install Terraform providers written on lib/tfplugin");

program
  .command("install")
  .requiredOption("--entry <file>", "the provider's entry file (it calls serve)")
  .requiredOption("--source <address>", "HOST/NAMESPACE/TYPE, e.g. registry.terraform.io/devdynamics/devdynamics")
  .requiredOption("--version <version>", "provider version, e.g. 0.1.0")
  .option("--mirror <dir>", "filesystem mirror to install into")
  .option("--cli-config <file>", "with --mirror: write a Terraform CLI config that uses the mirror")
  .option("--implied-mirror <dir>", "install into <dir>/terraform.d/plugins instead")
  .action(async (options) => {
    const [hostname, namespace, type] = String(options.source).split("/");
    if (!hostname || !namespace || !type) throw new Error("--source must be HOST/NAMESPACE/TYPE");
    const address: ProviderAddress = { hostname, namespace, type, version: options.version };
    const mirror = options.impliedMirror
      ? join(resolve(options.impliedMirror), "terraform.d", "plugins")
      : options.mirror && resolve(options.mirror);
    if (!mirror) throw new Error("give --mirror or --implied-mirror");
    const work = mkdtempSync(join(tmpdir(), "tfplugin-bundle-"));
    const bundle = join(work, "provider.js");
    await bundleProvider(resolve(options.entry), bundle);
    const dir = installProvider(bundle, mirror, address);
    rmSync(work, { recursive: true, force: true });
    if (options.cliConfig) writeCliConfig(resolve(options.cliConfig), mirror, [address]);
    console.log(`installed ${options.source} ${options.version} in ${dir}\nlock hash ${dirhashH1(dir)}`);
  });

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
