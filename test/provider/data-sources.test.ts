import { Sandbox, startSandbox } from "../../lib/sandbox";
import { AcceptanceSteps } from "../support/acceptance";
import { installDevDynamicsProvider, PROVIDER_REQUIREMENT, providerWorkspace } from "../support/provider";
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
output "web_uuids" { value = data.devdynamics_bitbucket_repositories.web.repository_uuids }
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

  async function stepsFor(
    credentialId: string,
    config = WORKSPACE_MODE_CONFIG,
    env: Record<string, string> = {},
  ): Promise<AcceptanceSteps> {
    const steps = await new AcceptanceSteps(providerWorkspace(sandbox, cliConfig, credentialId, env)).configure(config);
    sandbox.bitbucket.server.log.clear();
    sandbox.devdynamics.server.log.clear();
    return steps;
  }

  /** Requests that change something, in Bitbucket (an OAuth token request changes nothing) and in DevDynamics. */
  const writes = () => ({
    bitbucket: sandbox.bitbucket.server.log
      .entries({ writesOnly: true })
      .filter((e) => e.route !== "/site/oauth2/access_token").length,
    devdynamics: sandbox.devdynamics.server.log.count({ writesOnly: true }),
  });

  /** Runs apply, expecting it to fail at plan time with nothing written; returns its error output on one line. */
  async function failedApply(steps: AcceptanceSteps): Promise<string> {
    const result = await steps.expectFailure(["apply", "-auto-approve", "-input=false", "-no-color"]);
    expect(writes()).toEqual({ bitbucket: 0, devdynamics: 0 });
    expect(sandbox.devdynamics.integrations()).toEqual([]);
    return result.stderr.replace(/\s+/g, " ");
  }

  it("passes for the workspace owner's API token: 1 request for the check, 1 per 100 repositories", async () => {
    const steps = await stepsFor("owner-api-token", CHECKS_CONFIG);
    await steps.expectChanges();
    expect(sandbox.bitbucket.server.log.byRoute()).toEqual({
      "GET /2.0/user/workspaces/{workspace}/permission": 1,
      "GET /2.0/repositories/{workspace}": 1,
    });
    await steps.apply();
    const output = (name: string) => steps.ws.okAsync(["output", "-raw", name]);
    expect(await output("permission")).toBe("owner");
    expect(await output("organization")).toBe("org_acme");
    expect(await output("web")).toBe("design-system,web-app");
    // The selection to give the connection and the repository webhooks: each slug with its repository's UUID.
    const repositories = sandbox.bitbucket.state.workspace("acme")!.repositories;
    expect(JSON.parse(await steps.ws.okAsync(["output", "-json", "web_uuids"]))).toEqual({
      "design-system": repositories.get("design-system")!.uuid,
      "web-app": repositories.get("web-app")!.uuid,
    });
  });

  it.each(MISSING_SCOPES)(
    "an API token without %s fails the plan naming the scope and its fix, creating nothing",
    async (scope) => {
      const text = await failedApply(await stepsFor(`api-token-missing-${scope.replace(":", "-")}`));
      // One error diagnostic per problem, so none hides another.
      expect(text.match(/Error: /g)).toHaveLength(1);
      expect(text).toMatch(/Error: The Bitbucket credential is not fit for DevDynamics: missing scope/);
      expect(text).toContain(`lacks the scope ${scope}:bitbucket`);
      expect(text).toMatch(/Fix: .*id\.atlassian\.com/);
    },
  );

  it("an OAuth consumer without the webhook permission gets the fix in the classic vocabulary", async () => {
    const text = await failedApply(await stepsFor("oauth-consumer-missing-webhook"));
    expect(text).toMatch(/lacks the scope webhook\b/);
    expect(text).toMatch(/Fix: Give the OAuth consumer the webhook permission/);
  });

  it("a member cannot create a workspace webhook: the fix names the owner", async () => {
    const text = await failedApply(await stepsFor("member-api-token"));
    expect(text).toMatch(/member, not owner/);
    expect(text).toMatch(/Fix: Use the credential of a workspace owner/);
  });

  it("refuses a retired app password without sending it, naming the replacement and its scopes", async () => {
    const text = await failedApply(await stepsFor("retired-app-password"));
    expect(text).toMatch(/removed from Bitbucket Cloud on 2026-07-28/);
    expect(text).toContain("write:webhook:bitbucket");
    expect(sandbox.bitbucket.server.log.count()).toBe(0);
  });

  it("an access token where a user is needed gets its own message", async () => {
    const text = await failedApply(await stepsFor("workspace-access-token"));
    expect(text).toMatch(/Access tokens act as no user, so they cannot manage workspace webhooks/);
    expect(text).toMatch(/choose one webhook per repository/);
  });

  it("a wrong DevDynamics API key fails the plan", async () => {
    const steps = await stepsFor("owner-api-token", CHECKS_CONFIG, { DEVDYNAMICS_API_KEY: "ddk_wrong" });
    const result = await steps.expectFailure(["plan", "-input=false", "-no-color"]);
    expect(result.stderr.replace(/\s+/g, " ")).toMatch(
      /Could not read the DevDynamics organization of the API key .*API key.* Fix: /,
    );
  });

  it("rejects unknown event keys and plain-http URLs at validate, pointing at the attribute", async () => {
    const steps = await stepsFor(
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
    const result = await steps.expectFailure(["validate", "-no-color"]);
    const text = result.stderr.replace(/\s+/g, " ");
    expect(text).toMatch(/must use https/);
    expect(text).toMatch(/unknown event keys pullrequest:merged, repo:created/);
    expect(text).toMatch(/on main\.tf line \d+, in resource "devdynamics_bitbucket_repository_webhook" "bad"/);
  });

  it.each([
    {
      what: "a project key that does not exist",
      keys: '["PLAT", "NOPE"]',
      message: /Project not found .* Workspace acme has no project with the key NOPE .* Fix: Use the key shown/,
    },
    {
      what: "a project key in lower case",
      keys: '["plat"]',
      message: /Invalid project_keys .* project keys are upper case: use PLAT/,
    },
  ])("$what fails the repositories data source, creating nothing", async ({ keys, message }) => {
    const steps = await stepsFor(
      "owner-api-token",
      `${PROVIDER_REQUIREMENT}
data "devdynamics_bitbucket_repositories" "selected" {
  workspace    = "acme"
  project_keys = ${keys}
}
resource "devdynamics_bitbucket_connection" "acme" {
  workspace    = "acme"
  repositories = data.devdynamics_bitbucket_repositories.selected.repository_uuids
}
`,
    );
    expect(await failedApply(steps)).toMatch(message);
  });
});
