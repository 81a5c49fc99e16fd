import { DevDynamicsClient, INTEGRATION_PROBLEM_FIXES, NewIntegration } from "../../lib/devdynamics";
import { formatProblems } from "../../lib/problem";
import { Sandbox, startSandbox } from "../../lib/sandbox";
import { DevDynamicsSimulator } from "../../lib/sandbox/devdynamics";
import { seedCredential } from "../support/sandbox";
import { ACME_KEY, FAST_RETRY, startDevDynamics } from "./fixtures";

/** `verify` against the Bitbucket simulator, with the shipped seed's credentials. */
describe("verify against Bitbucket", () => {
  let sandbox: Sandbox;
  let sim: DevDynamicsSimulator;
  let client: DevDynamicsClient;
  const secretOf = (id: string) => {
    const c = seedCredential(sandbox, id);
    return c.kind === "api_token" || c.kind === "access_token"
      ? c.token
      : c.kind === "oauth_consumer"
        ? c.clientSecret
        : "";
  };
  const EMAIL = "sam.rivera@acme.example";
  let TOKEN: string;
  let NARROW_TOKEN: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    TOKEN = secretOf("owner-api-token");
    NARROW_TOKEN = secretOf("api-token-missing-write-webhook");
  });
  afterAll(() => sandbox.stop());

  beforeEach(async () => {
    sim = await startDevDynamics({ bitbucketApiUrl: sandbox.bitbucket.url });
    client = new DevDynamicsClient({ apiUrl: sim.url, apiKey: ACME_KEY, retry: FAST_RETRY });
    sandbox.bitbucket.server.log.clear();
  });
  afterEach(() => sim.stop());

  async function verify(
    credential: NewIntegration["credential"],
    repositories: NewIntegration["repositories"] = { mode: "all" },
  ) {
    const { integration } = await client.createIntegration({ workspace: "acme", credential, repositories });
    return client.verifyIntegration(integration.id);
  }

  it("connects with an API token holding every scope, in two Bitbucket requests", async () => {
    const verified = await verify({ kind: "api_token", username: EMAIL, secret: TOKEN });
    expect(verified).toMatchObject({
      status: "connected",
      problems: [],
      workspaceUuid: sandbox.bitbucket.state.workspace("acme")!.uuid,
    });
    expect(sandbox.bitbucket.server.log.byRoute({ credential: "owner-api-token" })).toEqual({
      "GET /2.0/repositories/{workspace}": 1,
      "GET /2.0/user/workspaces/{workspace}/permission": 1,
    });
    expect(client.counter.byRoute()).toEqual(sim.server.log.byRoute());
  });

  it("reports each missing scope, with its fix", async () => {
    const verified = await verify({ kind: "api_token", username: EMAIL, secret: NARROW_TOKEN });
    expect(verified.status).toBe("missing_permissions");
    expect(verified.problems).toEqual([
      {
        code: "missing_scope",
        message: expect.stringContaining("write:webhook:bitbucket"),
        fix: INTEGRATION_PROBLEM_FIXES.missing_scope,
      },
    ]);
    expect(formatProblems(verified.problems)).toBe(
      `${verified.problems[0].message}\nFix: ${INTEGRATION_PROBLEM_FIXES.missing_scope}`,
    );
  });

  it("reports refused credentials", async () => {
    const verified = await verify({ kind: "api_token", username: "someone@acme.example", secret: TOKEN });
    expect(verified.status).toBe("invalid_credentials");
    expect(verified.problems.map((p) => p.code)).toEqual(["invalid_credentials"]);
  });

  it("reports a user who is not a workspace admin", async () => {
    const verified = await verify({
      kind: "api_token",
      username: "morgan.patel@acme.example",
      secret: secretOf("member-api-token"),
    });
    expect(verified.status).toBe("missing_permissions");
    expect(verified.problems.map((p) => p.code)).toEqual(["not_workspace_admin"]);
  });

  it("reports a selection with no repository in the workspace", async () => {
    const verified = await verify(
      { kind: "api_token", username: EMAIL, secret: TOKEN },
      { mode: "selected", slugs: ["legacy"] },
    );
    expect(verified.problems.map((p) => p.code)).toEqual(["no_repositories"]);
    const selected = await client.updateIntegration(verified.id, {
      repositories: { mode: "selected", slugs: ["legacy", "web-app"] },
    });
    expect((await client.verifyIntegration(selected.id)).status).toBe("connected");
  });

  it("connects an OAuth consumer through the client-credentials grant", async () => {
    const verified = await verify({
      kind: "oauth_client_credentials",
      username: (seedCredential(sandbox, "oauth-consumer") as { clientId: string }).clientId,
      secret: secretOf("oauth-consumer"),
    });
    expect(verified).toMatchObject({ status: "connected", problems: [] });
  });

  it("connects a workspace access token without asking for a user's role", async () => {
    const verified = await verify({ kind: "access_token", secret: secretOf("workspace-access-token") });
    expect(verified).toMatchObject({ status: "connected", problems: [] });
    expect(sandbox.bitbucket.server.log.byRoute()).toEqual({ "GET /2.0/repositories/{workspace}": 1 });
  });

  it("goes back to pending when the credential changes", async () => {
    const verified = await verify({ kind: "api_token", username: EMAIL, secret: TOKEN });
    const changed = await client.updateIntegration(verified.id, {
      credential: { kind: "api_token", username: EMAIL, secret: NARROW_TOKEN },
    });
    expect(changed).toMatchObject({ status: "pending", problems: [] });
  });
});
