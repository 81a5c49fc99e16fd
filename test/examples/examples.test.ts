import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { Sandbox, startSandbox } from "../../lib/sandbox";
import { runChild } from "../../lib/sandbox/run-child";
import { AcceptanceSteps } from "../support/acceptance";
import { installDevDynamicsProvider, providerWorkspace } from "../support/provider";
import { TerraformWorkspace } from "../support/terraform";

/**
 * The examples as a user runs them: each cdktf app through its own cdktf.json, the pipeline file parsed, and the
 * HCL configuration through terraform against the sandbox. Synthesized stacks are validated by terraform too.
 */

const ROOT = join(__dirname, "..", "..");
const EXAMPLES = join(ROOT, "examples");
const CDKTF_EXAMPLES = [
  "per-repository-projects",
  "multi-workspace-pg-backend",
  "bitbucket-pipelines",
  "migrate-from-app-password",
  "with-community-bitbucket-provider",
];
/** Examples whose stacks need a provider this machine cannot install offline (the community Bitbucket provider). */
const NOT_VALIDATED = ["with-community-bitbucket-provider"];

/** Fakes shaped like the real secrets a deploying shell holds: none of them may reach anything synth writes. */
const SECRETS: Record<string, string> = {
  BITBUCKET_API_TOKEN: "ATATT3xFfGF0exampleOnlyNotARealToken000000=0000AAAA",
  DEVDYNAMICS_API_KEY: "ddk_exampleOnlyNotARealKey000000",
  PG_CONN_STR: "postgres://terraform:example-only-password@db.acme.example:5432/terraform_state",
  TF_VAR_acme_bitbucket_api_token: "ATATT3xFfGF0exampleOnlyAcmeToken0000000=0000BBBB",
};
const SYNTH_ENV: Record<string, string> = {
  ...SECRETS,
  BITBUCKET_WORKSPACE: "acme",
  BITBUCKET_EMAIL: "ci@acme.example",
  DEVDYNAMICS_API_URL: "https://api.devdynamics.example",
  DEVDYNAMICS_CONNECTION_ID: "bbi_01j9x2k7qpzr",
};
const SECRET_SHAPES = /(ATATT|ATCTT|ATBB)[A-Za-z0-9_\-=]{8,}|ddk_[A-Za-z0-9]{8,}|postgres:\/\//;

type Block = Record<string, unknown>;
interface StackJson {
  terraform: { backend: Record<string, Block> };
  provider: { devdynamics: Block[] };
  data: Record<string, Record<string, Block>>;
  resource: Record<string, Record<string, Block>>;
  variable?: Record<string, Block>;
  import?: Block[];
}

/** The one block of a kind: the examples each have one integration per stack. */
const only = (blocks: Record<string, Block> | undefined): Block => {
  const values = Object.values(blocks ?? {});
  expect(values).toHaveLength(1);
  return values[0];
};

describe("examples", () => {
  let work: string;
  let cliConfig: string;
  const outdir = (example: string) => join(work, example);
  /** Synthesized stacks by name, with their cdk.tf.json text. */
  const stacks = (example: string, dir = outdir(example)): Record<string, string> => {
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { synthesizedStackPath: string }>;
    };
    return Object.fromEntries(
      Object.entries(manifest.stacks).map(([name, s]) => [
        name,
        readFileSync(join(dir, s.synthesizedStackPath), "utf8"),
      ]),
    );
  };
  const stack = (example: string, name: string) => JSON.parse(stacks(example)[name]) as StackJson;

  beforeAll(async () => {
    // Inside the project, like a user's cdktf.out: the provider launcher synth writes resolves the package from there.
    mkdirSync(join(ROOT, ".tmp"), { recursive: true });
    work = mkdtempSync(join(ROOT, ".tmp", "examples-"));
    const [provider] = await Promise.all([
      installDevDynamicsProvider(),
      ...CDKTF_EXAMPLES.map((example) => synth(example, outdir(example))),
    ]);
    cliConfig = provider.cliConfig;
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("per-repository-projects: a webhook on each discovered repository of the selected projects, as one resource", () => {
    const json = stack("per-repository-projects", "devdynamics-per-repository");
    const discovery = only(json.data.devdynamics_bitbucket_repositories);
    expect(discovery).toMatchObject({
      workspace: expect.stringContaining("workspace}"),
      project_keys: ["PLAT", "DATA"],
    });
    expect(discovery.exclude).toEqual(expect.arrayContaining([expect.any(String)]));
    expect(only(json.data.devdynamics_bitbucket_credentials)).toMatchObject({
      workspace: "acme",
      webhook_subject: "repository",
    });
    const hooks = only(json.resource.devdynamics_bitbucket_repository_webhooks);
    expect(hooks.repositories).toMatch(/^\$\{data\.devdynamics_bitbucket_repositories\.[\w-]+\.repository_uuids\}$/);
    expect(hooks.secret_wo).toMatch(/^\$\{ephemeral\.devdynamics_bitbucket_webhook_secret\.[\w-]+\.secret\}$/);
    expect(json.resource.devdynamics_bitbucket_repository_webhook).toBeUndefined();
    expect(json.resource.devdynamics_bitbucket_workspace_webhook).toBeUndefined();
    expect(json.provider.devdynamics).toEqual([{ alias: expect.any(String), bitbucket_request_budget: 500 }]);
  });

  it("multi-workspace-pg-backend: a stack per workspace, each with its own pg schema and credential variable", () => {
    expect(Object.keys(stacks("multi-workspace-pg-backend")).sort()).toEqual([
      "devdynamics-acme",
      "devdynamics-acme-labs",
    ]);
    for (const [workspace, name] of [
      ["acme", "acme"],
      ["acme-labs", "acme_labs"],
    ]) {
      const json = stack("multi-workspace-pg-backend", `devdynamics-${workspace}`);
      // An empty conn_str makes Terraform read PG_CONN_STR: the password stays out of the JSON.
      expect(json.terraform.backend).toEqual({ pg: { conn_str: "", schema_name: `devdynamics_${name}` } });
      expect(only(json.resource.devdynamics_bitbucket_connection).workspace).toMatch(/credential-check/);
      expect(only(json.data.devdynamics_bitbucket_credentials).workspace).toBe(workspace);
      const variable = `${name}_bitbucket_api_token`;
      // Ephemeral: Terraform keeps the token out of saved plans and state.
      expect(json.variable).toEqual({
        [variable]: expect.objectContaining({ sensitive: true, ephemeral: true, type: "string" }),
      });
      expect(json.provider.devdynamics).toEqual([
        expect.objectContaining({ bitbucket_email: expect.any(String), bitbucket_api_token: `\${var.${variable}}` }),
      ]);
    }
  });

  it("bitbucket-pipelines: the app keeps its state in PostgreSQL and covers the pipeline's workspace", () => {
    const json = stack("bitbucket-pipelines", "devdynamics-bitbucket");
    expect(json.terraform.backend).toEqual({ pg: { conn_str: "", schema_name: "devdynamics_bitbucket" } });
    expect(only(json.data.devdynamics_bitbucket_credentials)).toMatchObject({
      workspace: "acme",
      webhook_subject: "workspace",
    });
    expect(only(json.resource.devdynamics_bitbucket_workspace_webhook).url).toMatch(/webhook_url\}$/);
  });

  it("bitbucket-pipelines: plans pull requests and deploys main, each after the preflight check", () => {
    const file = readFileSync(join(EXAMPLES, "bitbucket-pipelines", "bitbucket-pipelines.yml"), "utf8");
    type Step = { step: { script: string[]; deployment?: string } };
    const config = load(file) as { image: string; pipelines: Record<string, Record<string, Step[]>> };
    const [pullRequest] = config.pipelines["pull-requests"]["**"];
    const [main] = config.pipelines.branches.main;
    const preflight = 'npx devdynamics-bitbucket check --workspace "$BITBUCKET_WORKSPACE"';
    for (const [{ step }, command] of [
      [pullRequest, "npx cdktf plan"],
      [main, "npx cdktf deploy --auto-approve"],
    ] as const) {
      expect(step.script.slice(-3)).toEqual(["npm ci", preflight, command]);
      // The provider's write-only attributes need Terraform 1.11.
      const [, minor] = /terraform\/1\.(\d+)\.\d+\//.exec(step.script.join("\n")) ?? [];
      expect(Number(minor)).toBeGreaterThanOrEqual(11);
    }
    expect(main.step.deployment).toBe("production");
    expect(config.image).toMatch(/^node:2\d/);
    const { bin } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin?: Record<string, string> };
    expect(bin).toHaveProperty("devdynamics-bitbucket");
  });

  it("migrate-from-app-password: an API token by email, and an import block for the existing connection", () => {
    const json = stack("migrate-from-app-password", "devdynamics-bitbucket");
    const [provider] = json.provider.devdynamics;
    expect(provider).toEqual({ alias: expect.any(String), bitbucket_email: "ci@acme.example" });
    const [connection] = Object.keys(json.resource.devdynamics_bitbucket_connection);
    expect(json.import).toEqual([
      {
        to: `devdynamics_bitbucket_connection.${connection}`,
        id: "bbi_01j9x2k7qpzr",
        provider: `devdynamics.${provider.alias}`,
      },
    ]);
  });

  it("with-community-bitbucket-provider: the managed repositories' slugs reach the connection and the webhooks", () => {
    const json = stack("with-community-bitbucket-provider", "devdynamics-with-community-provider");
    expect(Object.keys(json.resource.bitbucket_repository)).toEqual(["payments-api", "payments-web"]);
    // Keyed by slug, each slug its own value: Terraform fills in both from the managed repositories.
    const keyed = Object.fromEntries(
      ["payments-api", "payments-web"].map((name) => [
        `\${bitbucket_repository.${name}.slug}`,
        `\${bitbucket_repository.${name}.slug}`,
      ]),
    );
    expect(only(json.resource.devdynamics_bitbucket_connection).repositories).toEqual(keyed);
    expect(only(json.resource.devdynamics_bitbucket_repository_webhooks).repositories).toEqual(keyed);
    expect(json.data.devdynamics_bitbucket_repositories).toBeUndefined();
  });

  it("no example writes a secret, or anything shaped like one, into its output", () => {
    for (const example of CDKTF_EXAMPLES)
      for (const file of readdirSync(outdir(example), { recursive: true, withFileTypes: true })) {
        if (!file.isFile()) continue;
        const text = readFileSync(join(file.parentPath, file.name), "utf8");
        expect(text).not.toMatch(SECRET_SHAPES);
        for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
      }
  });

  it("every synthesized stack is valid Terraform for the devdynamics provider", async () => {
    const all = CDKTF_EXAMPLES.filter((example) => !NOT_VALIDATED.includes(example)).flatMap((example) =>
      Object.values(stacks(example)),
    );
    expect(all).toHaveLength(5);
    await Promise.all(
      all.map(async (json) => {
        // The backend is left out: validating needs no database or state.
        const ws = new TerraformWorkspace(cliConfig).write({ "cdk.tf.json": json });
        await ws.okAsync(["init", "-backend=false", "-input=false", "-no-color"]);
        await ws.okAsync(["validate", "-no-color"]);
      }),
    );
  });

  describe("against the sandbox", () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await startSandbox();
    });
    afterAll(() => sandbox.stop());

    it("migrate-from-app-password: an app password is refused at plan before any request, naming the API token to create", async () => {
      const dir = join(work, "app-password");
      await synth("migrate-from-app-password", dir, { DEVDYNAMICS_CONNECTION_ID: "" });
      const ws = providerWorkspace(sandbox, cliConfig, "retired-app-password");
      ws.write({ "cdk.tf.json": stacks("migrate-from-app-password", dir)["devdynamics-bitbucket"] });
      await ws.okAsync(["init", "-input=false", "-no-color"]);
      sandbox.bitbucket.server.log.clear();
      const plan = await ws.runAsync(["plan", "-input=false", "-no-color"]);
      expect(plan.code).toBe(1);
      const output = plan.stdout + plan.stderr;
      expect(output).toMatch(/app password \(ATBB…\)[\s\S]*2026-07-28[\s\S]*read:user:bitbucket[\s\S]*email/);
      expect(output).not.toContain(ws.env.BITBUCKET_API_TOKEN);
      expect(sandbox.bitbucket.server.log.count()).toBe(0);
    });

    it("per-repository-projects: deploys, plans and destroys with the request counts its README states", async () => {
      const json = stack("per-repository-projects", "devdynamics-per-repository");
      // The sandbox lives in memory: a fresh local state, not the app's backend.
      const { backend: _backend, ...terraform } = json.terraform;
      const ws = providerWorkspace(sandbox, cliConfig, "workspace-access-token");
      ws.write({ "cdk.tf.json": JSON.stringify({ ...json, terraform }) });
      const steps = await new AcceptanceSteps(ws).configure(""); // main.tf: nothing beside the stack
      const log = sandbox.bitbucket.server.log;
      const hookRoutes = () => log.byRoute({ route: "/2.0/repositories/{workspace}/{repo_slug}/hooks" });
      log.clear();
      await steps.apply([], () => {
        expect(log.count()).toBe(23); // 22 by the provider, 1 by DevDynamics verifying the connection
        expect(Object.values(hookRoutes())).toEqual([8, 8]); // a list and a POST per repository
      });
      log.clear();
      await steps.expectNoChanges();
      expect(log.count()).toBe(10);
      log.clear();
      await steps.destroy();
      expect(log.count()).toBe(18);
      expect(sandbox.bitbucket.state.workspace("acme")!.hooks).toEqual([]);
    });

    it("hcl-provider: validates, plans and applies the connection and one webhooks resource for PLAT and DATA", async () => {
      // The API key through the example's ephemeral variable: the environment's would be refused.
      const ws = providerWorkspace(sandbox, cliConfig, "workspace-access-token", {
        TF_VAR_workspace: "acme",
        TF_VAR_devdynamics_api_key: sandbox.devdynamics.apiKeys()[0],
        DEVDYNAMICS_API_KEY: "ddk_wrong",
      });
      const steps = await new AcceptanceSteps(ws).configure(
        readFileSync(join(EXAMPLES, "hcl-provider", "main.tf"), "utf8"),
      );
      await ws.okAsync(["validate", "-no-color"]);
      const selected = [...sandbox.bitbucket.state.workspace("acme")!.repositories.values()]
        .filter((r) => ["PLAT", "DATA"].includes(r.project.key))
        .map((r) => r.slug)
        .sort();
      expect(selected.length).toBeGreaterThan(1);

      sandbox.bitbucket.server.log.clear();
      const plan = await steps.expectChanges();
      expect(plan).toContain("devdynamics_bitbucket_connection.this will be created");
      expect(plan).toContain("devdynamics_bitbucket_repository_webhooks.this will be created");
      expect(plan).toContain("Plan: 2 to add, 0 to change, 0 to destroy.");
      // The credential check, one listing page, and the connection's own check of its credential; the discovery
      // listed the selected slugs in the same plan, so neither resource asks about them again. Reading the hooks
      // starts once they exist.
      expect(sandbox.bitbucket.server.log.byRoute()).toEqual({
        "GET /2.0/workspaces/{workspace}": 2,
        "GET /2.0/repositories/{workspace}": 1,
      });

      await steps.apply();
      const hooks = JSON.parse(await ws.okAsync(["output", "-json", "webhook_ids"])) as Record<string, string>;
      expect(Object.keys(hooks).sort()).toEqual(selected);
      for (const slug of selected)
        expect(sandbox.bitbucket.state.workspace("acme")!.hooks).toContainEqual(
          expect.objectContaining({ repository: slug, uuid: hooks[slug] }),
        );
      const state = ws.read("terraform.tfstate");
      expect(state).not.toContain(sandbox.devdynamics.apiKeys()[0]);
      expect(state).not.toContain(sandbox.devdynamics.integrations()[0].webhookSecret);
      await steps.destroy();
      expect(sandbox.bitbucket.state.workspace("acme")!.hooks).toEqual([]);
      expect(sandbox.devdynamics.integrations()).toEqual([]);
    });
  });
});

/** Runs an example's cdktf app the way `cdktf synth` does: its cdktf.json "app" command, in its folder. */
async function synth(example: string, outdir: string, env: Record<string, string> = {}): Promise<void> {
  const dir = join(EXAMPLES, example);
  const { app } = JSON.parse(readFileSync(join(dir, "cdktf.json"), "utf8")) as { app: string };
  const result = await runChild(app, [], {
    cwd: dir,
    shell: true,
    env: { ...process.env, ...SYNTH_ENV, ...env, CDKTF_OUTDIR: outdir },
  });
  if (result.code !== 0) throw new Error(`${example}: \`${app}\` exited ${result.code}\n${result.stderr}`);
}
