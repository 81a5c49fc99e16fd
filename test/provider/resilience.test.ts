import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Sandbox, startSandbox } from "../../lib/sandbox";
import { outputOf } from "../../lib/sandbox/run-child";
import { AcceptanceSteps } from "../support/acceptance";
import { installDevDynamicsProvider, providerWorkspace } from "../support/provider";
import { TerraformResult } from "../support/terraform";
import { REPOSITORY_HOOKS_CONFIG, WORKSPACE_MODE_CONFIG } from "./fixtures/configurations";

const APPLY = ["apply", "-auto-approve", "-input=false", "-no-color"];
const REPOSITORY_HOOKS = "/2.0/repositories/{workspace}/{repo_slug}/hooks";
/** The repositories REPOSITORY_HOOKS_CONFIG selects: project PLAT without infra-*. */
const PLATFORM = ["api-gateway", "auth-service", "billing"];

/** Crashes, rate limits, server errors and Ctrl-C during apply, injected by the sandbox; the result must converge. */
describe("devdynamics provider: resilience", () => {
  let sandbox: Sandbox;
  let cliConfig: string;
  const hooks = () => sandbox.bitbucket.state.workspace("acme")!.hooks;
  const log = () => sandbox.bitbucket.server.log;
  const faults = () => sandbox.bitbucket.server.faults;
  const onePerRepository = () => PLATFORM.every((slug) => hooks().filter((h) => h.repository === slug).length === 1);

  beforeAll(async () => {
    sandbox = await startSandbox();
    ({ cliConfig } = await installDevDynamicsProvider());
  });
  afterEach(() => faults().clear());
  afterAll(() => sandbox.stop());

  async function steps(config: string, env: Record<string, string> = {}): Promise<AcceptanceSteps> {
    const ws = providerWorkspace(sandbox, cliConfig, "owner-api-token", {
      DEVDYNAMICS_RETRY_DEADLINE_SECONDS: "120",
      ...env,
    });
    return new AcceptanceSteps(ws).configure(config);
  }

  it("a provider killed right after a workspace hook's POST leaves no duplicate after re-apply", async () => {
    const acme = await steps(WORKSPACE_MODE_CONFIG);
    // Bitbucket creates the hook but the answer never arrives; the provider is killed while waiting for it.
    faults().add({ kind: "lose-response", method: "POST", route: "/2.0/workspaces/{workspace}/hooks", times: 1 });
    const terraform = acme.ws.start(APPLY);
    const finished = outputOf(terraform);
    await until(() => hooks().length === 1);
    for (const pid of providerProcesses(terraform.pid!)) process.kill(pid, "SIGKILL");
    const crashed = await finished;
    expect(crashed.code).not.toBe(0);
    expect(crashed.stderr).toMatch(/plugin|provider/i);
    const lost = hooks()[0].uuid;

    log().clear();
    await acme.apply();
    expect(hooks().map((h) => h.uuid)).toEqual([lost]);
    expect(log().byRoute()["POST /2.0/workspaces/{workspace}/hooks"]).toBeUndefined();
    expect(log().byRoute()["PUT /2.0/workspaces/{workspace}/hooks/{uid}"]).toBe(1);
    expect(hooks()[0].secret).toBe(sandbox.devdynamics.integrations()[0].webhookSecret);
    await acme.destroy();
  });

  it("a provider killed in the middle of creating many repositories' hooks converges on re-apply, with no duplicate", async () => {
    const acme = await steps(REPOSITORY_HOOKS_CONFIG);
    // The second POST is applied but never answered: one hook made and known, one made and lost, one not made.
    faults().add({ kind: "lose-response", method: "POST", route: REPOSITORY_HOOKS, times: 1 });
    const terraform = acme.ws.start([...APPLY, "-parallelism=1"]);
    const finished = outputOf(terraform);
    await until(() =>
      log()
        .entries()
        .some((e) => e.status === "lost"),
    );
    for (const pid of providerProcesses(terraform.pid!)) process.kill(pid, "SIGKILL");
    expect((await finished).code).not.toBe(0);
    expect(hooks().length).toBeGreaterThan(0);

    await acme.apply();
    expect(onePerRepository()).toBe(true);
    await acme.destroy();
    expect(hooks()).toEqual([]);
  });

  it("a storm of 429s slows an apply down, logs every wait, ends with a warning saying how long, and completes", async () => {
    const acme = await steps(REPOSITORY_HOOKS_CONFIG, { TF_LOG_PROVIDER: "WARN", TF_LOG_PATH: "provider.log" });
    // Each hook request of the apply is first refused, twice as long as the warning's threshold in all.
    for (const method of ["GET", "POST"])
      faults().add({
        kind: "status",
        status: 429,
        method,
        route: REPOSITORY_HOOKS,
        times: 1,
        headers: { "Retry-After": "11" },
      });
    log().clear();
    const applied = await acme.ws.okAsync(APPLY);
    expect(
      log()
        .entries()
        .filter((e) => e.status === 429),
    ).toHaveLength(2);
    expect(onePerRepository()).toBe(true);
    expect(applied).toMatch(/Warning: Held back by rate limits/);
    expect(applied.replace(/\s+/g, " ")).toMatch(/waited \d+ s after 2 rate-limit answers \(429\)/);
    expect(applied).toMatch(/bitbucket_hourly_request_limit/);
    const providerLog = readFileSync(join(acme.ws.dir, "provider.log"), "utf8");
    expect(providerLog).toMatch(
      /\[WARN\].*GET \/2\.0\/repositories\/\{workspace\}\/\{repo_slug\}\/hooks: 429 on attempt 1; retrying in 11(\.0)? s \(retry deadline in \d/,
    );
    faults().clear();
    await acme.expectNoChanges();
    await acme.destroy();
  });

  it("Ctrl-C during a 429 storm stops the waiting at once; the state keeps what was done and the next apply finishes", async () => {
    const acme = await steps(REPOSITORY_HOOKS_CONFIG);
    await acme.apply();
    const secrets = await acme.valuesOf("devdynamics_bitbucket_repository_webhooks.platform");
    // Rotating makes every hook's PUT due; each is refused with a minute to wait.
    faults().add({
      kind: "status",
      status: 429,
      method: "PUT",
      route: `${REPOSITORY_HOOKS}/{uid}`,
      times: 1000,
      headers: { "Retry-After": "60" },
    });
    log().clear();
    const terraform = acme.ws.start([...APPLY, "-var", "rotation=2"]);
    const finished = outputOf(terraform);
    await until(() =>
      log()
        .entries()
        .some((e) => e.status === 429),
    );
    const stopped = Date.now();
    process.kill(-terraform.pid!, "SIGINT"); // what a terminal's Ctrl-C does: the whole process group
    const interrupted: TerraformResult = await finished;
    // Far sooner than the minute each wait asked for: the waits were cancelled, not sat out.
    expect(Date.now() - stopped).toBeLessThan(30_000);
    expect(interrupted.stdout + interrupted.stderr).toMatch(
      /Stopped setting up repository webhooks|Interrupt received/,
    );

    faults().clear();
    const state = await acme.valuesOf("devdynamics_bitbucket_repository_webhooks.platform");
    expect(Object.keys(state.hooks as object).sort()).toEqual(PLATFORM);
    expect(state.secret_revision).toBeGreaterThanOrEqual(secrets.secret_revision as number);
    await acme.apply(["-var", "rotation=2"]);
    const secret = sandbox.devdynamics.integrations()[0].webhookSecret;
    expect(
      hooks()
        .filter((h) => PLATFORM.includes(h.repository!))
        .every((h) => h.secret === secret),
    ).toBe(true);
    await acme.destroy();
  });

  it("5xx answers to 30% of requests still converge: re-applying ends with exactly one hook per repository", async () => {
    const acme = await steps(REPOSITORY_HOOKS_CONFIG);
    faults().add({ kind: "status", status: 503, probability: 0.3 });
    let applied: TerraformResult | undefined;
    for (let attempt = 1; attempt <= 8 && applied?.code !== 0; attempt++) {
      // A first apply that failed for some repository is saved tainted: untainting (as its error says) lets the
      // next apply finish the hooks instead of recreating all of them.
      await acme.ws.runAsync(["untaint", "devdynamics_bitbucket_repository_webhooks.platform"]);
      applied = await acme.ws.runAsync(APPLY);
    }
    expect(applied!.code).toBe(0);
    faults().clear();
    await acme.expectNoChanges();
    expect(onePerRepository()).toBe(true);
    await acme.destroy();
    expect(hooks()).toEqual([]);
  });
});

async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the condition");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Our provider's processes started by this terraform process (Linux /proc). */
function providerProcesses(terraformPid: number): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return (
          parent === terraformPid &&
          readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("terraform-provider-devdynamics")
        );
      } catch {
        return false; // the process ended meanwhile
      }
    })
    .map(Number);
}
