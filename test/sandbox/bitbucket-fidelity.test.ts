import axios from "axios";
import { DEFAULT_SEED_PATH, loadSeed, Sandbox, SandboxSeed, startSandbox } from "../../lib/sandbox";
import { rawBitbucket } from "../support/sandbox";

/**
 * Where the simulator once differed from Bitbucket Cloud in ways a client bug could hide behind (issue 12 item 8;
 * bitbucket-cloud.md, "Updates found 2026-12-02"). Each case asserts Bitbucket's behaviour over HTTP.
 */
const HOOKS = "/2.0/repositories/acme/api-gateway/hooks";
const hookBody = (extra: object = {}) => ({
  url: "https://hooks.example.com/dd",
  description: "DevDynamics",
  events: ["repo:push"],
  ...extra,
});
const slugs = (data: { values: { slug: string }[] }) => data.values.map((r) => r.slug).sort();

describe("Bitbucket simulator fidelity", () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.stop());

  describe("rate limits", () => {
    it("counts API tokens per user, access tokens per token and OAuth consumers per consumer", async () => {
      sandbox.bitbucket.setHourlyBudget(2);
      const get = async (credential: string) =>
        (await (await rawBitbucket(sandbox, credential)).get("/2.0/repositories/acme")).status;
      // Two of sam's API tokens share sam's budget; alex has his own.
      expect(await get("owner-api-token")).toBe(200);
      expect(await get("api-token-missing-read-pullrequest")).toBe(200);
      expect(await get("owner-api-token")).toBe(429);
      expect(await get("api-token-missing-delete-webhook")).toBe(429);
      expect(await get("admin-api-token")).toBe(200);
      // sam's OAuth consumer is counted as the consumer, not as sam.
      expect(await get("oauth-consumer")).toBe(200);
      // Each access token has its own budget.
      expect(await get("workspace-access-token")).toBe(200);
      expect(await get("workspace-access-token")).toBe(200);
      expect(await get("workspace-access-token")).toBe(429);
      expect(await get("repository-access-token")).toBe(200);
      expect(sandbox.bitbucket.rateLimitUsage()).toEqual(
        expect.arrayContaining([
          { subject: "user:sam", group: "repository", used: 2, remaining: 0, limit: 2 },
          { subject: "user:alex", group: "repository", used: 1, remaining: 1, limit: 2 },
          { subject: "consumer:oauth-consumer", group: "repository", used: 1, remaining: 1, limit: 2 },
          { subject: "token:workspace-access-token", group: "repository", used: 2, remaining: 0, limit: 2 },
        ]),
      );
    });

    it("answers 429 in plain text without Retry-After, and sends X-RateLimit-* only to access tokens on repository data", async () => {
      const accessToken = await rawBitbucket(sandbox, "workspace-access-token");
      const repositories = await accessToken.get("/2.0/repositories/acme");
      expect(repositories.headers).toMatchObject({ "x-ratelimit-limit": "1000", "x-ratelimit-nearlimit": "false" });
      for (const path of ["/2.0/workspaces/acme/projects", HOOKS]) {
        expect((await accessToken.get(path)).headers["x-ratelimit-limit"]).toBeUndefined();
      }
      for (const credential of ["owner-api-token", "oauth-consumer"]) {
        const response = await (await rawBitbucket(sandbox, credential)).get("/2.0/repositories/acme");
        expect(response.status).toBe(200);
        expect(response.headers["x-ratelimit-limit"]).toBeUndefined();
        expect(response.headers["x-ratelimit-nearlimit"]).toBeUndefined();
      }
      sandbox.bitbucket.setHourlyBudget(1, "webhooks");
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      expect((await owner.get(HOOKS)).status).toBe(200);
      const limited = await owner.get(HOOKS);
      expect(limited.status).toBe(429);
      expect(limited.headers["content-type"]).toMatch(/^text\/plain/);
      expect(limited.data).toBe("Rate limit for this resource has been exceeded");
      expect(limited.headers["retry-after"]).toBeUndefined();
      expect((await owner.get("/2.0/repositories/acme")).status).toBe(200); // another resource group
    });
  });

  describe("webhook input", () => {
    it.each([
      ["http://10.0.0.5/hook", "private (10.0.0.0/8)"],
      ["https://172.16.1.1/hook", "private (172.16.0.0/12)"],
      ["https://172.31.255.254/hook", "private (172.16.0.0/12)"],
      ["https://192.168.1.10/hook", "private (192.168.0.0/16)"],
      ["http://169.254.169.254/latest/meta-data", "link-local"],
      ["https://100.64.0.1/hook", "carrier-grade NAT"],
      ["https://100.127.255.254/hook", "carrier-grade NAT"],
      ["https://[fd00::1]/hook", "unique local"],
      ["https://[fe80::1]/hook", "link-local (fe80::/10)"],
      ["http://0.0.0.0/hook", "'this network'"],
      ["http://0/hook", "'this network'"],
      ["http://[::]/hook", "unspecified"],
      ["https://[::ffff:10.0.0.5]/hook", "private (10.0.0.0/8)"],
      ["https://224.0.0.1/hook", "multicast"],
      ["https://198.18.0.1/hook", "benchmarking"],
      ["https://metadata.google.internal/hook", "not a public host name"],
      ["https://intranet/hook", "not a public host name"],
      ["https://printer.local/hook", "not a public host name"],
    ])("refuses a hook on %s (%s)", async (url, why) => {
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      const created = await owner.post(HOOKS, hookBody({ url }));
      expect(created.status).toBe(400);
      expect(created.data.error.fields.url).toEqual([expect.stringContaining(why)]);
      expect(created.data.error.message).toMatch(
        /^Bad request: url: The URL cannot be an internal, non-routed address/,
      );
      expect(sandbox.bitbucket.state.workspace("acme")!.hooks).toEqual([]);
    });

    it("accepts public and loopback receivers, the loopback ones on purpose", async () => {
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      for (const url of [
        "https://8.8.8.8/hook",
        "https://172.32.0.1/hook",
        "https://100.128.0.1/hook",
        "https://hooks.example.com/hook",
        "http://127.0.0.1:9/hook",
        "http://[::1]:9/hook",
        "http://localhost:9/hook",
      ]) {
        expect([url, (await owner.post(HOOKS, hookBody({ url }))).status]).toEqual([url, 201]);
      }
    });

    it("refuses an internal address on update too", async () => {
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      const created = await owner.post(HOOKS, hookBody());
      const updated = await owner.put(`${HOOKS}/${encodeURIComponent(created.data.uuid)}`, {
        url: "https://10.1.2.3/hook",
      });
      expect(updated.status).toBe(400);
      expect(Object.keys(updated.data.error.fields)).toEqual(["url"]);
    });

    it("refuses a secret longer than 128 characters, naming the field", async () => {
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      const tooLong = await owner.post(HOOKS, hookBody({ secret: "s".repeat(129) }));
      expect(tooLong.status).toBe(400);
      expect(tooLong.data.error.message).toBe("Bad request: secret: Must be a string of at most 128 characters.");
      expect(tooLong.data.error.fields).toEqual({ secret: ["Must be a string of at most 128 characters."] });
      const created = await owner.post(HOOKS, hookBody({ secret: "s".repeat(128) }));
      expect(created.status).toBe(201);
      expect(created.data.secret_set).toBe(true);
      const uid = encodeURIComponent(created.data.uuid);
      expect((await owner.put(`${HOOKS}/${uid}`, { secret: "x".repeat(200) })).data.error.fields).toHaveProperty(
        "secret",
      );
    });

    it("needs the read scope of each subscribed event's resource, granular scopes too", async () => {
      const noPullRequests = await rawBitbucket(sandbox, "api-token-missing-read-pullrequest");
      const refused = await noPullRequests.post(HOOKS, hookBody({ events: ["repo:push", "pullrequest:created"] }));
      expect(refused.status).toBe(403);
      expect(refused.data.error.detail.required).toEqual([
        "read:webhook:bitbucket",
        "write:webhook:bitbucket",
        "read:repository:bitbucket",
        "read:pullrequest:bitbucket",
      ]);
      expect((await noPullRequests.post(HOOKS, hookBody({ events: ["repo:push"] }))).status).toBe(201);
    });

    it("no longer offers issue events, sunset on 2026-08-20, and refuses subscriptions to them", async () => {
      for (const subject of ["repository", "workspace"]) {
        const catalogue = await axios.get(`${sandbox.bitbucket.url}/2.0/hook_events/${subject}?pagelen=100`);
        const events: string[] = catalogue.data.values.map((e: { event: string }) => e.event);
        expect(events).toContain("repo:push");
        expect(events.filter((e) => e.startsWith("issue:"))).toEqual([]);
      }
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      const refused = await owner.post(HOOKS, hookBody({ events: ["repo:push", "issue:created"] }));
      expect(refused.status).toBe(400);
      expect(refused.data.error.fields.events).toEqual([expect.stringMatching(/issue:created .*2026-08-20/)]);
    });
  });

  describe("listings", () => {
    it("filters with IN and NOT IN, compares datetimes as instants", async () => {
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      const list = async (q: string) =>
        (await owner.get("/2.0/repositories/acme", { params: { q, pagelen: 100 } })).data;
      expect(slugs(await list('slug IN ("billing", "docs")'))).toEqual(["billing", "docs"]);
      expect((await list('project.key IN ("PLAT","WEB")')).size).toBe(8);
      expect(slugs(await list('project.key NOT IN ("PLAT","WEB") AND slug !~ "ml"'))).toEqual([
        "analytics-dashboards",
        "data-pipeline",
        "etl-jobs",
      ]);
      expect((await list('project.key not in ("DATA") and name ~ "web"')).values[0].slug).toBe("web-app");
      // Seeded repositories were created at 2024-01-15T09:30Z: 10:00+02:00 is earlier, 09:00 (UTC) too.
      expect((await list("created_on > 2024-01-15T10:00:00+02:00")).size).toBe(12);
      expect((await list("created_on < 2024-01-15T09:00")).size).toBe(0);
      expect((await list("created_on >= 2024-01-15")).size).toBe(12);
      const malformed = await owner.get("/2.0/repositories/acme", { params: { q: 'slug IN "billing"' } });
      expect(malformed.status).toBe(400);
      expect(malformed.data.error.message).toMatch(/^Invalid query/);
    });

    it("filters pull requests by state, open ones by default", async () => {
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      const states = async (query: string) =>
        (await owner.get(`/2.0/repositories/acme/api-gateway/pullrequests${query}`)).data.values.map(
          (pr: { state: string }) => pr.state,
        );
      expect(await states("")).toEqual(["OPEN"]);
      expect(await states("?state=MERGED")).toEqual(["MERGED", "MERGED"]);
      expect(await states("?state=MERGED&state=DECLINED")).toEqual(["MERGED", "MERGED", "DECLINED"]);
      expect(await states(`?state=MERGED&state=OPEN&q=${encodeURIComponent('state IN ("OPEN")')}`)).toEqual(["OPEN"]);
      const invalid = await owner.get("/2.0/repositories/acme/api-gateway/pullrequests?state=CLOSED");
      expect(invalid.status).toBe(400);
    });

    it("filters repositories by the caller's role", async () => {
      const list = async (credential: string, role: string) => {
        const bb = await rawBitbucket(sandbox, credential);
        const response = await bb.get("/2.0/repositories/acme", { params: { role, pagelen: 100 } });
        return response.status === 200 ? response.data.size : response.status;
      };
      // alex: admin of PLAT and DATA (8), write on WEB (4).
      expect(await list("admin-api-token", "admin")).toBe(8);
      expect(await list("admin-api-token", "contributor")).toBe(12);
      expect(await list("admin-api-token", "member")).toBe(12);
      expect(await list("admin-api-token", "owner")).toBe(0);
      // morgan: read on PLAT (4), write on WEB (4), nothing explicit on DATA.
      expect(await list("member-api-token", "member")).toBe(8);
      expect(await list("member-api-token", "contributor")).toBe(4);
      expect(await list("member-api-token", "admin")).toBe(0);
      expect(await list("owner-api-token", "owner")).toBe(12);
      expect(await list("repository-access-token", "admin")).toBe(1);
      expect(await list("repository-access-token", "owner")).toBe(0);
      expect(await list("owner-api-token", "guest")).toBe(400);
    });

    it("trims and extends responses with fields=, pull requests hiding reviewers unless asked", async () => {
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      const pulls = async (fields?: string) =>
        (await owner.get("/2.0/repositories/acme/billing/pullrequests", { params: { fields } })).data;
      const plain = await pulls();
      expect(plain.values[0]).toHaveProperty("title");
      expect(plain.values[0]).not.toHaveProperty("reviewers");
      expect(plain.values[0]).not.toHaveProperty("participants");
      const withReviewers = await pulls("+values.reviewers,-values.links");
      expect(withReviewers.size).toBe(3);
      expect(withReviewers.values[0]).toHaveProperty("title");
      expect(withReviewers.values[0]).not.toHaveProperty("links");
      expect(withReviewers.values[0].reviewers).toEqual([expect.objectContaining({ type: "user" })]);
      expect(withReviewers.values[0]).not.toHaveProperty("participants");
      const picked = await pulls("values.id,values.reviewers.nickname");
      expect(picked).toEqual({
        values: [1, 2, 3].map((id) => ({ id, reviewers: [{ nickname: expect.any(String) }] })),
      });
      expect(await pulls("-*,+size,+pagelen")).toEqual({ size: 3, pagelen: 10 });
      expect((await pulls("*")).values[0]).toHaveProperty("participants");
      // An unencoded "+" arrives as a space and matches no field, as on Bitbucket.
      const unencoded = await owner.get("/2.0/repositories/acme/billing/pullrequests?fields=+values.reviewers");
      expect(unencoded.data).toEqual({});
    });

    it("answers the removed cross-workspace endpoints with 404 or 410 as production did, both CHANGE-2770", async () => {
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      for (const [path, status] of [
        ["/2.0/workspaces", 410],
        ["/2.0/user/permissions/workspaces", 410],
        ["/2.0/repositories", 410],
        ["/2.0/user/permissions/repositories", 404],
      ] as const) {
        const response = await owner.get(path);
        expect([path, response.status]).toEqual([path, status]);
        expect(response.data.error.message).toContain("CHANGE-2770 - Functionality has been deprecated");
      }
    });
  });
});

describe("Bitbucket simulator sorting", () => {
  it("sorts numbers as numbers and compares them numerically in q=", async () => {
    const base = loadSeed(DEFAULT_SEED_PATH);
    const [workspace] = base.bitbucket.workspaces;
    const seed: SandboxSeed = {
      ...base,
      bitbucket: {
        ...base.bitbucket,
        workspaces: [
          {
            ...workspace,
            repositories: workspace.repositories.map((r) =>
              r.slug === "docs" ? { ...r, pullRequests: { open: 12, merged: 1 } } : r,
            ),
          },
        ],
      },
    };
    const sandbox = await startSandbox({ seed });
    try {
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      const ids = async (params: object) =>
        (
          await owner.get("/2.0/repositories/acme/docs/pullrequests", { params: { pagelen: 50, ...params } })
        ).data.values.map((pr: { id: number }) => pr.id);
      expect(await ids({ sort: "-id" })).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
      expect(await ids({ sort: "id", q: "id > 9" })).toEqual([10, 11, 12]);
      expect(await ids({ sort: "-id", state: "MERGED", q: "id >= 12" })).toEqual([13]);
    } finally {
      await sandbox.stop();
    }
  });
});
