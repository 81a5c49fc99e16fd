import { DEFAULT_SEED_PATH, generateLargeSeed, loadSeed, Sandbox, startSandbox } from "../../lib/sandbox";
import { installDevDynamicsProvider, providerWorkspace } from "../support/provider";
import { WORKSPACE_MODE_CONFIG } from "./fixtures/configurations";
import { TerraformWorkspace } from "../support/terraform";

const APPLY = ["apply", "-auto-approve", "-input=false", "-no-color"];
const REPOSITORIES = 250;

/** Workspace mode: one webhook covers every repository, so a steady-state plan costs the same for any count. */
describe(`devdynamics provider: workspace webhook over ${REPOSITORIES} repositories`, () => {
  let sandbox: Sandbox;
  let ws: TerraformWorkspace;
  const log = () => sandbox.bitbucket.server.log;
  const hooks = () => sandbox.bitbucket.state.workspace("acme")!.hooks;

  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: generateLargeSeed(loadSeed(DEFAULT_SEED_PATH), { repositories: REPOSITORIES }),
    });
    const { cliConfig } = await installDevDynamicsProvider();
    ws = providerWorkspace(sandbox, cliConfig, "owner-api-token");
    ws.write({ "main.tf": WORKSPACE_MODE_CONFIG });
    await ws.okAsync(["init", "-input=false", "-no-color"]);
  });
  afterAll(() => sandbox.stop());

  it("creates the connection and one workspace webhook that delivers every repository's events", async () => {
    await ws.okAsync(APPLY);
    expect(hooks()).toHaveLength(1);
    expect(hooks()[0]).toMatchObject({ subjectType: "workspace", active: true, skipCertVerification: false });
    const [integration] = sandbox.devdynamics.integrations();
    expect(hooks()[0].secret).toBe(integration.webhookSecret);
    const [delivery] = await sandbox.bitbucket.simulateEvent({
      workspace: "acme",
      repository: "repo-217",
      event: "repo:push",
    });
    expect(delivery.delivered).toBe(true);
    expect(sandbox.devdynamics.acceptedEvents(integration.id)).toHaveLength(1);
  });

  it("plans no change in 2 Bitbucket requests (budget: at most 3, whatever the repository count)", async () => {
    log().clear();
    expect((await ws.runAsync(["plan", "-input=false", "-no-color", "-detailed-exitcode"])).code).toBe(0);
    expect(log().byRoute()).toEqual({
      "GET /2.0/user/workspaces/{workspace}/permission": 1,
      "GET /2.0/workspaces/{workspace}/hooks": 1,
    });
  });

  it("imports the workspace webhook by workspace/{uuid}", async () => {
    const uuid = hooks()[0].uuid;
    await ws.okAsync(["state", "rm", "devdynamics_bitbucket_workspace_webhook.acme"]);
    const bad = await ws.runAsync([
      "import",
      "-input=false",
      "-no-color",
      "devdynamics_bitbucket_workspace_webhook.acme",
      uuid,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.replace(/\s+/g, " ")).toMatch(/Expected <workspace>\/\{<hook uuid>\}/);
    await ws.okAsync([
      "import",
      "-input=false",
      "-no-color",
      "devdynamics_bitbucket_workspace_webhook.acme",
      `acme/${uuid}`,
    ]);
    await ws.okAsync(APPLY);
    expect(hooks()).toHaveLength(1);
    expect((await ws.runAsync(["plan", "-input=false", "-no-color", "-detailed-exitcode"])).code).toBe(0);
  });

  it("destroy removes the webhook and the connection", async () => {
    await ws.okAsync(["destroy", "-auto-approve", "-input=false", "-no-color"]);
    expect(hooks()).toEqual([]);
    expect(sandbox.devdynamics.integrations()).toEqual([]);
  });
});
