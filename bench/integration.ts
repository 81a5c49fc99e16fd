/**
 * The integration end to end against the sandbox, with LATENCY_MS added to every Bitbucket request: cdktf stacks of
 * DevDynamicsBitbucketIntegration run by the real terraform — first apply, steady plans, destroy — for each webhook
 * subject and workspace size, with the Bitbucket requests each command caused, its wall time next to its physical
 * floor (its own requests × latency / concurrency) and next to Terraform alone handling the same number of
 * repositories as `terraform_data`, and Terraform's peak memory. Writes the chart of requests against repositories.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { SETTING_DEFAULTS } from "../lib/provider/settings";
import { DEFAULT_SEED_PATH, loadSeed, Sandbox, SandboxSeed, startSandbox } from "../lib/sandbox";
import { sandboxEnvironment } from "../lib/sandbox/cdktf";
import type { RequestLog } from "../lib/sandbox/core";
import { runChild } from "../lib/sandbox/run-child";
import { generateLargeSeed } from "../lib/sandbox/seed-generator";
import { bundleProvider, providerBundlePath } from "../lib/tfplugin/packaging";
import { PROVIDER_BUNDLE } from "../scripts/bundle-provider";
import { renderChart } from "./integration-chart";
import { atMost, BenchOptions, BenchResult, BenchTable, skipped, Target } from "./report";
import { runTerraform, TerraformRun } from "./terraform-process";

const ROOT = join(__dirname, "..");
const RESULTS = join(__dirname, "results");
const LATENCY_MS = 100;
/** The provider's concurrency for repository hooks, passed to Terraform as -parallelism too: the floor divides by it. */
const CONCURRENCY = 10;
/** Bitbucket's hourly request budget per user and resource group, and the sandbox's default. */
const HOURLY_BUDGET = 1000;
/** The budget for runs that would otherwise spend minutes pacing (sandbox and provider alike). */
/** The provider's bitbucket_hourly_request_limit accepts up to 100,000. */
const RAISED_HOURLY_BUDGET = 100_000;
const VERIFICATION_BUDGET = SETTING_DEFAULTS.webhookVerificationBudget;
const CREDENTIAL = "owner-api-token";
const WORKSPACE = "acme";
const STACK = "bench";
const VERIFY_ROUTE = "/v1/integrations/bitbucket/{id}/verify";
const REPOSITORY_HOOKS_ROUTE = "/2.0/repositories/{workspace}/{repo_slug}/hooks";
/** The seed generator spreads repositories over this many projects; the project selection lists them all. */
const PROJECTS = 10;

interface Profile {
  /** Workspace sizes run with every repository selected, for both webhook subjects. */
  readonly sizes: readonly number[];
  /** Workspace size of the workspace-webhook run whose selection lists every project (the memory run). */
  readonly selectionSize: number;
  /** Largest size of the map-keyed for_each baseline: Terraform 1.11 takes quadratic time over for_each instances. */
  readonly forEachLimit: number;
  /** Longest one terraform command may run before it is stopped and reported as not finished. */
  readonly commandTimeoutSeconds: number;
  /** After this many seconds of this benchmark, the runs not started yet are skipped (and listed as such). */
  readonly deadlineSeconds: number;
}

const PROFILES: Readonly<Record<"full" | "quick", Profile>> = {
  full: {
    sizes: [10, 100, 1000, 5000],
    selectionSize: 10_000,
    forEachLimit: 1000,
    commandTimeoutSeconds: 600,
    deadlineSeconds: 22 * 60,
  },
  quick: { sizes: [10, 100], selectionSize: 100, forEachLimit: 100, commandTimeoutSeconds: 180, deadlineSeconds: 300 },
};

/** The stacks measured: which webhook subject, and whether the selection is everything or a list of projects. */
export type Variant = "per-repository" | "workspace" | "workspace, projects";
export type Phase =
  "first plan" | "first apply" | "steady plan" | "steady plan again" | "steady plan -json" | "destroy";

const PHASES: Readonly<Record<Variant, readonly Phase[]>> = {
  // The second steady plan shows whether the rolling verification moves on from plan to plan.
  "per-repository": ["first apply", "steady plan", "steady plan again", "destroy"],
  workspace: ["first apply", "steady plan", "destroy"],
  // -json: the same plan without the human-readable diff, to tell Terraform's renderer apart from the rest.
  "workspace, projects": ["first plan", "first apply", "steady plan", "steady plan -json"],
};

const COMMANDS: Readonly<Record<Phase, { args: string[]; okCodes: number[] }>> = {
  "first plan": { args: ["plan", "-detailed-exitcode"], okCodes: [2] },
  "first apply": { args: ["apply", "-auto-approve", `-parallelism=${CONCURRENCY}`], okCodes: [0] },
  // Exit code 2 (changes pending) is recorded, not thrown: a plan after apply should be empty, and when it is not,
  // that is a finding to report with the rest of the numbers.
  "steady plan": { args: ["plan", "-detailed-exitcode"], okCodes: [0, 2] },
  "steady plan again": { args: ["plan", "-detailed-exitcode"], okCodes: [0, 2] },
  "steady plan -json": { args: ["plan", "-detailed-exitcode", "-json"], okCodes: [0, 2] },
  destroy: { args: ["destroy", "-auto-approve", `-parallelism=${CONCURRENCY}`], okCodes: [0] },
};

export interface Measured {
  readonly variant: Variant;
  /** Repositories in the workspace, all of them selected. */
  readonly repositories: number;
  readonly phase: Phase;
  readonly seconds: number;
  /** Bitbucket requests the provider sent. */
  readonly requests: number;
  /** Bitbucket requests DevDynamics sent while verifying the connection (same credential), counted apart. */
  readonly devdynamicsRequests: number;
  /** The fewest requests the Bitbucket API allows for the same outcome (see `apiMinimum`). */
  readonly apiMinimum: number;
  /** The physical floor of the wall time: requests × latency / concurrency. */
  readonly floorSeconds: number;
  readonly terraformPeakMb: number | null;
  readonly providerPeakMb: number | null;
  /**
   * CPU time of this process during the command: the sandbox serving the requests, mostly. It shares the machine's
   * cores with terraform and the provider, so it is part of the wall time a real Bitbucket would not cost.
   */
  readonly sandboxCpuSeconds: number;
  /** Distinct repositories whose hooks were listed. */
  readonly repositoriesListed: number;
  /** Of those, how many the previous steady plan listed too (null for the first steady plan and other phases). */
  readonly listedByPreviousPlan: number | null;
  /** A steady plan that found changes (exit code 2). */
  readonly changesPending: boolean;
  /** Requests by route, DevDynamics' included. */
  readonly byRoute: Readonly<Record<string, number>>;
}

export type BaselineShape = "one resource, map" | "one resource, list" | "for_each, map";
/** The shape of the provider's selections (connection.repositories, repository_webhooks.repositories): ×tf_data's. */
const PROVIDER_SHAPE: BaselineShape = "one resource, map";

/** Terraform alone handling as many repositories, as `terraform_data`. */
export interface Baseline {
  readonly shape: BaselineShape;
  readonly repositories: number;
  readonly phase: Phase;
  readonly seconds: number;
  readonly terraformPeakMb: number | null;
}

interface Failure {
  readonly what: string;
  readonly message: string;
}

/**
 * The fewest Bitbucket requests for the outcome, whatever the design: 1 credential check and ⌈N/100⌉ discovery pages
 * per plan where the stack discovers repositories; per-repository hooks: N POSTs to create, a steady plan reading
 * min(N, the verification budget) repositories' hooks, N DELETEs; the workspace hook: 1 POST, 1 list per refresh,
 * 1 DELETE. Our design adds a list before each create (crash safety: a hook whose POST was answered but not saved is
 * adopted, not doubled).
 */
function apiMinimum(variant: Variant, phase: Phase, n: number): number {
  const discovery = variant === "workspace" ? 0 : Math.ceil(n / 100);
  const plan = 1 + discovery;
  const refresh = plan + (variant === "per-repository" ? Math.min(n, VERIFICATION_BUDGET) : 1);
  const hooks = variant === "per-repository" ? n : 1;
  switch (phase) {
    case "first plan":
      return plan;
    case "first apply":
      return plan + hooks;
    case "steady plan":
    case "steady plan again":
    case "steady plan -json":
      return refresh;
    case "destroy":
      return refresh + hooks;
  }
}

const floorSeconds = (requests: number) => (requests * LATENCY_MS) / 1000 / CONCURRENCY;

/** A run is bounded: larger than the hourly budget allows within minutes, both the sandbox and the provider get more. */
const needsRaisedBudget = (variant: Variant, n: number) => (variant === "workspace" ? false : 2 * n > HOURLY_BUDGET);

function progress(text: string): void {
  console.error(`[integration] ${text}`);
}

export async function run(options: BenchOptions): Promise<BenchResult> {
  const profile = PROFILES[options.quick ? "quick" : "full"];
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const loadBefore = loadavg()[0];
  progress("bundling the provider");
  await bundleProvider(join(ROOT, "lib", "provider", "main.ts"), PROVIDER_BUNDLE);
  const providerNote = launcherUsesBundle()
    ? `provider: the bundle ${PROVIDER_BUNDLE}, built by this run.`
    : "provider: from the TypeScript sources through tsx (dist/lib is not built: run `npm run build`), so start-up is slower than users see.";

  const projectKeys = seedOf(PROJECTS).bitbucket.workspaces[0].projects.map((p) => p.key);
  const synthSeconds: Record<string, number> = {};
  const stacks = new Map<Variant, string>();
  for (const variant of Object.keys(PHASES) as Variant[]) {
    const { stackDir, seconds } = await synthesize(variant, projectKeys);
    stacks.set(variant, stackDir);
    synthSeconds[variant] = seconds;
  }

  // Small sizes first, then what the targets are about (1,000 and the selection), then the largest.
  const runs: { variant: Variant; n: number }[] = [
    ...profile.sizes.filter((n) => n <= 1000).flatMap((n) => variantsAt(n)),
    { variant: "workspace, projects", n: profile.selectionSize },
    ...profile.sizes.filter((n) => n > 1000).flatMap((n) => variantsAt(n)),
  ];
  const measured: Measured[] = [];
  const failures: Failure[] = [];
  const notes: string[] = [];
  const raised = new Set<number>();
  for (const { variant, n } of runs) {
    const what = `${variant} at ${n.toLocaleString("en")} repositories`;
    if (elapsed() > profile.deadlineSeconds) {
      failures.push({ what, message: `skipped: the benchmark's ${profile.deadlineSeconds} s were spent` });
      continue;
    }
    if (needsRaisedBudget(variant, n)) raised.add(n);
    try {
      measured.push(...(await measureStack(stacks.get(variant)!, variant, n, seedOf(n), profile)));
    } catch (error) {
      failures.push({ what, message: lastLines((error as Error).message) });
      progress(`${what} failed: ${lastLines((error as Error).message, 3)}`);
    }
  }

  const baselines: Baseline[] = [];
  const baselineSizes = [...new Set([...profile.sizes, profile.selectionSize])];
  for (const shape of Object.keys(BASELINE_SHAPES) as BaselineShape[])
    for (const n of baselineSizes) {
      if (shape === "for_each, map" && n > profile.forEachLimit) continue;
      try {
        baselines.push(...(await measureBaseline(shape, n, profile)));
      } catch (error) {
        failures.push({ what: `terraform_data ${shape} at ${n}`, message: lastLines((error as Error).message) });
      }
    }

  if (raised.size > 0)
    notes.push(
      `At ${[...raised].map((n) => n.toLocaleString("en")).join(", ")} repositories (per-repository and project-selection runs) the sandbox's hourly budget and the provider's BITBUCKET_HOURLY_REQUEST_LIMIT were raised from ${HOURLY_BUDGET.toLocaleString("en")} to ${RAISED_HOURLY_BUDGET.toLocaleString("en")}, so pacing does not dominate: on Bitbucket Cloud, with ${HOURLY_BUDGET.toLocaleString("en")} requests an hour, a first apply of N repository hooks (2N requests) is paced over about 2N / ${HOURLY_BUDGET.toLocaleString("en")} hours, in several applies (each stops at the retry deadline and saves what it made).`,
    );
  const skippedForEach = baselineSizes.filter((n) => n > profile.forEachLimit);
  if (skippedForEach.length > 0)
    notes.push(
      `terraform_data for_each (map) not run at ${skippedForEach.map((n) => n.toLocaleString("en")).join(", ")}: Terraform 1.11's for_each grows quadratically and would not finish in time; the construct no longer uses that shape.`,
    );
  notes.push(
    providerNote,
    `load average (1 min) ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after, on ${cpus().length} cores: other processes on the machine lengthen wall times.`,
    `synth (node + tsx, once per app; the synthesized stack does not depend on N: discovery is at plan): ${Object.entries(
      synthSeconds,
    )
      .map(([variant, s]) => `${variant} ${s.toFixed(1)} s`)
      .join(", ")}.`,
  );
  for (const f of failures) notes.push(`NOT MEASURED — ${f.what}: ${f.message}`);

  mkdirSync(RESULTS, { recursive: true });
  const chart = join(RESULTS, "requests-vs-repositories.png");
  writeFileSync(chart, await renderChart(measured, HOURLY_BUDGET));
  progress(`done in ${elapsed().toFixed(0)} s; wrote ${chart}`);
  return {
    tables: [stackTable(measured, baselines, notes), baselineTable(baselines), verificationTable(measured)],
    targets: targets(measured, profile),
    data: {
      latencyMs: LATENCY_MS,
      concurrency: CONCURRENCY,
      hourlyBudget: HOURLY_BUDGET,
      raisedHourlyBudget: { to: RAISED_HOURLY_BUDGET, atRepositories: [...raised] },
      verificationBudget: VERIFICATION_BUDGET,
      profile,
      synthSeconds,
      measured,
      baselines,
      failures,
      chart,
      seconds: elapsed(),
    },
  };
}

/** The shipped seed's users and credentials in a workspace of `n` repositories over PROJECTS projects. */
function seedOf(n: number): SandboxSeed {
  return generateLargeSeed(loadSeed(DEFAULT_SEED_PATH), { repositories: n, projects: PROJECTS });
}

function variantsAt(n: number): { variant: Variant; n: number }[] {
  return (["per-repository", "workspace"] as const).map((variant) => ({ variant, n }));
}

/** Whether the provider launcher runs the bundle (it does when the package's dist/lib is built), not the sources. */
function launcherUsesBundle(): boolean {
  return (
    existsSync(join(ROOT, "dist", "lib", "tfplugin", "packaging", "install.js")) &&
    providerBundlePath(ROOT, "devdynamics") === PROVIDER_BUNDLE
  );
}

function lastLines(text: string, count = 12): string {
  return text.trim().split("\n").slice(-count).join(" ⏎ ");
}

/**
 * Writes and synthesizes the cdktf app of one variant, the way `cdktf synth` runs an app minus the CLI's start-up
 * (node with tsx's hook). Inside the repository (.tmp/ is ignored), because the provider launcher resolves this
 * package from the stack's directory.
 */
async function synthesize(variant: Variant, projectKeys: readonly string[]) {
  const dir = join(ROOT, ".tmp", `bench-${variant.replace(/\W+/g, "-")}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const selection =
    variant === "workspace, projects"
      ? `RepositorySelection.projects(${JSON.stringify(projectKeys)})`
      : "RepositorySelection.all()";
  writeFileSync(
    join(dir, "main.ts"),
    `import { App, LocalBackend, TerraformStack } from "cdktf";
import { BitbucketCredentials, DevDynamicsBitbucketIntegration, RepositorySelection, WebhookSubject } from "../../lib/constructs";
const app = new App();
const stack = new TerraformStack(app, "${STACK}");
new LocalBackend(stack, { path: "terraform.tfstate" });
new DevDynamicsBitbucketIntegration(stack, "integration", {
  workspace: "${WORKSPACE}",
  credential: BitbucketCredentials.fromEnvironment(),
  repositories: ${selection},
  webhookSubject: WebhookSubject.${variant === "per-repository" ? "REPOSITORY" : "WORKSPACE"},
});
app.synth();
`,
  );
  writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ language: "typescript", app: "npx tsx main.ts" }) + "\n");
  const started = performance.now();
  const result = await runChild(process.execPath, ["--require", "tsx/cjs", "main.ts"], { cwd: dir });
  if (result.code !== 0) throw new Error(`synth of the ${variant} app failed:\n${result.output}`);
  const seconds = (performance.now() - started) / 1000;
  const stackDir = join(dir, "cdktf.out", "stacks", STACK);
  await runTerraform(["init"], stackDir, offlineEnvironment(dir));
  progress(`${variant} app: synth ${seconds.toFixed(1)} s, terraform init done`);
  return { stackDir, seconds };
}

/** Terraform offline: an empty CLI config of its own (the machine's may point to a missing file), no checkpoint. */
function offlineEnvironment(dir: string): NodeJS.ProcessEnv {
  const cliConfig = join(dir, "terraform.rc");
  writeFileSync(cliConfig, "");
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    TF_LOG: "",
  };
}

function removeState(dir: string): void {
  for (const file of ["terraform.tfstate", "terraform.tfstate.backup"]) rmSync(join(dir, file), { force: true });
}

/** One stack at one size, from no state: a fresh sandbox, then each phase of the variant, measured. */
async function measureStack(
  stackDir: string,
  variant: Variant,
  n: number,
  seed: SandboxSeed,
  profile: Profile,
): Promise<Measured[]> {
  const raise = needsRaisedBudget(variant, n);
  const sandbox = await startSandbox({ seed, hourlyRequestBudget: raise ? RAISED_HOURLY_BUDGET : undefined });
  sandbox.bitbucket.server.faults.add({ kind: "latency", ms: LATENCY_MS });
  removeState(stackDir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...sandboxEnvironment(sandbox, CREDENTIAL, { stateFile: join(stackDir, "terraform.tfstate") }),
    TF_LOG: "",
    ...(raise ? { BITBUCKET_HOURLY_REQUEST_LIMIT: String(RAISED_HOURLY_BUDGET) } : {}),
  };
  const results: Measured[] = [];
  let previousPlanListed: Set<string> | undefined;
  try {
    for (const phase of PHASES[variant]) {
      const tally = new RequestTally(sandbox);
      const { args, okCodes } = COMMANDS[phase];
      let ran: TerraformRun;
      const cpuBefore = process.cpuUsage();
      try {
        ran = await runTerraform(args, stackDir, env, okCodes, profile.commandTimeoutSeconds);
      } finally {
        tally.stop();
      }
      const cpu = process.cpuUsage(cpuBefore);
      const { provider, devdynamics } = tally.counts();
      const log = sandbox.bitbucket.server.log;
      const listed = new Set(log.entries({ method: "GET", route: REPOSITORY_HOOKS_ROUTE }).map((e) => e.path));
      const steady = phase.startsWith("steady plan");
      results.push({
        variant,
        repositories: n,
        phase,
        seconds: ran.seconds,
        requests: provider,
        devdynamicsRequests: devdynamics,
        apiMinimum: apiMinimum(variant, phase, n),
        floorSeconds: floorSeconds(provider),
        terraformPeakMb: ran.terraformPeakMb,
        providerPeakMb: ran.providerPeakMb,
        sandboxCpuSeconds: (cpu.user + cpu.system) / 1e6,
        repositoriesListed: listed.size,
        listedByPreviousPlan:
          steady && previousPlanListed ? [...listed].filter((p) => previousPlanListed!.has(p)).length : null,
        changesPending: ran.code === 2 && phase !== "first plan",
        byRoute: log.byRoute(),
      });
      if (steady) previousPlanListed = listed;
      progress(
        `${variant}, ${n} repositories: ${phase} ${ran.seconds.toFixed(1)} s, ${provider} requests, terraform ${ran.terraformPeakMb ?? "?"} MB`,
      );
    }
  } finally {
    await sandbox.stop();
  }
  return results;
}

/**
 * The HCL of each terraform_data shape; `hook` is an object expression, `local.slugs` a list of N slugs and
 * `local.repositories` the same slugs keyed to UUIDs, as the construct passes the discovery's `repository_uuids`.
 */
const BASELINE_SHAPES: Readonly<Record<BaselineShape, (hook: string) => string>> = {
  "one resource, map": (hook) => `resource "terraform_data" "hooks" {
  input = merge(${hook}, { repositories = tomap(local.repositories) })
}`,
  "one resource, list": (hook) => `resource "terraform_data" "hooks" {
  input = merge(${hook}, { repositories = local.slugs })
}`,
  "for_each, map": (hook) => `resource "terraform_data" "hook" {
  for_each = { for slug in local.slugs : slug => merge(${hook}, { repository = slug }) }
  input    = each.value
}`,
};

/** Terraform alone with N repositories as terraform_data: the selection run's commands, or first apply and steady plan. */
async function measureBaseline(shape: BaselineShape, n: number, profile: Profile): Promise<Baseline[]> {
  const dir = join(ROOT, ".tmp", `bench-terraform-data-${shape.replace(/\W+/g, "-")}`);
  mkdirSync(dir, { recursive: true });
  const env = offlineEnvironment(dir);
  // Terraform's range() stops at 1,024 values, so the slugs are written out, as the seed generator names them.
  const slugs = seedOf(n).bitbucket.workspaces[0].repositories.map((r) => r.slug);
  const repositories = Object.fromEntries(slugs.map((slug) => [slug, `{${randomUUID()}}`]));
  const hook = `{
    workspace   = "${WORKSPACE}"
    url         = "http://127.0.0.1:40000/v1/webhooks/bitbucket/bbi_0123456789abcdefghjkmnpqrs"
    description = "DevDynamics"
    events      = ["repo:push", "pullrequest:created", "pullrequest:updated", "pullrequest:fulfilled", "pullrequest:rejected"]
    active      = true
  }`;
  writeFileSync(
    join(dir, "main.tf"),
    `terraform {\n  backend "local" { path = "terraform.tfstate" }\n}\nlocals {\n  slugs        = ${JSON.stringify(slugs)}\n  repositories = ${JSON.stringify(repositories)}\n}\n${BASELINE_SHAPES[shape](hook)}\n`,
  );
  removeState(dir);
  if (!existsSync(join(dir, ".terraform"))) await runTerraform(["init"], dir, env);
  const results: Baseline[] = [];
  const phases: readonly Phase[] =
    n === profile.selectionSize ? PHASES["workspace, projects"] : ["first apply", "steady plan"];
  for (const phase of phases) {
    const { args, okCodes } = COMMANDS[phase];
    const ran = await runTerraform(args, dir, env, okCodes, profile.commandTimeoutSeconds);
    results.push({ shape, repositories: n, phase, seconds: ran.seconds, terraformPeakMb: ran.terraformPeakMb });
  }
  progress(`terraform_data ${shape}, ${n}: ${results.map((r) => `${r.phase} ${r.seconds.toFixed(1)} s`).join(", ")}`);
  return results;
}

/**
 * The Bitbucket requests of one phase, telling the provider's from those DevDynamics sends with the same credential
 * while verifying the connection. The sandbox's log has no timestamps, so both logs' entries are stamped as they
 * are recorded; a Bitbucket request that finished inside a verify call's span is DevDynamics'. None of the
 * provider's can: the connection waits for the data sources, and the webhooks wait for the connection.
 */
class RequestTally {
  private readonly bitbucketFinished: number[] = [];
  private readonly verifySpans: [number, number][] = [];
  private readonly restore: (() => void)[] = [];

  constructor(private readonly sandbox: Sandbox) {
    const { bitbucket, devdynamics } = sandbox;
    bitbucket.server.log.clear();
    devdynamics.server.log.clear();
    this.stamp(bitbucket.server.log, () => this.bitbucketFinished.push(Date.now()));
    this.stamp(devdynamics.server.log, (entry) => {
      if (entry.route === VERIFY_ROUTE) this.verifySpans.push([Date.now() - entry.durationMs, Date.now()]);
    });
  }

  stop(): void {
    this.restore.forEach((undo) => undo());
  }

  counts(): { provider: number; devdynamics: number } {
    const total = this.sandbox.bitbucket.server.log.count();
    const devdynamics = this.bitbucketFinished.filter((t) =>
      this.verifySpans.some(([from, to]) => t >= from && t <= to),
    );
    return { provider: total - devdynamics.length, devdynamics: devdynamics.length };
  }

  private stamp(log: RequestLog, onRecord: (entry: Parameters<RequestLog["record"]>[0]) => void): void {
    const record = log.record;
    log.record = (entry) => {
      onRecord(entry);
      record.call(log, entry);
    };
    this.restore.push(() => (log.record = record));
  }
}

const ratio = (a: number, b: number | undefined) => (b ? (a / b).toFixed(2) : "-");
const mb = (value: number | null) => (value === null ? "-" : value);

function baselineOf(baselines: readonly Baseline[], shape: BaselineShape, n: number, phase: Phase) {
  const wanted = phase === "steady plan again" || phase === "destroy" ? undefined : phase;
  return baselines.find((b) => b.shape === shape && b.repositories === n && b.phase === wanted);
}

function stackTable(measured: readonly Measured[], baselines: readonly Baseline[], notes: string[]): BenchTable {
  return {
    title: `DevDynamicsBitbucketIntegration end to end (sandbox, +${LATENCY_MS} ms per Bitbucket request, terraform -parallelism=${CONCURRENCY})`,
    columns: [
      "stack",
      "repos",
      "phase",
      "requests",
      "API min",
      "DevDyn",
      "wall s",
      "floor s",
      "×floor",
      "tf_data s",
      "×tf_data",
      "tf MB",
      "provider MB",
      "sandbox CPU s",
    ],
    rows: measured.map((m) => {
      const baseline = baselineOf(baselines, PROVIDER_SHAPE, m.repositories, m.phase);
      return [
        m.variant,
        m.repositories,
        m.phase + (m.changesPending ? " (CHANGES)" : ""),
        m.requests,
        m.apiMinimum,
        m.devdynamicsRequests || "-",
        m.seconds.toFixed(1),
        m.floorSeconds.toFixed(1),
        ratio(m.seconds, m.floorSeconds),
        baseline ? baseline.seconds.toFixed(1) : "-",
        ratio(m.seconds, baseline?.seconds),
        mb(m.terraformPeakMb),
        mb(m.providerPeakMb),
        m.sandboxCpuSeconds.toFixed(1),
      ];
    }),
    notes: [
      "requests: Bitbucket requests the provider sent in that terraform command. DevDyn: those DevDynamics sent verifying the connection with the same credential (told apart by time), not in requests.",
      `API min: the fewest the Bitbucket API allows for the outcome (check + ⌈N/100⌉ discovery pages per plan; N POSTs; a steady plan reading min(N, ${VERIFICATION_BUDGET}) repositories' hooks; N DELETEs). The provider adds a list before each create (crash-safe adoption).`,
      `floor s: requests × ${LATENCY_MS} ms / ${CONCURRENCY}, the wall time of those requests at full concurrency; ×floor: wall / floor.`,
      "tf_data s: Terraform alone, the same command on one terraform_data whose input holds the N repositories as a map keyed by slug (the shape of the repositories of devdynamics_bitbucket_repository_webhooks and of the connection); ×tf_data: wall / that.",
      "tf MB: peak RSS (VmHWM) of the terraform process; provider MB: of the largest provider process it started. (CHANGES): the plan after apply was not empty.",
      "sandbox CPU s: CPU the bench process spent during the command, serving the sandbox mostly; on this machine it competes with terraform and the provider for the same cores, so it is wall time a real Bitbucket would not add.",
      ...notes,
    ],
  };
}

function baselineTable(baselines: readonly Baseline[]): BenchTable {
  return {
    title: "Terraform alone: terraform_data (no provider, no network)",
    columns: ["shape", "repos", "phase", "wall s", "tf MB"],
    rows: baselines.map((b) => [b.shape, b.repositories, b.phase, b.seconds.toFixed(1), mb(b.terraformPeakMb)]),
    notes: [
      "one resource, map: one terraform_data whose input holds the N repositories as a map keyed by slug, each with a UUID (the shape of devdynamics_bitbucket_repository_webhooks.repositories and of the connection's repositories, as the construct passes the discovery's repository_uuids). one resource, list: the same slugs as a list (the provider's former shape). for_each, map: N terraform_data instances keyed by slug (the construct's shape before that).",
      "-json: terraform plan -json, which prints no human-readable diff: the difference to the plan above it is the cost of Terraform's plan renderer.",
    ],
  };
}

/** How far the rolling verification gets: repositories whose hooks each steady plan listed. */
function verificationTable(measured: readonly Measured[]): BenchTable {
  const plans = measured.filter((m) => m.variant === "per-repository" && m.phase.startsWith("steady plan"));
  const sizes = [...new Set(plans.map((m) => m.repositories))];
  return {
    title: `Rolling verification of repository hooks (webhook_verification_budget ${VERIFICATION_BUDGET})`,
    columns: ["repos", "plan 1 listed", "plan 2 listed", "of which plan 1 too", "⌈N/budget⌉"],
    rows: sizes.map((n) => {
      const [first, second] = plans.filter((m) => m.repositories === n);
      return [
        n,
        first?.repositoriesListed ?? "-",
        second?.repositoriesListed ?? "-",
        second?.listedByPreviousPlan ?? "-",
        Math.ceil(n / VERIFICATION_BUDGET),
      ];
    }),
    notes: [
      "Two steady plans in a row, nothing applied between them; each lists the hooks of the repositories verified longest ago. ⌈N/budget⌉: how many refreshes cover every repository when each one moves on. A plan saves no state, so when plan 2 lists what plan 1 did, only saved refreshes (apply, apply -refresh-only) move the rolling verification on, as docs/design/provider.md says.",
    ],
  };
}

function targets(measured: readonly Measured[], profile: Profile): Target[] {
  const find = (variant: Variant, n: number, phase: Phase) =>
    measured.find((m) => m.variant === variant && m.repositories === n && m.phase === phase);
  const notRun = (n: number) =>
    profile.sizes.includes(n) || profile.selectionSize === n
      ? "not measured (failed or skipped, see notes)"
      : `not run (quick mode: N ≤ ${Math.max(...profile.sizes)})`;
  const result: Target[] = [];

  const steady = find("per-repository", 1000, "steady plan");
  const steadyTarget = "per-repository steady plan at 1,000: Bitbucket requests";
  result.push(
    steady
      ? atMost(steadyTarget, steady.requests, 100, String(steady.requests), "≤ 100")
      : skipped(steadyTarget, "≤ 100", notRun(1000)),
  );

  const apply = find("per-repository", 1000, "first apply");
  const applyTarget = "per-repository first apply at 1,000: wall / floor";
  result.push(
    apply
      ? atMost(
          applyTarget,
          apply.seconds / apply.floorSeconds,
          1.5,
          `${(apply.seconds / apply.floorSeconds).toFixed(2)} (${apply.seconds.toFixed(1)} s / ${apply.floorSeconds.toFixed(1)} s for ${apply.requests} requests)`,
          "≤ 1.5",
        )
      : skipped(applyTarget, "≤ 1.5", notRun(1000)),
  );

  const n = profile.selectionSize;
  const selection = measured.filter((m) => m.variant === "workspace, projects" && m.repositories === n);
  const memoryTarget = `workspace webhook, project selection at ${n.toLocaleString("en")}: terraform peak RSS`;
  const peaks = selection.map((m) => m.terraformPeakMb).filter((v): v is number => v !== null);
  result.push(
    peaks.length > 0
      ? atMost(
          memoryTarget,
          Math.max(...peaks),
          499,
          `${Math.max(...peaks)} MB (${selection.map((m) => `${m.phase} ${m.seconds.toFixed(1)} s, ${m.terraformPeakMb} MB`).join("; ")})`,
          "< 500 MB",
        )
      : skipped(memoryTarget, "< 500 MB", notRun(n)),
  );
  if (n !== 10_000) result.push(skipped("the same at 10,000", "< 500 MB", `not run (quick mode: ${n})`));

  const workspacePlans = measured.filter((m) => m.variant === "workspace" && m.phase === "steady plan");
  if (workspacePlans.length > 0) {
    const worst = Math.max(...workspacePlans.map((m) => m.requests));
    result.push(
      atMost(
        "workspace webhook steady plan, every size: Bitbucket requests (README: 2)",
        worst,
        2,
        String(worst),
        "≤ 2",
      ),
    );
  }
  return result;
}
