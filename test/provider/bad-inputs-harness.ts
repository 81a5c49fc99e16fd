import { rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { CREDENTIAL_FIELD_SETTINGS, looksLikeSecret } from "../../lib/bitbucket";
import { Sandbox, startSandbox } from "../../lib/sandbox";
import { credentialEnvironment } from "../../lib/sandbox/environment";
import {
  installDevDynamicsProvider,
  PROVIDER_REQUIREMENT,
  providerWorkspace,
  seededSecrets,
} from "../support/provider";
import { TerraformWorkspace } from "../support/terraform";

/**
 * The bad-input suite of issue 10, table-driven: each case is a configuration shape (one `terraform init`ed directory
 * shared by all its cases), the values it changes and the environment it runs with. A case asserts the stage that
 * refuses the input, a message naming the attribute or setting and the fix, 0 writes at both simulators and an end
 * within 10 s.
 */

/**
 * Where a bad input is refused: `terraform validate` for what is knowable offline, `terraform plan` for what only
 * Bitbucket or DevDynamics know, `terraform import` for import IDs. `accepted` is a variant that must work (an API
 * URL with its version segment).
 */
export type Stage = "validate" | "plan" | "import" | "accepted";

/** Variables a case sets for terraform, over the seeded owner's credential and the sandbox's URLs. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A value a case gives one of the shape's locals, written as an HCL literal. */
export type HclValue = string | number | boolean | null | readonly string[] | Readonly<Record<string, string>>;

export interface Shape {
  /** main.tf, reading every value a case may change from `local.<name>`. */
  readonly config: string;
  /** The locals' values when a case leaves them alone: together a configuration that plans cleanly. */
  readonly defaults: Readonly<Record<string, HclValue>>;
}

export interface BadInput {
  readonly what: string;
  readonly stage: Stage;
  /** Locals this case sets (the rest keep the shape's defaults). */
  readonly values?: Readonly<Record<string, HclValue>>;
  /** Environment for this case's terraform runs (from the rig when it names the sandbox); `undefined` unsets. */
  readonly env?: Environment | ((rig: BadInputRig) => Environment);
  /** `terraform import <address> <id>`, for stage `import`. */
  readonly importing?: readonly [address: string, id: string];
  /** What the output (whitespace run together) must say: the attribute or setting, what is wrong, the fix. */
  readonly says: readonly RegExp[];
  /** What it must not say: a password given in a URL, a diagnosis that would send the user the wrong way. */
  readonly neverSays?: readonly string[];
}

/** A category of issue 10's list, with its cases, run against one shape. */
export interface Category {
  readonly name: string;
  readonly shape: Shape;
  readonly cases: readonly BadInput[];
}

/** What cases may refer to: the sandbox and its seeded credentials. */
export interface BadInputRig {
  readonly sandbox: Sandbox;
  /** The environment with this seeded credential instead of the owner's API token (and `extra` over it). */
  only(credentialId: string, extra?: Environment): Environment;
}

/**
 * Runs the categories' cases (jest `describe` per category, `it` per case). Validate ignores variables, so values
 * are literal locals in a `values.tf` that each case writes next to the shape's `main.tf`; Terraform needs no
 * re-init for that.
 */
export function describeBadInputs(title: string, categories: readonly Category[]): void {
  describe(title, () => {
    let sandbox: Sandbox;
    let cliConfig: string;
    const workspaces = new Map<Shape, TerraformWorkspace>();
    const rig: BadInputRig = {
      get sandbox() {
        return sandbox;
      },
      only: (id, extra = {}) => ({
        ...Object.fromEntries(CREDENTIAL_FIELD_SETTINGS.map((s) => [s.env, undefined])),
        ...credentialEnvironment(sandbox, id),
        ...extra,
      }),
    };

    beforeAll(async () => {
      sandbox = await startSandbox();
      ({ cliConfig } = await installDevDynamicsProvider());
    });
    afterAll(() => sandbox.stop());

    async function workspaceFor(shape: Shape): Promise<TerraformWorkspace> {
      let ws = workspaces.get(shape);
      if (!ws) {
        ws = providerWorkspace(sandbox, cliConfig, "owner-api-token");
        ws.write({ "main.tf": shape.config, "values.tf": localsOf(shape.defaults) });
        await ws.okAsync(["init", "-input=false", "-no-color"]);
        workspaces.set(shape, ws);
      }
      return ws;
    }

    for (const category of categories) {
      describe(category.name, () => {
        it.each(category.cases.map((c) => [c.what, c] as const))("%s", async (_what, c) => {
          const ws = await workspaceFor(category.shape);
          await runCase(ws, category.shape, c, rig);
        });
      });
    }
  });
}

/** Commands by stage; import's address and id come from the case. */
const COMMANDS: Readonly<Record<Exclude<Stage, "import">, readonly string[]>> = {
  validate: ["validate", "-no-color"],
  plan: ["plan", "-input=false", "-no-color"],
  accepted: ["plan", "-input=false", "-no-color"],
};

/** The longest a refusal may take (issue 10: "completion within 10 s"). */
const REFUSAL_SECONDS = 10;

async function runCase(ws: TerraformWorkspace, shape: Shape, c: BadInput, rig: BadInputRig): Promise<void> {
  const { sandbox } = rig;
  const values = { ...shape.defaults, ...c.values };
  ws.write({ "values.tf": localsOf(values) });
  // An import that went wrong would leave state behind for the next case.
  rmSync(join(ws.dir, "terraform.tfstate"), { force: true });
  const env: Environment = typeof c.env === "function" ? c.env(rig) : (c.env ?? {});

  // A later stage's refusal counts only if the earlier stage let the input through.
  if (c.stage !== "validate") {
    const validated = await ws.runAsync(COMMANDS.validate, env);
    if (validated.code !== 0)
      throw new Error(`expected terraform validate to pass for a ${c.stage}-time case:\n${validated.stderr}`);
  }
  sandbox.bitbucket.server.log.clear();
  sandbox.devdynamics.server.log.clear();

  const args = c.stage === "import" ? ["import", "-input=false", "-no-color", ...c.importing!] : COMMANDS[c.stage];
  // Issue 10 bounds how long a refusal takes. Only the refusing command is timed, from its start to its exit, so
  // that neither the earlier stage nor the test's own bookkeeping count; 10 s leaves room for a loaded machine.
  const started = performance.now();
  const result = await ws.runAsync(args, env);
  const seconds = (performance.now() - started) / 1000;
  const output = `${result.stdout}\n${result.stderr}`;
  const oneLine = output.replace(/\s+/g, " ");

  if (c.stage === "accepted") expect({ code: result.code, output }).toEqual({ code: 0, output: expect.any(String) });
  else expect({ code: result.code, output }).toEqual({ code: 1, output: expect.stringMatching(/Error: /) });
  for (const says of c.says) expect(oneLine).toMatch(says);
  for (const wrong of c.neverSays ?? []) expect(oneLine).not.toContain(wrong);
  // Every refusal is a diagnostic of ours, never a crash, a stack trace or a bare "Provider error".
  expect(oneLine).not.toMatch(
    /Provider error|panic:|Plugin did not respond|\bat \S+ \(\S+:\d+:\d+\)|bug in the provider/,
  );
  expect(seconds).toBeLessThan(REFUSAL_SECONDS);

  // Nothing was changed anywhere: writes to unknown paths count too. An OAuth token request only issues a token.
  const tokenPaths = new Set([
    new URL(sandbox.bitbucket.oauthTokenUrl).pathname,
    ...[env.BITBUCKET_OAUTH_TOKEN_URL].filter(isUrl).map((url) => new URL(url).pathname),
  ]);
  const writes = {
    bitbucket: sandbox.bitbucket.server.log.entries({ writesOnly: true }).filter((e) => !tokenPaths.has(e.path)).length,
    devdynamics: sandbox.devdynamics.server.log.count({ writesOnly: true }),
  };
  expect(writes).toEqual({ bitbucket: 0, devdynamics: 0 });
  // What validate refuses is refused offline: not even a read.
  if (c.stage === "validate")
    expect(sandbox.bitbucket.server.log.count() + sandbox.devdynamics.server.log.count()).toBe(0);

  // No secret is repeated (seeded, shaped like one, or a webhook secret), and no long value is echoed whole.
  const given = [...Object.values(values).flatMap(stringsIn), ...Object.values(env)].filter(isString);
  const secrets = [
    ...seededSecrets(sandbox),
    ...given.filter(looksLikeSecret),
    ...Object.entries(values)
      .filter(([name]) => name.includes("secret"))
      .map(([, value]) => value)
      .filter(isString),
  ];
  for (const secret of secrets) expect(output).not.toContain(secret);
  for (const long of given.filter((v) => v.length > 100)) expect(output).not.toContain(long.slice(0, 100));
}

/** The strings a value holds: itself, a list's elements, a map's keys and values. */
function stringsIn(value: HclValue): unknown[] {
  if (isList(value)) return [...value];
  if (value !== null && typeof value === "object") return Object.entries(value).flat();
  return [value];
}

function isList(value: HclValue): value is readonly string[] {
  return Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}

function isUrl(value: string | undefined): value is string {
  return value !== undefined && URL.canParse(value);
}

/** `locals { … }` with each value as an HCL literal. */
function localsOf(values: Readonly<Record<string, HclValue>>): string {
  const lines = Object.entries(values).map(([name, value]) => `  ${name} = ${hcl(value)}`);
  return `locals {\n${lines.join("\n")}\n}\n`;
}

function hcl(value: HclValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value).replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (isList(value)) return `[${value.map(hcl).join(", ")}]`;
  return `{ ${Object.entries(value)
    .map(([key, element]) => `${hcl(key)} = ${hcl(element)}`)
    .join(", ")} }`;
}

// --- configuration shapes -------------------------------------------------------------------------------------

const REQUIRED_PROVIDERS = `terraform {
  required_providers {
    devdynamics = { source = "devdynamics/devdynamics" }
  }
}
`;

/**
 * The provider's settings (null falls back to the environment variable) and the plan-time reads: the credential
 * check, the repository selection and the DevDynamics organization. Plans cleanly with the seeded owner's token.
 */
export const SETTINGS_AND_READS: Shape = {
  config: `${REQUIRED_PROVIDERS}
provider "devdynamics" {
  bitbucket_api_url              = local.bitbucket_api_url
  bitbucket_email                = local.bitbucket_email
  devdynamics_api_url            = local.devdynamics_api_url
  bitbucket_request_budget       = local.bitbucket_request_budget
  bitbucket_hourly_request_limit = local.bitbucket_hourly_request_limit
  retry_deadline_seconds         = local.retry_deadline_seconds
  request_timeout_seconds        = local.request_timeout_seconds
  webhook_verification_budget    = local.webhook_verification_budget
}
data "devdynamics_bitbucket_credentials" "check" {
  workspace       = local.workspace
  required_scopes = local.required_scopes
  webhook_subject = local.webhook_subject
}
data "devdynamics_bitbucket_repositories" "selected" {
  workspace     = local.workspace
  project_keys  = local.project_keys
  name_patterns = local.name_patterns
  exclude       = local.exclude
}
data "devdynamics_organization" "org" {}
`,
  defaults: {
    bitbucket_api_url: null,
    bitbucket_email: null,
    devdynamics_api_url: null,
    bitbucket_request_budget: null,
    bitbucket_hourly_request_limit: null,
    retry_deadline_seconds: null,
    request_timeout_seconds: null,
    webhook_verification_budget: null,
    workspace: "acme",
    required_scopes: null,
    webhook_subject: null,
    project_keys: null,
    name_patterns: null,
    exclude: null,
  },
};

/**
 * A connection with its own credential when a case sets one (the provider's otherwise), and the ephemeral webhook
 * secret of it (or of the connection id a case gives).
 */
export const CONNECTION: Shape = {
  config: `${PROVIDER_REQUIREMENT}
resource "devdynamics_bitbucket_connection" "acme" {
  workspace            = local.workspace
  repositories         = local.repositories
  credential_kind      = local.credential_kind
  credential_username  = local.credential_username
  credential_secret_wo = local.credential_secret
}
ephemeral "devdynamics_bitbucket_webhook_secret" "acme" {
  connection_id = coalesce(local.ephemeral_connection_id, devdynamics_bitbucket_connection.acme.id)
  revision      = devdynamics_bitbucket_connection.acme.webhook_secret_revision
}
`,
  defaults: {
    workspace: "acme",
    repositories: { "api-gateway": "", billing: "" },
    credential_kind: null,
    credential_username: null,
    credential_secret: null,
    ephemeral_connection_id: null,
  },
};

/** Every webhook resource, on literal settings (no connection: its URL is given). */
export const WEBHOOKS: Shape = {
  config: `${PROVIDER_REQUIREMENT}
resource "devdynamics_bitbucket_workspace_webhook" "acme" {
  workspace = local.workspace
  url       = local.url
  events    = local.workspace_events
  secret_wo = local.secret
}
resource "devdynamics_bitbucket_repository_webhook" "billing" {
  workspace  = local.workspace
  repository = local.repository
  url        = local.url
  events     = local.repository_events
  secret_wo  = local.secret
}
resource "devdynamics_bitbucket_repository_webhooks" "platform" {
  workspace    = local.workspace
  repositories = local.repositories
  url          = local.url
  events       = local.repository_events
  secret_wo    = local.secret
}
`,
  defaults: {
    workspace: "acme",
    url: "https://hooks.devdynamics.example/bitbucket/acme",
    workspace_events: null,
    repository_events: null,
    secret: "whsec-5f2b9c1e7a4d8e03b6c2f1a9d7e4b8c0",
    repository: "billing",
    repositories: { "api-gateway": "", billing: "" },
  },
};
