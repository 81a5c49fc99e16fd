import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { installTestProvider, TerraformWorkspace } from "../support/terraform";

/**
 * Ctrl-C while a provider starts: SIGINT to terraform's whole process group (as a terminal sends it) at several
 * moments after terraform's first provider process set its `trap`, from the shell preamble's first line through
 * Node's bootstrap to the handshake. A provider past its trap must never die of it, and Terraform must never see a
 * broken plugin. The moment between a provider's exec and its shell's `trap` (~1 ms on a quiet machine, longer when
 * the CPU is busy) cannot be covered by any code in the file: a plan starts several provider processes, and an
 * attempt whose Ctrl-C met one in that moment is run again. Linux only: it watches /proc.
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

/**
 * Whether a Ctrl-C cannot kill provider `pid`: it ignores SIGINT (the shell's trap, kept through both execs) or runs
 * in a session of its own (after `setsid`, when Node has reset SIGINT to its default). Node's own handler alone does
 * not count: without the trap and `setsid` Node's bootstrap dies of a Ctrl-C.
 */
function shieldedFromSigint(pid: number, terraformGroup: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const mask = (name: string) => BigInt(`0x${new RegExp(`^${name}:\\s*([0-9a-f]+)$`, "m").exec(status)![1]}`);
    const sigint = 1n << 1n; // signal 2, bit 1
    if (mask("SigIgn") & sigint) return true;
    // /proc/<pid>/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces, so count from its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const group = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
    return group !== terraformGroup;
  } catch {
    return true; // exited: the assertions below tell how
  }
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

  /** Starts a plan, sends Ctrl-C `delayMs` after the first provider's trap, and reports how the providers ended. */
  async function interruptedPlan(delayMs: number, attempt: number) {
    const log = join(ws.dir, `terraform-${delayMs}-${attempt}.log`);
    ws.env.TF_LOG = "DEBUG";
    ws.env.TF_LOG_PATH = log;
    const terraform = ws.start(["plan", "-input=false", "-no-color"]);
    let output = "";
    terraform.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    terraform.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => terraform.on("close", resolve));
    let providers: number[];
    while ((providers = providersOf(terraform.pid!)).length === 0) await sleep(1);
    const trapBy = Date.now() + 10_000;
    while (!shieldedFromSigint(providers[0], terraform.pid!)) {
      if (Date.now() > trapBy) throw new Error("the provider never ignored SIGINT nor left terraform's group");
      await sleep(1);
    }
    await sleep(delayMs);
    // Which providers are shielded at the moment of the Ctrl-C (one started since cannot be).
    const shielded = providersOf(terraform.pid!).filter((pid) => shieldedFromSigint(pid, terraform.pid!));
    process.kill(-terraform.pid!, "SIGINT");
    await exited;
    // go-plugin logs how each provider process ended, with its pid.
    const diedOfSigint = readFileSync(log, "utf8")
      .split("\n")
      .filter((line) => line.includes("plugin process exited") && line.includes("signal: interrupt"))
      .map((line) => Number(/ id=(\d+)/.exec(line)![1]));
    return { output, shielded, diedOfSigint };
  }

  it.each([5, 15, 30, 60, 100, 150, 250, 400])(
    "does not break the provider when it arrives %i ms after the provider's shell set its trap",
    async (delayMs) => {
      for (let attempt = 1; attempt <= 5; attempt++) {
        const { output, shielded, diedOfSigint } = await interruptedPlan(delayMs, attempt);
        expect(diedOfSigint.filter((pid) => shielded.includes(pid))).toEqual([]);
        if (diedOfSigint.length > 0) continue; // it met a provider before its trap: try that moment again
        expect(output).not.toMatch(BROKEN_PLUGIN);
        return;
      }
      throw new Error("five Ctrl-Cs in a row met a provider that SIGINT could kill");
    },
  );
});
