/**
 * The PNG chart of Bitbucket requests vs repositories: a Vega-Lite spec rendered to SVG by Vega (headless, no
 * canvas needed) and rasterized by resvg, whose prebuilt binary comes from npm, so it works offline.
 */
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { Measured } from "./integration";

export async function renderChart(measured: readonly Measured[]): Promise<Buffer> {
  const modeName = { workspace: "workspace webhook", repository: "per-repository webhooks" };
  const values = measured.flatMap((m) => {
    const point = { repositories: m.repositories, mode: modeName[m.mode], phase: m.phase };
    return [
      { ...point, series: "measured", requests: m.requests },
      { ...point, series: "API minimum", requests: m.apiMinimum },
    ];
  });
  // Typed literals rather than `as const`: Vega-Lite's types take mutable arrays.
  const x = {
    field: "repositories",
    type: "quantitative" as const,
    scale: { type: "log" as const },
    axis: { values: [...new Set(measured.map((m) => m.repositories))], format: "," },
  };
  const y = {
    field: "requests",
    type: "quantitative" as const,
    scale: { type: "log" as const },
    title: "Bitbucket requests",
  };
  const color = { field: "mode", type: "nominal" as const, title: null, sort: Object.values(modeName) };
  const series = (name: string) => ({ filter: { field: "series", equal: name } });
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: {
      text: "Bitbucket requests per Terraform run vs repositories",
      subtitle: "sandbox, provider's requests only; rings and dashes: the fewest the API allows",
    },
    data: { values },
    facet: {
      column: { field: "phase", type: "nominal", title: null, sort: ["first apply", "steady plan", "destroy"] },
    },
    spec: {
      width: 260,
      height: 260,
      layer: [
        {
          mark: { type: "line" },
          encoding: {
            x,
            y,
            color,
            strokeDash: {
              field: "series",
              type: "nominal",
              title: null,
              sort: ["measured", "API minimum"],
              legend: { symbolType: "stroke" },
            },
          },
        },
        { transform: [series("measured")], mark: { type: "point", filled: true, size: 40 }, encoding: { x, y, color } },
        { transform: [series("API minimum")], mark: { type: "point", size: 160 }, encoding: { x, y, color } },
      ],
    },
    config: { font: "DejaVu Sans, sans-serif", background: "white", legend: { labelLimit: 0 } },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return new Resvg(svg, { fitTo: { mode: "zoom", value: 2 }, font: { sansSerifFamily: "DejaVu Sans" } })
    .render()
    .asPng();
}
