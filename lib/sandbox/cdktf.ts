import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { providerEnvironment } from "./environment";
import type { Sandbox } from "./index";
import { ChildResult, runChild } from "./run-child";

/**
 * The environment a cdktf app and its Terraform runs need to deploy into the sandbox as one seeded credential:
 * the API URLs, the credential in the provider's variables, offline Terraform settings, and the state file to use
 * (main.ts reads DEVDYNAMICS_STATE_FILE; the sandbox lives in memory, so start each run with no state).
 */
export function sandboxEnvironment(
  sandbox: Sandbox,
  credentialId: string,
  options: { stateFile: string; workspace?: string },
): NodeJS.ProcessEnv {
  const cliConfig = join(mkdtempSync(join(tmpdir(), "devdynamics-sandbox-")), "terraform.rc");
  writeFileSync(cliConfig, ""); // the machine's TF_CLI_CONFIG_FILE may point to a missing file
  return {
    ...providerEnvironment(sandbox, credentialId),
    BITBUCKET_WORKSPACE: options.workspace ?? "acme",
    DEVDYNAMICS_STATE_FILE: options.stateFile,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1",
  };
}

/**
 * Runs the project's cdktf CLI (`deploy`, `plan`, `destroy`, …) without blocking this process, which may be serving
 * the sandbox the deployment talks to.
 */
export function runCdktf(
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<ChildResult> {
  return runChild(join(options.cwd, "node_modules", ".bin", "cdktf"), args, {
    cwd: options.cwd,
    env: { ...process.env, TF_LOG: "", ...options.env, CI: "1", FORCE_COLOR: "0" },
  });
}
