import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { installTestProvider, TerraformWorkspace } from "../support/terraform";

/**
 * Ctrl-C while a provider starts: SIGINT to terraform's whole process group (as a terminal sends it) at several
 * moments after terraform started its first provider process, from the shell preamble's first line through Node's
 * bootstrap to the handshake. Terraform must never see a broken plugin. The first ~1 ms after exec (the shell
 * starting, before its `trap`) cannot be covered by any code in the file. Linux only: it watches /proc.
 */
const ADDRESS = { hostname: "registry.terraform.io", namespace: "test", type: "tftest", version: "0.1.0" };
const BROKEN_PLUGIN =
  /Unrecognized remote plugin message|plugin exited before|Plugin did not respond|failed to instantiate provider|plugin crashed/i;

/** The child processes of `pid` (any of its threads') that run the provider executable. */
function providersOf(pid: number): number[] {
  return childrenOf(pid).filter((child) => {
    try {
      return readFileSync(`/proc/${child}/cmdline`, "utf8").includes("terraform-provider-tftest");
    } catch {
      return false;
    }
  });
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return []; // exited
  }
}

const linux = process.platform === "linux" && existsSync("/proc/self/task");

(linux ? describe : describe.skip)("Ctrl-C while a provider starts", () => {
  let ws: TerraformWorkspace;

  beforeAll(async () => {
    const { cliConfig } = await installTestProvider(join(__dirname, "fixtures/tftest-provider.ts"), ADDRESS);
    ws = new TerraformWorkspace(cliConfig, { TFTEST_STORE_PATH: "store.json" });
    ws.write({
      "main.tf": `terraform {\n  required_providers {\n    tftest = { source = "test/tftest" }\n  }\n}\nresource "tftest_thing" "a" {\n  name = "alpha"\n}\n`,
    });
    ws.ok(["init", "-input=false", "-no-color"]);
  });

  it.each([5, 15, 30, 60, 100, 150, 250, 400])(
    "does not break the provider when it arrives %i ms after the provider process started",
    async (delayMs) => {
      const log = join(ws.dir, `terraform-${delayMs}.log`);
      ws.env.TF_LOG = "DEBUG";
      ws.env.TF_LOG_PATH = log;
      const terraform = ws.start(["plan", "-input=false", "-no-color"]);
      let output = "";
      terraform.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      terraform.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise((resolve) => terraform.on("close", resolve));
      while (providersOf(terraform.pid!).length === 0) await sleep(1);
      await sleep(delayMs);
      process.kill(-terraform.pid!, "SIGINT");
      await exited;
      expect(output).not.toMatch(BROKEN_PLUGIN);
      // go-plugin logs how each provider process ended; none may have died of the signal.
      expect(readFileSync(log, "utf8")).not.toMatch(/plugin process exited:.*signal: interrupt/);
    },
  );
});
