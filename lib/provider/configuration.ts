import { createHash } from "node:crypto";
import { credentialInputsFrom } from "../bitbucket/credential-kinds";
import { BitbucketClient, BitbucketCredential, CredentialError, CredentialInputs, parseCredential } from "../bitbucket";
import { DevDynamicsClient } from "../devdynamics";
import { RequestBudget, RetryPolicy } from "../http";
import { AttributePath, ConfigOf, ConfigureInfo, DiagnosticError } from "../tfplugin";
import { formatProblems } from "../problem";
import { PROVIDER_SETTINGS, SETTING_DEFAULTS } from "./settings";

export type ProviderConfig = ConfigOf<typeof PROVIDER_SETTINGS>;

/** How refreshes of repository webhooks spend Bitbucket's budget (docs/design/provider.md, rolling verification). */
export interface WebhookVerification {
  /** Repositories whose hooks one refresh reads, those verified longest ago first. */
  readonly budget: number;
  /** Read every repository's hooks instead. */
  readonly full: boolean;
}

/** What resources and data sources get: clients built on first use, so a plan that needs only one needs only its settings. */
export interface ProviderContext {
  /** The client for the provider's own Bitbucket credential. */
  bitbucket(): BitbucketClient;
  /** A client for another credential (a connection's own), sharing the provider's settings and budgets. */
  bitbucketFor(credential: BitbucketCredential): BitbucketClient;
  devdynamics(): DevDynamicsClient;
  readonly webhookVerification: WebhookVerification;
  /**
   * Repositories this process has seen in a listing of their workspace with this client's credential (the
   * repositories data source): known to exist for it, so the plan-time existence checks need not ask again.
   */
  listedRepositories(client: BitbucketClient, workspace: string): Set<string>;
  /** Epoch ms by which an operation stops waiting for Bitbucket's hourly budget (and saves what it did). */
  pacingDeadline(): number;
}

export function configureProvider(config: ProviderConfig, { signal, log }: ConfigureInfo): ProviderContext {
  const deadlineMs = (config.retry_deadline_seconds ?? SETTING_DEFAULTS.retryDeadlineSeconds) * 1000;
  const retry: RetryPolicy = {
    deadlineMs,
    attemptTimeoutMs: (config.request_timeout_seconds ?? SETTING_DEFAULTS.requestTimeoutSeconds) * 1000,
    deadlineSetting: settingName("retry_deadline_seconds"),
    baseDelayMs: 500,
    maxDelayMs: 30_000,
  };
  const budget =
    config.bitbucket_request_budget === null
      ? undefined
      : new RequestBudget(config.bitbucket_request_budget, settingName("bitbucket_request_budget"));
  const webhookVerification: WebhookVerification = {
    budget: config.webhook_verification_budget ?? SETTING_DEFAULTS.webhookVerificationBudget,
    full: config.full_webhook_verification ?? false,
  };
  const clientLog = (level: "debug" | "info" | "warn", message: string) => log[level](message);
  // By what the credential is, not by object: a connection parses its own credential anew on every call, and one
  // client per credential keeps one pacer, one request budget view and one OAuth token for it.
  const bitbucketClients = new Map<string, BitbucketClient>();
  const listed = new Map<string, Set<string>>();
  let own: BitbucketClient | undefined;
  let devdynamics: DevDynamicsClient | undefined;

  const context: ProviderContext = {
    bitbucket() {
      own ??= context.bitbucketFor(
        credentialOrDiagnostic(credentialInputsFrom((setting) => config[setting.attribute] ?? undefined)),
      );
      return own;
    },
    bitbucketFor(credential) {
      const key = credentialKey(credential);
      let client = bitbucketClients.get(key);
      if (!client) {
        client = new BitbucketClient({
          credential,
          apiUrl: config.bitbucket_api_url ?? undefined,
          oauthTokenUrl: config.bitbucket_oauth_token_url ?? undefined,
          hourlyRequestLimit: config.bitbucket_hourly_request_limit ?? SETTING_DEFAULTS.hourlyRequestLimit,
          // Terraform plans and applies in separate processes: leave room for the webhook reads of the plan before.
          spentElsewhere: { webhooks: webhookVerification.full ? 0 : webhookVerification.budget },
          retry,
          budget,
          signal,
          log: clientLog,
        });
        bitbucketClients.set(key, client);
      }
      return client;
    },
    devdynamics() {
      const apiUrl = config.devdynamics_api_url;
      const apiKey = config.devdynamics_api_key;
      if (!apiUrl)
        throw new DiagnosticError(
          "DevDynamics API URL missing",
          formatProblems({
            message: "The provider needs the DevDynamics API URL for this.",
            fix: "Set devdynamics_api_url in the provider block, or DEVDYNAMICS_API_URL in Terraform's environment.",
          }),
        );
      if (!apiKey)
        throw new DiagnosticError(
          "DevDynamics API key missing",
          formatProblems({
            message: "The provider needs a DevDynamics API key for this.",
            fix: "Set DEVDYNAMICS_API_KEY in Terraform's environment (or devdynamics_api_key from an ephemeral variable); DevDynamics shows keys in Settings → API keys.",
          }),
        );
      devdynamics ??= new DevDynamicsClient({ apiUrl, apiKey, retry, signal, log: clientLog });
      return devdynamics;
    },
    webhookVerification,
    listedRepositories(client, workspace) {
      const key = `${credentialKey(client.credential)}\u0000${workspace}`;
      let slugs = listed.get(key);
      if (!slugs) listed.set(key, (slugs = new Set()));
      return slugs;
    },
    pacingDeadline: () => Date.now() + deadlineMs,
  };
  return context;
}

/** A setting as fixes name it: `retry_deadline_seconds (DEVDYNAMICS_RETRY_DEADLINE_SECONDS)`. */
function settingName(setting: keyof typeof PROVIDER_SETTINGS.attributes): string {
  return `${setting} (${PROVIDER_SETTINGS.attributes[setting].env})`;
}

/** A credential's identity for the client cache: its kind, its login and a digest of its secret (never the secret). */
function credentialKey(credential: BitbucketCredential): string {
  const digest = createHash("sha256").update(credential.secret).digest("hex");
  return `${credential.kind}\u0000${credential.username ?? ""}\u0000${digest}`;
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
    throw new DiagnosticError(
      "Bitbucket credential cannot be used",
      formatProblems(error.toProblem()),
      pathOf?.(error.field),
    );
  }
}
