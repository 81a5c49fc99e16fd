import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  AuthenticationError,
  BitbucketClient,
  BitbucketCredential,
  checkCredential,
  CredentialError,
  DEVDYNAMICS_GRANULAR_SCOPES,
  GoneError,
  MissingScopesError,
  NotFoundError,
  PermissionError,
  verifyWebhookSignature,
} from "../../lib/bitbucket";
import { RequestBudget, RequestBudgetExceededError } from "../../lib/http";
import { DEFAULT_SEED_PATH, loadSeed, Sandbox, startSandbox } from "../../lib/sandbox";
import { generateLargeSeed } from "../../lib/sandbox/seed-generator";
import { seedCredential } from "../support/sandbox";
import { clientFor, secretsOf } from "./support";

describe("BitbucketClient against the sandbox", () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.stop());

  it("authenticates every credential kind with the right header", async () => {
    for (const id of ["owner-api-token", "oauth-consumer"])
      expect((await clientFor(sandbox, id).getWorkspacePermission("acme")).user.nickname).toBe("sam");
    expect((await clientFor(sandbox, "workspace-access-token").getWorkspace("acme")).slug).toBe("acme");
  });

  it("refuses a retired app password before sending anything", async () => {
    expect(() => clientFor(sandbox, "retired-app-password")).toThrow(CredentialError);
    expect(sandbox.bitbucket.server.log.count()).toBe(0);
  });

  it("explains an access token used where only users are allowed", async () => {
    const error = await clientFor(sandbox, "workspace-access-token")
      .getWorkspacePermission("acme")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as Error).message).toMatch(/Access tokens act as no user/);
  });

  it("explains a refused API token", async () => {
    const c = seedCredential(sandbox, "owner-api-token");
    const client = new BitbucketClient({
      credential: BitbucketCredential.apiToken("someone.else@acme.example", c.kind === "api_token" ? c.token : ""),
      apiUrl: sandbox.bitbucket.url,
    });
    const error = await client.getWorkspacePermission("acme").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/Atlassian account email/);
  });

  it.each(DEVDYNAMICS_GRANULAR_SCOPES.map((s) => [s]))(
    "reports a token lacking %s, with where to add it",
    async (scope) => {
      const id = `api-token-missing-${scope.replace(":bitbucket", "").replace(":", "-")}`;
      const report = await checkCredential(clientFor(sandbox, id), { workspace: "acme", webhookSubject: "workspace" });
      expect(report.problems.map((p) => p.code)).toEqual(["missing_scope"]);
      expect(report.problems[0].message).toContain(scope);
      expect(report.problems[0].fix).toMatch(/id\.atlassian\.com/);
    },
  );

  it("checks a fit credential in one request and reports who it is", async () => {
    const client = clientFor(sandbox, "owner-api-token");
    const report = await checkCredential(client, { workspace: "acme", webhookSubject: "workspace" });
    expect(report).toMatchObject({
      credentialKind: "api_token",
      account: "Sam Rivera",
      permission: "owner",
      problems: [],
      workspaceUuid: sandbox.bitbucket.state.workspace("acme")!.uuid,
    });
    expect(client.counter.total()).toBe(1);
  });

  it("lists every problem at once: a member lacking scopes for workspace webhooks", async () => {
    const narrow = seedCredential(sandbox, "member-api-token");
    // The member's token, but asked for more than it holds.
    const client = clientFor(sandbox, narrow.id);
    const report = await checkCredential(client, {
      workspace: "acme",
      webhookSubject: "workspace",
      requiredScopes: [...DEVDYNAMICS_GRANULAR_SCOPES, "admin:repository:bitbucket"],
    });
    expect(report.problems.map((p) => p.code).sort()).toEqual(["missing_scope", "not_workspace_owner"]);
  });

  it("reports required scopes the credential cannot hold instead of a fix that names them", async () => {
    const report = await checkCredential(clientFor(sandbox, "owner-api-token"), {
      workspace: "acme",
      webhookSubject: "workspace",
      requiredScopes: [...DEVDYNAMICS_GRANULAR_SCOPES, "read:repo:bitbucket", "webhook"],
    });
    expect(report.problems).toEqual([
      { code: "unknown_scope", message: "read:repo:bitbucket is not a Bitbucket scope.", fix: expect.any(String) },
      {
        code: "unknown_scope",
        message: "webhook is a classic scope, which an API token cannot hold: API tokens use granular scopes.",
        fix: expect.stringMatching(/^Require granular scopes for an API token, such as read:user:bitbucket/),
      },
    ]);
  });

  it("tells access tokens they cannot own workspace webhooks, and an OAuth consumer which scope it lacks", async () => {
    const token = await checkCredential(clientFor(sandbox, "workspace-access-token"), {
      workspace: "acme",
      webhookSubject: "workspace",
    });
    expect(token.problems.map((p) => p.code)).toEqual(["no_user_identity"]);
    const perRepository = await checkCredential(clientFor(sandbox, "workspace-access-token"), {
      workspace: "acme",
      webhookSubject: "repository",
    });
    expect(perRepository.problems).toEqual([]);
    const oauth = await checkCredential(clientFor(sandbox, "oauth-consumer-missing-webhook"), {
      workspace: "acme",
      webhookSubject: "workspace",
    });
    expect(oauth.problems).toEqual([
      expect.objectContaining({ code: "missing_scope", fix: expect.stringMatching(/OAuth consumers/) }),
    ]);
  });

  it("filters repositories by project and sorts them by slug", async () => {
    const repos = await clientFor(sandbox, "owner-api-token").listRepositories("acme", { projectKeys: ["WEB"] });
    expect(repos.map((r) => r.slug)).toEqual(["design-system", "docs", "marketing-site", "web-app"]);
    expect(repos[0]).toEqual({
      slug: "design-system",
      name: "Design System",
      uuid: expect.any(String),
      fullName: "acme/design-system",
      projectKey: "WEB",
    });
  });

  it("finds which of some repositories and projects exist, asking only for slugs and keys", async () => {
    const client = clientFor(sandbox, "owner-api-token");
    expect(await client.existingRepositories("acme", ["billing", "docs", "no-such-repo", "billing"])).toEqual(
      new Set(["billing", "docs"]),
    );
    expect(await client.existingProjects("acme", ["PLAT", "NOPE", "plat"])).toEqual(new Set(["PLAT"]));
    expect(await client.existingProjects("acme", [])).toEqual(new Set());
    expect(client.counter.byRoute()).toEqual({
      "GET /2.0/repositories/{workspace}": 1,
      "GET /2.0/workspaces/{workspace}/projects": 1,
    });
  });

  it("creates, lists, updates without wiping the secret, and deletes hooks on both subjects", async () => {
    const client = clientFor(sandbox, "owner-api-token");
    for (const subject of [{ workspace: "acme", repository: "web-app" }, { workspace: "acme" }]) {
      const input = {
        url: "https://hooks.example/dd",
        description: "DevDynamics",
        events: ["repo:push"],
        active: true,
        skipCertVerification: false,
      };
      const created = await client.createHook(subject, { ...input, secret: "signing-secret" });
      expect(created.secretSet).toBe(true);
      const updated = await client.updateHook(subject, created.uuid, { ...input, description: "renamed" });
      expect(updated).toMatchObject({ description: "renamed", secretSet: true });
      expect(await client.listHooks(subject)).toEqual([updated]);
      expect(await client.deleteHook(subject, created.uuid)).toBe(true);
      expect(await client.deleteHook(subject, created.uuid)).toBe(false);
      expect(await client.listHooks(subject)).toEqual([]);
    }
  });

  it("retries 429 (no Retry-After), 5xx and resets, and counts exactly what the sandbox received", async () => {
    const client = clientFor(sandbox, "owner-api-token");
    sandbox.bitbucket.setHourlyBudget(1, "repository");
    await client.listRepositories("acme");
    const pending = client.listRepositories("acme");
    setTimeout(() => sandbox.bitbucket.advanceClock(3_600_001), 30); // the hour rolls over while the client backs off
    await pending;
    sandbox.bitbucket.server.faults.add({
      kind: "status",
      status: 503,
      route: "/2.0/workspaces/{workspace}/projects",
      times: 2,
    });
    sandbox.bitbucket.server.faults.add({ kind: "reset", route: "/2.0/workspaces/{workspace}/projects", times: 1 });
    expect(await client.existingProjects("acme", ["PLAT", "WEB", "DATA"])).toEqual(new Set(["PLAT", "WEB", "DATA"]));
    expect(sandbox.bitbucket.server.log.entries().some((e) => e.status === 429)).toBe(true);
    expect(client.counter.byRoute()).toEqual(sandbox.bitbucket.server.log.byRoute());
  });

  it("stops at its request budget", async () => {
    const budget = new RequestBudget(2);
    const client = clientFor(sandbox, "owner-api-token", { budget });
    sandbox.bitbucket.server.faults.add({ kind: "status", status: 503 });
    await expect(client.existingProjects("acme", ["PLAT"])).rejects.toBeInstanceOf(RequestBudgetExceededError);
    expect(sandbox.bitbucket.server.log.count()).toBe(2);
  });

  it("never calls a removed endpoint, and maps 410 for whoever does", async () => {
    const client = clientFor(sandbox, "owner-api-token");
    await checkCredential(client, { workspace: "acme", webhookSubject: "workspace" });
    await client.listRepositories("acme");
    await client.listHooks({ workspace: "acme" });
    const removed = [
      "/2.0/workspaces",
      "/2.0/user/permissions/workspaces",
      "/2.0/user/permissions/repositories",
      "/2.0/repositories",
    ];
    expect(sandbox.bitbucket.server.log.entries().filter((e) => removed.includes(e.route))).toEqual([]);
    const error = await client.http.request({ method: "GET", route: "/2.0/workspaces" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoneError);
  });

  it("tells a wrong API URL from a missing workspace, repository or hook", async () => {
    const wrongPath = clientFor(sandbox, "owner-api-token", { apiUrl: `${sandbox.bitbucket.url}/bitbucket` });
    const error = await wrongPath.getWorkspacePermission("acme").catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe(
      `Cannot use bitbucket_api_url (BITBUCKET_API_URL) = "${sandbox.bitbucket.url}/bitbucket": the server has no such endpoint (404). Correct bitbucket_api_url (BITBUCKET_API_URL): use one such as https://api.bitbucket.org.`,
    );
    // Genuine lookup misses stay NotFoundError, which callers take for "gone".
    const client = clientFor(sandbox, "owner-api-token");
    await expect(client.getWorkspace("nope")).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.existingRepositories("acme", ["nope"])).resolves.toEqual(new Set());
    await expect(
      client.deleteHook({ workspace: "acme", repository: "api" }, "{00000000-0000-4000-8000-000000000000}"),
    ).resolves.toBe(false);
  });

  it("takes a 404 page that is not Bitbucket's JSON for a wrong API URL, and an empty 404 for a lookup miss", async () => {
    const server = createServer((req, res) => {
      if (req.url!.endsWith("/workspaces/page"))
        res.writeHead(404, { "content-type": "text/html" }).end("<h1>Not Found</h1>");
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const client = clientFor(sandbox, "owner-api-token", {
        apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      });
      const page = await client.getWorkspace("page").catch((e: unknown) => e);
      expect(page).not.toBeInstanceOf(NotFoundError);
      expect((page as Error).message).toMatch(
        /^Cannot use bitbucket_api_url .*: the server has no such endpoint \(404\)/,
      );
      await expect(client.getWorkspace("empty")).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      server.close();
    }
  });

  it("keeps every secret out of errors and logs", async () => {
    const lines: string[] = [];
    const messages: string[] = [];
    for (const id of ["api-token-missing-read-workspace", "workspace-access-token", "oauth-consumer"]) {
      const client = clientFor(sandbox, id, { lines });
      await client.getWorkspacePermission("acme").catch((e: Error) => messages.push(e.message));
      await client.getWorkspacePermission("nope").catch((e: Error) => messages.push(e.message));
    }
    const text = [...lines, ...messages].join("\n");
    expect(messages.length).toBeGreaterThan(2);
    for (const secret of secretsOf(sandbox)) expect(text).not.toContain(secret);
  });

  it("sees signed deliveries to hooks it created", async () => {
    const client = clientFor(sandbox, "owner-api-token");
    const { createServer } = await import("node:http");
    const bodies: { body: Buffer; signature?: string }[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req
        .on("data", (c: Buffer) => chunks.push(c))
        .on("end", () => {
          bodies.push({ body: Buffer.concat(chunks), signature: req.headers["x-hub-signature"] as string });
          res.end();
        });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const port = (receiver.address() as { port: number }).port;
    await client.createHook(
      { workspace: "acme", repository: "docs" },
      {
        url: `http://127.0.0.1:${port}/`,
        description: "dd",
        events: ["repo:push"],
        active: true,
        skipCertVerification: false,
        secret: "k",
      },
    );
    await sandbox.bitbucket.simulateEvent({ workspace: "acme", repository: "docs", event: "repo:push" });
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    expect(verifyWebhookSignature("k", bodies[0].body, bodies[0].signature)).toBe(true);
    expect(verifyWebhookSignature("not-k", bodies[0].body, bodies[0].signature)).toBe(false);
  });
});

describe("pagination", () => {
  it("follows next links over 250 repositories in 3 requests", async () => {
    const sandbox = await startSandbox({ seed: generateLargeSeed(loadSeed(DEFAULT_SEED_PATH), { repositories: 250 }) });
    try {
      const client = clientFor(sandbox, "owner-api-token");
      const repos = await client.listRepositories("acme");
      expect(repos).toHaveLength(250);
      expect(new Set(repos.map((r) => r.slug)).size).toBe(250);
      expect(client.counter.byRoute()).toEqual({ "GET /2.0/repositories/{workspace}": 3 });
    } finally {
      await sandbox.stop();
    }
  });
});

describe("missing scopes surface as typed errors", () => {
  it("carries granted, required and missing scopes", async () => {
    const sandbox = await startSandbox();
    try {
      const error = await clientFor(sandbox, "api-token-missing-read-repository")
        .listRepositories("acme")
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MissingScopesError);
      expect((error as MissingScopesError).missing).toEqual(["read:repository:bitbucket"]);
      expect((error as Error).message).toMatch(/create a new one at id\.atlassian\.com/);
    } finally {
      await sandbox.stop();
    }
  });
});

describe("OAuth tokens", () => {
  it("are reused while fresh and renewed before they expire", async () => {
    const base = loadSeed(DEFAULT_SEED_PATH);
    const seed = {
      ...base,
      bitbucket: {
        ...base.bitbucket,
        credentials: base.bitbucket.credentials.map((c) =>
          c.id === "oauth-consumer" ? { ...c, tokenTtlSeconds: 61 } : c,
        ),
      },
    };
    const sandbox = await startSandbox({ seed });
    try {
      const client = clientFor(sandbox, "oauth-consumer");
      await Promise.all([client.getWorkspacePermission("acme"), client.listRepositories("acme")]);
      expect(client.counter.total("POST /site/oauth2/access_token")).toBe(1);
      // 61 s tokens are renewed once within the last 60 s of their life, i.e. after 1 s.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await client.getWorkspacePermission("acme");
      expect(client.counter.total("POST /site/oauth2/access_token")).toBe(2);
      expect(sandbox.bitbucket.server.log.entries().filter((e) => e.status === 401)).toEqual([]);
    } finally {
      await sandbox.stop();
    }
  });
});
