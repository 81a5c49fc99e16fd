import axios from "axios";
import { createServer, IncomingMessage, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hubSignature } from "../../lib/sandbox/bitbucket";
import { loadSeed, Sandbox, startSandbox, DEFAULT_SEED_PATH } from "../../lib/sandbox";
import { generateLargeSeed } from "../../lib/sandbox/seed-generator";
import { rawBitbucket, seedCredential } from "../support/sandbox";

const HOOKS = "/2.0/repositories/acme/api-gateway/hooks";
const hookBody = (url: string, extra: object = {}) => ({
  url,
  description: "DevDynamics",
  events: ["repo:push"],
  ...extra,
});

describe("Bitbucket simulator", () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.stop());

  describe("authentication", () => {
    it("accepts an API token over Basic with the account email and reports its scopes and kind", async () => {
      const bb = await rawBitbucket(sandbox, "owner-api-token");
      const response = await bb.get("/2.0/user");
      expect(response.status).toBe(200);
      expect(response.data).toMatchObject({ type: "user", nickname: "sam", uuid: expect.stringMatching(/^\{.+\}$/) });
      expect(response.headers["x-credential-type"]).toBe("api_token");
      expect(response.headers["x-oauth-scopes"]).toContain("read:user:bitbucket");
      expect(response.headers["x-accepted-oauth-scopes"]).toBe("account");
    });

    it("answers a retired app password, and an API token under the Bitbucket username, with a bare 401", async () => {
      const appPassword = await (await rawBitbucket(sandbox, "retired-app-password")).get("/2.0/user");
      expect(appPassword.status).toBe(401);
      expect(appPassword.data).toBe("");
      expect(appPassword.headers["www-authenticate"]).toBe('Basic realm="Bitbucket.org HTTP"');
      const token = seedCredential(sandbox, "owner-api-token");
      const asUsername = await axios.get(`${sandbox.bitbucket.url}/2.0/user`, {
        auth: { username: "sam", password: token.kind === "api_token" ? token.token : "" },
        validateStatus: () => true,
      });
      expect(asUsername.status).toBe(401);
      expect(sandbox.bitbucket.server.log.entries({ credential: "retired-app-password" })).toHaveLength(1);
    });

    it("refuses an API token sent as Bearer with Bitbucket's message", async () => {
      const token = seedCredential(sandbox, "owner-api-token");
      const response = await axios.get(`${sandbox.bitbucket.url}/2.0/user`, {
        headers: { Authorization: `Bearer ${token.kind === "api_token" ? token.token : ""}` },
        validateStatus: () => true,
      });
      expect(response.status).toBe(401);
      expect(response.data.error.message).toBe("Token is invalid, expired, or not supported for this endpoint.");
    });

    it("answers /2.0/user with 403 for an access token, scope headers still present", async () => {
      const response = await (await rawBitbucket(sandbox, "workspace-access-token")).get("/2.0/user");
      expect(response.status).toBe(403);
      expect(response.headers["x-credential-type"]).toBe("workspace_access_token");
      expect(response.headers["x-oauth-scopes"]).toContain("webhook");
    });

    it("issues OAuth tokens by client credentials, and refuses them once expired", async () => {
      const bb = await rawBitbucket(sandbox, "oauth-consumer");
      expect((await bb.get("/2.0/user")).status).toBe(200);
      const realNow = sandbox.bitbucket.now;
      sandbox.bitbucket.now = () => realNow() + 7201_000;
      const expired = await bb.get("/2.0/user");
      expect(expired.status).toBe(401);
      expect(expired.data.error.message).toBe("Access token expired.");
    });
  });

  describe("scopes and permissions", () => {
    it("answers a missing granular scope with 403 listing granted and required scopes", async () => {
      const response = await (
        await rawBitbucket(sandbox, "api-token-missing-read-pullrequest")
      ).get("/2.0/repositories/acme/api-gateway/pullrequests");
      expect(response.status).toBe(403);
      expect(response.data.error.message).toBe("Your credentials lack one or more required privilege scopes.");
      expect(response.data.error.detail.required).toEqual(["read:pullrequest:bitbucket"]);
      expect(response.data.error.detail.granted).not.toContain("read:pullrequest:bitbucket");
    });

    it("needs read and write webhook scopes to create a hook, and delete to remove one", async () => {
      const url = "https://hooks.example/acme";
      expect(
        (await (await rawBitbucket(sandbox, "api-token-missing-write-webhook")).post(HOOKS, hookBody(url))).status,
      ).toBe(403);
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      const created = await owner.post(HOOKS, hookBody(url));
      expect(created.status).toBe(201);
      const noDelete = await rawBitbucket(sandbox, "api-token-missing-delete-webhook");
      expect((await noDelete.delete(`${HOOKS}/${encodeURIComponent(created.data.uuid)}`)).status).toBe(403);
    });

    it("lets repository admins manage repository hooks and only owners manage workspace hooks", async () => {
      const url = "https://hooks.example/acme";
      const member = await rawBitbucket(sandbox, "member-api-token");
      expect((await member.post(HOOKS, hookBody(url))).status).toBe(403);
      const admin = await rawBitbucket(sandbox, "admin-api-token");
      expect((await admin.post(HOOKS, hookBody(url))).status).toBe(201);
      const workspaceHook = await admin.post("/2.0/workspaces/acme/hooks", hookBody(url));
      expect(workspaceHook.status).toBe(403);
      expect(workspaceHook.data.error.message).toMatch(/not an owner/);
      const accessToken = await rawBitbucket(sandbox, "workspace-access-token");
      expect((await accessToken.post("/2.0/workspaces/acme/hooks", hookBody(url))).status).toBe(403);
      expect((await accessToken.post(HOOKS, hookBody(url))).status).toBe(201);
      expect(
        (await (await rawBitbucket(sandbox, "owner-api-token")).post("/2.0/workspaces/acme/hooks", hookBody(url)))
          .status,
      ).toBe(201);
    });

    it("keeps access tokens inside what they are bound to", async () => {
      const repoToken = await rawBitbucket(sandbox, "repository-access-token");
      const listing = await repoToken.get("/2.0/repositories/acme?pagelen=100");
      expect(listing.data.values.map((r: { slug: string }) => r.slug)).toEqual(["api-gateway"]);
      expect(listing.headers["x-ratelimit-limit"]).toBe("1000");
      expect((await repoToken.get("/2.0/repositories/acme/billing")).status).toBe(404);
    });
  });

  describe("hooks", () => {
    it("validates events per subject, and keeps the secret unless a PUT names it", async () => {
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      const bad = await owner.post(
        HOOKS,
        hookBody("https://hooks.example", { events: ["repo:push", "repo:created", "repo:push"] }),
      );
      expect(bad.status).toBe(400);
      expect(bad.data.error.fields.events).toBeDefined();
      const created = await owner.post(HOOKS, hookBody("https://hooks.example", { secret: "first-secret" }));
      expect(created.headers.location).toContain(encodeURIComponent(created.data.uuid));
      expect(created.data).toMatchObject({
        secret_set: true,
        subject_type: "repository",
        active: true,
        skip_cert_verification: false,
      });
      expect(created.data).not.toHaveProperty("secret");
      const bare = created.data.uuid.replace(/[{}]/g, "");
      const renamed = await owner.put(`${HOOKS}/${bare}`, { description: "renamed" });
      expect(renamed.data).toMatchObject({ description: "renamed", secret_set: true });
      const cleared = await owner.put(`${HOOKS}/${bare}`, { secret: null });
      expect(cleared.data.secret_set).toBe(false);
      expect((await owner.delete(`${HOOKS}/${bare}`)).status).toBe(204);
      expect((await owner.get(`${HOOKS}/${bare}`)).status).toBe(404);
    });

    it("serves the event catalogue without authentication", async () => {
      const repository = await axios.get(`${sandbox.bitbucket.url}/2.0/hook_events/repository?pagelen=100`);
      const events = repository.data.values.map((e: { event: string }) => e.event);
      expect(events).toContain("pullrequest:fulfilled");
      expect(events).not.toContain("repo:created");
      expect(
        (await axios.get(`${sandbox.bitbucket.url}/2.0/hook_events/team`, { validateStatus: () => true })).status,
      ).toBe(404);
    });
  });

  describe("listings", () => {
    it("pages with next links that carry the query, filters with q, trims with fields and sorts", async () => {
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      const first = await owner.get("/2.0/repositories/acme", {
        params: {
          pagelen: 3,
          q: 'project.key="PLAT" OR project.key="DATA"',
          sort: "-slug",
          fields: "next,size,values.slug",
        },
      });
      expect(first.data.size).toBe(8);
      expect(first.data.values).toEqual([{ slug: "ml-models" }, { slug: "infra-terraform" }, { slug: "etl-jobs" }]);
      const second = await owner.get(first.data.next);
      expect(second.data.values).toEqual([{ slug: "data-pipeline" }, { slug: "billing" }, { slug: "auth-service" }]);
      expect((await owner.get("/2.0/repositories/acme", { params: { q: 'name~"DASH"' } })).data.values[0].slug).toBe(
        "analytics-dashboards",
      );
    });

    it("caps pagelen at 100, and at 50 for pull requests", async () => {
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      expect((await owner.get("/2.0/repositories/acme?pagelen=100")).status).toBe(200);
      expect((await owner.get("/2.0/repositories/acme?pagelen=101")).data.error.message).toBe("Invalid pagelen");
      const pulls = await owner.get("/2.0/repositories/acme/api-gateway/pullrequests?pagelen=100");
      expect(pulls.status).toBe(400);
      expect((await owner.get("/2.0/repositories/acme/api-gateway/pullrequests?pagelen=50")).data.values).toHaveLength(
        1,
      );
    });
  });

  describe("rate limits, faults and the request log", () => {
    it("answers 429 in plain text without Retry-After once a credential spends its hourly budget", async () => {
      sandbox.bitbucket.rateLimiter.hourlyBudget = 2;
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      await owner.get("/2.0/repositories/acme");
      await owner.get("/2.0/repositories/acme");
      const limited = await owner.get("/2.0/repositories/acme");
      expect(limited.status).toBe(429);
      expect(limited.data).toBe("Rate limit for this resource has been exceeded");
      expect(limited.headers["retry-after"]).toBeUndefined();
      expect((await owner.get(HOOKS)).status).toBe(200); // webhooks are another resource group
      expect((await (await rawBitbucket(sandbox, "admin-api-token")).get("/2.0/repositories/acme")).status).toBe(200);
    });

    it("injects faults per route and counts requests by route and credential", async () => {
      sandbox.bitbucket.server.faults.add({ kind: "status", status: 502, route: "/2.0/user", times: 1 });
      sandbox.bitbucket.server.faults.add({ kind: "reset", route: "/2.0/workspaces/{workspace}", times: 1 });
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      expect((await owner.get("/2.0/user")).status).toBe(502);
      expect((await owner.get("/2.0/user")).status).toBe(200);
      await expect(owner.get("/2.0/workspaces/acme")).rejects.toThrow();
      expect(sandbox.bitbucket.server.log.byRoute()).toEqual({
        "GET /2.0/user": 2,
        "GET /2.0/workspaces/{workspace}": 1,
      });
      expect(sandbox.bitbucket.server.log.count({ credential: "owner-api-token" })).toBe(1);
    });
  });

  describe("webhook deliveries", () => {
    let receiver: Server;
    let receiverUrl: string;
    const received: { headers: IncomingMessage["headers"]; body: Buffer }[] = [];
    let failures = 0;

    beforeEach(async () => {
      received.length = 0;
      receiver = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          received.push({ headers: req.headers, body: Buffer.concat(chunks) });
          res.statusCode = failures-- > 0 ? 503 : 202;
          res.end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
      receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/ingest`;
    });
    afterEach(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

    it("signs each delivery and sends it to matching repository and workspace hooks", async () => {
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      await owner.post(HOOKS, hookBody(receiverUrl, { secret: "repo-secret" }));
      await owner.post("/2.0/workspaces/acme/hooks", hookBody(receiverUrl, { events: ["pullrequest:created"] }));
      const push = await sandbox.bitbucket.simulateEvent({
        workspace: "acme",
        repository: "api-gateway",
        event: "repo:push",
      });
      expect(push).toHaveLength(1);
      const [delivery] = received;
      expect(delivery.headers["x-hub-signature"]).toBe(hubSignature("repo-secret", delivery.body));
      expect(delivery.headers).toMatchObject({
        "x-event-key": "repo:push",
        "x-attempt-number": "1",
        "user-agent": "Bitbucket-Webhooks/2.0",
      });
      const payload = JSON.parse(delivery.body.toString());
      expect(payload.push.changes[0].new.name).toBe("main");
      expect(payload.repository.full_name).toBe("acme/api-gateway");

      const pr = await axios.post(`${sandbox.bitbucket.url}/_sandbox/events`, {
        workspace: "acme",
        repository: "billing",
        event: "pullrequest:created",
      });
      expect(pr.data.deliveries).toHaveLength(1);
      expect(received[1].headers["x-hub-signature"]).toBeUndefined();
      expect(JSON.parse(received[1].body.toString()).pullrequest.type).toBe("pullrequest");
    });

    it("retries a 5xx answer up to three attempts with the same request id", async () => {
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      await owner.post(HOOKS, hookBody(receiverUrl));
      failures = 5;
      const [delivery] = await sandbox.bitbucket.simulateEvent({
        workspace: "acme",
        repository: "api-gateway",
        event: "repo:push",
      });
      expect(delivery.attempts.map((a) => a.status)).toEqual([503, 503, 503]);
      expect(delivery.delivered).toBe(false);
      expect(new Set(received.map((r) => r.headers["x-request-uuid"])).size).toBe(1);
      expect(received.map((r) => r.headers["x-attempt-number"])).toEqual(["1", "2", "3"]);
      failures = 0;
    });

    it("delivers to DevDynamics, which accepts the signed events", async () => {
      const org = loadSeed(DEFAULT_SEED_PATH).devdynamics.organizations[0];
      const owner = seedCredential(sandbox, "owner-api-token");
      const dd = axios.create({
        baseURL: sandbox.devdynamics.url,
        headers: { Authorization: `Bearer ${org.apiKeys[0]}` },
      });
      const integration = await dd.post("/v1/integrations/bitbucket", {
        workspace: "acme",
        credential: {
          kind: "api_token",
          username: "sam.rivera@acme.example",
          secret: owner.kind === "api_token" ? owner.token : "",
        },
        repositories: { mode: "all" },
      });
      const verified = await dd.post(`/v1/integrations/bitbucket/${integration.data.id}/verify`);
      expect(verified.data.status).toBe("connected");
      const bb = await rawBitbucket(sandbox, "owner-api-token");
      await bb.post(
        "/2.0/workspaces/acme/hooks",
        hookBody(integration.data.webhook.url, { secret: integration.data.webhook.secret }),
      );
      const [delivery] = await sandbox.bitbucket.simulateEvent({
        workspace: "acme",
        repository: "web-app",
        event: "repo:push",
      });
      expect(delivery.attempts).toEqual([{ attempt: 1, status: 202 }]);
      expect(sandbox.devdynamics.acceptedEvents(integration.data.id)).toEqual([
        expect.objectContaining({ eventKey: "repo:push", integrationId: integration.data.id }),
      ]);
    });
  });
});

describe("large seeds", () => {
  it("generates a workspace with 10,000 repositories that the simulator pages through", async () => {
    const seed = generateLargeSeed(loadSeed(DEFAULT_SEED_PATH), { repositories: 10_000 });
    expect(seed.bitbucket.workspaces[0].repositories).toHaveLength(10_000);
    const sandbox = await startSandbox({ seed });
    try {
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      const last = await owner.get("/2.0/repositories/acme", {
        params: { pagelen: 100, page: 100, fields: "values.slug,next" },
      });
      expect(last.data.values).toHaveLength(100);
      expect(last.data.values[99].slug).toBe("repo-10000");
      expect(last.data.next).toBeUndefined();
    } finally {
      await sandbox.stop();
    }
  });
});
