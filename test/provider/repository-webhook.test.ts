import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DevDynamicsClient } from "../../lib/devdynamics";
import { Sandbox, startSandbox } from "../../lib/sandbox";
import { AcceptanceSteps } from "../support/acceptance";
import { installDevDynamicsProvider, providerWorkspace, seededSecrets } from "../support/provider";
import { rawBitbucket } from "../support/sandbox";
import { SINGLE_REPOSITORY_HOOK_CONFIG } from "./fixtures/configurations";

/**
 * The single-hook resource `devdynamics_bitbucket_repository_webhook`, one instance per repository, in plain HCL
 * through the real terraform against the sandbox: the whole life of a connection and its webhooks, with Bitbucket
 * request counts read from the sandbox's log.
 */

const SLUGS = ["api-gateway", "auth-service", "billing"];
const HOOKS_ROUTE = "/2.0/repositories/{workspace}/{repo_slug}/hooks";
const hookAddress = (slug: string) => `devdynamics_bitbucket_repository_webhook.repo["${slug}"]`;
const rotation = (value: number) => ["-var", `rotation=${value}`];

describe("devdynamics provider: a repository webhook per repository", () => {
  let sandbox: Sandbox;
  let steps: AcceptanceSteps;
  let devdynamics: DevDynamicsClient;

  const log = () => sandbox.bitbucket.server.log;
  const hooksOf = (repository: string) =>
    sandbox.bitbucket.state.workspace("acme")!.hooks.filter((h) => h.repository === repository);
  const integration = () => sandbox.devdynamics.integrations().find((i) => i.workspace === "acme")!;
  const webhookUrl = () => `${sandbox.devdynamics.url}/v1/webhooks/bitbucket/${integration().id}`;
  const secretRevisions = async () =>
    Promise.all(SLUGS.map(async (slug) => (await steps.valuesOf(hookAddress(slug))).secret_revision));
  /** A push to a repository, delivered by its hook; true when DevDynamics accepted the signature. */
  const pushDelivered = async (repository: string) => {
    const [delivery] = await sandbox.bitbucket.simulateEvent({ workspace: "acme", repository, event: "repo:push" });
    return delivery.delivered;
  };

  beforeAll(async () => {
    sandbox = await startSandbox();
    const { cliConfig } = await installDevDynamicsProvider();
    steps = await new AcceptanceSteps(providerWorkspace(sandbox, cliConfig, "owner-api-token")).configure(
      SINGLE_REPOSITORY_HOOK_CONFIG,
    );
    devdynamics = new DevDynamicsClient({ apiUrl: sandbox.devdynamics.url, apiKey: sandbox.devdynamics.apiKeys()[0] });
  });
  afterAll(() => sandbox.stop());

  it("first apply: connection, one signed webhook per selected repository, 1 list + 1 POST per repository", async () => {
    log().clear();
    await steps.apply([], () => {
      // Create lists the repository's hooks first (to adopt one a crash left), then POSTs.
      expect(log().byRoute({ route: HOOKS_ROUTE })).toEqual({ [`GET ${HOOKS_ROUTE}`]: 3, [`POST ${HOOKS_ROUTE}`]: 3 });
    });
    const connected = integration();
    expect(connected.status).toBe("connected");
    expect(connected.repositories).toEqual({ mode: "selected", slugs: SLUGS });
    for (const slug of SLUGS) {
      expect(hooksOf(slug)).toEqual([
        expect.objectContaining({ url: webhookUrl(), active: true, skipCertVerification: false }),
      ]);
      expect(hooksOf(slug)[0].secret).toBe(connected.webhookSecret);
    }
    expect(hooksOf("infra-terraform")).toHaveLength(0);
    expect(await secretRevisions()).toEqual([0, 0, 0]);

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
    await steps.expectNoChanges();
    expect(log().byRoute()).toEqual({
      "GET /2.0/user/workspaces/{workspace}/permission": 1,
      "GET /2.0/repositories/{workspace}": 1,
      [`GET ${HOOKS_ROUTE}`]: 3,
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

    const drift = await steps.expectChanges();
    expect(drift).toContain(`${hookAddress("api-gateway")} will be created`);
    expect(drift).toContain(`${hookAddress("auth-service")} will be updated in-place`);
    await steps.apply();
    expect(hooksOf("api-gateway")).toHaveLength(1);
    expect(hooksOf("auth-service")).toEqual([
      expect.objectContaining({ uuid: edited.uuid, description: "DevDynamics", active: true }),
    ]);
    expect(hooksOf("auth-service")[0].events).toContain("pullrequest:fulfilled");
    expect(hooksOf("auth-service")[0].secret).toBe(integration().webhookSecret);
  });

  it("rotating the webhook secret updates every hook in the same apply, and deliveries verify with the new secret", async () => {
    const before = SLUGS.map((slug) => hooksOf(slug)[0].uuid);
    const oldSecret = integration().webhookSecret;
    const revisions = await secretRevisions();
    const planned = await steps.expectChanges(rotation(2));
    expect(planned).toMatch(/Plan: 0 to add, 4 to change, 0 to destroy/);
    sandbox.devdynamics.server.log.clear();
    await steps.apply(rotation(2), () => {
      // A rotation changes nothing DevDynamics verifies, so it spends no Bitbucket requests on verifying.
      expect(sandbox.devdynamics.server.log.byRoute({ writesOnly: true })).toEqual({
        "POST /v1/integrations/bitbucket/{id}/webhook-secret/rotate": 1,
      });
    });
    expect(integration().webhookSecret).not.toBe(oldSecret);
    expect(integration().webhookSecretRevision).toBe(2);
    expect(SLUGS.map((slug) => hooksOf(slug)[0].uuid)).toEqual(before);
    for (const slug of SLUGS) expect(hooksOf(slug)[0].secret).toBe(integration().webhookSecret);
    expect(await secretRevisions()).toEqual(revisions.map((r) => Number(r) + 1));
    expect(await pushDelivered("api-gateway")).toBe(true);
  });

  it("notices a secret rotated outside Terraform at the next plan, and sends it to every hook", async () => {
    const revisions = await secretRevisions();
    const rotated = await devdynamics.rotateWebhookSecret(integration().id);
    // Until the hooks have it, DevDynamics refuses their deliveries.
    expect(await pushDelivered("billing")).toBe(false);

    const planned = await steps.expectChanges(rotation(2));
    expect(planned).toMatch(/Plan: 0 to add, 3 to change, 0 to destroy/);
    expect(planned).not.toContain("devdynamics_bitbucket_connection.acme will be updated");
    await steps.apply(rotation(2));
    for (const slug of SLUGS) expect(hooksOf(slug)[0].secret).toBe(rotated);
    expect(await secretRevisions()).toEqual(revisions.map((r) => Number(r) + 1));
    expect(await pushDelivered("billing")).toBe(true);
  });

  it("imports a webhook and the connection into the state apply made; an imported hook gets the secret once", async () => {
    const hook = hooksOf("billing")[0].uuid;
    const bad = await steps.expectFailure(["import", "-input=false", "-no-color", hookAddress("billing"), hook]);
    expect(bad.output.replace(/\s+/g, " ")).toMatch(/Expected <workspace>\/<repository>\/\{<hook uuid>\}/);
    // What an import cannot know: how many secrets were sent (the next apply sends the secret once and counts it).
    await steps.importVerifies(hookAddress("billing"), `acme/billing/${hook}`, ["secret_revision"]);
    const applied = await steps.valuesOf("devdynamics_bitbucket_connection.acme");
    const imported = await steps.importVerifies("devdynamics_bitbucket_connection.acme", integration().id, [
      "webhook_secret_rotation", // configuration only: DevDynamics does not know it
      "repositories", // DevDynamics knows the slugs (compared below), not the map's values (the discovery's UUIDs)
    ]);
    expect(Object.keys(imported.repositories as object).sort()).toEqual(
      Object.keys(applied.repositories as object).sort(),
    );

    // The same import in this state: with no record of the secret sent, the next apply sends it, 1 PUT, no rotation.
    const rotations = integration().webhookSecretRevision;
    await steps.ws.okAsync(["state", "rm", hookAddress("billing")]);
    await steps.ws.okAsync([
      "import",
      "-input=false",
      "-no-color",
      ...rotation(2),
      hookAddress("billing"),
      `acme/billing/${hook}`,
    ]);
    const planned = await steps.expectChanges(rotation(2));
    expect(planned).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy/);
    log().clear();
    await steps.apply(rotation(2), () => {
      expect(log().byRoute({ writesOnly: true })).toEqual({
        "PUT /2.0/repositories/{workspace}/{repo_slug}/hooks/{uid}": 1,
      });
    });
    expect(integration().webhookSecretRevision).toBe(rotations);
    expect(hooksOf("billing")).toEqual([expect.objectContaining({ uuid: hook, secret: integration().webhookSecret })]);
  });

  it("keeps every credential and the webhook secret out of the saved plan, the state and a trace log", async () => {
    const previous = integration().webhookSecret;
    const trace = join(steps.ws.dir, "trace.log");
    Object.assign(steps.ws.env, { TF_LOG: "trace", TF_LOG_PATH: trace });
    try {
      await steps.savePlan("tfplan", rotation(3));
      await steps.applySaved("tfplan", rotation(3));
    } finally {
      Object.assign(steps.ws.env, { TF_LOG: "", TF_LOG_PATH: "" });
    }
    const artifacts = {
      plan: await steps.ws.okAsync(["show", "-json", "tfplan"]),
      state: steps.ws.read("terraform.tfstate"),
      backup: steps.ws.read("terraform.tfstate.backup"),
      trace: readFileSync(trace, "utf8"),
    };
    expect(artifacts.trace.length).toBeGreaterThan(10_000);
    const current = integration().webhookSecret;
    expect(current).not.toBe(previous);
    for (const secret of [...seededSecrets(sandbox), previous, current])
      for (const form of [secret, Buffer.from(secret).toString("base64"), sha256(secret)])
        for (const [artifact, text] of Object.entries(artifacts))
          expect({ artifact, leak: text.includes(form) }).toEqual({ artifact, leak: false });
  });

  it("destroy leaves no hooks and no connection", async () => {
    log().clear();
    await steps.destroy();
    expect(sandbox.bitbucket.state.workspace("acme")!.hooks).toEqual([]);
    expect(sandbox.devdynamics.integrations()).toEqual([]);
    expect(log().byRoute({ writesOnly: true })).toEqual({
      "DELETE /2.0/repositories/{workspace}/{repo_slug}/hooks/{uid}": 3,
    });
  });
});

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
