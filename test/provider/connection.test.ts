import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CredentialInput, DevDynamicsClient } from "../../lib/devdynamics";
import { Sandbox, startSandbox } from "../../lib/sandbox";
import { credentialEnvironment } from "../../lib/sandbox/environment";
import { AcceptanceSteps } from "../support/acceptance";
import { installDevDynamicsProvider, PROVIDER_REQUIREMENT, providerWorkspace } from "../support/provider";

/** A connection alone, with the provider's credential; `-var repositories={…}` selects repositories (default: all). */
const CONNECTION_ONLY = `${PROVIDER_REQUIREMENT}
variable "repositories" {
  type    = map(string)
  default = null
}
resource "devdynamics_bitbucket_connection" "acme" {
  workspace    = "acme"
  repositories = var.repositories
}
`;
const ADDRESS = "devdynamics_bitbucket_connection.acme";
/** The selection as a literal map keyed by slug, each value `value(slug)` (the provider does not use the values). */
const slugs = (...selected: string[]) => slugsValued(() => "", ...selected);
const slugsValued = (value: (slug: string) => string, ...selected: string[]) => [
  "-var",
  `repositories=${JSON.stringify(Object.fromEntries(selected.map((slug) => [slug, value(slug)])))}`,
];

/**
 * The connection's own behaviour: plan-time checks against Bitbucket, credential drift, adoption after a crash,
 * conflicts, verification problems at create and update, import, and the upgrades of states written by schemas v0
 * and v1.
 */
describe("devdynamics provider: the DevDynamics connection", () => {
  let sandbox: Sandbox;
  let cliConfig: string;
  let devdynamics: DevDynamicsClient;
  const integrations = () => sandbox.devdynamics.integrations();
  const members = () => sandbox.bitbucket.state.workspace("acme")!.members;
  /** Requests that would change something, in Bitbucket and in DevDynamics. */
  const writes = () => ({
    bitbucket: sandbox.bitbucket.server.log.count({ writesOnly: true }),
    devdynamics: sandbox.devdynamics.server.log.count({ writesOnly: true }),
  });
  const clearLogs = () => {
    sandbox.bitbucket.server.log.clear();
    sandbox.devdynamics.server.log.clear();
  };

  beforeAll(async () => {
    sandbox = await startSandbox();
    ({ cliConfig } = await installDevDynamicsProvider());
    devdynamics = new DevDynamicsClient({ apiUrl: sandbox.devdynamics.url, apiKey: sandbox.devdynamics.apiKeys()[0] });
  });
  afterEach(async () => {
    members().set("sam", "owner");
    for (const i of integrations()) await devdynamics.deleteIntegration(i.id);
  });
  afterAll(() => sandbox.stop());

  function stepsFor(config = CONNECTION_ONLY, credentialId = "owner-api-token"): Promise<AcceptanceSteps> {
    return new AcceptanceSteps(providerWorkspace(sandbox, cliConfig, credentialId)).configure(config);
  }

  /** The API token of a seeded credential, as the provider would send it to DevDynamics. */
  const apiToken = (id: string): CredentialInput => ({
    kind: "api_token",
    username: credentialEnvironment(sandbox, id).BITBUCKET_EMAIL,
    secret: credentialEnvironment(sandbox, id).BITBUCKET_API_TOKEN,
  });

  /** Terraform's error output on one line. */
  const oneLine = (text: string) => text.replace(/\s+/g, " ");

  it("with a credential of its own and none for the provider, checks that credential and its repositories at plan, and applies", async () => {
    const owner = credentialEnvironment(sandbox, "owner-api-token");
    const ws = providerWorkspace(sandbox, cliConfig, "owner-api-token", {
      BITBUCKET_EMAIL: "",
      BITBUCKET_API_TOKEN: "",
      TF_VAR_token: owner.BITBUCKET_API_TOKEN,
    });
    const steps = await new AcceptanceSteps(ws).configure(`${PROVIDER_REQUIREMENT}
variable "token" {
  type      = string
  sensitive = true
  ephemeral = true
}
resource "devdynamics_bitbucket_connection" "acme" {
  workspace            = "acme"
  repositories         = { "api-gateway" = "", "billing" = "" }
  credential_kind      = "api_token"
  credential_username  = "${owner.BITBUCKET_EMAIL}"
  credential_secret_wo = var.token
}
`);
    clearLogs();
    await steps.expectChanges();
    expect(sandbox.bitbucket.server.log.byRoute()).toEqual({
      "GET /2.0/user/workspaces/{workspace}/permission": 1,
      "GET /2.0/repositories/{workspace}": 1,
    });
    await steps.apply();
    expect(integrations()[0].credential.secret).toBe(owner.BITBUCKET_API_TOKEN);
  });

  it("checks a new connection's credential and repositories at plan (2 reads), and a steady plan sends Bitbucket nothing", async () => {
    const steps = await stepsFor();
    clearLogs();
    await steps.expectChanges(slugs("api-gateway", "billing"));
    expect(sandbox.bitbucket.server.log.byRoute()).toEqual({
      "GET /2.0/user/workspaces/{workspace}/permission": 1,
      "GET /2.0/repositories/{workspace}": 1,
    });
    expect(sandbox.devdynamics.server.log.count()).toBe(0);

    await steps.apply(slugs("api-gateway", "billing"));
    expect(integrations()).toEqual([
      expect.objectContaining({
        status: "connected",
        repositories: { mode: "selected", slugs: ["api-gateway", "billing"] },
      }),
    ]);
    clearLogs();
    await steps.expectNoChanges(slugs("api-gateway", "billing"));
    expect(sandbox.bitbucket.server.log.count()).toBe(0);
  });

  it.each([
    {
      what: "a repository that does not exist",
      credential: "owner-api-token",
      vars: slugs("billing", "no-such-repo"),
      message:
        /Connection to DevDynamics cannot work: repository not found .* Repository no-such-repo does not exist in workspace acme, or the credential cannot see it\. Fix: Check the slugs in repositories against/,
    },
    {
      what: "a credential without a scope",
      credential: "api-token-missing-read-pullrequest",
      vars: [],
      message:
        /Connection to DevDynamics cannot work: missing scope .* lacks the scope read:pullrequest:bitbucket\. Fix: .*id\.atlassian\.com/,
    },
    {
      what: "a member instead of the owner",
      credential: "member-api-token",
      vars: [],
      message:
        /Connection to DevDynamics cannot work: not workspace owner .* is member, not owner, of workspace acme.* Fix: Use the credential of a workspace owner/,
    },
  ])("$what fails the plan of a new connection, with 0 writes", async ({ credential, vars, message }) => {
    const steps = await stepsFor(CONNECTION_ONLY, credential);
    clearLogs();
    const failed = await steps.expectFailure(["plan", "-input=false", "-no-color", ...vars]);
    expect(oneLine(failed.output)).toMatch(message);
    expect(writes()).toEqual({ bitbucket: 0, devdynamics: 0 });
    expect(integrations()).toEqual([]);
  });

  it("checks a changed selection at plan too: a repository that does not exist fails it, nothing written", async () => {
    const steps = await stepsFor();
    await steps.apply(slugs("billing"));
    clearLogs();
    const failed = await steps.expectFailure([
      "plan",
      "-input=false",
      "-no-color",
      ...slugs("billing", "no-such-repo"),
    ]);
    expect(oneLine(failed.output)).toMatch(/Repository no-such-repo does not exist in workspace acme/);
    expect(writes()).toEqual({ bitbucket: 0, devdynamics: 0 });
    expect(integrations()[0].repositories).toEqual({ mode: "selected", slugs: ["billing"] });
  });

  it("a credential replaced outside Terraform shows as drift of its salted fingerprint and is put back", async () => {
    const steps = await stepsFor();
    await steps.apply();
    const [created] = integrations();
    expect((await steps.valuesOf(ADDRESS)).credential_fingerprint).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    await devdynamics.updateIntegration(created.id, { credential: apiToken("admin-api-token") });

    const drift = await steps.expectChanges();
    // DevDynamics salts a new credential's fingerprint anew, so the one it will report is known after apply.
    expect(drift).toMatch(/~ credential_fingerprint\s+= "hmac-sha256:[0-9a-f]{64}" -> \(known after apply\)/);
    expect(drift).toMatch(/~ credential_username\s+= "alex[^"]*" -> "sam\.rivera@acme\.example"/);
    await steps.apply();
    expect(integrations()[0].credential.secret).toBe(apiToken("owner-api-token").secret);
    expect(integrations()[0].status).toBe("connected");
  });

  it("a wrong DevDynamics API URL path neither drops the connection from state at refresh nor at destroy", async () => {
    const steps = await stepsFor();
    await steps.apply();
    const [created] = integrations();
    const url = steps.ws.env.DEVDYNAMICS_API_URL;
    steps.ws.env.DEVDYNAMICS_API_URL = `${sandbox.devdynamics.url}/api`;
    for (const command of ["apply -refresh-only", "destroy"]) {
      const { output } = await steps.expectFailure([
        ...command.split(" "),
        "-auto-approve",
        "-input=false",
        "-no-color",
      ]);
      expect(oneLine(output)).toMatch(
        /DevDynamics answered GET \/v1\/me with 404 .* Fix: Check that devdynamics_api_url \(DEVDYNAMICS_API_URL\) names the DevDynamics API/,
      );
    }
    steps.ws.env.DEVDYNAMICS_API_URL = url;
    expect((await steps.valuesOf(ADDRESS)).id).toBe(created.id);
    await steps.expectNoChanges();
    expect(integrations().map((i) => i.id)).toEqual([created.id]);
  });

  it("adopts the integration an interrupted apply left behind (same credential), keeping its webhook secret", async () => {
    const left = await devdynamics.createIntegration({
      workspace: "acme",
      credential: apiToken("owner-api-token"),
      repositories: { mode: "all" },
    });
    const steps = await stepsFor();
    await steps.apply();
    expect(integrations().map((i) => i.id)).toEqual([left.integration.id]);
    // The secret is readable now (devdynamics_bitbucket_webhook_secret), so adopting it rotates nothing.
    expect(integrations()[0]).toMatchObject({ webhookSecret: left.webhookSecret, webhookSecretRevision: 1 });
    expect(await steps.valuesOf(ADDRESS)).toMatchObject({
      id: left.integration.id,
      status: "connected",
      webhook_secret_revision: 1,
    });
  });

  it("refuses someone else's integration for the workspace and prints the import command", async () => {
    const other = await devdynamics.createIntegration({
      workspace: "acme",
      credential: apiToken("admin-api-token"),
      repositories: { mode: "all" },
    });
    const steps = await stepsFor();
    const failed = await steps.expectFailure(["apply", "-auto-approve", "-input=false", "-no-color"]);
    const text = oneLine(failed.stderr);
    expect(text).toMatch(/Workspace acme is already connected to DevDynamics/);
    expect(text).toContain(`terraform import devdynamics_bitbucket_connection.<name> ${other.integration.id}`);
    expect(integrations()).toEqual([expect.objectContaining({ id: other.integration.id })]);
    expect(await steps.ws.okAsync(["state", "list"])).toBe("");
  });

  /**
   * A connection whose API token is another resource's output, unknown until applied: `credential(id)` gives a
   * seeded credential's variables.
   */
  const CREDENTIAL_KNOWN_AT_APPLY = `${PROVIDER_REQUIREMENT}
variable "username" {
  type = string
}
variable "token" {
  type      = string
  sensitive = true
}
resource "terraform_data" "token" {
  input = var.token
}
resource "devdynamics_bitbucket_connection" "acme" {
  workspace            = "acme"
  credential_kind      = "api_token"
  credential_username  = var.username
  credential_secret_wo = terraform_data.token.output
}
`;
  const credential = (id: string) => [
    ...["-var", `username=${apiToken(id).username}`],
    ...["-var", `token=${apiToken(id).secret}`],
  ];
  const APPLY = ["apply", "-auto-approve", "-input=false", "-no-color"];

  it("a credential unknown at plan is checked by apply's own plan, before anything is written", async () => {
    const steps = await stepsFor(CREDENTIAL_KNOWN_AT_APPLY);
    const plan = await steps.expectChanges(credential("member-api-token"));
    expect(plan).toMatch(/credential_kind\s+= "api_token"/);
    clearLogs();
    const failed = await steps.expectFailure([...APPLY, ...credential("member-api-token")]);
    expect(oneLine(failed.stderr)).toMatch(/Connection to DevDynamics cannot work: not workspace owner .* Fix: /);
    expect(writes()).toEqual({ bitbucket: 0, devdynamics: 0 });
    expect(integrations()).toEqual([]);
  });

  it("a change in Bitbucket between plan and apply is caught by apply's own plan, before anything is written", async () => {
    const steps = await stepsFor();
    await steps.savePlan("tfplan");
    members().set("sam", "member");
    clearLogs();
    const failed = await steps.expectFailure(["apply", "-input=false", "-no-color", "tfplan"]);
    expect(oneLine(failed.stderr)).toMatch(/Connection to DevDynamics cannot work: not workspace owner .* Fix: /);
    expect(writes()).toEqual({ bitbucket: 0, devdynamics: 0 });
    expect(integrations()).toEqual([]);
  });

  describe("what only DevDynamics' verification sees: a workspace without repositories, for all of them", () => {
    const repositories = () => sandbox.bitbucket.state.workspace("acme")!.repositories;
    let seeded: Map<string, unknown>;
    beforeEach(() => {
      seeded = new Map(repositories());
    });
    afterEach(() => {
      for (const [slug, repository] of seeded) repositories().set(slug, repository as never);
    });
    const emptyWorkspace = () => repositories().clear();

    it("failing at create, it leaves no integration in DevDynamics and nothing in state", async () => {
      const steps = await stepsFor();
      emptyWorkspace();
      clearLogs();
      const failed = await steps.expectFailure(APPLY);
      expect(oneLine(failed.stderr)).toMatch(
        /DevDynamics cannot read workspace acme: no repositories \(the connection was not kept\) .* Fix: /,
      );
      expect(integrations()).toEqual([]);
      expect(sandbox.devdynamics.server.log.byRoute({ writesOnly: true })).toEqual({
        "DELETE /v1/integrations/bitbucket/{id}": 1,
        "POST /v1/integrations/bitbucket": 1,
        "POST /v1/integrations/bitbucket/{id}/verify": 1,
      });
      expect(await steps.ws.okAsync(["state", "list"])).toBe("");
    });

    it("failing at an update, it is reported as an error and the connection stays in state", async () => {
      const steps = await stepsFor();
      await steps.apply(slugs("billing"));
      const [connected] = integrations();
      emptyWorkspace();
      const failed = await steps.expectFailure(APPLY);
      expect(oneLine(failed.stderr)).toMatch(/DevDynamics cannot read workspace acme: no repositories .* Fix: /);
      expect(oneLine(failed.stderr)).not.toMatch(/not kept/);
      expect(integrations()).toEqual([
        expect.objectContaining({ id: connected.id, repositories: { mode: "all" }, status: "missing_permissions" }),
      ]);
      expect(await steps.valuesOf(ADDRESS)).toMatchObject({
        id: connected.id,
        repositories: null,
        status: "missing_permissions",
        problems: [expect.objectContaining({ code: "no_repositories" })],
      });
    });
  });

  it("imports by id into the same state apply made; a malformed id is refused naming the form", async () => {
    const steps = await stepsFor();
    await steps.apply(slugs("api-gateway", "billing"));
    const bad = await steps.expectFailure([
      "import",
      "-input=false",
      "-no-color",
      ...slugs("billing"),
      ADDRESS,
      "acme",
    ]);
    expect(oneLine(bad.output)).toMatch(/Expected a connection id such as bbi_01j9…, got "acme"/);
    // Nothing to ignore: the configuration sets no webhook_secret_rotation (the one attribute DevDynamics does not
    // know), and the credential secret is write-only, null in both states.
    await steps.importVerifies(ADDRESS, integrations()[0].id, []);
  });

  /** The selection of the connections that the upgrade tests find in a state written by an older schema. */
  const SELECTED = { mode: "selected", slugs: ["api-gateway", "billing"] } as const;

  /**
   * A connection of SELECTED made in DevDynamics, in a state that schema `version` wrote: what every version stored
   * (the repositories a list of slugs), and `own` what only that version did.
   */
  async function connectionStoredBy(
    version: 0 | 1,
    own: (created: { webhookSecret: string }) => Record<string, unknown>,
  ) {
    const owner = apiToken("owner-api-token");
    const created = await devdynamics.createIntegration({
      workspace: "acme",
      credential: owner,
      repositories: SELECTED,
    });
    const verified = await devdynamics.verifyIntegration(created.integration.id);
    const steps = await stepsFor();
    steps.ws.write({
      "terraform.tfstate": JSON.stringify(
        stateWrittenBy(version, {
          id: created.integration.id,
          workspace: "acme",
          repository_slugs: [...SELECTED.slugs],
          credential_kind: "api_token",
          credential_username: owner.username,
          credential_secret_wo: null,
          credential_fingerprint: verified.credential.fingerprint,
          webhook_secret_rotation: null,
          status: verified.status,
          problems: [],
          webhook_url: created.integration.webhook.url,
          ...own(created),
        }),
      ),
    });
    return { steps, ...created };
  }

  it("upgrades a state written by schema v0 (secret in state, slugs a set): nothing to change, the secret gone", async () => {
    const { steps, integration, webhookSecret } = await connectionStoredBy(0, ({ webhookSecret }) => ({
      // v0 fingerprints were a bare SHA-256 of the secret.
      credential_fingerprint: `sha256:${createHash("sha256").update(apiToken("owner-api-token").secret).digest("hex")}`,
      webhook_secret: webhookSecret,
    }));

    // The refresh after the upgrade fills in what v1 kept instead (the salted fingerprint, the secret's revision).
    await steps.expectNoChanges(slugs("api-gateway", "billing"));
    await steps.apply(slugs("api-gateway", "billing"));
    const saved = readFileSync(join(steps.ws.dir, "terraform.tfstate"), "utf8");
    expect(saved).not.toContain(webhookSecret);
    const instance = onlyInstance(saved);
    expect(instance.schema_version).toBe(2);
    expect(instance.attributes).not.toHaveProperty("webhook_secret");
    expect(instance.attributes).not.toHaveProperty("repository_slugs");
    expect(instance.attributes).toMatchObject({
      id: integration.id,
      repositories: { "api-gateway": "", billing: "" },
      credential_fingerprint: expect.stringMatching(/^hmac-sha256:/),
      webhook_secret_revision: 1,
    });
    expect(integrations()).toEqual([expect.objectContaining({ id: integration.id, webhookSecret })]);
  });

  it("upgrades a state written by schema v1 (slugs a list) to a map keyed by the same slugs: DevDynamics sees no change", async () => {
    const { steps, integration, webhookSecret } = await connectionStoredBy(1, () => ({ webhook_secret_revision: 1 }));

    // The upgrade keys the map by the same slugs, each with an empty value: the literal map plans nothing.
    await steps.expectNoChanges(slugs("api-gateway", "billing"));
    // The discovery's map (slug → UUID) only rewrites the values in state: DevDynamics gets no PATCH.
    const uuidOf = (slug: string) => sandbox.bitbucket.state.workspace("acme")!.repositories.get(slug)!.uuid;
    const discovered = slugsValued(uuidOf, "api-gateway", "billing");
    const plan = await steps.expectChanges(discovered);
    expect(plan).toMatch(/~ repositories\s+= \{/);
    expect(plan).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy\./);
    clearLogs();
    await steps.apply(discovered, () =>
      expect(sandbox.devdynamics.server.log.byRoute({ writesOnly: true })).toEqual({}),
    );

    const instance = onlyInstance(readFileSync(join(steps.ws.dir, "terraform.tfstate"), "utf8"));
    expect(instance.schema_version).toBe(2);
    expect(instance.attributes).not.toHaveProperty("repository_slugs");
    expect(instance.attributes.repositories).toEqual({
      "api-gateway": uuidOf("api-gateway"),
      billing: uuidOf("billing"),
    });
    expect(integrations()).toEqual([
      expect.objectContaining({
        id: integration.id,
        repositories: SELECTED,
        webhookSecret,
        webhookSecretRevision: 1,
        status: "connected",
      }),
    ]);
  });
});

interface StateFile {
  resources: { instances: { schema_version: number; attributes: Record<string, unknown> }[] }[];
}

/** The one resource instance of a state file. */
function onlyInstance(saved: string) {
  const [instance] = (JSON.parse(saved) as StateFile).resources[0].instances;
  return instance;
}

/**
 * A state file as Terraform wrote it for the connection of schema `version`; v0 kept the webhook secret in state,
 * marked sensitive.
 */
function stateWrittenBy(version: 0 | 1, attributes: Record<string, unknown>) {
  return {
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    lineage: randomUUID(),
    outputs: {},
    resources: [
      {
        mode: "managed",
        type: "devdynamics_bitbucket_connection",
        name: "acme",
        provider: 'provider["registry.terraform.io/devdynamics/devdynamics"]',
        instances: [
          {
            schema_version: version,
            attributes,
            sensitive_attributes: version === 0 ? [[{ type: "get_attr", value: "webhook_secret" }]] : [],
          },
        ],
      },
    ],
    check_results: null,
  };
}
