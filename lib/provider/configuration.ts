import { BitbucketClient, BitbucketCredential, CredentialError, CredentialInputs, parseCredential } from "../bitbucket";
import { DevDynamicsClient } from "../devdynamics";
import { RequestBudget } from "../http";
import { AttributePath, Block, DiagnosticError, ObjectValue } from "../tfplugin";
import { CREDENTIAL_SETTINGS, credentialInputs } from "./credential-settings";

/** The provider block (docs/design/provider.md). Every attribute falls back to an environment variable. */
export const providerSchema: Block = {
  description:
    "Manages the DevDynamics ⇄ Bitbucket Cloud integration: credential checks, webhooks and the DevDynamics connection.",
  attributes: {
    bitbucket_api_url: {
      type: "string",
      optional: true,
      env: "BITBUCKET_API_URL",
      description: "Bitbucket Cloud API origin. Default https://api.bitbucket.org.",
    },
    bitbucket_oauth_token_url: {
      type: "string",
      optional: true,
      env: "BITBUCKET_OAUTH_TOKEN_URL",
      description:
        "OAuth token endpoint. Default: Bitbucket's own, or <bitbucket_api_url>/site/oauth2/access_token for another API URL.",
    },
    bitbucket_email: {
      type: "string",
      optional: true,
      env: CREDENTIAL_SETTINGS.bitbucket_email.env,
      description: "Atlassian account email that owns bitbucket_api_token (not the Bitbucket username).",
    },
    bitbucket_api_token: {
      type: "string",
      optional: true,
      sensitive: true,
      env: CREDENTIAL_SETTINGS.bitbucket_api_token.env,
      description: "Atlassian API token with Bitbucket scopes, sent with bitbucket_email.",
    },
    bitbucket_access_token: {
      type: "string",
      optional: true,
      sensitive: true,
      env: CREDENTIAL_SETTINGS.bitbucket_access_token.env,
      description: "Workspace, project or repository access token.",
    },
    bitbucket_oauth_client_id: {
      type: "string",
      optional: true,
      env: CREDENTIAL_SETTINGS.bitbucket_oauth_client_id.env,
      description: "OAuth consumer key (client-credentials grant).",
    },
    bitbucket_oauth_client_secret: {
      type: "string",
      optional: true,
      sensitive: true,
      env: CREDENTIAL_SETTINGS.bitbucket_oauth_client_secret.env,
      description: "OAuth consumer secret.",
    },
    devdynamics_api_url: {
      type: "string",
      optional: true,
      env: "DEVDYNAMICS_API_URL",
      description: "DevDynamics API base URL.",
    },
    devdynamics_api_key: {
      type: "string",
      optional: true,
      sensitive: true,
      env: "DEVDYNAMICS_API_KEY",
      description: "DevDynamics API key.",
    },
    bitbucket_request_budget: {
      type: "number",
      optional: true,
      env: "BITBUCKET_REQUEST_BUDGET",
      description:
        "Most Bitbucket requests one provider process (one Terraform graph walk) may send. Default unlimited.",
    },
    retry_deadline_seconds: {
      type: "number",
      optional: true,
      env: "DEVDYNAMICS_RETRY_DEADLINE_SECONDS",
      description: "How long rate limits, server errors and resets are retried. Default 300.",
    },
  },
};

/** What resources and data sources get: clients built on first use, so a plan that needs only one needs only its settings. */
export interface ProviderContext {
  bitbucket(): BitbucketClient;
  devdynamics(): DevDynamicsClient;
}

export function configureProvider(config: ObjectValue): ProviderContext {
  const text = (name: string) => (config[name] as string | null) ?? undefined;
  const retry = {
    deadlineMs: Number(config.retry_deadline_seconds ?? 300) * 1000,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
  };
  const budget =
    config.bitbucket_request_budget === null ? undefined : new RequestBudget(Number(config.bitbucket_request_budget));
  let bitbucket: BitbucketClient | undefined;
  let devdynamics: DevDynamicsClient | undefined;
  return {
    bitbucket() {
      bitbucket ??= new BitbucketClient({
        credential: credentialFrom(config),
        apiUrl: text("bitbucket_api_url"),
        oauthTokenUrl: text("bitbucket_oauth_token_url"),
        retry,
        budget,
      });
      return bitbucket;
    },
    devdynamics() {
      const apiUrl = text("devdynamics_api_url");
      const apiKey = text("devdynamics_api_key");
      if (!apiUrl)
        throw new DiagnosticError("DevDynamics API URL missing", "Set devdynamics_api_url or DEVDYNAMICS_API_URL.");
      if (!apiKey)
        throw new DiagnosticError(
          "DevDynamics API key missing",
          "Set devdynamics_api_key or DEVDYNAMICS_API_KEY (Settings → API keys in DevDynamics).",
        );
      devdynamics ??= new DevDynamicsClient({ apiUrl, apiKey, retry });
      return devdynamics;
    },
  };
}

function credentialFrom(config: ObjectValue): BitbucketCredential {
  return credentialOrDiagnostic(credentialInputs((setting) => (config[setting] as string | null) ?? undefined));
}

/**
 * `parseCredential` for Terraform: a missing, mixed-up or retired credential becomes a diagnostic with the fix,
 * pointing at the attribute `pathOf` names for the input at fault.
 */
export function credentialOrDiagnostic(
  inputs: CredentialInputs,
  pathOf?: (field: string) => AttributePath,
): BitbucketCredential {
  try {
    return parseCredential(inputs);
  } catch (error) {
    if (!(error instanceof CredentialError)) throw error;
    throw new DiagnosticError("Bitbucket credential cannot be used", error.message, pathOf?.(error.field));
  }
}
