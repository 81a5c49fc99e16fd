import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runChild } from "../../lib/sandbox/run-child";
import { bundleProvider } from "../../lib/tfplugin/packaging";
import { PROVIDER_BUNDLE } from "../../scripts/bundle-provider";
import { TerraformWorkspace } from "../support/terraform";

const BIN = join(__dirname, "../../bin/devdynamics-bitbucket.js");
const HCL_EXAMPLE = readFileSync(join(__dirname, "../../examples/hcl-provider/main.tf"), "utf8");

const cli = (args: string[]) => runChild(process.execPath, [BIN, ...args]);

/** `devdynamics-bitbucket install-provider`: plain Terraform users get the provider with one command, offline. */
describe("install-provider", () => {
  // The command installs the checkout's bundle (dist/, as `npm run build` leaves it): built from these sources, so
  // that the example's configuration meets the provider it was written for, not an older build.
  beforeAll(() => bundleProvider(join(__dirname, "../../lib/provider/main.ts"), PROVIDER_BUNDLE));

  it("installs into a configuration's implied local mirror: terraform init and validate need nothing else", async () => {
    const emptyConfig = join(mkdtempSync(join(tmpdir(), "tfrc-")), "empty.tfrc");
    writeFileSync(emptyConfig, "");
    const ws = new TerraformWorkspace(emptyConfig).write({ "main.tf": HCL_EXAMPLE });
    const installed = await cli(["install-provider", "--implied-mirror", ws.dir]);
    expect(installed.code).toBe(0);
    expect(installed.stdout).toMatch(
      /installed registry\.terraform\.io\/devdynamics\/devdynamics 0\.1\.0 in .*terraform\.d\/plugins/,
    );
    const hash = /lock hash (h1:\S+)/.exec(installed.stdout)![1];
    await ws.okAsync(["init", "-input=false", "-no-color"]);
    await ws.okAsync(["validate", "-no-color"]);
    expect(readFileSync(join(ws.dir, ".terraform.lock.hcl"), "utf8")).toContain(hash);
  });

  it("installs into a filesystem mirror and writes the CLI config that uses it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mirror-"));
    const installed = await cli([
      "install-provider",
      "--mirror",
      join(dir, "mirror"),
      "--cli-config",
      join(dir, "terraform.rc"),
    ]);
    expect(installed.code).toBe(0);
    expect(installed.stdout).toContain(`export TF_CLI_CONFIG_FILE=${join(dir, "terraform.rc")}`);
    const ws = new TerraformWorkspace(join(dir, "terraform.rc")).write({ "main.tf": HCL_EXAMPLE });
    await ws.okAsync(["init", "-input=false", "-no-color"]);
  });

  it("wants exactly one destination", async () => {
    const run = await cli(["install-provider"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/exactly one of --implied-mirror <dir> and --mirror <dir>/);
  });
});
