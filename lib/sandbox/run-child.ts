import { ChildProcess, spawn, SpawnOptions } from "node:child_process";

/** How a child process ended and what it printed: each stream, and both interleaved as they arrived. */
export interface ChildResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly output: string;
}

/**
 * Collects a started child's output until it exits. Asynchronous on purpose: the sandbox serves from this process,
 * so waiting synchronously would starve the very requests the child makes.
 */
export function outputOf(child: ChildProcess): Promise<ChildResult> {
  let [stdout, stderr, output] = ["", "", ""];
  // Decoded by the streams, so a character split across two chunks stays whole.
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => ((stdout += chunk), (output += chunk)));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => ((stderr += chunk), (output += chunk)));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr, output }));
  });
}

/** Runs a command to its end without blocking this process (see `outputOf`). */
export function runChild(command: string, args: readonly string[], options: SpawnOptions = {}): Promise<ChildResult> {
  return outputOf(spawn(command, [...args], { ...options, stdio: ["ignore", "pipe", "pipe"] }));
}
