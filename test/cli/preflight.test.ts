import { join } from "node:path";
import { DEVDYNAMICS_GRANULAR_SCOPES, WebhookSubject } from "../../lib/bitbucket";
import { InvalidWorkspaceError, runPreflight } from "../../lib/cli/preflight";
import { Sandbox, startSandbox } from "../../lib/sandbox";
import { credentialEnvironment, providerEnvironment } from "../../lib/sandbox/environment";
import { ChildResult, runChild } from "../../lib/sandbox/run-child";
import { seededSecrets } from "../support/provider";

/** The package's bin, as `npx devdynamics-bitbucket` starts it. */
const LAUNCHER = join(__dirname, "../../bin/devdynamics-bitbucket.js");
const PERMISSION_ROUTE = "GET /2.0/user/workspaces/{workspace}/permission";

describe("preflight: devdynamics-bitbucket check", () => {
  let sandbox: Sandbox;
  const log = () => sandbox.bitbucket.server.log;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  beforeEach(() => log().clear());
  afterAll(() => sandbox.stop());

  /** The provider's environment for a seeded credential, as a pipeline would set it. */
  function envFor(credentialId: string, extra: Record<string, string> = {}): Record<string, string> {
    return { ...providerEnvironment(sandbox, credentialId), ...extra };
  }

  /** Every secret a run could leak: the seed's and whatever secret the environment holds. */
  function secretsIn(env: Record<string, string>): string[] {
    const given = [
      env.BITBUCKET_API_TOKEN,
      env.BITBUCKET_ACCESS_TOKEN,
      env.BITBUCKET_OAUTH_CLIENT_SECRET,
      env.DEVDYNAMICS_API_KEY,
    ];
    return [...seededSecrets(sandbox), ...given.filter((s): s is string => Boolean(s))];
  }

  /**
   * Runs the CLI as a child process, with only `env` of the provider's variables. Asynchronous: the sandbox answers
   * from this process, so a synchronous spawn would block it. Every run is checked for leaked secrets.
   */
  async function cli(args: string[], env: Record<string, string>): Promise<ChildResult> {
    const inherited = Object.entries(process.env).filter(([name]) => !/^(BITBUCKET|DEVDYNAMICS)_/.test(name));
    const run = await runChild(process.execPath, [LAUNCHER, ...args], {
      env: { ...Object.fromEntries(inherited), ...env },
    });
    for (const secret of secretsIn(env)) expect(run.stdout + run.stderr).not.toContain(secret);
    return run;
  }

  const check = (credentialId: string, extraArgs: string[] = [], extraEnv: Record<string, string> = {}) =>
    cli(["check", "--workspace", "acme", ...extraArgs], envFor(credentialId, extraEnv));

  it("passes the workspace owner's API token with exit code 0 and exactly 1 Bitbucket request", async () => {
    const run = await check("owner-api-token");
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout.trimEnd().split("\n")).toEqual([
      "Preflight for Bitbucket workspace acme (one workspace webhook)",
      "✔ Bitbucket credential recognised: API token of sam.rivera@acme.example",
      "✔ Bitbucket accepts the credential: acts as Sam Rivera",
      "✔ Scopes DevDynamics needs: holds all 8 required scopes",
      "✔ Workspace permission: Sam Rivera is owner of workspace acme: may create the workspace webhook",
      "✔ DevDynamics API key: belongs to Acme Corp (org_acme)",
      "All 5 checks passed (1 Bitbucket request).",
    ]);
    expect(log().byRoute()).toEqual({ [PERMISSION_ROUTE]: 1 });
  });

  it("fails an API token missing one scope with exit code 1, naming the scope and its fix", async () => {
    const run = await check("api-token-missing-write-webhook");
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    const failure = lines.findIndex((l) => l.startsWith("✖"));
    expect(lines[failure]).toBe("✖ Scopes DevDynamics needs: The API token lacks the scope write:webhook:bitbucket.");
    expect(lines[failure + 1]).toMatch(
      /^ {4}Fix: API tokens cannot be edited: .*id\.atlassian\.com.*write:webhook:bitbucket/,
    );
    expect(lines.filter((l) => l.startsWith("✖"))).toHaveLength(1);
    expect(run.stdout).toContain("1 of 5 checks failed, 0 skipped (1 Bitbucket request).");
    expect(log().count()).toBe(1);
  });

  it("refuses a retired app password without sending it, with the retirement date and the scopes to use", async () => {
    const run = await check("retired-app-password");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "✖ Bitbucket credential recognised: BITBUCKET_API_TOKEN: That secret is a Bitbucket app password (ATBB…).",
    );
    expect(run.stdout).toMatch(/ {4}Fix: App passwords were removed from Bitbucket Cloud on 2026-07-28\./);
    for (const scope of DEVDYNAMICS_GRANULAR_SCOPES) expect(run.stdout).toContain(scope);
    expect(run.stdout).toContain("- Scopes DevDynamics needs: not checked: the Bitbucket credential is not recognised");
    expect(run.stdout).toContain("1 of 5 checks failed, 3 skipped (0 Bitbucket requests).");
    expect(log().count()).toBe(0);
  });

  it("fails a wrong DevDynamics API key with exit code 1 and the key's fix", async () => {
    const run = await check("owner-api-token", [], { DEVDYNAMICS_API_KEY: "ddk_wrong_key_for_preflight" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✖ DevDynamics API key: DevDynamics answered GET /v1/me with 401");
    expect(run.stdout).toContain("    Fix: Check DEVDYNAMICS_API_KEY");
    expect(run.stdout).toContain("✔ Workspace permission:");
    expect(run.stdout).toContain("1 of 5 checks failed, 0 skipped (1 Bitbucket request).");
  });

  it("prints the report as JSON with --json, the same report the library returns", async () => {
    const run = await check("member-api-token", ["--json"]);
    expect(run.code).toBe(1);
    const printed = JSON.parse(run.stdout);
    expect(printed).toEqual(
      await runPreflight({ workspace: "acme", webhookSubject: "workspace", env: envFor("member-api-token") }),
    );
    expect(printed).toMatchObject({
      workspace: "acme",
      webhookSubject: "workspace",
      passed: false,
      bitbucketRequests: 1,
    });
    expect(printed.checks.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      ["credential", "passed"],
      ["authentication", "passed"],
      ["scopes", "passed"],
      ["workspace_permission", "failed"],
      ["devdynamics_api_key", "passed"],
    ]);
    expect(printed.checks[3].fix).toMatch(/Use the credential of a workspace owner/);
  });

  it("refuses a member's token for repository webhooks too: DevDynamics needs a workspace admin", async () => {
    const run = await check("member-api-token", ["--json", "--webhook-subject", "repository"]);
    expect(run.code).toBe(1);
    const printed = JSON.parse(run.stdout);
    expect(printed).toMatchObject({ webhookSubject: "repository", passed: false, bitbucketRequests: 1 });
    expect(printed.checks[3].detail).toMatch(/DevDynamics reads the workspace with this credential/);
  });

  it("passes a workspace access token for repository webhooks, with exit code 0 in JSON mode", async () => {
    const run = await check("workspace-access-token", ["--json", "--webhook-subject", "repository"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ webhookSubject: "repository", passed: true, bitbucketRequests: 1 });
  });

  it.each([
    [[], /Usage: devdynamics-bitbucket/],
    [["check"], /required option '--workspace <id>' not specified/],
    [["check", "--workspace", "Acme Corp"], /"Acme Corp" is not a Bitbucket Workspace ID: use the slug/],
    [["check", "--workspace", "acme", "--webhook-subject", "org"], /Allowed choices are workspace, repository/],
    [["check", "--workspace", "acme", "--verbose"], /unknown option '--verbose'/],
  ])("exits with 2 on the usage error in %j, sending nothing", async (args, message) => {
    const run = await cli(args, envFor("owner-api-token"));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
    expect(log().count()).toBe(0);
  });

  describe("the library", () => {
    const preflight = (credentialId: string, webhookSubject: WebhookSubject = "workspace", extra = {}) =>
      runPreflight({ workspace: "acme", webhookSubject, env: envFor(credentialId, extra) });
    const statuses = (report: Awaited<ReturnType<typeof runPreflight>>) =>
      Object.fromEntries(report.checks.map((c) => [c.id, c.status]));

    it("counts an OAuth consumer's token request and gives the fix in the classic vocabulary", async () => {
      const report = await preflight("oauth-consumer-missing-webhook");
      expect(report.bitbucketRequests).toBe(2);
      expect(log().count()).toBe(2);
      expect(report.checks.find((c) => c.id === "scopes")).toMatchObject({
        status: "failed",
        detail: "The OAuth consumer lacks the scope webhook.",
        fix: expect.stringMatching(/^Give the OAuth consumer the webhook permission/),
      });
    });

    it("fails an access token for a workspace webhook and passes it for repository webhooks", async () => {
      const workspace = await preflight("workspace-access-token");
      expect(workspace.checks.find((c) => c.id === "workspace_permission")).toMatchObject({
        status: "failed",
        detail: expect.stringMatching(/^Access tokens act as no user/),
      });
      expect((await preflight("workspace-access-token", "repository")).passed).toBe(true);
    });

    it("skips what a refused credential cannot show", async () => {
      const report = await preflight("owner-api-token", "workspace", { BITBUCKET_EMAIL: "alex.kim@acme.example" });
      expect(statuses(report)).toEqual({
        credential: "passed",
        authentication: "failed",
        scopes: "skipped",
        workspace_permission: "skipped",
        devdynamics_api_key: "passed",
      });
      expect(report.checks[1].detail).toMatch(/Bitbucket refused the API token \(401\)/);
    });

    it("names the variable at fault when the credential is malformed", async () => {
      const report = await preflight("owner-api-token", "workspace", { BITBUCKET_EMAIL: "sam" });
      expect(report.checks[0]).toMatchObject({
        status: "failed",
        detail: 'BITBUCKET_EMAIL: "sam" looks like a Bitbucket username, not an email.',
      });
      expect(report.bitbucketRequests).toBe(0);
    });

    it("reports a workspace the credential cannot see", async () => {
      const report = await runPreflight({
        workspace: "nope",
        webhookSubject: "workspace",
        env: envFor("owner-api-token"),
      });
      expect(report.checks.find((c) => c.id === "workspace_permission")).toMatchObject({
        status: "failed",
        detail: "Workspace nope does not exist or this credential cannot see it.",
      });
    });

    it("fails without the DevDynamics variables, saying which to set", async () => {
      const env = { ...envFor("owner-api-token"), DEVDYNAMICS_API_KEY: "" };
      const report = await runPreflight({ workspace: "acme", webhookSubject: "workspace", env });
      expect(report.checks[4]).toMatchObject({
        status: "failed",
        detail: "DevDynamics API key missing.",
        fix: expect.stringMatching(/^Set DEVDYNAMICS_API_KEY/),
      });
    });

    it("refuses a malformed Workspace ID before sending anything", async () => {
      await expect(
        runPreflight({ workspace: "Acme Corp", webhookSubject: "workspace", env: envFor("owner-api-token") }),
      ).rejects.toThrow(InvalidWorkspaceError);
      expect(log().count()).toBe(0);
    });

    it("says so when a token is pasted into the email variable, without showing it", async () => {
      const { BITBUCKET_EMAIL, BITBUCKET_API_TOKEN } = credentialEnvironment(sandbox, "owner-api-token");
      const report = await preflight("owner-api-token", "workspace", {
        BITBUCKET_EMAIL: BITBUCKET_API_TOKEN,
        BITBUCKET_API_TOKEN: BITBUCKET_EMAIL,
      });
      expect(report.checks[0].detail).toBe("BITBUCKET_EMAIL: The email holds a token, not an email address.");
      expect(JSON.stringify(report)).not.toContain(BITBUCKET_API_TOKEN);
    });

    it("never reports a secret, whatever the credential and the outcome", async () => {
      for (const { id } of sandbox.bitbucket.state.credentials) {
        for (const scope of ["workspace", "repository"] as const) {
          const text = JSON.stringify(await preflight(id, scope, { DEVDYNAMICS_API_KEY: "ddk_not_a_real_key_123" }));
          for (const secret of [...seededSecrets(sandbox), "ddk_not_a_real_key_123"])
            expect(text).not.toContain(secret);
        }
      }
    });
  });
});
