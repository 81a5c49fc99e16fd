import type { Sandbox } from "./index";

/**
 * The environment variables that configure the devdynamics provider (and the preflight command) with a seeded
 * credential, as a user's pipeline would set them. An app password is set the way someone following the retired
 * guide would paste it: as an API token.
 */
export function credentialEnvironment(sandbox: Sandbox, credentialId: string): Record<string, string> {
  const credential = sandbox.bitbucket.state.credentials.find((c) => c.id === credentialId);
  if (!credential) throw new Error(`no credential ${credentialId} in the sandbox seed`);
  const emailOf = (user: string) => sandbox.bitbucket.state.users.get(user)!.email;
  switch (credential.kind) {
    case "api_token":
      return { BITBUCKET_EMAIL: emailOf(credential.user), BITBUCKET_API_TOKEN: credential.token };
    case "access_token":
      return { BITBUCKET_ACCESS_TOKEN: credential.token };
    case "oauth_consumer":
      return { BITBUCKET_OAUTH_CLIENT_ID: credential.clientId, BITBUCKET_OAUTH_CLIENT_SECRET: credential.clientSecret };
    case "app_password":
      return { BITBUCKET_EMAIL: emailOf(credential.user), BITBUCKET_API_TOKEN: credential.password };
  }
}

/** The API URLs and the DevDynamics key of the sandbox, plus a seeded Bitbucket credential. */
export function providerEnvironment(sandbox: Sandbox, credentialId: string): Record<string, string> {
  return {
    BITBUCKET_API_URL: sandbox.bitbucket.url,
    BITBUCKET_OAUTH_TOKEN_URL: sandbox.bitbucket.oauthTokenUrl,
    DEVDYNAMICS_API_URL: sandbox.devdynamics.url,
    DEVDYNAMICS_API_KEY: sandbox.devdynamics.apiKeys()[0],
    ...credentialEnvironment(sandbox, credentialId),
  };
}
