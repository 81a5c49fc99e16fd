import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runChild } from "../../lib/sandbox/run-child";
import { bundleProvider, installProvider, ProviderAddress, writeCliConfig } from "../../lib/tfplugin/packaging";

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Bundles a provider entry and installs it into a fresh filesystem mirror with its own CLI config. */
export async function installTestProvider(
  entry: string,
  address: ProviderAddress,
): Promise<{ cliConfig: string; mirror: string }> {
  const root = mkdtempSync(join(tmpdir(), "tf-provider-"));
  const bundle = join(root, "provider.js");
  await bundleProvider(entry, bundle);
  const mirror = join(root, "mirror");
  installProvider(bundle, mirror, address);
  const cliConfig = join(root, "terraform.rc");
  writeCliConfig(cliConfig, mirror, [address]);
  return { cliConfig, mirror };
}

/**
 * A directory with a Terraform configuration, run with its own CLI config, offline, without a plugin cache,
 * checkpoint calls or colour.
 */
export class TerraformWorkspace {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(cliConfig: string, extraEnv: NodeJS.ProcessEnv = {}) {
    this.dir = mkdtempSync(join(tmpdir(), "tf-workspace-"));
    this.env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_PLUGIN_CACHE_DIR: "",
      TF_IN_AUTOMATION: "1",
      CHECKPOINT_DISABLE: "1",
      TF_LOG: "",
      ...extraEnv,
    };
  }

  write(files: Record<string, string>): this {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(this.dir, name, ".."), { recursive: true });
      writeFileSync(join(this.dir, name), content);
    }
    return this;
  }

  read(name: string): string {
    return readFileSync(join(this.dir, name), "utf8");
  }

  run(args: readonly string[], env: NodeJS.ProcessEnv = {}): TerraformResult {
    const result = spawnSync("terraform", [...args], { cwd: this.dir, env: { ...this.env, ...env }, encoding: "utf8" });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  /**
   * Runs terraform without blocking the event loop: needed when the provider calls a server in this process
   * (the sandbox), which `run` would starve.
   */
  runAsync(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<TerraformResult> {
    return runChild("terraform", args, { cwd: this.dir, env: { ...this.env, ...env } });
  }

  /** `runAsync`, failing the test with terraform's output when it does not exit 0. */
  async okAsync(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
    const result = await this.runAsync(args, env);
    if (result.code !== 0)
      throw new Error(`terraform ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
  }

  /** Runs terraform, failing the test with its output when it does not exit 0. */
  ok(args: readonly string[], env: NodeJS.ProcessEnv = {}): string {
    const result = this.run(args, env);
    if (result.code !== 0)
      throw new Error(`terraform ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
  }

  /** Starts terraform in its own process group without waiting, for tests that interrupt it as a terminal would. */
  start(args: readonly string[]) {
    return spawn("terraform", [...args], {
      cwd: this.dir,
      env: this.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
  }

  /** `terraform plan -detailed-exitcode`: 0 no changes, 2 changes. */
  planExitCode(extra: readonly string[] = []): number {
    const result = this.run(["plan", "-input=false", "-no-color", "-detailed-exitcode", ...extra]);
    if (result.code === 1) throw new Error(`terraform plan failed\n${result.stdout}\n${result.stderr}`);
    return result.code;
  }
}
