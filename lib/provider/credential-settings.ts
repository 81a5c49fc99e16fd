import type { CredentialInputs } from "../bitbucket/credentials";

/**
 * The provider's Bitbucket credential settings: each attribute, the environment variable it falls back to, and what
 * `parseCredential` calls it. One table for the provider, the preflight command and the constructs' synth checks;
 * it imports nothing heavy, so the constructs can read it at synth.
 */
export const CREDENTIAL_SETTINGS = {
  bitbucket_email: { env: "BITBUCKET_EMAIL", input: "email" },
  bitbucket_api_token: { env: "BITBUCKET_API_TOKEN", input: "apiToken" },
  bitbucket_access_token: { env: "BITBUCKET_ACCESS_TOKEN", input: "accessToken" },
  bitbucket_oauth_client_id: { env: "BITBUCKET_OAUTH_CLIENT_ID", input: "oauthClientId" },
  bitbucket_oauth_client_secret: { env: "BITBUCKET_OAUTH_CLIENT_SECRET", input: "oauthClientSecret" },
} as const;

export type CredentialSetting = keyof typeof CREDENTIAL_SETTINGS;

/** The inputs `parseCredential` takes, from a reader of the settings (undefined when one is unset). */
export function credentialInputs(value: (setting: CredentialSetting) => string | undefined): CredentialInputs {
  const inputs: Record<string, string | undefined> = {};
  for (const [setting, { input }] of Object.entries(CREDENTIAL_SETTINGS))
    inputs[input] = value(setting as CredentialSetting);
  return inputs as CredentialInputs;
}
