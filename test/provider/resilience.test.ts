import { readdirSync, readFileSync } from "node:fs";
import { Sandbox, startSandbox } from "../../lib/sandbox";
import { outputOf } from "../../lib/sandbox/run-child";
import { installDevDynamicsProvider, providerWorkspace } from "../support/provider";
import { TerraformResult, TerraformWorkspace } from "../support/terraform";
import { PER_REPOSITORY_CONFIG, WORKSPACE_MODE_CONFIG } from "./fixtures/configurations";

const APPLY = ["apply", "-auto-approve", "-input=false", "-no-color"];
const DESTROY = ["destroy", "-auto-approve", "-input=false", "-no-color"];

/** Crashes, rate limits and server errors during apply, injected by the sandbox; the result must still converge. */
describe("devdynamics provider: resilience", () => {
  let sandbox: Sandbox;
  let cliConfig: string;
  const hooks = () => sandbox.bitbucket.state.workspace("acme")!.hooks;
  const log = () => sandbox.bitbucket.server.log;

  beforeAll(async () => {
    sandbox = await startSandbox();
    ({ cliConfig } = await installDevDynamicsProvider());
  });
  afterEach(() => sandbox.bitbucket.server.faults.clear());
  afterAll(() => sandbox.stop());

  async function initialized(config: string): Promise<TerraformWorkspace> {
    const ws = providerWorkspace(sandbox, cliConfig, "owner-api-token", { DEVDYNAMICS_RETRY_DEADLINE_SECONDS: "120" });
    ws.write({ "main.tf": config });
    await ws.okAsync(["init", "-input=false", "-no-color"]);
    return ws;
  }

  it("a provider killed right after a hook POST leaves no duplicate after re-apply", async () => {
    const ws = await initialized(WORKSPACE_MODE_CONFIG);
    // Bitbucket creates the hook but the answer never arrives; the provider is killed while waiting for it.
    sandbox.bitbucket.server.faults.add({
      kind: "lose-response",
      method: "POST",
      route: "/2.0/workspaces/{workspace}/hooks",
      times: 1,
    });
    const terraform = ws.start(APPLY);
    const finished = outputOf(terraform);
    await until(() => hooks().length === 1);
    for (const pid of providerProcesses(terraform.pid!)) process.kill(pid, "SIGKILL");
    const crashed = await finished;
    expect(crashed.code).not.toBe(0);
    expect(crashed.stderr).toMatch(/plugin|provider/i);
    const lost = hooks()[0].uuid;

    log().clear();
    await ws.okAsync(APPLY);
    expect(hooks().map((h) => h.uuid)).toEqual([lost]);
    expect(log().byRoute()["POST /2.0/workspaces/{workspace}/hooks"]).toBeUndefined();
    expect(log().byRoute()["PUT /2.0/workspaces/{workspace}/hooks/{uid}"]).toBe(1);
    expect(hooks()[0].secret).toBe(sandbox.devdynamics.integrations()[0].webhookSecret);
    expect((await ws.runAsync(["plan", "-input=false", "-no-color", "-detailed-exitcode"])).code).toBe(0);
    await ws.okAsync(DESTROY);
  });

  it("a storm of 429s slows the apply down but it completes", async () => {
    const ws = await initialized(PER_REPOSITORY_CONFIG);
    // Every hook request of the apply is first refused: the 3 hook lists, then the 3 POSTs.
    for (const method of ["GET", "POST"])
      sandbox.bitbucket.server.faults.add({
        kind: "status",
        status: 429,
        method,
        route: "/2.0/repositories/{workspace}/{repo_slug}/hooks",
        times: 3,
      });
    log().clear();
    await ws.okAsync(APPLY);
    expect(
      log()
        .entries()
        .filter((e) => e.status === 429).length,
    ).toBe(6);
    expect(hooks()).toHaveLength(3);
    sandbox.bitbucket.server.faults.clear();
    expect((await ws.runAsync(["plan", "-input=false", "-no-color", "-detailed-exitcode"])).code).toBe(0);
    await ws.okAsync(DESTROY);
  });

  it("5xx answers to 30% of requests still converge: re-applying ends with exactly one hook per repository", async () => {
    const ws = await initialized(PER_REPOSITORY_CONFIG);
    sandbox.bitbucket.server.faults.add({ kind: "status", status: 503, probability: 0.3 });
    let applied: TerraformResult | undefined;
    for (let attempt = 1; attempt <= 8 && applied?.code !== 0; attempt++) applied = await ws.runAsync(APPLY);
    expect(applied!.code).toBe(0);
    sandbox.bitbucket.server.faults.clear();
    expect((await ws.runAsync(["plan", "-input=false", "-no-color", "-detailed-exitcode"])).code).toBe(0);
    for (const slug of ["api-gateway", "auth-service", "billing"])
      expect(hooks().filter((h) => h.repository === slug)).toHaveLength(1);
    await ws.okAsync(DESTROY);
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
