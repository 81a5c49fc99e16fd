import { DEFAULT_SEED_PATH, generateLargeSeed, loadSeed, Sandbox, startSandbox } from "../../lib/sandbox";
import { AcceptanceSteps } from "../support/acceptance";
import { installDevDynamicsProvider, providerWorkspace } from "../support/provider";
import { WORKSPACE_MODE_CONFIG } from "./fixtures/configurations";

const REPOSITORIES = 250;

/** Workspace mode: one webhook covers every repository, so a steady-state plan costs the same for any count. */
describe(`devdynamics provider: workspace webhook over ${REPOSITORIES} repositories`, () => {
  let sandbox: Sandbox;
  let steps: AcceptanceSteps;
  const log = () => sandbox.bitbucket.server.log;
  const hooks = () => sandbox.bitbucket.state.workspace("acme")!.hooks;

  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: generateLargeSeed(loadSeed(DEFAULT_SEED_PATH), { repositories: REPOSITORIES }),
    });
    const { cliConfig } = await installDevDynamicsProvider();
    steps = await new AcceptanceSteps(providerWorkspace(sandbox, cliConfig, "owner-api-token")).configure(
      WORKSPACE_MODE_CONFIG,
    );
  });
  afterAll(() => sandbox.stop());

  it("creates the connection and one workspace webhook that delivers every repository's events", async () => {
    await steps.apply();
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
    await steps.expectNoChanges();
    expect(log().byRoute()).toEqual({
      "GET /2.0/user/workspaces/{workspace}/permission": 1,
      "GET /2.0/workspaces/{workspace}/hooks": 1,
    });
  });

  it("imports the workspace webhook by workspace/{uuid}, and the connection by its id", async () => {
    const uuid = hooks()[0].uuid;
    const bad = await steps.expectFailure([
      "import",
      "-input=false",
      "-no-color",
      "devdynamics_bitbucket_workspace_webhook.acme",
      uuid,
    ]);
    expect(bad.output.replace(/\s+/g, " ")).toMatch(/Expected <workspace>\/\{<hook uuid>\}/);
    // What an import cannot know: which secret was sent (the next apply sends it once and counts it).
    await steps.importVerifies("devdynamics_bitbucket_workspace_webhook.acme", `acme/${uuid}`, ["secret_revision"]);
    const [integration] = sandbox.devdynamics.integrations();
    await steps.importVerifies("devdynamics_bitbucket_connection.acme", integration.id, [
      "webhook_secret_rotation", // configuration only: DevDynamics does not know it
    ]);
  });

  it("destroy removes the webhook and the connection", async () => {
    await steps.destroy();
    expect(hooks()).toEqual([]);
    expect(sandbox.devdynamics.integrations()).toEqual([]);
  });
});
