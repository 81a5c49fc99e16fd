import { Sandbox, startSandbox } from "../../lib/sandbox";
import { installDevDynamicsProvider, PROVIDER_REQUIREMENT, providerWorkspace } from "../support/provider";
import { TerraformWorkspace } from "../support/terraform";
import { WORKSPACE_MODE_CONFIG } from "./fixtures/configurations";

/** Plan-time checks in plain HCL, through the real terraform against the sandbox: nothing changes when one fails. */
const CHECKS_CONFIG = `${PROVIDER_REQUIREMENT}
data "devdynamics_bitbucket_credentials" "check" {
  workspace = "acme"
}
data "devdynamics_organization" "org" {}
data "devdynamics_bitbucket_repositories" "web" {
  workspace     = "acme"
  name_patterns = ["*-app", "*-site", "design-*"]
  exclude       = ["marketing-*"]
}
output "permission" { value = data.devdynamics_bitbucket_credentials.check.permission }
output "organization" { value = data.devdynamics_organization.org.id }
output "web" { value = join(",", data.devdynamics_bitbucket_repositories.web.slugs) }
`;

const MISSING_SCOPES = [
  "read:user",
  "read:workspace",
  "read:project",
  "read:repository",
  "read:pullrequest",
  "read:webhook",
  "write:webhook",
  "delete:webhook",
];

describe("devdynamics provider: plan-time checks", () => {
  let sandbox: Sandbox;
  let cliConfig: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    ({ cliConfig } = await installDevDynamicsProvider());
  });
  afterAll(() => sandbox.stop());

  async function workspaceFor(credentialId: string, config = WORKSPACE_MODE_CONFIG): Promise<TerraformWorkspace> {
    const ws = providerWorkspace(sandbox, cliConfig, credentialId);
    ws.write({ "main.tf": config });
    await ws.okAsync(["init", "-input=false", "-no-color"]);
    sandbox.bitbucket.server.log.clear();
    return ws;
  }

  /** Requests that change something in Bitbucket (an OAuth token request changes nothing). */
  const writes = () =>
    Object.keys(sandbox.bitbucket.server.log.byRoute()).filter(
      (route) => !route.startsWith("GET ") && route !== "POST /site/oauth2/access_token",
    );

  /** Runs apply, expecting it to fail at plan time; returns its error output on one line. */
  async function failedApply(ws: TerraformWorkspace): Promise<string> {
    const result = await ws.runAsync(["apply", "-auto-approve", "-input=false", "-no-color"]);
    expect(result.code).toBe(1);
    expect(writes()).toEqual([]);
    expect(sandbox.devdynamics.integrations()).toEqual([]);
    return result.stderr.replace(/\s+/g, " ");
  }

  it("passes for the workspace owner's API token: 1 request for the check, 1 per 100 repositories", async () => {
    const ws = await workspaceFor("owner-api-token", CHECKS_CONFIG);
    await ws.okAsync(["apply", "-auto-approve", "-input=false", "-no-color"]);
    expect(await ws.okAsync(["output", "-raw", "permission"])).toBe("owner");
    expect(await ws.okAsync(["output", "-raw", "organization"])).toBe("org_acme");
    expect(await ws.okAsync(["output", "-raw", "web"])).toBe("design-system,web-app");
    expect(sandbox.bitbucket.server.log.byRoute()).toEqual({
      "GET /2.0/user/workspaces/{workspace}/permission": 1,
      "GET /2.0/repositories/{workspace}": 1,
    });
  });

  it.each(MISSING_SCOPES)(
    "an API token without %s fails the plan naming the scope and its fix, creating nothing",
    async (scope) => {
      const text = await failedApply(await workspaceFor(`api-token-missing-${scope.replace(":", "-")}`));
      expect(text).toMatch(/not fit for DevDynamics \(1 problem\)/);
      expect(text).toContain(`lacks the scope ${scope}:bitbucket`);
      expect(text).toMatch(/Fix: .*id\.atlassian\.com/);
    },
  );

  it("an OAuth consumer without the webhook permission gets the fix in the classic vocabulary", async () => {
    const text = await failedApply(await workspaceFor("oauth-consumer-missing-webhook"));
    expect(text).toMatch(/lacks the scope webhook\b/);
    expect(text).toMatch(/Fix: Give the OAuth consumer the webhook permission/);
  });

  it("a member cannot create a workspace webhook: the fix names the owner", async () => {
    const text = await failedApply(await workspaceFor("member-api-token"));
    expect(text).toMatch(/member, not owner/);
    expect(text).toMatch(/Fix: Use the credential of a workspace owner/);
  });

  it("refuses a retired app password without sending it, naming the replacement and its scopes", async () => {
    const text = await failedApply(await workspaceFor("retired-app-password"));
    expect(text).toMatch(/removed from Bitbucket Cloud on 2026-07-28/);
    expect(text).toContain("write:webhook:bitbucket");
    expect(sandbox.bitbucket.server.log.count()).toBe(0);
  });

  it("an access token where a user is needed gets its own message", async () => {
    const text = await failedApply(await workspaceFor("workspace-access-token"));
    expect(text).toMatch(/Access tokens act as no user, so they cannot manage workspace webhooks/);
    expect(text).toMatch(/choose one webhook per repository/);
  });

  it("a wrong DevDynamics API key fails the plan", async () => {
    const ws = providerWorkspace(sandbox, cliConfig, "owner-api-token", { DEVDYNAMICS_API_KEY: "ddk_wrong" });
    ws.write({ "main.tf": CHECKS_CONFIG });
    await ws.okAsync(["init", "-input=false", "-no-color"]);
    const result = await ws.runAsync(["plan", "-input=false", "-no-color"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/API key/);
  });

  it("rejects unknown event keys and plain-http URLs at validate, pointing at the attribute", async () => {
    const ws = await workspaceFor(
      "owner-api-token",
      `${PROVIDER_REQUIREMENT}
resource "devdynamics_bitbucket_repository_webhook" "bad" {
  workspace  = "acme"
  repository = "billing"
  url        = "http://devdynamics.example/hook"
  events     = ["repo:push", "pullrequest:merged", "repo:created"]
}
`,
    );
    const result = await ws.runAsync(["validate", "-no-color"]);
    expect(result.code).toBe(1);
    const text = result.stderr.replace(/\s+/g, " ");
    expect(text).toMatch(/must use https/);
    expect(text).toMatch(/unknown event keys pullrequest:merged, repo:created/);
    expect(text).toMatch(/on main\.tf line \d+, in resource "devdynamics_bitbucket_repository_webhook" "bad"/);
  });
});
