import Ajv from "ajv";
import addFormats from "ajv-formats";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Sandbox, startSandbox } from "../../lib/sandbox";
import { rawBitbucket } from "../support/sandbox";
import fixture from "../fixtures/bitbucket-openapi-schemas.json";

/**
 * One response per simulated endpoint, validated against the response schema Atlassian's OpenAPI spec gives it,
 * so the sandbox cannot drift from the real service. The schemas come from test/fixtures (extracted by
 * scripts/extract-openapi-subset.ts); where the full spec is at hand the fixture is checked against it too.
 */
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: "bitbucket", components: { schemas: fixture.schemas } });
const schema = (name: string) => ajv.getSchema(`bitbucket#/components/schemas/${name}`)!;

const SAMPLES: [method: "get" | "post" | "put", path: string, schema: string, credential: string][] = [
  ["get", "/2.0/user", "account", "owner-api-token"],
  ["get", "/2.0/user/workspaces", "paginated_workspace_access", "owner-api-token"],
  ["get", "/2.0/user/workspaces/acme/permission", "workspace_membership", "owner-api-token"],
  ["get", "/2.0/user/workspaces/acme/permissions/repositories", "paginated_repository_permissions", "owner-api-token"],
  ["get", "/2.0/workspaces/acme", "workspace", "owner-api-token"],
  ["get", "/2.0/workspaces/acme/projects", "paginated_projects", "owner-api-token"],
  ["get", "/2.0/repositories/acme", "paginated_repositories", "owner-api-token"],
  ["get", "/2.0/repositories/acme/api-gateway", "repository", "owner-api-token"],
  ["get", "/2.0/repositories/acme/api-gateway/pullrequests", "paginated_pullrequests", "owner-api-token"],
  ["get", "/2.0/repositories/acme/api-gateway/hooks", "paginated_webhook_subscriptions", "owner-api-token"],
  ["get", "/2.0/workspaces/acme/hooks", "paginated_webhook_subscriptions", "owner-api-token"],
  ["get", "/2.0/hook_events/workspace", "paginated_hook_events", "owner-api-token"],
  ["get", "/2.0/repositories/acme/missing", "error", "owner-api-token"],
  ["get", "/2.0/user", "error", "workspace-access-token"],
];

describe("the Bitbucket simulator against Atlassian's OpenAPI spec", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
    const owner = await rawBitbucket(sandbox, "owner-api-token");
    const hook = { url: "https://hooks.example/dd", description: "DevDynamics", events: ["repo:push"], secret: "s" };
    await owner.post("/2.0/repositories/acme/api-gateway/hooks", hook);
    await owner.post("/2.0/workspaces/acme/hooks", hook);
  });
  afterAll(() => sandbox.stop());

  it.each(SAMPLES)("%s %s matches %s", async (method, path, schemaName, credential) => {
    const bb = await rawBitbucket(sandbox, credential);
    const response = await bb.request({ method, url: path });
    const validate = schema(schemaName);
    const valid = validate(response.data);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("validates the hook create and update responses", async () => {
    const owner = await rawBitbucket(sandbox, "owner-api-token");
    const created = await owner.post("/2.0/workspaces/acme/hooks", { url: "https://x.example", events: ["repo:push"] });
    expect(schema("webhook_subscription")(created.data)).toBe(true);
    const updated = await owner.put(`/2.0/workspaces/acme/hooks/${encodeURIComponent(created.data.uuid)}`, {
      active: false,
    });
    expect(schema("webhook_subscription")(updated.data)).toBe(true);
  });

  const fullSpec = resolve(__dirname, "../../../shared/reference/bitbucket-cloud-openapi.json");
  (existsSync(fullSpec) ? it : it.skip)("uses schemas identical to the full spec's", () => {
    const spec = JSON.parse(readFileSync(fullSpec, "utf8")) as { components: { schemas: Record<string, unknown> } };
    for (const [name, value] of Object.entries(fixture.schemas)) expect(value).toEqual(spec.components.schemas[name]);
  });
});
