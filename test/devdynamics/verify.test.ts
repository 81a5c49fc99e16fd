import { DevDynamicsClient, NewIntegration } from "../../lib/devdynamics";
import { DevDynamicsSimulator } from "../../lib/sandbox/devdynamics";
import { startBitbucketStub } from "./bitbucket-stub";
import { ACME_KEY, FAST_RETRY, startDevDynamics } from "./fixtures";

const EMAIL = "ci@acme.example";
const TOKEN = "ATATT3xFfGF0q9Zk2LwR8vYt5nHc1Xe7Bd4Ms6Jp0Ua3Gi=4F1A9C2E";
const NARROW_TOKEN = "ATATT3xFfGF0Nw4Rr7Ty1Ui5Op8As2Df6Gh9Jk3Lz=1C3E5A7B";
const MEMBER_EMAIL = "dev@acme.example";
const MEMBER_TOKEN = "ATATT3xFfGF0Mb5Vn8Cx2Zl4Kj7Hg1Fd6Sa9Qw3Er=9E8D7C6B";
const ACCESS_TOKEN = "ATCTT3xFfGF0Wt6Yu9Io2Pa5Sd8Fg1Hj4Kl7Zx0Cv=2B4D6F8A";
const CLIENT_ID = "Qm7pX2rT9vWzK4";
const CLIENT_SECRET = "h8Jd3kL6nP9sV2xZ5bN7mQ4wE1rT0yU3";
const ALL_GRANULAR = [
  "read:user",
  "read:workspace",
  "read:project",
  "read:repository",
  "read:pullrequest",
  "read:webhook",
  "write:webhook",
  "delete:webhook",
].map((s) => `${s}:bitbucket`);
const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString("base64")}`;

describe("verify against Bitbucket", () => {
  let bitbucket: Awaited<ReturnType<typeof startBitbucketStub>>;
  let sim: DevDynamicsSimulator;
  let client: DevDynamicsClient;

  beforeAll(async () => {
    bitbucket = await startBitbucketStub(
      [
        {
          slug: "acme",
          uuid: "{6c1f0e2a-4b3d-4e5f-8a9b-0c1d2e3f4a5b}",
          owners: ["ci"],
          members: ["dev"],
          repositories: ["api", "web"],
        },
      ],
      [
        { id: "ci-token", authorization: basic(EMAIL, TOKEN), scopes: ALL_GRANULAR, user: "ci" },
        {
          id: "ci-narrow-token",
          authorization: basic(EMAIL, NARROW_TOKEN),
          scopes: ALL_GRANULAR.filter((s) => s !== "write:webhook:bitbucket"),
          user: "ci",
        },
        { id: "dev-token", authorization: basic(MEMBER_EMAIL, MEMBER_TOKEN), scopes: ALL_GRANULAR, user: "dev" },
        {
          id: "workspace-token",
          authorization: `Bearer ${ACCESS_TOKEN}`,
          scopes: ["account", "project", "pullrequest", "webhook"],
        },
        {
          id: "consumer",
          authorization: basic(CLIENT_ID, CLIENT_SECRET),
          oauth: true,
          scopes: ["account", "email", "project", "pullrequest", "webhook"],
          user: "ci",
        },
      ],
    );
  });
  afterAll(() => bitbucket.stop());

  beforeEach(async () => {
    sim = await startDevDynamics({ bitbucketApiUrl: bitbucket.url });
    client = new DevDynamicsClient({ apiUrl: sim.url, apiKey: ACME_KEY, retry: FAST_RETRY });
    bitbucket.server.log.clear();
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
      workspaceUuid: "{6c1f0e2a-4b3d-4e5f-8a9b-0c1d2e3f4a5b}",
    });
    expect(bitbucket.server.log.byRoute({ credential: "ci-token" })).toEqual({
      "GET /2.0/repositories/{workspace}": 1,
      "GET /2.0/user/workspaces/{workspace}/permission": 1,
    });
    expect(client.counter.byRoute()).toEqual(sim.server.log.byRoute());
  });

  it("reports each missing scope", async () => {
    const verified = await verify({ kind: "api_token", username: EMAIL, secret: NARROW_TOKEN });
    expect(verified.status).toBe("missing_permissions");
    expect(verified.problems).toEqual([
      { code: "missing_scope", message: expect.stringContaining("write:webhook:bitbucket") },
    ]);
  });

  it("reports refused credentials", async () => {
    const verified = await verify({ kind: "api_token", username: "someone@acme.example", secret: TOKEN });
    expect(verified.status).toBe("invalid_credentials");
    expect(verified.problems.map((p) => p.code)).toEqual(["invalid_credentials"]);
  });

  it("reports a user who is not a workspace admin", async () => {
    const verified = await verify({ kind: "api_token", username: MEMBER_EMAIL, secret: MEMBER_TOKEN });
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
      repositories: { mode: "selected", slugs: ["legacy", "web"] },
    });
    expect((await client.verifyIntegration(selected.id)).status).toBe("connected");
  });

  it("connects an OAuth consumer through the client-credentials grant, honouring classic implications", async () => {
    const verified = await verify({ kind: "oauth_client_credentials", username: CLIENT_ID, secret: CLIENT_SECRET });
    expect(verified).toMatchObject({ status: "connected", problems: [] });
  });

  it("connects a workspace access token without asking for a user's role", async () => {
    const verified = await verify({ kind: "access_token", secret: ACCESS_TOKEN });
    expect(verified).toMatchObject({ status: "connected", problems: [] });
    expect(bitbucket.server.log.byRoute()).toEqual({ "GET /2.0/repositories/{workspace}": 1 });
  });

  it("goes back to pending when the credential changes", async () => {
    const verified = await verify({ kind: "api_token", username: EMAIL, secret: TOKEN });
    const changed = await client.updateIntegration(verified.id, {
      credential: { kind: "api_token", username: EMAIL, secret: NARROW_TOKEN },
    });
    expect(changed).toMatchObject({ status: "pending", problems: [] });
  });
});
