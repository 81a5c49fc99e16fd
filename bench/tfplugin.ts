/**
 * The plugin-protocol server's start-up and plan overhead: spawn-to-handshake time of the bundled test provider
 * (median of 20; Terraform starts 3–5 provider processes per command), and `terraform plan` of 200 test resources
 * divided by `terraform plan` of 200 `terraform_data` resources.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { bundleProvider } from "../lib/tfplugin/packaging";
import { installTestProvider, TerraformWorkspace } from "../test/support/terraform";
import type { BenchTable } from "./run";

const ENTRY = join(__dirname, "../test/tfplugin/fixtures/tftest-provider.ts");
const ADDRESS = { hostname: "registry.terraform.io", namespace: "test", type: "tftest", version: "0.1.0" };
const COOKIE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
const CLIENT_CERT_PEM_ENV = "PLUGIN_CLIENT_CERT";

async function handshakeMs(bundle: string, clientCert: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [bundle], {
    env: {
      ...process.env,
      TF_PLUGIN_MAGIC_COOKIE: COOKIE,
      PLUGIN_PROTOCOL_VERSIONS: "5,6",
      [CLIENT_CERT_PEM_ENV]: clientCert,
    },
    stdio: ["ignore", "pipe", "ignore"],
  });
  await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  const elapsed = performance.now() - started;
  child.kill("SIGTERM");
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function planSeconds(ws: TerraformWorkspace): number {
  const started = performance.now();
  ws.ok(["plan", "-input=false", "-no-color", "-refresh=false"]);
  return (performance.now() - started) / 1000;
}

export async function run(): Promise<BenchTable> {
  const dir = mkdtempSync(join(tmpdir(), "bench-tfplugin-"));
  const bundle = join(dir, "provider.js");
  await bundleProvider(ENTRY, bundle);
  const { generateServerCertificate } = await import("../lib/tfplugin/certificate");
  const clientCert = (await generateServerCertificate(3600_000)).certPem; // any valid certificate stands in for Terraform's
  const samples: number[] = [];
  for (let i = 0; i < 20; i++) samples.push(await handshakeMs(bundle, clientCert));

  const { cliConfig } = await installTestProvider(ENTRY, ADDRESS);
  const ours = new TerraformWorkspace(cliConfig, { TFTEST_STORE_PATH: join(dir, "store.json") });
  const things = Array.from(
    { length: 200 },
    (_, i) => `resource "tftest_thing" "t${i}" {\n  name = "thing-${i}"\n}\n`,
  ).join("");
  ours.write({
    "main.tf": `terraform {\n  required_providers {\n    tftest = { source = "test/tftest" }\n  }\n}\nprovider "tftest" {}\n${things}`,
  });
  ours.ok(["init", "-input=false", "-no-color"]);
  const builtin = new TerraformWorkspace(cliConfig);
  writeFileSync(
    join(builtin.dir, "main.tf"),
    Array.from({ length: 200 }, (_, i) => `resource "terraform_data" "t${i}" {\n  input = "thing-${i}"\n}\n`).join(""),
  );
  builtin.ok(["init", "-input=false", "-no-color"]);
  planSeconds(ours); // warm the file cache for both
  planSeconds(builtin);
  const [oursSeconds, builtinSeconds] = [planSeconds(ours), planSeconds(builtin)];

  return {
    title: "Plugin-protocol server (bundled test provider)",
    columns: ["measure", "value", "target"],
    rows: [
      ["spawn to handshake, median of 20 (s)", (median(samples) / 1000).toFixed(3), "≤ 0.2"],
      ["plan 200 resources: ours / terraform_data", (oursSeconds / builtinSeconds).toFixed(2), "≤ 1.5"],
      ["plan 200 resources, ours (s)", oursSeconds.toFixed(2), ""],
      ["plan 200 terraform_data (s)", builtinSeconds.toFixed(2), ""],
    ],
  };
}
