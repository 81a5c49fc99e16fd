import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Testing, TerraformStack, TerraformVariable } from "../../lib/constructs/framework";
import {
  BitbucketCredentials,
  LocalProvider,
  DevDynamicsBitbucketIntegration,
  DevDynamicsBitbucketIntegrationProps,
  RepositorySelection,
  SecretValue,
  WebhookMode,
  WebhookSubject,
} from "../../lib/constructs";
import { DEVDYNAMICS_HOOK_EVENTS } from "../../lib/bitbucket";
import { dirhashH1 } from "../../lib/tfplugin/packaging";

type Synthesized = {
  provider: { devdynamics: Record<string, unknown>[] };
  ephemeral?: Record<string, Record<string, Record<string, unknown>>>;
  data: Record<string, Record<string, Record<string, unknown>>>;
  resource: Record<string, Record<string, Record<string, unknown>>>;
  variable?: Record<string, Record<string, unknown>>;
  output: Record<string, { value: unknown }>;
};

const API_TOKEN = BitbucketCredentials.apiToken("ci@acme.example");

function synth(props: Partial<DevDynamicsBitbucketIntegrationProps> = {}): Synthesized {
  const stack = new TerraformStack(Testing.app(), "stack");
  new DevDynamicsBitbucketIntegration(stack, "acme", { workspace: "acme", credential: API_TOKEN, ...props });
  return JSON.parse(Testing.synth(stack, true)) as Synthesized;
}

/** The validation messages of an integration with these props (none when it is valid). */
function problems(props: Partial<DevDynamicsBitbucketIntegrationProps>): string[] {
  const stack = new TerraformStack(new App(), "stack");
  const integration = new DevDynamicsBitbucketIntegration(stack, "acme", {
    workspace: "acme",
    credential: API_TOKEN,
    ...props,
  });
  return integration.node.validate();
}

const only = <T>(record: Record<string, T> | undefined): T => {
  const values = Object.values(record ?? {});
  expect(values).toHaveLength(1);
  return values[0];
};

describe("DevDynamicsBitbucketIntegration: defaults", () => {
  const json = synth();

  it("checks the credential, then connects every repository, then installs one workspace webhook", () => {
    const check = only(json.data.devdynamics_bitbucket_credentials);
    expect(check).toMatchObject({ workspace: "acme", webhook_subject: "workspace" });
    const connection = only(json.resource.devdynamics_bitbucket_connection);
    expect(connection.repositories).toBeUndefined();
    expect(connection.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^data\.devdynamics_bitbucket_credentials\./)]),
    );
    const hook = only(json.resource.devdynamics_bitbucket_workspace_webhook);
    expect(hook.url).toMatch(/\$\{devdynamics_bitbucket_connection\.[\w-]+\.webhook_url\}/);
    // The signing secret is read by the ephemeral resource when Terraform needs it, never kept in state.
    const [secretId, secret] = Object.entries(json.ephemeral?.devdynamics_bitbucket_webhook_secret ?? {})[0];
    expect(hook.secret_wo).toBe(`\${ephemeral.devdynamics_bitbucket_webhook_secret.${secretId}.secret}`);
    expect(secret).toEqual({
      provider: connection.provider,
      connection_id: expect.stringMatching(/^\$\{devdynamics_bitbucket_connection\.[\w-]+\.id\}$/),
      // A plan that rotates the secret leaves the revision unknown, so the secret is read after the rotation.
      revision: expect.stringMatching(/^\$\{devdynamics_bitbucket_connection\.[\w-]+\.webhook_secret_revision\}$/),
    });
    expect(hook.events).toEqual([...DEVDYNAMICS_HOOK_EVENTS]);
    expect(hook.depends_on).toEqual([expect.stringMatching(/^devdynamics_bitbucket_connection\./)]);
    expect(json.data.devdynamics_bitbucket_repositories).toBeUndefined();
    expect(json.resource.devdynamics_bitbucket_repository_webhooks).toBeUndefined();
  });

  it("gives the integration its own provider configuration, with the email but no secret", () => {
    const [provider] = json.provider.devdynamics;
    expect(provider).toEqual({ alias: expect.any(String), bitbucket_email: "ci@acme.example" });
    expect(only(json.resource.devdynamics_bitbucket_connection).provider).toBe(`devdynamics.${provider.alias}`);
  });

  it("outputs the connection id, the webhook ids and the repositories covered", () => {
    const values = Object.values(json.output).map((o) => JSON.stringify(o.value));
    expect(values).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/devdynamics_bitbucket_connection\.[\w-]+\.id/),
        expect.stringMatching(/devdynamics_bitbucket_workspace_webhook\.[\w-]+\.id/),
        '"all"',
      ]),
    );
  });
});

describe("DevDynamicsBitbucketIntegration: props", () => {
  it("per-repository mode gives the discovered repositories to one webhooks resource at plan time", () => {
    const json = synth({
      webhookMode: WebhookMode.PER_REPOSITORY,
      repositories: RepositorySelection.matching({
        projectKeys: ["PLAT"],
        namePatterns: ["api-*"],
        exclude: ["*-old"],
      }),
    });
    const discovery = only(json.data.devdynamics_bitbucket_repositories);
    expect(discovery).toMatchObject({ project_keys: ["PLAT"], name_patterns: ["api-*"], exclude: ["*-old"] });
    // One resource for every repository, not a for_each, keyed by slug: Terraform plans a map of thousands in linear
    // time (a list in quadratic time).
    const discovered = /^\$\{data\.devdynamics_bitbucket_repositories\.[\w-]+\.repository_uuids\}$/;
    const hooks = only(json.resource.devdynamics_bitbucket_repository_webhooks);
    expect(hooks.repositories).toMatch(discovered);
    expect(hooks.for_each).toBeUndefined();
    expect(hooks.secret_wo).toMatch(/^\$\{ephemeral\.devdynamics_bitbucket_webhook_secret\.[\w-]+\.secret\}$/);
    expect(json.resource.devdynamics_bitbucket_repository_webhook).toBeUndefined();
    expect(only(json.data.devdynamics_bitbucket_credentials).webhook_subject).toBe("repository");
    expect(only(json.resource.devdynamics_bitbucket_connection).repositories).toMatch(discovered);
    const outputs = Object.values(json.output).map((o) => o.value);
    expect(outputs).toContainEqual(expect.stringMatching(discovered));
  });

  it("an explicit list of slugs needs no discovery", () => {
    const json = synth({
      webhookMode: WebhookMode.PER_REPOSITORY,
      repositories: RepositorySelection.slugs(["api", "web"]),
    });
    expect(json.data.devdynamics_bitbucket_repositories).toBeUndefined();
    // Keyed by slug like the discovery's map; each slug is its own value.
    const keyed = { api: "api", web: "web" };
    expect(only(json.resource.devdynamics_bitbucket_connection).repositories).toEqual(keyed);
    expect(only(json.resource.devdynamics_bitbucket_repository_webhooks).repositories).toEqual(keyed);
  });

  it("projects() filters by project in workspace mode too, and says every repository's events are still sent", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const integration = new DevDynamicsBitbucketIntegration(stack, "acme", {
      workspace: "acme",
      credential: API_TOKEN,
      repositories: RepositorySelection.projects(["PLAT"]),
    });
    expect(integration.node.metadata.map((m) => [m.type, m.data])).toEqual([
      ["@cdktf/info", expect.stringMatching(/workspace webhook sends every repository's events/)],
    ]);
  });

  it("secrets from Terraform variables are ephemeral sensitive variables, referenced, never values", () => {
    const json = synth({
      credential: BitbucketCredentials.oauthConsumer(
        "client-id",
        SecretValue.fromTerraformVariable("acme_oauth_secret"),
      ),
      devdynamicsApiUrl: "https://api.devdynamics.example",
      devdynamicsApiKey: SecretValue.fromTerraformVariable("devdynamics_key"),
    });
    // Ephemeral: Terraform keeps their values out of saved plans and state too.
    expect(json.variable).toEqual({
      acme_oauth_secret: expect.objectContaining({ sensitive: true, ephemeral: true, type: "string" }),
      devdynamics_key: expect.objectContaining({ sensitive: true, ephemeral: true, type: "string" }),
    });
    expect(json.provider.devdynamics[0]).toMatchObject({
      bitbucket_oauth_client_id: "client-id",
      bitbucket_oauth_client_secret: "${var.acme_oauth_secret}",
      devdynamics_api_key: "${var.devdynamics_key}",
      devdynamics_api_url: "https://api.devdynamics.example",
    });
  });

  it("access tokens and the environment credential map to the provider's own attributes", () => {
    expect(
      synth({ credential: BitbucketCredentials.accessToken(SecretValue.fromTerraformVariable("t")) }).provider
        .devdynamics[0],
    ).toMatchObject({
      bitbucket_access_token: "${var.t}",
    });
    expect(Object.keys(synth({ credential: BitbucketCredentials.fromEnvironment() }).provider.devdynamics[0])).toEqual([
      "alias",
    ]);
  });

  it("events, description and the rotation trigger reach the resources", () => {
    const json = synth({ events: ["repo:push"], description: "Metrics", webhookSecretRotation: "2026-11" });
    expect(only(json.resource.devdynamics_bitbucket_workspace_webhook)).toMatchObject({
      events: ["repo:push"],
      description: "Metrics",
    });
    expect(only(json.resource.devdynamics_bitbucket_connection).webhook_secret_rotation).toBe("2026-11");
  });

  it("several integrations in one stack get their own providers and share a variable by name", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    for (const workspace of ["acme", "globex"])
      new DevDynamicsBitbucketIntegration(stack, workspace, {
        workspace,
        credential: BitbucketCredentials.accessToken(SecretValue.fromTerraformVariable("shared_token")),
        webhookMode: WebhookMode.PER_REPOSITORY,
      });
    const json = JSON.parse(Testing.synth(stack, true)) as Synthesized;
    expect(new Set(json.provider.devdynamics.map((p) => p.alias)).size).toBe(2);
    expect(Object.keys(json.variable ?? {})).toEqual(["shared_token"]);
    expect(Object.keys(json.resource.devdynamics_bitbucket_connection)).toHaveLength(2);
  });
});

describe("DevDynamicsBitbucketIntegration: deprecated props", () => {
  it("the nested devdynamics settings and webhookMode still work, as the flat props do", () => {
    const deprecated = synth({
      devdynamics: { apiUrl: "https://api.devdynamics.example", apiKey: SecretValue.fromTerraformVariable("key") },
      webhookMode: WebhookMode.PER_REPOSITORY,
    });
    const flat = synth({
      devdynamicsApiUrl: "https://api.devdynamics.example",
      devdynamicsApiKey: SecretValue.fromTerraformVariable("key"),
      webhookSubject: WebhookSubject.REPOSITORY,
    });
    expect(deprecated).toEqual(flat);
    expect(flat.resource.devdynamics_bitbucket_repository_webhooks).toBeDefined();
  });
});

describe("DevDynamicsBitbucketIntegration: Terraform tokens in props", () => {
  function tokenStack() {
    const stack = new TerraformStack(Testing.app(), "stack");
    const text = (name: string) => new TerraformVariable(stack, name, { type: "string" }).stringValue;
    const list = (name: string) => new TerraformVariable(stack, name, { type: "list(string)" }).listValue;
    const integration = new DevDynamicsBitbucketIntegration(stack, "acme", {
      workspace: text("workspace"),
      credential: BitbucketCredentials.apiToken(text("email")),
      repositories: RepositorySelection.slugs(list("slugs")),
      events: list("events"),
      description: text("description"),
      devdynamicsApiUrl: text("devdynamics_url"),
      bitbucketApiUrl: text("bitbucket_url"),
      bitbucketRequestBudget: new TerraformVariable(stack, "budget", { type: "number" }).numberValue,
      webhookSubject: WebhookSubject.REPOSITORY,
    });
    return { stack, integration };
  }

  it("are left to the provider to check at plan, and synthesized as references", () => {
    const { stack, integration } = tokenStack();
    expect(integration.node.validate()).toEqual([]);
    const json = JSON.parse(Testing.synth(stack, true)) as Synthesized;
    expect(only(json.data.devdynamics_bitbucket_credentials).workspace).toBe("${var.workspace}");
    expect(json.provider.devdynamics[0]).toMatchObject({
      bitbucket_email: "${var.email}",
      bitbucket_api_url: "${var.bitbucket_url}",
      devdynamics_api_url: "${var.devdynamics_url}",
      bitbucket_request_budget: "${var.budget}",
    });
    // A list known at plan only becomes the map keyed by slug in Terraform.
    expect(only(json.resource.devdynamics_bitbucket_connection).repositories).toBe("${zipmap(var.slugs, var.slugs)}");
    expect(only(json.resource.devdynamics_bitbucket_repository_webhooks)).toMatchObject({
      repositories: "${zipmap(var.slugs, var.slugs)}",
      events: "${var.events}",
      description: "${var.description}",
    });
  });

  it("and a literal next to a token in a list is still checked", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const event = new TerraformVariable(stack, "event", { type: "string" }).stringValue;
    const integration = new DevDynamicsBitbucketIntegration(stack, "acme", {
      workspace: "acme",
      credential: API_TOKEN,
      events: [event, "pullrequest:merged"],
    });
    expect(integration.node.validate().join("\n")).toMatch(/unknown event key pullrequest:merged/);
  });
});

describe("DevDynamicsBitbucketIntegration: synth-time validation names the fix", () => {
  it("accepts the defaults", () => expect(problems({})).toEqual([]));

  it.each([
    ["a malformed workspace ID", { workspace: "Acme Corp" }, /not a Bitbucket Workspace ID: use the slug/],
    [
      "a username given as the email",
      { credential: BitbucketCredentials.apiToken("sam") },
      /looks like a Bitbucket username, not an email/,
    ],
    ["a malformed email", { credential: BitbucketCredentials.apiToken("sam@acme") }, /not a well-formed email address/],
    ["an unknown event", { events: ["repo:push", "pullrequest:merged"] }, /unknown event key pullrequest:merged/],
    [
      "a workspace-only event per repository",
      { webhookMode: WebhookMode.PER_REPOSITORY, events: ["repo:created"] },
      /only be sent by a workspace webhook/,
    ],
    ["an empty selection", { repositories: RepositorySelection.slugs([]) }, /selection is empty/],
    ["a slug listed twice", { repositories: RepositorySelection.slugs(["api", "api"]) }, /"api" is listed twice/],
    ["a malformed slug", { repositories: RepositorySelection.slugs(["Web App"]) }, /not a repository slug/],
    [
      "an empty selection per repository",
      { webhookMode: WebhookMode.PER_REPOSITORY, repositories: RepositorySelection.projects([]) },
      /no repository webhook would be installed/,
    ],
    ["a malformed project key", { repositories: RepositorySelection.projects(["Platform team"]) }, /not a project key/],
    ["a lower-case project key", { repositories: RepositorySelection.projects(["plat"]) }, /use PLAT/],
    [
      "an invalid name pattern",
      { repositories: RepositorySelection.matching({ namePatterns: ["api-[0-9"] }) },
      /repositories: .*api-\[0-9/,
    ],
    [
      "a DevDynamics API URL over http",
      { devdynamicsApiUrl: "http://api.devdynamics.example" },
      /devdynamicsApiUrl: .*https/,
    ],
    [
      "a Bitbucket API URL over http",
      { bitbucketApiUrl: "http://bitbucket.internal.example" },
      /bitbucketApiUrl: .*https/,
    ],
    [
      "a literal secret in props",
      { description: "ATATT3xFfGF0aaaaaaaaaaaaaaaaaaaaaaaa" },
      /looks like a secret.*SecretValue/,
    ],
  ] as [string, Partial<DevDynamicsBitbucketIntegrationProps>, RegExp][])("rejects %s", (_name, props, message) => {
    expect(problems(props).join("\n")).toMatch(message);
  });

  it("reads nothing from the environment: what Terraform's environment holds is the provider's to check", () => {
    const saved = { ...process.env };
    Object.assign(process.env, { BITBUCKET_API_TOKEN: "ATBB" + "x".repeat(28), BITBUCKET_EMAIL: "sam" });
    try {
      expect(problems({ credential: BitbucketCredentials.fromEnvironment() })).toEqual([]);
      expect(problems({})).toEqual([]);
    } finally {
      process.env = saved;
    }
  });

  it("fails synth with every problem at once", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "stack");
    new DevDynamicsBitbucketIntegration(stack, "acme", {
      workspace: "Acme Corp",
      credential: BitbucketCredentials.apiToken("sam"),
    });
    expect(() => Testing.fullSynth(stack)).toThrow(/Workspace ID[\s\S]*not an email/);
  });
});

describe("zero-setup provider", () => {
  it("every stack gets the same launcher in its implied local mirror and a lock entry Terraform will accept", () => {
    const outdir = mkdtempSync(join(tmpdir(), "cdktf-out-"));
    const app = new App({ outdir });
    for (const workspace of ["acme", "globex"])
      new DevDynamicsBitbucketIntegration(new TerraformStack(app, workspace), "integration", {
        workspace,
        credential: BitbucketCredentials.fromEnvironment(),
      });
    app.synth();
    const hashes = ["acme", "globex"].map((stack) => {
      const dir = join(outdir, "stacks", stack);
      const packageDir = join(dir, "terraform.d/plugins/registry.terraform.io/devdynamics/devdynamics/0.1.0");
      const [platform] = readdirSync(packageDir);
      const launcher = join(packageDir, platform, "terraform-provider-devdynamics_v0.1.0");
      expect(readFileSync(launcher, "utf8")).toBe(LocalProvider.LAUNCHER);
      expect(statSync(launcher).mode & 0o111).toBeTruthy();
      const lock = readFileSync(join(dir, ".terraform.lock.hcl"), "utf8");
      expect(lock).toContain('provider "registry.terraform.io/devdynamics/devdynamics"');
      expect(lock).toContain(`"${dirhashH1(join(packageDir, platform))}"`);
      // Where this machine's provider is, for the launcher: beside the stack, so the launcher stays the same.
      expect(JSON.parse(readFileSync(join(dir, ".devdynamics-provider.json"), "utf8"))).toEqual({
        provider: join(__dirname, "..", "..", "bin", "terraform-provider.js"),
      });
      return lock;
    });
    expect(hashes[0]).toBe(hashes[1]);
  });

  it("keeps other providers' lock entries when adding its own", () => {
    const outdir = mkdtempSync(join(tmpdir(), "cdktf-out-"));
    const stackDir = join(outdir, "stacks", "acme");
    mkdirSync(stackDir, { recursive: true });
    const other = 'provider "registry.terraform.io/hashicorp/random" {\n  version = "3.6.0"\n}\n';
    writeFileSync(join(stackDir, ".terraform.lock.hcl"), other);
    const app = new App({ outdir });
    new DevDynamicsBitbucketIntegration(new TerraformStack(app, "acme"), "integration", {
      workspace: "acme",
      credential: BitbucketCredentials.fromEnvironment(),
    });
    app.synth();
    app.synth();
    const lock = readFileSync(join(stackDir, ".terraform.lock.hcl"), "utf8");
    expect(lock).toContain(other.trim());
    expect(lock.match(/devdynamics\/devdynamics/g)).toHaveLength(1);
  });
});
