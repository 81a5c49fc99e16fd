import axios from "axios";
import { Sandbox, startSandbox } from "../../lib/sandbox";
import { rawBitbucket } from "../support/sandbox";

/** What tests and benchmarks steer the sandbox with: in process, and over HTTP from another process. */
const HOOKS = "/2.0/repositories/acme/api-gateway/hooks";

describe("sandbox controls", () => {
  let sandbox: Sandbox;
  /** The Bitbucket simulator's admin routes, as another process reaches them. */
  const admin = () => axios.create({ baseURL: `${sandbox.bitbucket.url}/_sandbox`, validateStatus: () => true });
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.stop());

  describe("rate limits and the clock", () => {
    it("sets the budget, lets an hour pass and resets, in process", async () => {
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      sandbox.bitbucket.setHourlyBudget(1, "webhooks");
      expect(sandbox.bitbucket.rateLimiter.budget("repository")).toBe(1000);
      expect((await owner.get(HOOKS)).status).toBe(200);
      expect((await owner.get(HOOKS)).status).toBe(429);
      sandbox.bitbucket.advanceClock(3_600_000);
      expect((await owner.get(HOOKS)).status).toBe(200);
      expect((await owner.get(HOOKS)).status).toBe(429);
      sandbox.bitbucket.resetRateLimits();
      expect((await owner.get(HOOKS)).status).toBe(200);
      expect(sandbox.bitbucket.rateLimitUsage()).toEqual([
        { subject: "user:sam", group: "webhooks", used: 1, remaining: 0, limit: 1 },
      ]);
    });

    it("takes the same controls over HTTP", async () => {
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      expect((await admin().put("/rate-limit", { hourlyBudget: 1, group: "webhooks" })).status).toBe(204);
      expect((await owner.get(HOOKS)).status).toBe(200);
      expect((await owner.get(HOOKS)).status).toBe(429);
      expect((await admin().get("/rate-limit")).data).toEqual({
        hourly_budget: { repository: 1000, webhooks: 1 },
        usage: [{ subject: "user:sam", group: "webhooks", used: 1, remaining: 0, limit: 1 }],
      });
      const clock = await admin().post("/clock", { advanceSeconds: 3600 });
      expect(Date.parse(clock.data.now)).toBeGreaterThan(Date.now() + 3_500_000);
      expect((await owner.get(HOOKS)).status).toBe(200);
      expect((await admin().delete("/rate-limit")).status).toBe(204);
      expect((await admin().get("/rate-limit")).data.usage).toEqual([]);
      expect((await admin().put("/rate-limit", { hourlyBudget: 5 })).status).toBe(204);
      expect((await admin().get("/rate-limit")).data.hourly_budget).toEqual({ repository: 5, webhooks: 5 });
      expect((await admin().put("/rate-limit", { hourlyBudget: -1 })).status).toBe(400);
      expect((await admin().put("/rate-limit", { hourlyBudget: 5, group: "git" })).status).toBe(400);
      expect((await admin().post("/clock", { advanceSeconds: "soon" })).status).toBe(400);
    });

    it("expires OAuth tokens as the clock moves", async () => {
      const consumer = await rawBitbucket(sandbox, "oauth-consumer");
      expect((await consumer.get("/2.0/user")).status).toBe(200);
      sandbox.bitbucket.advanceClock(7_200_000);
      expect((await consumer.get("/2.0/user")).status).toBe(401);
    });
  });

  describe("faults and counts", () => {
    it("applies faults to the routes a pattern matches, listed and removed over HTTP", async () => {
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      const hooksDown = (await admin().post("/faults", { kind: "status", status: 503, route: "*/hooks*" })).data.id;
      const slow = await admin().post("/faults", { kind: "latency", ms: 1, route: "/2.0/repositories/*", times: 5 });
      expect((await owner.get(HOOKS)).status).toBe(503);
      expect((await owner.get("/2.0/workspaces/acme/hooks")).status).toBe(503);
      expect((await owner.get("/2.0/repositories/acme")).status).toBe(200);
      expect((await owner.get("/2.0/user")).status).toBe(200);
      // The latency rule matched the two /2.0/repositories/* requests and nothing else.
      const listed = (await admin().get("/faults")).data.faults;
      expect(listed).toEqual([
        expect.objectContaining({ id: hooksDown, kind: "status", route: "*/hooks*" }),
        expect.objectContaining({ id: slow.data.id, kind: "latency", remaining: 3 }),
      ]);
      expect((await admin().delete(`/faults/${hooksDown}`)).status).toBe(204);
      expect((await owner.get(HOOKS)).status).toBe(200);
      expect(sandbox.bitbucket.server.faults.list()).toEqual([expect.objectContaining({ id: slow.data.id })]);
    });

    it("counts requests by credential and resource group", async () => {
      const owner = await rawBitbucket(sandbox, "owner-api-token");
      const token = await rawBitbucket(sandbox, "repository-access-token");
      await owner.get("/2.0/repositories/acme");
      await owner.get("/2.0/repositories/acme/api-gateway");
      await owner.get(HOOKS);
      await owner.get("/2.0/user");
      await token.get("/2.0/repositories/acme");
      await axios.get(`${sandbox.bitbucket.url}/2.0/user`, { validateStatus: () => true });
      const expected = {
        "owner-api-token": { repository: 2, webhooks: 1, other: 1 },
        "repository-access-token": { repository: 1 },
        "(none)": { other: 1 },
      };
      expect(sandbox.bitbucket.requestCounts()).toEqual(expected);
      expect(sandbox.bitbucket.requestCounts({ method: "GET", credential: "repository-access-token" })).toEqual({
        "repository-access-token": { repository: 1 },
      });
      expect((await admin().get("/request-counts")).data).toEqual({ by_credential: expected });
    });
  });
});
