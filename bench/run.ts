/**
 * `npm run bench`: runs each benchmark once, prints its table and writes all of them to bench/results/.
 * Numbers are measured in one run and printed as counts or ratios; nothing here is a pass/fail test.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as bitbucketRequests from "./bitbucket-requests";
import * as integration from "./integration";
import * as tfplugin from "./tfplugin";

export interface BenchTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
  /** Lines printed under the table: how to read it, targets met or missed. */
  readonly notes?: readonly string[];
}

const BENCHMARKS: readonly { readonly name: string; run(): Promise<BenchTable> }[] = [
  { name: "bitbucket-requests", ...bitbucketRequests },
  { name: "tfplugin", ...tfplugin },
  { name: "integration", ...integration },
];

function format(table: BenchTable): string {
  const cells = [table.columns, ...table.rows].map((row) => row.map(String));
  const widths = table.columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((cell, i) => cell.padStart(widths[i])).join("  ");
  return [table.title, line(cells[0]), ...cells.slice(1).map(line), ...(table.notes ?? [])].join("\n");
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const results: Record<string, BenchTable> = {};
  for (const bench of BENCHMARKS.filter((b) => !only || b.name === only)) {
    results[bench.name] = await bench.run();
    console.log(`\n${format(results[bench.name])}`);
  }
  const dir = join(__dirname, "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "results.json"), JSON.stringify(results, null, 2) + "\n");
  console.log(`\nwrote ${join(dir, "results.json")}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
