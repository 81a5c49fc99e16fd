import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { PROVIDER_BUNDLE } from "../../scripts/bundle-provider";
import { Sandbox, startSandbox } from "../../lib/sandbox";
import { runCdktf, sandboxEnvironment } from "../../lib/sandbox/cdktf";
import { runChild } from "../../lib/sandbox/run-child";
import { bundleProvider } from "../../lib/tfplugin/packaging";
import { seededSecrets } from "../support/provider";

const ROOT = join(__dirname, "..", "..");

/**
 * main.ts through the real cdktf CLI and terraform against the sandbox, as a user's pipeline runs it: deploy, a plan
 * with no changes, destroy — with no provider setup, no network, and no credential in anything written to disk.
 */
describe("cdktf deploy of main.ts", () => {
  let sandbox: Sandbox;
  let env: NodeJS.ProcessEnv;
  let output: string;
  const stackDir = () => join(output, "stacks", "devdynamics-bitbucket");
  const cdktf = (args: string[]) => runCdktf([...args, "--output", output], { cwd: ROOT, env });

  beforeAll(async () => {
    sandbox = await startSandbox();
    await bundleProvider(join(ROOT, "lib", "provider", "main.ts"), PROVIDER_BUNDLE);
    // Inside the project, like a user's cdktf.out: the provider launcher resolves the package from there.
    mkdirSync(join(ROOT, ".tmp"), { recursive: true });
    output = mkdtempSync(join(ROOT, ".tmp", "cdktf-e2e-"));
    env = sandboxEnvironment(sandbox, "owner-api-token", { stateFile: join(output, "terraform.tfstate") });
  });
  afterAll(async () => {
    await sandbox.stop();
    rmSync(output, { recursive: true, force: true });
  });

  it("deploys the connection and the workspace webhook with no provider setup", async () => {
    const deployed = await cdktf(["deploy", "--auto-approve"]);
    expect(deployed.output).toMatch(/Apply complete! Resources: 2 added/);
    expect(deployed.code).toBe(0);
    expect(sandbox.devdynamics.integrations()).toHaveLength(1);
    expect(sandbox.bitbucket.state.workspace("acme")!.hooks).toHaveLength(1);
    // The launcher synth wrote is what the lock file pins, so a pipeline's `terraform init` accepts it anywhere.
    expect(readFileSync(join(stackDir(), ".terraform.lock.hcl"), "utf8")).toMatch(/devdynamics\/devdynamics[\s\S]*h1:/);
  });

  it("plans no change on the next run, in 2 Bitbucket requests", async () => {
    sandbox.bitbucket.server.log.clear();
    const planned = await cdktf(["plan"]);
    expect(planned.code).toBe(0);
    expect(planned.output).toMatch(/No changes/);
    expect(sandbox.bitbucket.server.log.count()).toBe(2);
  });

  it("writes no credential and not the webhook signing secret into the synthesized JSON, a saved plan or the state", async () => {
    const plan = await terraform(["plan", "-input=false", "-no-color", "-out=saved.tfplan"]);
    expect(plan.code).toBe(0);
    const shown = await terraform(["show", "-json", "saved.tfplan"]);
    const written = [
      readFileSync(join(stackDir(), "cdk.tf.json"), "utf8"),
      shown.stdout,
      readFileSync(env.DEVDYNAMICS_STATE_FILE!, "utf8"),
      ...readdirSync(output)
        .filter((f) => f.endsWith(".json"))
        .map((f) => readFileSync(join(output, f), "utf8")),
    ];
    expect(shown.stdout.length).toBeGreaterThan(1000);
    const webhookSecret = sandbox.devdynamics.integrations()[0].webhookSecret;
    for (const secret of [...seededSecrets(sandbox), webhookSecret])
      for (const text of written) expect(text).not.toContain(secret);
  });

  it("destroys everything it created", async () => {
    const destroyed = await cdktf(["destroy", "--auto-approve"]);
    expect(destroyed.code).toBe(0);
    expect(sandbox.devdynamics.integrations()).toEqual([]);
    expect(sandbox.bitbucket.state.workspace("acme")!.hooks).toEqual([]);
  });

  const terraform = (args: string[]) =>
    runChild("terraform", args, { cwd: stackDir(), env: { ...process.env, ...env } });
});
