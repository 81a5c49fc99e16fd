/** What each benchmark hands back to `npm run bench`, and how it is printed. */

export interface BenchTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
  /** Lines printed under the table: how to read it, what was bounded or skipped. */
  readonly notes?: readonly string[];
}

/** A target of the issue: what was asked, what this run measured, and the verdict (SKIP: not measured in this run). */
export interface Target {
  readonly target: string;
  readonly limit: string;
  readonly measured: string;
  readonly verdict: "PASS" | "MISS" | "SKIP";
}

export interface BenchResult {
  readonly tables: readonly BenchTable[];
  readonly targets: readonly Target[];
  /** Every number measured, for results.json. */
  readonly data: unknown;
}

/** How much to run: `quick` keeps to small sizes and few samples, for a check in a couple of minutes. */
export interface BenchOptions {
  readonly quick: boolean;
}

/** A target that is met when `value` ≤ `limit`. */
export function atMost(target: string, value: number, limit: number, measured: string, limitText: string): Target {
  return { target, limit: limitText, measured, verdict: value <= limit ? "PASS" : "MISS" };
}

export function skipped(target: string, limit: string, why: string): Target {
  return { target, limit, measured: why, verdict: "SKIP" };
}

/** Columns as wide as their widest cell; numbers (and numeric text such as "1.25") right-aligned, words left. */
export function formatTable(table: BenchTable): string {
  const cells = [table.columns, ...table.rows].map((row) => row.map(String));
  const widths = table.columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const numeric = (cell: string) => /^[-+]?[\d.,]+$/.test(cell) || cell === "-";
  const line = (row: string[]) =>
    row
      .map((cell, i) => (numeric(cell) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [table.title, ...cells.map(line), ...(table.notes ?? []).map((note) => `  ${note}`)].join("\n");
}

export function targetsTable(targets: readonly Target[]): BenchTable {
  return {
    title: "Targets",
    columns: ["target", "limit", "measured", "verdict"],
    rows: targets.map((t) => [t.target, t.limit, t.measured, t.verdict]),
  };
}
