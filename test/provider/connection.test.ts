import { DevDynamicsClient } from "../../lib/devdynamics";
import { Sandbox, startSandbox } from "../../lib/sandbox";
import { credentialEnvironment } from "../../lib/sandbox/environment";
import { installDevDynamicsProvider, PROVIDER_REQUIREMENT, providerWorkspace } from "../support/provider";
import { TerraformWorkspace } from "../support/terraform";

const CONNECTION_ONLY = `${PROVIDER_REQUIREMENT}
resource "devdynamics_bitbucket_connection" "acme" {
  workspace = "acme"
}
`;
const APPLY = ["apply", "-auto-approve", "-input=false", "-no-color"];

/** The connection's own behaviour: credential drift, adoption after a crash, conflicts, verification problems. */
describe("devdynamics provider: the DevDynamics connection", () => {
  let sandbox: Sandbox;
  let cliConfig: string;
  let devdynamics: DevDynamicsClient;
  const integrations = () => sandbox.devdynamics.integrations();

  beforeAll(async () => {
    sandbox = await startSandbox();
    ({ cliConfig } = await installDevDynamicsProvider());
    devdynamics = new DevDynamicsClient({ apiUrl: sandbox.devdynamics.url, apiKey: sandbox.devdynamics.apiKeys()[0] });
  });
  afterEach(async () => {
    for (const i of integrations()) await devdynamics.deleteIntegration(i.id);
  });
  afterAll(() => sandbox.stop());

  async function workspace(config: string, credentialId = "owner-api-token"): Promise<TerraformWorkspace> {
    const ws = providerWorkspace(sandbox, cliConfig, credentialId);
    ws.write({ "main.tf": config });
    await ws.okAsync(["init", "-input=false", "-no-color"]);
    return ws;
  }

  /** The API token of a seeded credential, as the provider would send it to DevDynamics. */
  const apiToken = (id: string) => ({
    kind: "api_token" as const,
    username: credentialEnvironment(sandbox, id).BITBUCKET_EMAIL,
    secret: credentialEnvironment(sandbox, id).BITBUCKET_API_TOKEN,
  });

  it("a credential replaced outside Terraform shows as drift of its fingerprint and is put back", async () => {
    const ws = await workspace(CONNECTION_ONLY);
    await ws.okAsync(APPLY);
    const [created] = integrations();
    await devdynamics.updateIntegration(created.id, { credential: apiToken("admin-api-token") });

    const drift = await ws.runAsync(["plan", "-input=false", "-no-color", "-detailed-exitcode"]);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toMatch(/~ credential_fingerprint\s+= "sha256:[0-9a-f]+" -> "sha256:[0-9a-f]+"/);
    expect(drift.stdout).toMatch(/~ credential_username\s+= "alex[^"]*" -> "sam\.rivera@acme\.example"/);
    await ws.okAsync(APPLY);
    expect(integrations()[0].credential.secret).toBe(apiToken("owner-api-token").secret);
    expect(integrations()[0].status).toBe("connected");
    expect((await ws.runAsync(["plan", "-input=false", "-no-color", "-detailed-exitcode"])).code).toBe(0);
  });

  it("adopts the integration an interrupted apply left behind (same credential), with a fresh webhook secret", async () => {
    const left = await devdynamics.createIntegration({
      workspace: "acme",
      credential: apiToken("owner-api-token"),
      repositories: { mode: "all" },
    });
    const ws = await workspace(CONNECTION_ONLY);
    await ws.okAsync(APPLY);
    expect(integrations().map((i) => i.id)).toEqual([left.integration.id]);
    expect(integrations()[0].webhookSecret).not.toBe(left.webhookSecret);
    expect(await ws.okAsync(["state", "show", "-no-color", "devdynamics_bitbucket_connection.acme"])).toContain(
      left.integration.id,
    );
  });

  it("refuses someone else's integration for the workspace and prints the import command", async () => {
    const other = await devdynamics.createIntegration({
      workspace: "acme",
      credential: apiToken("admin-api-token"),
      repositories: { mode: "all" },
    });
    const ws = await workspace(CONNECTION_ONLY);
    const result = await ws.runAsync(APPLY);
    expect(result.code).toBe(1);
    const text = result.stderr.replace(/\s+/g, " ");
    expect(text).toMatch(/Workspace acme is already connected to DevDynamics/);
    expect(text).toContain(`terraform import devdynamics_bitbucket_connection.<name> ${other.integration.id}`);
    expect(integrations()).toHaveLength(1);
  });

  it("reports what DevDynamics' verification found as an error, keeping the connection in state", async () => {
    const ws = await workspace(
      `${PROVIDER_REQUIREMENT}
variable "member_token" {
  type      = string
  sensitive = true
}
resource "devdynamics_bitbucket_connection" "acme" {
  workspace            = "acme"
  credential_kind      = "api_token"
  credential_username  = "${apiToken("member-api-token").username}"
  credential_secret_wo = var.member_token
}
`,
    );
    const result = await ws.runAsync([...APPLY, "-var", `member_token=${apiToken("member-api-token").secret}`]);
    expect(result.code).toBe(1);
    expect(result.stderr.replace(/\s+/g, " ")).toMatch(/DevDynamics cannot read workspace acme: not workspace admin/);
    const state = await ws.okAsync(["state", "list"]);
    expect(state).toContain("devdynamics_bitbucket_connection.acme");
    expect(integrations()).toHaveLength(1);
  });
});
