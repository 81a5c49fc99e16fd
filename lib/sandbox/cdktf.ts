import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Sandbox } from "./index";

/** What a cdktf CLI run printed and how it ended. */
export interface CdktfResult {
  readonly code: number;
  readonly output: string;
}

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
  const credential = sandbox.bitbucket.state.credentials.find((c) => c.id === credentialId);
  if (!credential) throw new Error(`no credential ${credentialId} in the sandbox seed`);
  const credentialEnv: Record<string, string> =
    credential.kind === "api_token"
      ? {
          BITBUCKET_EMAIL: sandbox.bitbucket.state.users.get(credential.user)!.email,
          BITBUCKET_API_TOKEN: credential.token,
        }
      : credential.kind === "access_token"
        ? { BITBUCKET_ACCESS_TOKEN: credential.token }
        : credential.kind === "oauth_consumer"
          ? { BITBUCKET_OAUTH_CLIENT_ID: credential.clientId, BITBUCKET_OAUTH_CLIENT_SECRET: credential.clientSecret }
          : { BITBUCKET_EMAIL: credential.user, BITBUCKET_API_TOKEN: credential.password };
  const cliConfig = join(mkdtempSync(join(tmpdir(), "devdynamics-sandbox-")), "terraform.rc");
  writeFileSync(cliConfig, ""); // the machine's TF_CLI_CONFIG_FILE may point to a missing file
  return {
    BITBUCKET_WORKSPACE: options.workspace ?? "acme",
    BITBUCKET_API_URL: sandbox.bitbucket.url,
    BITBUCKET_OAUTH_TOKEN_URL: sandbox.bitbucket.oauthTokenUrl,
    DEVDYNAMICS_API_URL: sandbox.devdynamics.url,
    DEVDYNAMICS_API_KEY: sandbox.devdynamics.apiKeys()[0],
    DEVDYNAMICS_STATE_FILE: options.stateFile,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1",
    ...credentialEnv,
  };
}

/**
 * Runs the project's cdktf CLI (`deploy`, `plan`, `destroy`, …) without blocking this process, which may be serving
 * the sandbox the deployment talks to.
 */
export function runCdktf(
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<CdktfResult> {
  return new Promise((resolve) => {
    const child = spawn(join(options.cwd, "node_modules", ".bin", "cdktf"), [...args], {
      cwd: options.cwd,
      env: { ...process.env, TF_LOG: "", ...options.env, CI: "1", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("close", (code) => resolve({ code: code ?? -1, output }));
  });
}
