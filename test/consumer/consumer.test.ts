import { join } from "node:path";
import { Sandbox, startSandbox } from "../../lib/sandbox";
import { sandboxEnvironment } from "../../lib/sandbox/cdktf";
import { runChild } from "../../lib/sandbox/run-child";
import { PACKAGE } from "../../lib/package-info";
import { ConsumerProject, FlavourName, FLAVOURS, node22BinDir, packPackages } from "../support/consumer";

/**
 * The packages as platform teams get them: packed, installed into new hand-written projects outside this repository
 * (cdktf on this Node.js 20, CDK Terrain on Node.js 22), then synthesized, deployed into the sandbox, planned with no
 * changes, fed a push, destroyed, and unit-tested with the framework's Testing helpers.
 */
const INSTALL_TIMEOUT_MS = 15 * 60_000;
let tarballs: Promise<Record<FlavourName, string>> | undefined;

describe.each<FlavourName>(["cdktf", "cdktn"])("the %s package's tarball", (flavour) => {
  let files: string[];

  beforeAll(async () => {
    tarballs ??= packPackages();
    const listed = await runChild("tar", ["-tzf", (await tarballs)[flavour]]);
    files = listed.stdout
      .split("\n")
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ""));
  }, INSTALL_TIMEOUT_MS);

  it("holds what runs and the docs, nothing else", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "LICENSE",
        "bin/devdynamics-bitbucket.js",
        "bin/terraform-provider.js",
        "dist/provider/terraform-provider-devdynamics.js",
        "dist/lib/index.js",
        "dist/lib/index.d.ts",
        `dist/lib/generated/${flavour}/providers/devdynamics/index.js`,
        "docs/testing.md",
      ]),
    );
    const unexpected = files.filter(
      (f) =>
        !/^(package\.json|README\.md|LICENSE|bin\/[\w-]+\.js|dist\/provider\/[\w-]+\.js|docs\/[\w/-]+\.md)$/.test(f) &&
        !/^dist\/lib\/.+(\.js|\.d\.ts)$/.test(f),
    );
    expect(unexpected).toEqual([]);
    expect(files.filter((f) => /sandbox|seed|\.test\.|^test\/|^bench\/|^scripts\/|main\.ts|\.tgz$/.test(f))).toEqual(
      [],
    );
    expect(files.some((f) => f.includes(`generated/${flavour === "cdktf" ? "cdktn" : "cdktf"}/`))).toBe(false);
  });
});

describe.each<FlavourName>(["cdktf", "cdktn"])("a new %s project with the package installed", (flavour) => {
  let sandbox: Sandbox;
  let project: ConsumerProject;
  let deployEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    sandbox = await startSandbox();
    tarballs ??= packPackages();
    project = new ConsumerProject(flavour, flavour === "cdktn" ? await node22BinDir() : undefined);
    await project.create((await tarballs)[flavour]);
    // Not terraform.tfstate in the project: cdktf takes that for a state left over from before multiple stacks.
    const stateFile = join(project.dir, "state", "devdynamics.tfstate");
    deployEnv = {
      ...sandboxEnvironment(sandbox, "owner-api-token", { stateFile }),
      STATE_FILE: stateFile,
      TF_VAR_workspace: "acme",
    };
  }, INSTALL_TIMEOUT_MS);
  afterAll(async () => {
    await sandbox?.stop();
  });
  const repositoryHooks = (slug: string) =>
    sandbox.bitbucket.state.workspace("acme")!.hooks.filter((hook) => hook.repository === slug);

  it("shares the project's framework and constructs, and does not install the other framework", async () => {
    const other = flavour === "cdktf" ? "cdktn" : "cdktf";
    expect(await project.resolvedFrom(FLAVOURS[flavour].package, [flavour, "constructs"])).toEqual(
      await project.resolvedFrom(".", [flavour, "constructs"]),
    );
    expect(await project.installedCopies(flavour)).toHaveLength(1);
    expect(await project.installedCopies(other)).toEqual([]);
  });

  it("tells its version", async () => {
    const version = await project.bin("devdynamics-bitbucket", ["--version"]);
    expect(version.stdout.trim()).toBe(PACKAGE.version);
  });

  it("deploys into the sandbox, plans no change, delivers a signed push and destroys", async () => {
    const deployed = await project.cli(["deploy", "--auto-approve"], deployEnv);
    expect(deployed.output).toMatch(/Apply complete!/);
    expect(deployed.code).toBe(0);
    const [integration] = sandbox.devdynamics.integrations();
    expect(integration.repositories).toEqual({
      mode: "selected",
      slugs: ["api-gateway", "auth-service", "billing", "infra-terraform"],
    });
    expect(repositoryHooks("api-gateway")).toHaveLength(1);

    const planned = await project.cli(["diff"], deployEnv);
    expect(planned.output).toMatch(/No changes/);
    expect(planned.code).toBe(0);

    await sandbox.bitbucket.simulateEvent({ workspace: "acme", repository: "api-gateway", event: "repo:push" });
    expect(sandbox.devdynamics.acceptedEvents(integration.id)).toEqual([
      expect.objectContaining({ eventKey: "repo:push" }),
    ]);

    const destroyed = await project.cli(["destroy", "--auto-approve"], deployEnv);
    expect(destroyed.code).toBe(0);
    expect(sandbox.devdynamics.integrations()).toEqual([]);
    expect(sandbox.bitbucket.state.workspace("acme")!.hooks).toEqual([]);
  }, 300_000);

  it("passes its own unit tests: Testing matchers, and fullSynth with toBeValidTerraform", async () => {
    const tested = await project.jest();
    expect(tested.output).toMatch(/Tests:\s+2 passed, 2 total/);
    expect(tested.code).toBe(0);
  }, 300_000);
});
