/**
 * The PNG chart of Bitbucket requests per Terraform command against repositories: a Vega-Lite spec rendered to SVG
 * by Vega (headless, no canvas needed) and rasterized by resvg, whose prebuilt binary comes from npm, so it works
 * offline.
 */
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { Measured, Phase, Variant } from "./integration";

const SERIES: Readonly<Record<Variant, string>> = {
  "per-repository": "per-repository webhooks, all repositories",
  workspace: "workspace webhook, all repositories",
  "workspace, projects": "workspace webhook, project selection",
};
const PHASES: readonly Phase[] = ["steady plan", "first apply"];

export async function renderChart(measured: readonly Measured[], hourlyBudget: number): Promise<Buffer> {
  const values = measured
    .filter((m) => PHASES.includes(m.phase))
    .map((m) => ({ repositories: m.repositories, stack: SERIES[m.variant], phase: m.phase, requests: m.requests }));
  const sizes = [...new Set(measured.map((m) => m.repositories))].sort((a, b) => a - b);
  // Typed literals rather than `as const`: Vega-Lite's types take mutable arrays.
  const x = {
    field: "repositories",
    type: "quantitative" as const,
    // A margin on both sides, so the first and last sizes keep their labels.
    scale: { type: "log" as const, domain: [sizes[0] / 1.4, sizes[sizes.length - 1] * 1.4] },
    axis: { values: sizes, format: ",", title: "repositories selected (N)" },
  };
  const y = {
    field: "requests",
    type: "quantitative" as const,
    scale: { type: "log" as const },
    title: "Bitbucket requests per command",
  };
  const color = { field: "stack", type: "nominal" as const, title: null, sort: Object.values(SERIES) };
  const strokeDash = {
    field: "phase",
    type: "nominal" as const,
    title: null,
    sort: [...PHASES],
    legend: { symbolType: "stroke" },
  };
  const budget = `Bitbucket's hourly budget (${hourlyBudget.toLocaleString("en")})`;
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: {
      text: "Bitbucket requests per Terraform command vs repositories",
      subtitle: "sandbox, the provider's requests only; solid: steady plan, dashed: first apply",
    },
    width: 520,
    height: 340,
    layer: [
      { data: { values }, mark: { type: "line" }, encoding: { x, y, color, strokeDash } },
      { data: { values }, mark: { type: "point", filled: true, size: 50 }, encoding: { x, y, color } },
      {
        data: { values: [{ requests: hourlyBudget, label: budget }] },
        mark: { type: "rule", color: "firebrick", strokeDash: [2, 2] },
        encoding: { y: { field: "requests", type: "quantitative" } },
      },
      {
        data: { values: [{ requests: hourlyBudget, label: budget }] },
        mark: { type: "text", color: "firebrick", align: "left", baseline: "bottom", dx: 4, dy: -2, x: 0 },
        encoding: { y: { field: "requests", type: "quantitative" }, text: { field: "label" } },
      },
    ],
    config: { font: "DejaVu Sans, sans-serif", background: "white", legend: { labelLimit: 0, orient: "right" } },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return new Resvg(svg, { fitTo: { mode: "zoom", value: 2 }, font: { sansSerifFamily: "DejaVu Sans" } })
    .render()
    .asPng();
}
