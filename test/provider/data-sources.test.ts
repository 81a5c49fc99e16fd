import { join } from "node:path";
import { PROVIDER_ADDRESS } from "../../lib/provider/provider";
import { loadSeed, DEFAULT_SEED_PATH, Sandbox, startSandbox } from "../../lib/sandbox";
import { seedCredential } from "../support/sandbox";
import { installTestProvider, TerraformWorkspace } from "../support/terraform";

/** The devdynamics provider's plan-time checks, in plain HCL, through the real terraform against the sandbox. */
const CONFIG = `terraform {
  required_providers {
    devdynamics = { source = "devdynamics/devdynamics" }
  }
}
provider "devdynamics" {}
data "devdynamics_bitbucket_credentials" "check" {
  workspace = "acme"
}
data "devdynamics_organization" "org" {}
output "permission" { value = data.devdynamics_bitbucket_credentials.check.permission }
output "organization" { value = data.devdynamics_organization.org.id }
`;

describe("devdynamics provider: plan-time checks", () => {
  let sandbox: Sandbox;
  let cliConfig: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    ({ cliConfig } = await installTestProvider(join(__dirname, "../../lib/provider/main.ts"), PROVIDER_ADDRESS));
  });
  afterAll(() => sandbox.stop());

  async function workspaceFor(credentialId: string): Promise<TerraformWorkspace> {
    const c = seedCredential(sandbox, credentialId);
    const credentialEnv =
      c.kind === "api_token"
        ? { BITBUCKET_EMAIL: sandbox.bitbucket.state.users.get(c.user)!.email, BITBUCKET_API_TOKEN: c.token }
        : c.kind === "access_token"
          ? { BITBUCKET_ACCESS_TOKEN: c.token }
          : c.kind === "oauth_consumer"
            ? { BITBUCKET_OAUTH_CLIENT_ID: c.clientId, BITBUCKET_OAUTH_CLIENT_SECRET: c.clientSecret }
            : { BITBUCKET_EMAIL: "sam.rivera@acme.example", BITBUCKET_API_TOKEN: c.password };
    const ws = new TerraformWorkspace(cliConfig, {
      BITBUCKET_API_URL: sandbox.bitbucket.url,
      DEVDYNAMICS_API_URL: sandbox.devdynamics.url,
      DEVDYNAMICS_API_KEY: loadSeed(DEFAULT_SEED_PATH).devdynamics.organizations[0].apiKeys[0],
      ...credentialEnv,
    });
    ws.write({ "main.tf": CONFIG });
    await ws.okAsync(["init", "-input=false", "-no-color"]);
    return ws;
  }

  it("passes for the workspace owner's API token, in one Bitbucket request per check", async () => {
    const ws = await workspaceFor("owner-api-token");
    sandbox.bitbucket.server.log.clear();
    await ws.okAsync(["apply", "-auto-approve", "-input=false", "-no-color"]);
    expect(await ws.okAsync(["output", "-raw", "permission"])).toBe("owner");
    expect(await ws.okAsync(["output", "-raw", "organization"])).toBe("org_acme");
    expect(sandbox.bitbucket.server.log.byRoute()).toEqual({ "GET /2.0/user/workspaces/{workspace}/permission": 1 });
  });

  it("fails the plan listing every problem with its fix, before any write", async () => {
    const ws = await workspaceFor("member-api-token");
    sandbox.bitbucket.server.log.clear();
    const result = await ws.runAsync(["plan", "-input=false", "-no-color"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not fit for DevDynamics \(1 problem\)/);
    expect(result.stderr).toMatch(/member, not owner/);
    expect(result.stderr).toMatch(/Fix: Use the credential of a workspace owner/);
    expect(sandbox.bitbucket.server.log.count({ writesOnly: true })).toBe(0);
  });

  it("refuses a retired app password without sending it, naming the replacement and its scopes", async () => {
    const ws = await workspaceFor("retired-app-password");
    sandbox.bitbucket.server.log.clear();
    const result = await ws.runAsync(["plan", "-input=false", "-no-color"]);
    expect(result.code).toBe(1);
    const text = result.stderr.replace(/\s+/g, " ");
    expect(text).toMatch(/removed from Bitbucket Cloud on 2026-07-28/);
    expect(text).toContain("write:webhook:bitbucket");
    expect(sandbox.bitbucket.server.log.count()).toBe(0);
  });

  it("names each missing scope", async () => {
    const result = await (
      await workspaceFor("api-token-missing-read-pullrequest")
    ).runAsync(["plan", "-input=false", "-no-color"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/lacks the scope read:pullrequest:bitbucket/);
    expect(result.stderr).toMatch(/id\.atlassian\.com/);
  });
});
