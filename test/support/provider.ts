import { join } from "node:path";
import { PROVIDER_ADDRESS } from "../../lib/provider/provider";
import type { Sandbox } from "../../lib/sandbox";
import { seedCredential } from "./sandbox";
import { installTestProvider, TerraformWorkspace } from "./terraform";

/** The devdynamics provider bundled and installed into a fresh mirror, with a CLI config pointing at it. */
export function installDevDynamicsProvider(): Promise<{ cliConfig: string; mirror: string }> {
  return installTestProvider(join(__dirname, "../../lib/provider/main.ts"), PROVIDER_ADDRESS);
}

/** The environment variables that configure the provider with a seeded credential, as a user would set them. */
export function credentialEnv(sandbox: Sandbox, credentialId: string): Record<string, string> {
  const c = seedCredential(sandbox, credentialId);
  switch (c.kind) {
    case "api_token":
      return { BITBUCKET_EMAIL: sandbox.bitbucket.state.users.get(c.user)!.email, BITBUCKET_API_TOKEN: c.token };
    case "access_token":
      return { BITBUCKET_ACCESS_TOKEN: c.token };
    case "oauth_consumer":
      return { BITBUCKET_OAUTH_CLIENT_ID: c.clientId, BITBUCKET_OAUTH_CLIENT_SECRET: c.clientSecret };
    case "app_password":
      // What someone following the retired guide would paste.
      return { BITBUCKET_EMAIL: "sam.rivera@acme.example", BITBUCKET_API_TOKEN: c.password };
  }
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
  return new TerraformWorkspace(cliConfig, {
    BITBUCKET_API_URL: sandbox.bitbucket.url,
    BITBUCKET_OAUTH_TOKEN_URL: sandbox.bitbucket.oauthTokenUrl,
    DEVDYNAMICS_API_URL: sandbox.devdynamics.url,
    DEVDYNAMICS_API_KEY: sandbox.devdynamics.apiKeys()[0],
    ...credentialEnv(sandbox, credentialId),
    ...extraEnv,
  });
}

export const PROVIDER_REQUIREMENT = `terraform {
  required_providers {
    devdynamics = { source = "devdynamics/devdynamics" }
  }
}
provider "devdynamics" {}
`;
