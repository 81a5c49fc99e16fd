import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { BitbucketClient } from "../../lib/bitbucket";
import { CancelledError, EndpointError, HourlyLimitReachedError } from "../../lib/http";
import { DEFAULT_SEED_PATH, loadSeed, Sandbox, startSandbox } from "../../lib/sandbox";
import { generateLargeSeed } from "../../lib/sandbox/seed-generator";
import { failure } from "../http/support";
import { clientFor, credentialFor } from "./support";

const HOUR_MS = 3_600_000;

describe("BitbucketClient's limits and endpoints", () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.stop());

  const statuses = () => sandbox.bitbucket.server.log.entries().map((e) => e.status);

  it("paces each resource group within the hourly limit, and stops at the deadline instead of provoking a 429", async () => {
    sandbox.bitbucket.setHourlyBudget(3);
    const lines: string[] = [];
    const client = clientFor(sandbox, "owner-api-token", { hourlyRequestLimit: 3, lines });
    for (let i = 0; i < 3; i++) await client.listHooks({ workspace: "acme", repository: "docs" });
    const error = await failure(
      client.listHooks({ workspace: "acme", repository: "docs" }, { pacingDeadline: Date.now() + 60_000 }),
    );
    expect(error).toBeInstanceOf(HourlyLimitReachedError);
    expect((error as Error).message).toMatch(/^Bitbucket webhooks: the hourly limit of 3 requests is spent/);
    expect((error as HourlyLimitReachedError).refillsAt.getTime()).toBeGreaterThan(Date.now() + HOUR_MS - 60_000);
    // Repository data is a budget of its own.
    expect(await client.listRepositories("acme")).not.toHaveLength(0);
    expect(statuses()).not.toContain(429);
    expect(sandbox.bitbucket.server.log.count({ route: "/2.0/repositories/{workspace}/{repo_slug}/hooks" })).toBe(3);
  });

  it("waits for budget when there is no deadline, until the stop signal", async () => {
    const stop = new AbortController();
    const client = clientFor(sandbox, "owner-api-token", { hourlyRequestLimit: 1, signal: stop.signal });
    await client.listRepositories("acme");
    const waiting = failure(client.listRepositories("acme"));
    setTimeout(() => stop.abort(), 50);
    expect(await waiting).toBeInstanceOf(CancelledError);
    expect(sandbox.bitbucket.server.log.count()).toBe(1);
  });

  it("on request, ends at the first 429 with when the budget refills, instead of retrying for minutes", async () => {
    sandbox.bitbucket.setHourlyBudget(1, "repository");
    const client = clientFor(sandbox, "owner-api-token", {
      failOnHourlyLimit: true,
      retry: { deadlineMs: 300_000, baseDelayMs: 5_000, maxDelayMs: 30_000 },
    });
    await client.listRepositories("acme");
    const error = await failure(client.listRepositories("acme"));
    expect(error).toBeInstanceOf(HourlyLimitReachedError);
    expect(error).toMatchObject({ status: 429, route: "GET /2.0/repositories/{workspace}" });
    expect((error as HourlyLimitReachedError).refillsAt.getTime()).toBeGreaterThan(Date.now() + HOUR_MS - 60_000);
    expect(statuses()).toEqual([200, 429]);
  });

  it("cancels a 429 backoff at the stop signal", async () => {
    sandbox.bitbucket.setHourlyBudget(0, "repository");
    const stop = new AbortController();
    const client = clientFor(sandbox, "owner-api-token", {
      signal: stop.signal,
      retry: { deadlineMs: 300_000, baseDelayMs: 10_000, maxDelayMs: 30_000 },
    });
    const pending = failure(client.listRepositories("acme"));
    setTimeout(() => stop.abort(), 100);
    expect(await pending).toBeInstanceOf(CancelledError);
  });

  it("accepts the API URL with a trailing /2.0", async () => {
    const client = clientFor(sandbox, "owner-api-token", { apiUrl: `${sandbox.bitbucket.url}/2.0/` });
    expect((await client.getWorkspace("acme")).slug).toBe("acme");
  });

  it("names bitbucket_api_url when the API URL cannot carry the credential, sending nothing", async () => {
    const client = clientFor(sandbox, "owner-api-token", { apiUrl: "http://bitbucket.example.com" });
    const error = await failure(client.getWorkspace("acme"));
    expect(error).toBeInstanceOf(EndpointError);
    expect((error as EndpointError).problem).toBe(
      'Cannot use bitbucket_api_url (BITBUCKET_API_URL) = "http://bitbucket.example.com": it would send the credential in clear text.',
    );
    expect(client.counter.total()).toBe(0);
  });

  it("names bitbucket_oauth_token_url when the token endpoint refuses connections", async () => {
    const spare = createServer();
    await new Promise<void>((resolve) => spare.listen(0, "127.0.0.1", resolve));
    const port = (spare.address() as AddressInfo).port;
    await new Promise<void>((resolve) => spare.close(() => resolve()));
    const client = new BitbucketClient({
      credential: credentialFor(sandbox, "oauth-consumer"),
      apiUrl: sandbox.bitbucket.url,
      oauthTokenUrl: `http://127.0.0.1:${port}/site/oauth2/access_token`,
      retry: { deadlineMs: 300_000, baseDelayMs: 5, maxDelayMs: 20 },
    });
    const error = await failure(client.getWorkspacePermission("acme"));
    expect(error).toMatchObject({
      failure: "refused",
      setting: "bitbucket_oauth_token_url (BITBUCKET_OAUTH_TOKEN_URL)",
    });
    expect(client.counter.byRoute()).toEqual({ "POST /site/oauth2/access_token": 1 });
  });
});

describe("existingRepositories at scale", () => {
  it("looks up 250 slugs in ⌈N/50⌉ requests, and keeps long lists' URLs short", async () => {
    const sandbox = await startSandbox({ seed: generateLargeSeed(loadSeed(DEFAULT_SEED_PATH), { repositories: 300 }) });
    try {
      const client = clientFor(sandbox, "owner-api-token");
      const wanted = [
        ...Array.from({ length: 240 }, (_, i) => `repo-${String(i + 1).padStart(3, "0")}`),
        ...Array.from({ length: 10 }, (_, i) => `missing-${i}`),
      ];
      const found = await client.existingRepositories("acme", wanted);
      expect(found.size).toBe(240);
      expect(found.has("missing-0")).toBe(false);
      expect(client.counter.total()).toBe(5);
      // 50 slugs of 60 characters would make a 3.5 KB query: they are split.
      client.counter.reset();
      const long = Array.from({ length: 50 }, (_, i) => `${"x".repeat(56)}-${String(i).padStart(3, "0")}`);
      expect(await client.existingRepositories("acme", long)).toEqual(new Set());
      expect(client.counter.total()).toBe(2);
    } finally {
      await sandbox.stop();
    }
  });
});
