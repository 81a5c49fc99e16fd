/**
 * Runs `terraform` without blocking this process (the sandbox it talks to serves from here) and measures it: wall
 * time, and the peak resident memory of terraform itself and of the largest provider process it started, sampled
 * from /proc (VmHWM, the kernel's own high-water mark, so a sample only has to come after the peak, not at it).
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { outputOf } from "../lib/sandbox/run-child";

const SAMPLE_EVERY_MS = 100;
/** How long terraform gets to stop its providers and exit after an interrupt. */
const KILL_AFTER_MS = 30_000;

export interface TerraformRun {
  readonly code: number;
  readonly seconds: number;
  readonly output: string;
  /** Peak RSS of the terraform process in MB; null where /proc is missing (not Linux). */
  readonly terraformPeakMb: number | null;
  /** Peak RSS of the largest process terraform started (its providers), in MB; null when none was seen. */
  readonly providerPeakMb: number | null;
}

/** VmHWM of a process in MB, or undefined when it is gone or /proc cannot tell. */
function peakMb(pid: number): number | undefined {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
  } catch {
    return undefined;
  }
}

/** Every descendant of a process. A Go program forks from any of its threads, so each thread's children count. */
function descendants(pid: number): number[] {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children = threads.flatMap((tid) => {
    try {
      return readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/**
 * Runs terraform in `dir` with `-input=false -no-color`; throws with its output when it exits other than `okCodes`,
 * or when it runs longer than `timeoutSeconds` (it is then interrupted like Ctrl-C, and killed if that is not enough).
 */
export async function runTerraform(
  args: readonly string[],
  dir: string,
  env: NodeJS.ProcessEnv,
  okCodes: readonly number[] = [0],
  timeoutSeconds = 600,
): Promise<TerraformRun> {
  const started = performance.now();
  const child = spawn("terraform", [...args, "-input=false", "-no-color"], {
    cwd: dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let terraformPeak: number | undefined;
  let providerPeak: number | undefined;
  const max = (a: number | undefined, b: number | undefined) => (b === undefined ? a : Math.max(a ?? 0, b));
  const sample = () => {
    if (child.pid === undefined) return;
    terraformPeak = max(terraformPeak, peakMb(child.pid));
    for (const pid of descendants(child.pid)) providerPeak = max(providerPeak, peakMb(pid));
  };
  const sampler = setInterval(sample, SAMPLE_EVERY_MS);
  let timedOut = false;
  const interrupt = setTimeout(() => {
    timedOut = true;
    child.kill("SIGINT");
    setTimeout(() => child.kill("SIGKILL"), KILL_AFTER_MS).unref();
  }, timeoutSeconds * 1000);
  const result = await outputOf(child).finally(() => {
    clearInterval(sampler);
    clearTimeout(interrupt);
  });
  const seconds = (performance.now() - started) / 1000;
  if (timedOut)
    throw new Error(
      `terraform ${args.join(" ")} did not finish in ${timeoutSeconds} s and was stopped:\n${result.output}`,
    );
  if (!okCodes.includes(result.code))
    throw new Error(`terraform ${args.join(" ")} in ${dir} exited ${result.code}:\n${result.output}`);
  return {
    code: result.code,
    seconds,
    output: result.output,
    terraformPeakMb: terraformPeak ?? null,
    providerPeakMb: providerPeak ?? null,
  };
}
