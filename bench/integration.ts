/**
 * The integration end to end, for 10, 100 and 1,000 repositories, against the sandbox with 100 ms added to every
 * Bitbucket request: synth time and peak memory of a cdktf app per webhook mode (and of an empty app), then
 * `terraform` first apply, steady-state plan and destroy of the synthesized stack — wall time and Bitbucket requests
 * next to the minimum the API allows — and, for scale, Terraform's own first apply of as many `terraform_data`.
 * Also writes bench/results/integration.json and bench/results/requests-vs-repositories.png.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_SEED_PATH, loadSeed, Sandbox, startSandbox } from "../lib/sandbox";
import { sandboxEnvironment } from "../lib/sandbox/cdktf";
import type { RequestLog } from "../lib/sandbox/core";
import { runChild } from "../lib/sandbox/run-child";
import { generateLargeSeed } from "../lib/sandbox/seed-generator";
import { bundleProvider } from "../lib/tfplugin/packaging";
import { PROVIDER_BUNDLE } from "../scripts/bundle-provider";
import { renderChart } from "./integration-chart";
import type { BenchTable } from "./run";

const ROOT = join(__dirname, "..");
const RESULTS = join(__dirname, "results");
const REPOSITORY_COUNTS = [10, 100, 1000];
const LATENCY_MS = 100;
/** Terraform's default, passed explicitly: the apply target (N × latency / parallelism) assumes it. */
const PARALLELISM = 10;
/** The sandbox's default rolling-hour budget per credential and group (Bitbucket's documented 1,000). */
const DEFAULT_HOURLY_BUDGET = 1000;
const SYNTH_SAMPLES = 3;
const CREDENTIAL = "owner-api-token";
const STACK = "bench";
const VERIFY_ROUTE = "/v1/integrations/bitbucket/{id}/verify";
/** DevDynamics' verify of an API token for every repository: workspace permission + one page of repositories. */
const VERIFY_REQUESTS = 2;

export type Mode = "workspace" | "repository";
export type Phase = "first apply" | "steady plan" | "destroy";
type App = "empty" | Mode;
const MODES: readonly Mode[] = ["workspace", "repository"];
const PHASES: readonly Phase[] = ["first apply", "steady plan", "destroy"];

interface Synth {
  readonly repositories: number;
  readonly app: App;
  readonly seconds: number;
  readonly peakMb: number;
}

export interface Measured {
  readonly repositories: number;
  readonly mode: Mode;
  readonly phase: Phase;
  readonly seconds: number;
  /** Bitbucket requests the provider sent. */
  readonly requests: number;
  /** Bitbucket requests DevDynamics sent while verifying the connection (same credential), counted apart. */
  readonly devdynamicsRequests: number;
  /** The fewest our provider's design sends (the design doc's budget table). */
  readonly designMinimum: number;
  /** The fewest the Bitbucket API allows for the same outcome. */
  readonly apiMinimum: number;
}

/** Terraform's own first apply of N `terraform_data` in the same shape: the floor no provider can go under. */
interface Baseline {
  readonly repositories: number;
  readonly seconds: number;
}

interface Target {
  readonly target: string;
  readonly measured: string;
  readonly limit: string;
  readonly pass: boolean;
}

/**
 * The fewest Bitbucket requests, by the design doc's budget table. Workspace mode: credential check + hook list
 * (a plan's refresh), + list and POST to create. Per-repository mode: check + ⌈N/100⌉ discovery pages + N hook lists
 * to refresh, + N lists and N POSTs to create, + N DELETEs. The list before each create is our crash-safety (adopt a
 * hook whose POST answered but whose state was lost); the API itself needs only the POST.
 */
function minimum(mode: Mode, phase: Phase, n: number): { design: number; api: number } {
  const hooks = mode === "workspace" ? 1 : n;
  const dataSources = mode === "workspace" ? 1 : 1 + Math.ceil(n / 100); // read on every plan
  switch (phase) {
    case "first apply":
      return { design: dataSources + 2 * hooks, api: dataSources + hooks };
    case "steady plan":
      return { design: dataSources + hooks, api: dataSources + hooks };
    case "destroy":
      return { design: dataSources + 2 * hooks, api: dataSources + 2 * hooks };
  }
}

export async function run(): Promise<BenchTable> {
  const started = performance.now();
  const loadBefore = loadavg()[0];
  progress("bundling the provider");
  await bundleProvider(join(ROOT, "lib", "provider", "main.ts"), PROVIDER_BUNDLE);

  const synths: Synth[] = [];
  const measured: Measured[] = [];
  const baselines: Baseline[] = [];
  const budgetNotes: string[] = [];
  for (const n of REPOSITORY_COUNTS) {
    // Both modes run in one sandbox, so its rate limit sees all their requests; raise it only when they would trip it.
    const needed =
      MODES.length * VERIFY_REQUESTS +
      MODES.flatMap((mode) => PHASES.map((phase) => minimum(mode, phase, n).design)).reduce((a, b) => a + b);
    const hourlyRequestBudget = needed > DEFAULT_HOURLY_BUDGET ? 100 * DEFAULT_HOURLY_BUDGET : undefined;
    if (hourlyRequestBudget)
      budgetNotes.push(
        `${n} repositories: the sandbox's rate limit was raised from ${DEFAULT_HOURLY_BUDGET} to ${hourlyRequestBudget} requests per hour, credential and group: this run sends about ${needed} within minutes, which Bitbucket Cloud would answer with 429s.`,
      );
    const sandbox = await startSandbox({
      seed: generateLargeSeed(loadSeed(DEFAULT_SEED_PATH), { repositories: n }),
      hourlyRequestBudget,
    });
    sandbox.bitbucket.server.faults.add({ kind: "latency", ms: LATENCY_MS });
    try {
      const apps = (["empty", ...MODES] as const).map((app) => {
        const dir = writeApp(app, n);
        const stateFile = join(dir, "terraform.tfstate");
        return {
          app,
          dir,
          env: { ...process.env, ...sandboxEnvironment(sandbox, CREDENTIAL, { stateFile }), TF_LOG: "" },
        };
      });
      synths.push(...(await synthesize(apps, n)));
      for (const { app, dir, env } of apps)
        if (app !== "empty")
          measured.push(...(await terraformCycle(sandbox, join(dir, "cdktf.out", "stacks", STACK), env, app, n)));
    } finally {
      await sandbox.stop();
    }
    baselines.push({ repositories: n, seconds: await terraformDataApply(n) });
    progress(`${n} repositories: terraform_data first apply ${baselines[baselines.length - 1].seconds.toFixed(1)} s`);
  }

  const load = `load average (1 min) ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after, on ${cpus().length} cores: other processes on the machine lengthen wall times.`;
  const targets = evaluateTargets(synths, measured, baselines);
  const table = tableOf(synths, measured, baselines, targets, [...budgetNotes, load]);
  mkdirSync(RESULTS, { recursive: true });
  const json = { latencyMs: LATENCY_MS, parallelism: PARALLELISM, synths, measured, baselines, targets, table };
  writeFileSync(join(RESULTS, "integration.json"), JSON.stringify(json, null, 2) + "\n");
  writeFileSync(join(RESULTS, "requests-vs-repositories.png"), await renderChart(measured));
  progress(`done in ${((performance.now() - started) / 1000).toFixed(0)} s; wrote integration.json and the chart`);
  return table;
}

function progress(text: string): void {
  console.error(`[integration] ${text}`);
}

/**
 * Inside the repository (.tmp/ is ignored): the provider launcher synth writes resolves this package from the
 * stack's working directory, so the stack must live under the package.
 */
function appDir(app: App | "terraform_data", n: number): string {
  return join(ROOT, ".tmp", `bench-${app}-${n}`);
}

/** A fresh cdktf app; its cdktf.json lets `npx cdktf deploy` run there by hand, the bench runs app and Terraform itself. */
function writeApp(app: App, n: number): string {
  const dir = appDir(app, n);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const integration = `import { BitbucketCredentials, DevDynamicsBitbucketIntegration, RepositorySelection, WebhookSubject } from "../../lib/constructs";
new DevDynamicsBitbucketIntegration(stack, "integration", {
  workspace: process.env.BITBUCKET_WORKSPACE ?? "",
  credential: BitbucketCredentials.fromEnvironment(),
  repositories: RepositorySelection.all(),
  webhookSubject: WebhookSubject.${app === "workspace" ? "WORKSPACE" : "REPOSITORY"},
});
`;
  writeFileSync(
    join(dir, "main.ts"),
    `import { App, LocalBackend, TerraformStack } from "cdktf";
const app = new App();
const stack = new TerraformStack(app, "${STACK}");
new LocalBackend(stack, { path: process.env.DEVDYNAMICS_STATE_FILE ?? "terraform.tfstate" });
${app === "empty" ? "" : integration}app.synth();
`,
  );
  writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ language: "typescript", app: "npx tsx main.ts" }) + "\n");
  return dir;
}

/**
 * Runs each app the way `cdktf synth` does, minus the CLI's own start-up (the same for every app): node with tsx's
 * hook in the app's directory; peak memory is that process's maxRSS. A warm-up run each fills tsx's transform cache,
 * then SYNTH_SAMPLES rounds over the apps in turn, so a busy moment on the machine hits all of them; medians.
 */
async function synthesize(apps: readonly { app: App; dir: string; env: NodeJS.ProcessEnv }[], n: number) {
  const script = `process.on("exit", () => process.stderr.write("\\nmaxRSS " + process.resourceUsage().maxRSS + "\\n")); require("./main.ts");`;
  const once = async ({ dir, env }: { dir: string; env: NodeJS.ProcessEnv }) => {
    const result = await exec(process.execPath, ["--require", "tsx/cjs", "-e", script], dir, env);
    if (result.code !== 0) throw new Error(`synth in ${dir} failed:\n${result.output}`);
    return { seconds: result.seconds, peakMb: Math.round(Number(/maxRSS (\d+)/.exec(result.output)?.[1]) / 1024) };
  };
  for (const app of apps) await once(app);
  const samples = apps.map(() => [] as { seconds: number; peakMb: number }[]);
  for (let round = 0; round < SYNTH_SAMPLES; round++)
    for (const [i, app] of apps.entries()) samples[i].push(await once(app));
  return apps.map(({ app }, i): Synth => {
    const median = samples[i].sort((a, b) => a.seconds - b.seconds)[Math.floor(SYNTH_SAMPLES / 2)];
    progress(`${n} repositories, ${app} app: synth ${median.seconds.toFixed(2)} s, ${median.peakMb} MB`);
    return { repositories: n, app, ...median };
  });
}

/** init, then first apply, steady-state plan and destroy, each timed and with the Bitbucket requests it caused. */
async function terraformCycle(
  sandbox: Sandbox,
  stackDir: string,
  env: NodeJS.ProcessEnv,
  mode: Mode,
  n: number,
): Promise<Measured[]> {
  await terraform(["init"], stackDir, env);
  const commands: Record<Phase, string[]> = {
    "first apply": ["apply", "-auto-approve"],
    // Exit code 2 (changes pending) fails it: a plan after apply must be empty, or the numbers mean nothing.
    "steady plan": ["plan", "-detailed-exitcode"],
    destroy: ["destroy", "-auto-approve"],
  };
  const results: Measured[] = [];
  for (const phase of PHASES) {
    const tally = new RequestTally(sandbox);
    const seconds = await terraform([...commands[phase], `-parallelism=${PARALLELISM}`], stackDir, env);
    const { provider, devdynamics } = tally.stop();
    const { design, api } = minimum(mode, phase, n);
    results.push({
      repositories: n,
      mode,
      phase,
      seconds,
      requests: provider,
      devdynamicsRequests: devdynamics,
      designMinimum: design,
      apiMinimum: api,
    });
    progress(`${n} repositories, ${mode} mode: ${phase} ${seconds.toFixed(1)} s, ${provider} requests`);
  }
  return results;
}

/** First apply of N `terraform_data` shaped like the webhooks (for_each over slugs, same local state), in seconds. */
async function terraformDataApply(n: number): Promise<number> {
  const dir = appDir("terraform_data", n);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "main.tf"),
    `terraform {
  backend "local" { path = "terraform.tfstate" }
}
locals { slugs = [for i in range(${n}) : format("repo-%0${String(n).length}d", i + 1)] }
resource "terraform_data" "hook" {
  for_each = toset(local.slugs)
  input = {
    workspace   = "acme"
    repository  = each.value
    url         = "http://127.0.0.1:40000/v1/webhooks/bitbucket/bbi_0123456789abcdefghjkmnpqrs"
    description = "DevDynamics"
    events      = ["repo:push", "pullrequest:created", "pullrequest:updated", "pullrequest:fulfilled", "pullrequest:rejected"]
    active      = true
  }
}
`,
  );
  const cliConfig = join(dir, "terraform.rc");
  writeFileSync(cliConfig, "");
  const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
  await terraform(["init"], dir, env);
  return terraform(["apply", "-auto-approve", `-parallelism=${PARALLELISM}`], dir, env);
}

/** Runs terraform in `dir`; its wall time in seconds. */
async function terraform(args: string[], dir: string, env: NodeJS.ProcessEnv): Promise<number> {
  const result = await exec("terraform", [...args, "-input=false", "-no-color"], dir, env);
  if (result.code !== 0)
    throw new Error(`terraform ${args.join(" ")} in ${dir} exited ${result.code}:\n${result.output}`);
  return result.seconds;
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

  stop(): { provider: number; devdynamics: number } {
    this.restore.forEach((undo) => undo());
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

/** A child's exit code, stdout and stderr together, and wall time. */
async function exec(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; output: string; seconds: number }> {
  const started = performance.now();
  const { code, output } = await runChild(command, args, { cwd, env });
  return { code, output, seconds: (performance.now() - started) / 1000 };
}

function synthRatio(synths: readonly Synth[], n: number, app: Mode): number {
  const seconds = (a: App) => synths.find((s) => s.repositories === n && s.app === a)!.seconds;
  return seconds(app) / seconds("empty");
}

function evaluateTargets(synths: Synth[], measured: Measured[], baselines: Baseline[]): Target[] {
  const largest = REPOSITORY_COUNTS[REPOSITORY_COUNTS.length - 1];
  const worstPlan = Math.max(
    ...measured.filter((m) => m.mode === "workspace" && m.phase === "steady plan").map((m) => m.requests),
  );
  const perRepository = measured.filter((m) => m.mode === "repository");
  const aboveMinimum = perRepository.filter((m) => m.requests > m.designMinimum);
  const apply = measured.find(
    (m) => m.repositories === largest && m.mode === "repository" && m.phase === "first apply",
  )!;
  const applyLimit = (1.5 * largest * LATENCY_MS) / 1000 / PARALLELISM;
  const floor = baselines.find((b) => b.repositories === largest)!.seconds;
  const synthRatioLargest = Math.max(...MODES.map((mode) => synthRatio(synths, largest, mode)));
  return [
    {
      target: "steady-state plan, workspace mode, worst of all counts (requests)",
      measured: String(worstPlan),
      limit: "≤ 3",
      pass: worstPlan <= 3,
    },
    {
      target: `per-repository mode at the design minimum (${perRepository.length} runs)`,
      measured: aboveMinimum.length
        ? aboveMinimum.map((m) => `${m.repositories} ${m.phase} ${m.requests} > ${m.designMinimum}`).join(", ")
        : `all at it; API minimum too, except first apply: + N lists (crash-safe create)`,
      limit: "= design min",
      pass: aboveMinimum.length === 0,
    },
    {
      target: `first apply, ${largest} per-repository hooks (s)`,
      measured: `${apply.seconds.toFixed(1)}; Terraform alone (terraform_data × ${largest}): ${floor.toFixed(1)}`,
      limit: `≤ ${applyLimit.toFixed(1)} = 1.5 × ${largest} × ${LATENCY_MS / 1000} s / ${PARALLELISM}`,
      pass: apply.seconds <= applyLimit,
    },
    {
      target: `synth of ${largest} repositories / synth of an empty app (slower mode)`,
      measured: synthRatioLargest.toFixed(2),
      limit: "≤ 1.2",
      pass: synthRatioLargest <= 1.2,
    },
  ];
}

function tableOf(
  synths: Synth[],
  measured: Measured[],
  baselines: Baseline[],
  targets: Target[],
  notes: string[],
): BenchTable {
  const rows: (string | number)[][] = [];
  for (const n of REPOSITORY_COUNTS) {
    for (const s of synths.filter((s) => s.repositories === n)) {
      const phase = s.app === "empty" ? "synth" : `synth ${synthRatio(synths, n, s.app).toFixed(2)}× empty`;
      rows.push([n, s.app, phase, s.seconds.toFixed(2), "-", "-", "-", "-", s.peakMb]);
    }
    for (const m of measured.filter((m) => m.repositories === n)) {
      const verify = m.devdynamicsRequests ? `+${m.devdynamicsRequests}` : "-";
      rows.push([n, m.mode, m.phase, m.seconds.toFixed(1), m.requests, m.designMinimum, m.apiMinimum, verify, "-"]);
    }
    const baseline = baselines.find((b) => b.repositories === n)!;
    rows.push([n, "terraform_data", "first apply", baseline.seconds.toFixed(1), "-", "-", "-", "-", "-"]);
  }
  return {
    title: `DevDynamics ⇄ Bitbucket integration end to end (sandbox, +${LATENCY_MS} ms per Bitbucket request, terraform -parallelism=${PARALLELISM})`,
    columns: ["repos", "mode", "phase", "wall s", "requests", "design min", "API min", "DevDynamics", "peak MB"],
    rows,
    notes: [
      "requests: Bitbucket requests the provider sent. DevDynamics: those DevDynamics sent verifying the connection with the same credential (told apart by time: they fall inside its verify call), not in requests.",
      "design min: the design doc's budget. API min: the fewest the API allows; first apply differs by the list before each create that makes create crash-safe.",
      `synth: the app process as \`cdktf synth\` runs it (node + tsx, without the CLI's start-up), median of ${SYNTH_SAMPLES} after a warm-up; peak MB: its maxRSS. empty: a stack with no resources.`,
      "terraform_data: Terraform's own first apply of as many terraform_data, same for_each and local state: the floor under any provider.",
      ...notes,
      ...targets.map((t) => `${t.pass ? "PASS" : "MISS"}  ${t.target}: ${t.measured} (target ${t.limit})`),
    ],
  };
}
