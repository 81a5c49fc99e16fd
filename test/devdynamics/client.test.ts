import { createHash } from "node:crypto";
import {
  AlreadyExistsError,
  credentialFingerprint,
  holdsSecret,
  DevDynamicsClient,
  integrationProblemFix,
  NewIntegration,
  NotFoundError,
  RateLimitedError,
  ServerError,
  UnauthorizedError,
  ValidationError,
} from "../../lib/devdynamics";
import {
  CancelledError,
  EndpointError,
  NetworkError,
  RequestBudget,
  RequestBudgetExceededError,
  RetryDeadlineExceededError,
} from "../../lib/http";
import { DevDynamicsSimulator } from "../../lib/sandbox/devdynamics";
import { failure } from "../http/support";
import { ACME_KEY, FAST_RETRY, GLOBEX_KEY, startDevDynamics } from "./fixtures";

const TOKEN = "ATATT3xFfGF0q9Zk2LwR8vYt5nHc1Xe7Bd4Ms6Jp0Ua3Gi=4F1A9C2E";
const OTHER_TOKEN = "ATATT3xFfGF0Hw3Jx8Tq1Lm6Rb9Yd2Vc5Nk7Sp4Ez0Ao=8B2D6E1F";

const ACME: NewIntegration = {
  workspace: "acme",
  credential: { kind: "api_token", username: "ci@acme.example", secret: TOKEN },
  repositories: { mode: "selected", slugs: ["api", "web"] },
};

describe("DevDynamicsClient", () => {
  let sim: DevDynamicsSimulator;
  let client: DevDynamicsClient;
  let logLines: string[];

  function newClient(overrides: Partial<ConstructorParameters<typeof DevDynamicsClient>[0]> = {}) {
    return new DevDynamicsClient({
      apiUrl: sim.url,
      apiKey: ACME_KEY,
      retry: FAST_RETRY,
      log: (_level, line) => logLines.push(line),
      ...overrides,
    });
  }

  beforeEach(async () => {
    sim = await startDevDynamics();
    logLines = [];
    client = newClient();
  });
  afterEach(() => sim.stop());

  describe("operations", () => {
    it("reads the organization of the API key", async () => {
      expect(await client.getOrganization()).toEqual({ id: "org_acme", name: "Acme" });
    });

    it("refuses a bad API key with a fix naming DEVDYNAMICS_API_KEY", async () => {
      const error = await failure(newClient({ apiKey: "ddk_live_revoked_7c1e0b9d" }).getOrganization());
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect(error).toMatchObject({ status: 401, code: "unauthorized", route: "GET /v1/me" });
      expect((error as Error).message).toMatch(/check DEVDYNAMICS_API_KEY/i);
    });

    it("creates an integration and hands out the webhook secret once", async () => {
      const { integration, webhookSecret } = await client.createIntegration(ACME);
      expect(integration).toEqual({
        id: expect.stringMatching(/^bbi_[0-9a-z]{26}$/),
        workspace: "acme",
        credential: {
          kind: "api_token",
          username: "ci@acme.example",
          fingerprint: credentialFingerprint(TOKEN, integration.credential.fingerprintSalt),
          fingerprintSalt: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        },
        repositories: { mode: "selected", slugs: ["api", "web"] },
        webhook: { url: `${sim.url}/v1/webhooks/bitbucket/${integration.id}`, secretSet: true },
        status: "pending",
        problems: [],
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
        updatedAt: integration.createdAt,
      });
      expect(webhookSecret).toBe(sim.integrations()[0].webhookSecret);
      expect(await client.getIntegration(integration.id)).toEqual(integration);
    });

    it("answers a second integration for the workspace with AlreadyExistsError naming the first", async () => {
      const { integration } = await client.createIntegration(ACME);
      const error = await failure(client.createIntegration({ ...ACME, repositories: { mode: "all" } }));
      expect(error).toBeInstanceOf(AlreadyExistsError);
      expect(error).toMatchObject({ status: 409, existingId: integration.id });
      expect((error as Error).message).toContain(integration.id);
      // The rule is per organization: another organization may connect the same workspace.
      await expect(newClient({ apiKey: GLOBEX_KEY }).createIntegration(ACME)).resolves.toBeDefined();
    });

    it("reports validation failures with the fields at fault", async () => {
      const error = await failure(
        client.createIntegration({
          workspace: "Acme Corp",
          credential: { kind: "api_token", secret: TOKEN },
          repositories: { mode: "selected", slugs: [] },
        }),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect(Object.keys((error as ValidationError).fields).sort()).toEqual([
        "credential.username",
        "repositories.slugs",
        "workspace",
      ]);
      expect((error as Error).message).toMatch(/workspace: must be a Bitbucket Workspace ID/);
    });

    it("finds an integration by workspace, and answers null for none", async () => {
      const { integration } = await client.createIntegration(ACME);
      expect(await client.findIntegrationByWorkspace("acme")).toEqual(integration);
      expect(await client.findIntegrationByWorkspace("umbrella")).toBeNull();
      expect(await newClient({ apiKey: GLOBEX_KEY }).findIntegrationByWorkspace("acme")).toBeNull();
    });

    it("answers null for an unknown integration and for another organization's", async () => {
      const { integration } = await client.createIntegration(ACME);
      expect(await client.getIntegration("bbi_00000000000000000000000000")).toBeNull();
      expect(await newClient({ apiKey: GLOBEX_KEY }).getIntegration(integration.id)).toBeNull();
    });

    it("updates the repositories and the credential", async () => {
      const { integration } = await client.createIntegration(ACME);
      const all = await client.updateIntegration(integration.id, { repositories: { mode: "all" } });
      expect(all).toMatchObject({ repositories: { mode: "all" }, credential: integration.credential });
      const changed = await client.updateIntegration(integration.id, {
        credential: { kind: "api_token", username: "ci@acme.example", secret: OTHER_TOKEN },
      });
      // A new credential gets a new salt: its fingerprint says nothing about the old one's.
      expect(changed.credential.fingerprintSalt).not.toBe(integration.credential.fingerprintSalt);
      expect(holdsSecret(changed.credential, OTHER_TOKEN)).toBe(true);
      expect(holdsSecret(changed.credential, TOKEN)).toBe(false);
      expect(changed.credential.fingerprint).not.toContain(createHash("sha256").update(OTHER_TOKEN).digest("hex"));
    });

    it("throws NotFoundError when updating, verifying or rotating an integration that is gone", async () => {
      const gone = "bbi_00000000000000000000000000";
      for (const operation of [
        client.updateIntegration(gone, { repositories: { mode: "all" } }),
        client.verifyIntegration(gone),
        client.rotateWebhookSecret(gone),
      ]) {
        const error = await failure(operation);
        expect(error).toBeInstanceOf(NotFoundError);
        expect(error).toMatchObject({ status: 404 });
      }
    });

    it("rotates the webhook secret", async () => {
      const { integration, webhookSecret } = await client.createIntegration(ACME);
      const rotated = await client.rotateWebhookSecret(integration.id);
      expect(rotated).not.toBe(webhookSecret);
      expect(sim.integrations()[0].webhookSecret).toBe(rotated);
    });

    it("reads the current webhook secret with its revision, which each rotation raises", async () => {
      const { integration, webhookSecret } = await client.createIntegration(ACME);
      expect(await client.getWebhookSecret(integration.id)).toEqual({
        url: integration.webhook.url,
        secret: webhookSecret,
        revision: 1,
      });
      const rotated = await client.rotateWebhookSecret(integration.id);
      expect(await client.getWebhookSecret(integration.id)).toMatchObject({ secret: rotated, revision: 2 });
      const error = await failure(newClient({ apiKey: GLOBEX_KEY }).getWebhookSecret(integration.id));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(client.counter.total("GET /v1/integrations/bitbucket/{id}/webhook-secret")).toBe(2);
    });

    it("has a fix for problem codes it does not know yet", () => {
      expect(integrationProblemFix("something_new")).toMatch(/devdynamics-bitbucket check/);
    });

    it("accepts the API URL with a trailing /v1, and names devdynamics_api_url when it cannot carry the key", async () => {
      await expect(newClient({ apiUrl: `${sim.url}/v1/` }).getOrganization()).resolves.toMatchObject({
        id: "org_acme",
      });
      const error = await failure(newClient({ apiUrl: "http://devdynamics.example.com/v1" }).getOrganization());
      expect(error).toBeInstanceOf(EndpointError);
      expect((error as EndpointError).problem).toBe(
        'Cannot use devdynamics_api_url (DEVDYNAMICS_API_URL) = "http://devdynamics.example.com": it would send the credential in clear text.',
      );
      expect(sim.server.log.count()).toBe(1);
    });

    it("deletes an integration, and treats one already gone as deleted", async () => {
      const { integration } = await client.createIntegration(ACME);
      expect(await client.deleteIntegration(integration.id)).toBe(true);
      expect(await client.deleteIntegration(integration.id)).toBe(false);
      expect(await client.getIntegration(integration.id)).toBeNull();
    });

    it("takes an integration for gone only where the API answers: a wrong URL path fails every call on it with the URL's error", async () => {
      const { integration } = await client.createIntegration(ACME);
      const wrongPath = newClient({ apiUrl: `${sim.url}/api` });
      for (const call of [
        () => wrongPath.getIntegration(integration.id),
        () => wrongPath.deleteIntegration(integration.id),
        () => wrongPath.getWebhookSecret(integration.id),
        () => wrongPath.verifyIntegration(integration.id),
      ])
        await expect(call()).rejects.toMatchObject({
          status: 404,
          route: "GET /v1/me",
          fix: expect.stringMatching(
            /^Check that devdynamics_api_url \(DEVDYNAMICS_API_URL\) names the DevDynamics API/,
          ),
        });
      expect(await client.getIntegration(integration.id)).toMatchObject({ id: integration.id });
      // A real miss costs the one confirming request.
      sim.server.log.clear();
      expect(await client.getIntegration("bbi_00000000000000000000000000")).toBeNull();
      expect(sim.server.log.entries().map((e) => e.route)).toEqual(["/v1/integrations/bitbucket/{id}", "/v1/me"]);
    });

    it("stops when its caller cancels", async () => {
      const controller = new AbortController();
      controller.abort();
      await expect(newClient({ signal: controller.signal }).getOrganization()).rejects.toBeInstanceOf(CancelledError);
      expect(sim.server.log.count()).toBe(0);
    });
  });

  describe("retries", () => {
    it("waits out a 429 with Retry-After, then succeeds", async () => {
      sim.server.faults.add({ kind: "status", status: 429, times: 1 });
      await expect(client.getOrganization()).resolves.toMatchObject({ id: "org_acme" });
      expect(sim.server.log.entries().map((e) => e.status)).toEqual([429, 200]);
    });

    it("reports what Retry-After asked for when the deadline comes first", async () => {
      sim.server.faults.add({ kind: "status", status: 429 });
      const error = await failure(newClient({ retry: { ...FAST_RETRY, deadlineMs: 200 } }).getOrganization());
      expect(error).toBeInstanceOf(RetryDeadlineExceededError);
      const last = (error as RetryDeadlineExceededError).lastError;
      expect(last).toBeInstanceOf(RateLimitedError);
      expect((last as RateLimitedError).retryAfterMs).toBe(1000);
    });

    it("retries 5xx and resets on every operation that is safe to repeat", async () => {
      const { integration } = await client.createIntegration(ACME);
      sim.server.faults.add({ kind: "status", status: 503, times: 1, method: "GET" });
      sim.server.faults.add({ kind: "reset", times: 1, method: "PATCH" });
      sim.server.faults.add({
        kind: "status",
        status: 500,
        times: 1,
        route: "/v1/integrations/bitbucket/{id}/webhook-secret/rotate",
      });
      sim.server.faults.add({ kind: "reset", times: 1, method: "DELETE" });
      expect(await client.getIntegration(integration.id)).toMatchObject({ id: integration.id });
      expect(await client.updateIntegration(integration.id, { repositories: { mode: "all" } })).toBeDefined();
      expect(await client.rotateWebhookSecret(integration.id)).toBe(sim.integrations()[0].webhookSecret);
      expect(await client.deleteIntegration(integration.id)).toBe(true);
      expect(sim.server.log.entries().map((e) => e.status)).toEqual([
        201,
        503,
        200,
        "reset",
        200,
        500,
        200,
        "reset",
        204,
      ]);
    });

    it("retries verify after a 5xx", async () => {
      const { integration } = await client.createIntegration(ACME);
      sim.server.faults.add({ kind: "status", status: 502, times: 1, route: "/v1/integrations/bitbucket/{id}/verify" });
      // Nothing listens at the Bitbucket URL, so the real attempt ends in DevDynamics's own 502.
      const error = await failure(
        newClient({ retry: { ...FAST_RETRY, deadlineMs: 100 } }).verifyIntegration(integration.id),
      );
      expect(error).toBeInstanceOf(RetryDeadlineExceededError);
      expect((error as RetryDeadlineExceededError).lastError).toBeInstanceOf(ServerError);
      expect(sim.server.log.count({ method: "POST", route: "/v1/integrations/bitbucket/{id}/verify" })).toBeGreaterThan(
        1,
      );
    });

    it("never resends a create after a 5xx or a reset, since it may have been applied", async () => {
      sim.server.faults.add({ kind: "status", status: 503, times: 1, method: "POST" });
      expect(await failure(client.createIntegration(ACME))).toBeInstanceOf(ServerError);
      sim.server.faults.add({ kind: "reset", times: 1, method: "POST" });
      expect(await failure(client.createIntegration(ACME))).toBeInstanceOf(NetworkError);
      expect(sim.server.log.count({ method: "POST" })).toBe(2);
      // The caller re-runs it.
      await expect(client.createIntegration(ACME)).resolves.toBeDefined();
    });

    it("stops at its request budget, retries included", async () => {
      sim.server.faults.add({ kind: "status", status: 503 });
      const budget = new RequestBudget(3);
      const error = await failure(newClient({ budget }).getOrganization());
      expect(error).toBeInstanceOf(RequestBudgetExceededError);
      expect(sim.server.log.count()).toBe(3);
    });

    it("counts exactly the requests the simulator received, per route", async () => {
      sim.server.faults.add({ kind: "status", status: 503, times: 1, method: "GET" });
      sim.server.faults.add({ kind: "reset", times: 2, method: "DELETE" });
      await client.getOrganization();
      const { integration } = await client.createIntegration(ACME);
      await client.findIntegrationByWorkspace("acme");
      await client.getIntegration(integration.id);
      await client.updateIntegration(integration.id, { repositories: { mode: "all" } });
      await client.rotateWebhookSecret(integration.id);
      await client.deleteIntegration(integration.id);
      await client.deleteIntegration(integration.id);
      expect(client.counter.byRoute()).toEqual(sim.server.log.byRoute());
      expect(client.counter.total("DELETE /v1/integrations/bitbucket/{id}")).toBe(4);
    });
  });

  describe("secrecy", () => {
    it("keeps the API key, credential secrets and webhook secrets out of every error and log line", async () => {
      const { integration, webhookSecret } = await client.createIntegration(ACME);
      const rotatedSecret = await client.rotateWebhookSecret(integration.id);
      await client.getWebhookSecret(integration.id);
      sim.server.faults.add({ kind: "reset", times: 1, method: "GET" });
      sim.server.faults.add({ kind: "reset", times: 1, method: "POST" });
      const errors: unknown[] = [];
      for (const operation of [
        () => client.createIntegration(ACME),
        () => client.createIntegration(ACME),
        // The simulator quotes invalid slugs back; a secret among them must come out redacted.
        () =>
          client.createIntegration({
            ...ACME,
            workspace: "acme-2",
            repositories: { mode: "selected", slugs: [TOKEN] },
          }),
        () =>
          client.updateIntegration(integration.id, {
            credential: { kind: "access_token", username: "x", secret: OTHER_TOKEN },
          }),
        () => newClient({ apiKey: `${ACME_KEY}-revoked` }).getOrganization(),
        () => newClient({ budget: new RequestBudget(0) }).getOrganization(),
      ]) {
        errors.push(await failure(operation()));
      }
      await client.getOrganization();
      expect((errors[2] as ValidationError).fields["repositories.slugs"]).toContain("***");
      const texts = [...errors.map((e) => `${(e as Error).message} ${JSON.stringify(e)}`), ...logLines];
      for (const secret of [ACME_KEY, TOKEN, OTHER_TOKEN, webhookSecret, rotatedSecret]) {
        for (const text of texts) expect(text).not.toContain(secret);
      }
    });
  });
});
