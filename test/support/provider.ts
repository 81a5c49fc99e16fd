import { join } from "node:path";
import { PROVIDER_ADDRESS } from "../../lib/provider/address";
import type { Sandbox } from "../../lib/sandbox";
import { providerEnvironment } from "../../lib/sandbox/environment";
import { installTestProvider, TerraformWorkspace } from "./terraform";

/** The devdynamics provider bundled and installed into a fresh mirror, with a CLI config pointing at it. */
export function installDevDynamicsProvider(): Promise<{ cliConfig: string; mirror: string }> {
  return installTestProvider(join(__dirname, "../../lib/provider/main.ts"), PROVIDER_ADDRESS);
}

/** Every secret the sandbox's seed holds (credentials and DevDynamics keys), for "never leaked" assertions. */
export function seededSecrets(sandbox: Sandbox): string[] {
  const secrets = sandbox.bitbucket.state.credentials.flatMap((c) =>
    c.kind === "api_token" || c.kind === "access_token"
      ? [c.token]
      : c.kind === "oauth_consumer"
        ? [c.clientSecret]
        : [c.password],
  );
  return [...secrets, ...sandbox.devdynamics.apiKeys()];
}

/** A Terraform working directory configured for the sandbox with one seeded credential. */
export function providerWorkspace(
  sandbox: Sandbox,
  cliConfig: string,
  credentialId: string,
  extraEnv: Record<string, string> = {},
): TerraformWorkspace {
  return new TerraformWorkspace(cliConfig, { ...providerEnvironment(sandbox, credentialId), ...extraEnv });
}

export const PROVIDER_REQUIREMENT = `terraform {
  required_providers {
    devdynamics = { source = "devdynamics/devdynamics" }
  }
}
provider "devdynamics" {}
`;
