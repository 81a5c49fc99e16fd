/**
 * `npm run bench [-- --quick] [-- <benchmark>…]`: runs each benchmark once, prints its tables, then every target with
 * what this run measured and PASS / MISS (SKIP: not measured in this run), and writes everything to
 * bench/results/results.json. Numbers are measured in one run and printed as counts or ratios; nothing here is a
 * pass/fail test. docs/bench.md explains how to read the output.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import * as bitbucketRequests from "./bitbucket-requests";
import * as integration from "./integration";
import { BenchOptions, BenchResult, formatTable, Target, targetsTable } from "./report";
import * as tfplugin from "./tfplugin";

const BENCHMARKS: readonly { readonly name: string; run(options: BenchOptions): Promise<BenchResult> }[] = [
  { name: "bitbucket-requests", ...bitbucketRequests },
  { name: "tfplugin", ...tfplugin },
  { name: "integration", ...integration },
];

function parseArguments(args: readonly string[]): { options: BenchOptions; only: string[] } {
  const names = BENCHMARKS.map((b) => b.name);
  const only = args.filter((a) => !a.startsWith("--"));
  const unknown = [
    ...args.filter((a) => a.startsWith("--") && a !== "--quick"),
    ...only.filter((a) => !names.includes(a)),
  ];
  if (unknown.length > 0)
    throw new Error(`unknown argument ${unknown.join(", ")}: use --quick and benchmark names (${names.join(", ")})`);
  return { options: { quick: args.includes("--quick") }, only };
}

async function main(): Promise<void> {
  const { options, only } = parseArguments(process.argv.slice(2));
  const started = performance.now();
  const results: Record<string, BenchResult> = {};
  const targets: Target[] = [];
  for (const bench of BENCHMARKS.filter((b) => only.length === 0 || only.includes(b.name))) {
    const benchStarted = performance.now();
    results[bench.name] = await bench.run(options);
    for (const table of results[bench.name].tables) console.log(`\n${formatTable(table)}`);
    console.log(`(${bench.name}: ${((performance.now() - benchStarted) / 1000).toFixed(0)} s)`);
    targets.push(...results[bench.name].targets);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`\n${formatTable(targetsTable(targets))}`);
  console.log(`\n${options.quick ? "quick mode, " : ""}${(seconds / 60).toFixed(1)} min in all`);
  const dir = join(__dirname, "results");
  mkdirSync(dir, { recursive: true });
  const machine = { cores: cpus().length, memoryMb: Math.round(totalmem() / 2 ** 20), loadAverageAfter: loadavg() };
  const json = { finishedAt: new Date().toISOString(), ...options, seconds, machine, targets, benchmarks: results };
  writeFileSync(join(dir, "results.json"), JSON.stringify(json, null, 2) + "\n");
  console.log(`wrote ${join(dir, "results.json")}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
