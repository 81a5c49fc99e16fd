import axios, { AxiosRequestConfig } from "axios";
import { createHmac } from "node:crypto";
import { DevDynamicsSimulator } from "../../lib/sandbox/devdynamics";
import { ACME_KEY, GLOBEX_KEY, startDevDynamics } from "../devdynamics/fixtures";

const TOKEN = "ATATT3xFfGF0q9Zk2LwR8vYt5nHc1Xe7Bd4Ms6Jp0Ua3Gi=4F1A9C2E";
const VALID = {
  workspace: "acme",
  credential: { kind: "api_token", username: "ci@acme.example", secret: TOKEN },
  repositories: { mode: "all" },
};

function sign(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

describe("DevDynamicsSimulator", () => {
  let sim: DevDynamicsSimulator;

  /** Raw HTTP, so the tests see exactly what the simulator answers. */
  const call = (method: string, path: string, options: AxiosRequestConfig & { key?: string | null } = {}) => {
    const { key = ACME_KEY, ...config } = options;
    return axios.request({
      method,
      url: `${sim.url}${path}`,
      validateStatus: () => true,
      ...config,
      headers: { ...(key !== null && { Authorization: `Bearer ${key}` }), ...config.headers },
    });
  };

  afterEach(() => sim.stop());

  describe("API", () => {
    beforeEach(async () => {
      sim = await startDevDynamics();
    });

    it("answers errors in the contract's format", async () => {
      const missingKey = await call("GET", "/v1/me", { key: null });
      expect(missingKey.status).toBe(401);
      expect(missingKey.data).toEqual({ error: { code: "unauthorized", message: expect.any(String), details: {} } });
      expect((await call("GET", "/v1/nothing")).data.error.code).toBe("not_found");
      const malformed = await call("POST", "/v1/integrations/bitbucket", {
        data: "{not json",
        headers: { "Content-Type": "application/json" },
      });
      expect(malformed.status).toBe(400);
      expect(malformed.data.error).toMatchObject({ code: "validation_failed", details: { body: expect.any(String) } });
    });

    it.each([
      ["workspace", { ...VALID, workspace: "{2f6c7d1e-uuid}" }],
      ["workspace", { ...VALID, workspace: undefined }],
      ["credential.kind", { ...VALID, credential: { ...VALID.credential, kind: "app_password" } }],
      ["credential.username", { ...VALID, credential: { ...VALID.credential, username: "acme-ci" } }],
      [
        "credential.username",
        { ...VALID, credential: { kind: "access_token", username: "bot", secret: "ATCTT3xFfGF0x" } },
      ],
      ["credential.username", { ...VALID, credential: { kind: "oauth_client_credentials", secret: "s3cr3t-value" } }],
      ["credential.secret", { ...VALID, credential: { ...VALID.credential, secret: "" } }],
      ["credential.password", { ...VALID, credential: { ...VALID.credential, password: "x" } }],
      ["repositories.mode", { ...VALID, repositories: { mode: "some" } }],
      ["repositories.slugs", { ...VALID, repositories: { mode: "selected", slugs: [] } }],
      ["repositories.slugs", { ...VALID, repositories: { mode: "selected", slugs: ["api", "Web App"] } }],
      ["repositories.slugs", { ...VALID, repositories: { mode: "selected", slugs: ["api", "api"] } }],
      ["repositories", { ...VALID, repositories: undefined }],
      ["webhook_url", { ...VALID, webhook_url: "https://example.test" }],
    ])("refuses a create with an invalid %s", async (field, body) => {
      const response = await call("POST", "/v1/integrations/bitbucket", { data: body });
      expect(response.status).toBe(400);
      expect(response.data.error.code).toBe("validation_failed");
      expect(Object.keys(response.data.error.details)).toEqual([field]);
    });

    it("refuses a patch that changes the workspace or sets nothing", async () => {
      const { data: created } = await call("POST", "/v1/integrations/bitbucket", { data: VALID });
      const path = `/v1/integrations/bitbucket/${created.id}`;
      expect((await call("PATCH", path, { data: { workspace: "other" } })).data.error.details).toEqual({
        workspace: expect.stringMatching(/cannot be changed/),
        body: expect.any(String),
      });
      expect((await call("PATCH", path, { data: {} })).data.error.details).toEqual({ body: expect.any(String) });
    });

    it("returns the webhook secret only on create and rotate, and never the credential secret", async () => {
      const { data: created } = await call("POST", "/v1/integrations/bitbucket", { data: VALID });
      expect(created.webhook).toEqual({ url: expect.any(String), secret: expect.any(String), secret_set: true });
      const path = `/v1/integrations/bitbucket/${created.id}`;
      const reads = [
        (await call("GET", path)).data,
        (await call("GET", "/v1/integrations/bitbucket?workspace=acme")).data.values[0],
        (await call("PATCH", path, { data: { repositories: { mode: "all" } } })).data,
      ];
      for (const read of reads) expect(read.webhook).toEqual({ url: created.webhook.url, secret_set: true });
      const rotated = (await call("POST", `${path}/webhook-secret/rotate`)).data;
      expect(rotated).toEqual({ webhook: { url: created.webhook.url, secret: expect.any(String), secret_set: true } });
      expect(JSON.stringify([created, ...reads])).not.toContain(TOKEN);
    });

    it("serves the current webhook secret with a revision that counts rotations", async () => {
      const { data: created } = await call("POST", "/v1/integrations/bitbucket", { data: VALID });
      const path = `/v1/integrations/bitbucket/${created.id}/webhook-secret`;
      const first = await call("GET", path);
      expect(first.status).toBe(200);
      expect(first.data).toEqual({ webhook: { ...created.webhook, revision: 1 } });
      await call("POST", `${path}/rotate`);
      const rotated = (await call("POST", `${path}/rotate`)).data.webhook;
      expect((await call("GET", path)).data).toEqual({ webhook: { ...rotated, revision: 3 } });
      expect(sim.server.log.byRoute()).toMatchObject({ "GET /v1/integrations/bitbucket/{id}/webhook-secret": 2 });
      const unknown = await call("GET", "/v1/integrations/bitbucket/bbi_unknown/webhook-secret");
      expect([unknown.status, unknown.data.error.code]).toEqual([404, "not_found"]);
      const anonymous = await call("GET", path, { key: null });
      expect([anonymous.status, anonymous.data.error.code]).toEqual([401, "unauthorized"]);
    });

    it("keeps organizations apart", async () => {
      const { data: created } = await call("POST", "/v1/integrations/bitbucket", { data: VALID });
      const path = `/v1/integrations/bitbucket/${created.id}`;
      for (const [method, suffix] of [
        ["GET", ""],
        ["PATCH", ""],
        ["DELETE", ""],
        ["POST", "/verify"],
        ["GET", "/webhook-secret"],
        ["POST", "/webhook-secret/rotate"],
      ]) {
        const response = await call(method, path + suffix, {
          key: GLOBEX_KEY,
          data: { repositories: { mode: "all" } },
        });
        expect(response.status).toBe(404);
      }
      expect((await call("GET", "/v1/integrations/bitbucket", { key: GLOBEX_KEY })).data).toEqual({ values: [] });
      expect(sim.integrations()).toHaveLength(1);
    });

    it("logs API requests under their route names and the caller's organization, never admin requests", async () => {
      const { data: created } = await call("POST", "/v1/integrations/bitbucket", { data: VALID });
      await call("GET", `/v1/integrations/bitbucket/${created.id}`, { key: GLOBEX_KEY });
      await call("GET", "/_sandbox/log");
      await call("GET", "/_sandbox/integrations");
      expect(sim.server.log.entries().map((e) => [e.method, e.route, e.status, e.credential])).toEqual([
        ["POST", "/v1/integrations/bitbucket", 201, "org_acme"],
        ["GET", "/v1/integrations/bitbucket/{id}", 404, "org_globex"],
      ]);
      const admin = (await call("GET", "/_sandbox/integrations")).data.values;
      expect(admin).toEqual([expect.objectContaining({ id: created.id, organization_id: "org_acme" })]);
      expect(JSON.stringify(admin)).not.toContain(TOKEN);
    });

    it("takes faults over HTTP and answers an injected 429 with Retry-After", async () => {
      const added = await call("POST", "/_sandbox/faults", { data: { kind: "status", status: 429, times: 1 } });
      expect(added.status).toBe(201);
      const limited = await call("GET", "/v1/me");
      expect(limited.status).toBe(429);
      expect(limited.headers["retry-after"]).toBe("1");
      expect(limited.data.error.code).toBe("rate_limited");
      expect((await call("GET", "/v1/me")).status).toBe(200);
    });
  });

  describe("rate limit", () => {
    it("answers 429 with the seconds left in the window, per organization", async () => {
      sim = await startDevDynamics({ rateLimit: { requests: 2, windowSeconds: 60 } });
      expect((await call("GET", "/v1/me")).status).toBe(200);
      expect((await call("GET", "/v1/me")).status).toBe(200);
      const limited = await call("GET", "/v1/me");
      expect(limited.status).toBe(429);
      expect(Number(limited.headers["retry-after"])).toBeGreaterThan(50);
      expect(limited.data.error.code).toBe("rate_limited");
      // Per organization.
      expect((await call("GET", "/v1/me", { key: GLOBEX_KEY })).status).toBe(200);
    });
  });

  describe("webhook ingestion", () => {
    let integrationId: string;
    let url: string;
    let secret: string;
    const body = JSON.stringify({ repository: { full_name: "acme/api" }, push: { changes: [] } });
    const deliver = (
      signature: string | undefined,
      requestUuid = "5b2c1e9f-0d4a-4c8e-9f1b-7a3d6e2c8b10",
      data = body,
    ) =>
      call("POST", new URL(url).pathname, {
        key: null,
        data,
        headers: {
          "Content-Type": "application/json",
          "X-Event-Key": "repo:push",
          "X-Hook-UUID": "0e7f3a52-9c1d-4b6e-8a2f-5d4c3b2a1f09",
          "X-Request-UUID": requestUuid,
          "X-Attempt-Number": "1",
          ...(signature !== undefined && { "X-Hub-Signature": signature }),
        },
        transformRequest: (d) => d,
      });

    beforeEach(async () => {
      sim = await startDevDynamics();
      const { data } = await call("POST", "/v1/integrations/bitbucket", { data: VALID });
      ({
        id: integrationId,
        webhook: { url, secret },
      } = data);
    });

    it("accepts a delivery signed with the secret and records it", async () => {
      expect((await deliver(sign(secret, body))).status).toBe(202);
      expect(sim.acceptedEvents(integrationId)).toEqual([
        {
          integrationId,
          eventKey: "repo:push",
          hookUuid: "0e7f3a52-9c1d-4b6e-8a2f-5d4c3b2a1f09",
          requestUuid: "5b2c1e9f-0d4a-4c8e-9f1b-7a3d6e2c8b10",
          receivedAt: expect.any(String),
        },
      ]);
      expect((await call("GET", `/_sandbox/events?integration=${integrationId}`)).data.values).toHaveLength(1);
      expect(sim.server.log.byRoute()).toMatchObject({ "POST /v1/webhooks/bitbucket/{id}": 1 });
    });

    it("records a redelivery with the same X-Request-UUID once", async () => {
      expect((await deliver(sign(secret, body))).status).toBe(202);
      expect((await deliver(sign(secret, body))).status).toBe(202);
      expect((await deliver(sign(secret, body), "8d1e4f7a-2b3c-4d5e-8f9a-0b1c2d3e4f5a")).status).toBe(202);
      expect(sim.acceptedEvents(integrationId)).toHaveLength(2);
    });

    it.each([
      ["missing", undefined],
      ["signed with another secret", sign("not-the-secret", body)],
      ["of another body", sign("", `${body} `)],
      ["not sha256", `sha1=${createHmac("sha1", "x").update(body).digest("hex")}`],
      ["malformed", "sha256=zz"],
    ])("refuses a delivery whose signature is %s", async (_case, signature) => {
      const response = await deliver(signature);
      expect(response.status).toBe(401);
      expect(response.data.error.code).toBe("bad_signature");
      expect(sim.acceptedEvents()).toEqual([]);
    });

    it("refuses a tampered body", async () => {
      const response = await deliver(sign(secret, body), undefined, body.replace("acme/api", "acme/web"));
      expect(response.status).toBe(401);
    });

    it("stops accepting the old secret as soon as it is rotated", async () => {
      const { data } = await call("POST", `/v1/integrations/bitbucket/${integrationId}/webhook-secret/rotate`);
      expect((await deliver(sign(secret, body))).status).toBe(401);
      expect((await deliver(sign(data.webhook.secret, body))).status).toBe(202);
    });

    it("answers 404 for an unknown or deleted integration", async () => {
      await call("DELETE", `/v1/integrations/bitbucket/${integrationId}`);
      const response = await deliver(sign(secret, body));
      expect(response.status).toBe(404);
      expect(response.data.error.code).toBe("not_found");
    });

    it("wants Bitbucket's delivery headers once the signature verifies", async () => {
      const response = await call("POST", new URL(url).pathname, {
        key: null,
        data: body,
        headers: { "Content-Type": "application/json", "X-Hub-Signature": sign(secret, body) },
        transformRequest: (d) => d,
      });
      expect(response.status).toBe(400);
      expect(Object.keys(response.data.error.details).sort()).toEqual(["X-Event-Key", "X-Hook-UUID", "X-Request-UUID"]);
    });
  });
});
