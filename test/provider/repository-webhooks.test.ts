import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Sandbox, startSandbox } from "../../lib/sandbox";
import { installDevDynamicsProvider, providerWorkspace, seededSecrets } from "../support/provider";
import { PER_REPOSITORY_CONFIG } from "./fixtures/configurations";
import { rawBitbucket } from "../support/sandbox";
import { TerraformWorkspace } from "../support/terraform";

/**
 * Per-repository mode in plain HCL, through the real terraform against the sandbox: the whole life of a connection
 * and its webhooks, with Bitbucket request counts read from the sandbox's log.
 */

const SLUGS = ["api-gateway", "auth-service", "billing"];
const APPLY = ["apply", "-auto-approve", "-input=false", "-no-color"];

describe("devdynamics provider: per-repository webhooks", () => {
  let sandbox: Sandbox;
  let ws: TerraformWorkspace;

  const log = () => sandbox.bitbucket.server.log;
  const hooksOf = (repository: string) =>
    sandbox.bitbucket.state.workspace("acme")!.hooks.filter((h) => h.repository === repository);
  const integration = () => sandbox.devdynamics.integrations().find((i) => i.workspace === "acme");
  const webhookUrl = () => `${sandbox.devdynamics.url}/v1/webhooks/bitbucket/${integration()!.id}`;
  const plan = () => ws.runAsync(["plan", "-input=false", "-no-color", "-detailed-exitcode"]);

  beforeAll(async () => {
    sandbox = await startSandbox();
    const { cliConfig } = await installDevDynamicsProvider();
    ws = providerWorkspace(sandbox, cliConfig, "owner-api-token");
    ws.write({ "main.tf": PER_REPOSITORY_CONFIG });
    await ws.okAsync(["init", "-input=false", "-no-color"]);
  });
  afterAll(() => sandbox.stop());

  it("first apply: connection, one signed webhook per selected repository, at the mechanism's minimum", async () => {
    log().clear();
    await ws.okAsync(APPLY);
    const connected = integration()!;
    expect(connected.status).toBe("connected");
    expect(connected.repositories).toEqual({ mode: "selected", slugs: SLUGS });
    for (const slug of SLUGS) {
      expect(hooksOf(slug)).toHaveLength(1);
      expect(hooksOf(slug)[0]).toMatchObject({ url: webhookUrl(), active: true, skipCertVerification: false });
    }
    expect(hooksOf("infra-terraform")).toHaveLength(0);
    // Plan: 1 credential check + 1 listing page. Apply: per hook 1 list + 1 POST. The rest is DevDynamics verifying.
    const byRoute = log().byRoute();
    expect(byRoute["POST /2.0/repositories/{workspace}/{repo_slug}/hooks"]).toBe(3);
    expect(byRoute["GET /2.0/repositories/{workspace}/{repo_slug}/hooks"]).toBe(3);
    expect(byRoute["GET /2.0/repositories/{workspace}"]).toBeGreaterThanOrEqual(1);

    const [delivery] = await sandbox.bitbucket.simulateEvent({
      workspace: "acme",
      repository: "billing",
      event: "pullrequest:created",
    });
    expect(delivery.delivered).toBe(true);
    expect(sandbox.devdynamics.acceptedEvents(connected.id)).toHaveLength(1);
  });

  it("a second plan is empty and costs 1 check + 1 listing page + 1 hook list per repository", async () => {
    log().clear();
    expect((await plan()).code).toBe(0);
    expect(log().byRoute()).toEqual({
      "GET /2.0/user/workspaces/{workspace}/permission": 1,
      "GET /2.0/repositories/{workspace}": 1,
      "GET /2.0/repositories/{workspace}/{repo_slug}/hooks": 3,
    });
  });

  it("re-creates a deleted hook and corrects an edited one", async () => {
    const owner = await rawBitbucket(sandbox, "owner-api-token");
    const deleted = hooksOf("api-gateway")[0].uuid;
    const edited = hooksOf("auth-service")[0];
    expect((await owner.delete(`/2.0/repositories/acme/api-gateway/hooks/${deleted}`)).status).toBe(204);
    const put = await owner.put(`/2.0/repositories/acme/auth-service/hooks/${edited.uuid}`, {
      url: edited.url,
      description: "edited by hand",
      events: ["repo:push"],
      active: false,
    });
    expect(put.status).toBe(200);

    const drift = await plan();
    expect(drift.code).toBe(2);
    expect(drift.stdout).toMatch(/devdynamics_bitbucket_repository_webhook\.repo\["api-gateway"\] will be created/);
    expect(drift.stdout).toMatch(
      /devdynamics_bitbucket_repository_webhook\.repo\["auth-service"\] will be updated in-place/,
    );
    await ws.okAsync(APPLY);
    expect(hooksOf("api-gateway")).toHaveLength(1);
    expect(hooksOf("auth-service")).toEqual([
      expect.objectContaining({ uuid: edited.uuid, description: "DevDynamics", active: true }),
    ]);
    expect(hooksOf("auth-service")[0].events).toContain("pullrequest:fulfilled");
    expect((await plan()).code).toBe(0);
  });

  it("rotating the webhook secret updates every hook in place, and deliveries verify with the new secret", async () => {
    const before = SLUGS.map((slug) => hooksOf(slug)[0].uuid);
    const oldSecret = integration()!.webhookSecret;
    const planned = await ws.runAsync(["plan", "-input=false", "-no-color", "-var", "rotation=2"]);
    expect(planned.stdout).toMatch(/Plan: 0 to add, 4 to change, 0 to destroy/);
    sandbox.devdynamics.server.log.clear();
    await ws.okAsync([...APPLY, "-var", "rotation=2"]);
    // A rotation changes nothing DevDynamics verifies, so it does not spend Bitbucket requests on verifying.
    expect(sandbox.devdynamics.server.log.byRoute()["POST /v1/integrations/bitbucket/{id}/verify"]).toBeUndefined();
    expect(sandbox.devdynamics.server.log.byRoute()["POST /v1/integrations/bitbucket/{id}/webhook-secret/rotate"]).toBe(
      1,
    );
    expect(integration()!.webhookSecret).not.toBe(oldSecret);
    expect(SLUGS.map((slug) => hooksOf(slug)[0].uuid)).toEqual(before);
    for (const slug of SLUGS) expect(hooksOf(slug)[0].secret).toBe(integration()!.webhookSecret);
    const [delivery] = await sandbox.bitbucket.simulateEvent({
      workspace: "acme",
      repository: "api-gateway",
      event: "repo:push",
    });
    expect(delivery.delivered).toBe(true);
    expect(
      (await ws.runAsync(["plan", "-input=false", "-no-color", "-detailed-exitcode", "-var", "rotation=2"])).code,
    ).toBe(0);
  });

  it("imports a webhook and the connection", async () => {
    const vars = ["-var", "rotation=2"];
    const hook = hooksOf("billing")[0].uuid;
    const id = integration()!.id;
    await ws.okAsync(["state", "rm", 'devdynamics_bitbucket_repository_webhook.repo["billing"]']);
    await ws.okAsync(["state", "rm", "devdynamics_bitbucket_connection.acme"]);
    await ws.okAsync([
      "import",
      "-input=false",
      "-no-color",
      ...vars,
      'devdynamics_bitbucket_repository_webhook.repo["billing"]',
      `acme/billing/${hook}`,
    ]);
    await ws.okAsync(["import", "-input=false", "-no-color", ...vars, "devdynamics_bitbucket_connection.acme", id]);
    const state = JSON.parse(await ws.okAsync(["show", "-json"]));
    const resources = state.values.root_module.resources as { address: string; values: Record<string, unknown> }[];
    expect(
      resources.find((r) => r.address === 'devdynamics_bitbucket_repository_webhook.repo["billing"]')!.values,
    ).toMatchObject({
      id: hook,
      workspace: "acme",
      repository: "billing",
      url: webhookUrl(),
    });
    expect(resources.find((r) => r.address === "devdynamics_bitbucket_connection.acme")!.values).toMatchObject({
      id,
      workspace: "acme",
      repository_slugs: SLUGS,
      status: "connected",
    });
    // DevDynamics shows a webhook secret only on create and rotation, so the first apply after import rotates it.
    await ws.okAsync([...APPLY, ...vars]);
    expect(hooksOf("billing")).toHaveLength(1);
    expect(hooksOf("billing")[0].secret).toBe(integration()!.webhookSecret);
    expect((await ws.runAsync(["plan", "-input=false", "-no-color", "-detailed-exitcode", ...vars])).code).toBe(0);
  });

  it("keeps every credential out of the saved plan, the state and a trace log; the webhook secret only in the connection's state, sensitive", async () => {
    const vars = ["-var", "rotation=3"];
    const traced = providerWorkspace(sandbox, ws.env.TF_CLI_CONFIG_FILE!, "owner-api-token", {
      TF_LOG: "trace",
      TF_LOG_PATH: join(ws.dir, "trace.log"),
    });
    Object.assign(traced, { dir: ws.dir });
    await traced.okAsync(["plan", "-input=false", "-no-color", "-out=tfplan", ...vars]);
    await traced.okAsync(["apply", "-input=false", "-no-color", "tfplan"]);
    const planJson = await ws.okAsync(["show", "-json", "tfplan"]);
    const stateText = readFileSync(join(ws.dir, "terraform.tfstate"), "utf8");
    const trace = readFileSync(join(ws.dir, "trace.log"), "utf8");
    expect(trace.length).toBeGreaterThan(10_000);
    for (const secret of seededSecrets(sandbox)) {
      expect(planJson).not.toContain(secret);
      expect(stateText).not.toContain(secret);
      expect(trace).not.toContain(secret);
    }
    const webhookSecret = integration()!.webhookSecret;
    expect(trace).not.toContain(webhookSecret);
    expect(planJson).not.toContain(webhookSecret);
    const state = JSON.parse(stateText) as {
      resources: {
        type: string;
        instances: { attributes: Record<string, unknown>; sensitive_attributes: unknown }[];
      }[];
    };
    for (const resource of state.resources) {
      const text = JSON.stringify(resource);
      if (resource.type === "devdynamics_bitbucket_connection") {
        expect(resource.instances[0].attributes.webhook_secret).toBe(webhookSecret);
        expect(JSON.stringify(resource.instances[0].sensitive_attributes)).toContain("webhook_secret");
      } else expect(text).not.toContain(webhookSecret);
    }
  });

  it("destroy leaves no hooks and no connection", async () => {
    log().clear();
    await ws.okAsync(["destroy", "-auto-approve", "-input=false", "-no-color", "-var", "rotation=3"]);
    expect(sandbox.bitbucket.state.workspace("acme")!.hooks).toEqual([]);
    expect(integration()).toBeUndefined();
    expect(log().byRoute()["DELETE /2.0/repositories/{workspace}/{repo_slug}/hooks/{uid}"]).toBe(3);
  });
});
