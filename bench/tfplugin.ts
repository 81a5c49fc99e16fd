/**
 * The plugin-protocol server's start-up and plan overhead, as ratios measured in one run: spawn-to-handshake of the
 * bundled devdynamics provider and of the bundled test provider against a bare `node -e 0` (interleaved, medians;
 * Terraform starts 3–5 provider processes per command), the test provider also without the V8 code cache; and
 * `terraform plan` (with refresh, on an applied state) of 200 test resources against the same plan of 200
 * `terraform_data`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { bundleProvider } from "../lib/tfplugin/packaging";
import { installTestProvider, TerraformWorkspace } from "../test/support/terraform";
import { atMost, BenchOptions, BenchResult } from "./report";

const ENTRY = join(__dirname, "../test/tfplugin/fixtures/tftest-provider.ts");
const DEVDYNAMICS_ENTRY = join(__dirname, "../lib/provider/main.ts");
const ADDRESS = { hostname: "registry.terraform.io", namespace: "test", type: "tftest", version: "0.1.0" };
const COOKIE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
const RESOURCES = 200;
/** Handshake samples and plan rounds; quick mode takes fewer, so its medians are rougher. */
const SAMPLES = { full: { handshakes: 21, plans: 3 }, quick: { handshakes: 7, plans: 1 } };

/** Milliseconds from spawning the executable to its handshake line. */
async function handshakeMs(executable: string, clientCert: string, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const started = performance.now();
  const child = spawn(executable, [], {
    env: {
      ...process.env,
      TF_PLUGIN_MAGIC_COOKIE: COOKIE,
      PLUGIN_PROTOCOL_VERSIONS: "5,6",
      PLUGIN_CLIENT_CERT: clientCert,
      ...env,
    },
    stdio: ["ignore", "pipe", "ignore"],
  });
  await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  const elapsed = performance.now() - started;
  child.kill("SIGTERM"); // exits as after Shutdown, writing the code cache if it was missing
  await new Promise((resolve) => child.on("exit", resolve));
  return elapsed;
}

/** Milliseconds for a bare `node -e 0`, start to exit: the floor of any Node process. */
async function bareNodeMs(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
  await new Promise((resolve) => child.on("exit", resolve));
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function planSeconds(ws: TerraformWorkspace): number {
  const started = performance.now();
  ws.ok(["plan", "-input=false", "-no-color"]);
  return (performance.now() - started) / 1000;
}

export async function run(options: BenchOptions): Promise<BenchResult> {
  const samples = SAMPLES[options.quick ? "quick" : "full"];
  const dir = mkdtempSync(join(tmpdir(), "bench-tfplugin-"));
  const executable = join(dir, "terraform-provider-tftest_v0.1.0");
  const devdynamicsExecutable = join(dir, "terraform-provider-devdynamics");
  await bundleProvider(ENTRY, executable);
  await bundleProvider(DEVDYNAMICS_ENTRY, devdynamicsExecutable);
  const { generateServerCertificate } = await import("../lib/tfplugin/certificate");
  const clientCert = (await generateServerCertificate(3600_000)).certPem; // any valid certificate stands in for Terraform's
  // The first starts fill the certificate and code caches.
  for (const bundle of [executable, devdynamicsExecutable]) await handshakeMs(bundle, clientCert);
  const devdynamics: number[] = [];
  const cached: number[] = [];
  const uncached: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < samples.handshakes; i++) {
    devdynamics.push(await handshakeMs(devdynamicsExecutable, clientCert));
    cached.push(await handshakeMs(executable, clientCert));
    uncached.push(await handshakeMs(executable, clientCert, { TFPLUGIN_CODE_CACHE: "off" }));
    bare.push(await bareNodeMs());
  }

  const { cliConfig } = await installTestProvider(ENTRY, ADDRESS);
  const ours = new TerraformWorkspace(cliConfig, { TFTEST_STORE_PATH: join(dir, "store.json") });
  const things = Array.from(
    { length: RESOURCES },
    (_, i) => `resource "tftest_thing" "t${i}" {\n  name = "thing-${i}"\n}\n`,
  );
  ours.write({
    "main.tf": `terraform {\n  required_providers {\n    tftest = { source = "test/tftest" }\n  }\n}\n${things.join("")}`,
  });
  const builtin = new TerraformWorkspace(cliConfig);
  writeFileSync(
    join(builtin.dir, "main.tf"),
    Array.from(
      { length: RESOURCES },
      (_, i) => `resource "terraform_data" "t${i}" {\n  input = "thing-${i}"\n}\n`,
    ).join(""),
  );
  for (const ws of [ours, builtin]) {
    ws.ok(["init", "-input=false", "-no-color"]);
    ws.ok(["apply", "-auto-approve", "-input=false", "-no-color"]);
    planSeconds(ws); // warms the file cache
  }
  const oursPlans: number[] = [];
  const builtinPlans: number[] = [];
  for (let i = 0; i < samples.plans; i++) {
    oursPlans.push(planSeconds(ours));
    builtinPlans.push(planSeconds(builtin));
  }

  const [devdynamicsMs, cachedMs, uncachedMs, bareMs] = [devdynamics, cached, uncached, bare].map(median);
  const [oursS, builtinS] = [median(oursPlans), median(builtinPlans)];
  const handshakeRatio = devdynamicsMs / bareMs;
  const planRatio = oursS / builtinS;
  return {
    tables: [
      {
        title: "Provider start-up: the plugin-protocol server, bundled",
        columns: ["measure", "value"],
        rows: [
          [
            `devdynamics provider bundle, spawn to handshake / bare node -e 0, medians of ${samples.handshakes}`,
            handshakeRatio.toFixed(2),
          ],
          ["test provider bundle, the same", (cachedMs / bareMs).toFixed(2)],
          ["  without the code cache (TFPLUGIN_CODE_CACHE=off)", (uncachedMs / bareMs).toFixed(2)],
          [
            "  devdynamics; test with / without code cache; bare node (ms)",
            `${devdynamicsMs.toFixed(0)}; ${cachedMs.toFixed(0)} / ${uncachedMs.toFixed(0)}; ${bareMs.toFixed(0)}`,
          ],
          [
            `plan with refresh, ${RESOURCES} resources: ours / terraform_data, medians of ${samples.plans}`,
            planRatio.toFixed(2),
          ],
          ["  ours / terraform_data (s)", `${oursS.toFixed(2)} / ${builtinS.toFixed(2)}`],
        ],
        notes: [
          "Terraform starts 3–5 provider processes per command, so the handshake is paid several times per plan. Handshake and bare node samples are interleaved, so a busy moment hits both.",
        ],
      },
    ],
    targets: [
      atMost(
        "start-up: devdynamics bundle spawn to handshake / bare node -e 0",
        handshakeRatio,
        1.5,
        `${handshakeRatio.toFixed(2)} (${devdynamicsMs.toFixed(0)} / ${bareMs.toFixed(0)} ms)`,
        "≤ 1.5",
      ),
      atMost(
        `start-up: plan of ${RESOURCES} resources with refresh / terraform_data`,
        planRatio,
        2.5,
        `${planRatio.toFixed(2)} (${oursS.toFixed(2)} / ${builtinS.toFixed(2)} s)`,
        "≤ 2.5",
      ),
    ],
    data: {
      samples,
      handshakeMs: { devdynamics, testProvider: cached, testProviderWithoutCodeCache: uncached, bareNode: bare },
      planSeconds: { ours: oursPlans, terraformData: builtinPlans },
      medians: { devdynamicsMs, cachedMs, uncachedMs, bareMs, oursS, builtinS },
      ratios: {
        devdynamicsHandshake: handshakeRatio,
        testProviderHandshake: cachedMs / bareMs,
        testProviderHandshakeWithoutCodeCache: uncachedMs / bareMs,
        plan: planRatio,
      },
    },
  };
}
