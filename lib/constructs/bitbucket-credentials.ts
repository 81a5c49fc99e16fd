// Not the package index: it loads the HTTP client, which synth does not need.
import { CredentialError, CredentialKind, parseCredential } from "../bitbucket/credentials";
import { CREDENTIAL_SETTINGS, credentialInputs, CredentialSetting } from "../provider/credential-settings";
import { SecretValue } from "./secret-value";

/** The provider settings a credential turns into; secrets only as references. */
export interface BitbucketProviderSettings {
  /** The Atlassian account email of an API token. */
  readonly bitbucketEmail?: string;
  /** A reference to the API token, or undefined for BITBUCKET_API_TOKEN. */
  readonly bitbucketApiToken?: string;
  /** A reference to the access token, or undefined for BITBUCKET_ACCESS_TOKEN. */
  readonly bitbucketAccessToken?: string;
  /** The OAuth consumer's key. */
  readonly bitbucketOauthClientId?: string;
  /** A reference to the OAuth consumer's secret, or undefined for BITBUCKET_OAUTH_CLIENT_SECRET. */
  readonly bitbucketOauthClientSecret?: string;
}

/**
 * The Bitbucket Cloud credential the integration uses, for both the provider's checks and DevDynamics. App passwords
 * are not offered: Bitbucket removed them on 2026-07-28.
 */
export class BitbucketCredentials {
  /**
   * An Atlassian API token with Bitbucket scopes, sent with the Atlassian account email (not the Bitbucket username).
   * Scopes: read:user, read:workspace, read:project, read:repository, read:pullrequest, read:webhook, write:webhook,
   * delete:webhook (all `:bitbucket`). The token defaults to BITBUCKET_API_TOKEN.
   */
  public static apiToken(email: string, token?: SecretValue): BitbucketCredentials {
    return new BitbucketCredentials("api_token", email, token ?? SecretValue.fromEnvironment());
  }

  /** A workspace, project or repository access token (per-repository webhooks only). Defaults to BITBUCKET_ACCESS_TOKEN. */
  public static accessToken(token?: SecretValue): BitbucketCredentials {
    return new BitbucketCredentials("access_token", undefined, token ?? SecretValue.fromEnvironment());
  }

  /** An OAuth consumer (client-credentials grant). The secret defaults to BITBUCKET_OAUTH_CLIENT_SECRET. */
  public static oauthConsumer(clientId: string, clientSecret?: SecretValue): BitbucketCredentials {
    return new BitbucketCredentials(
      "oauth_client_credentials",
      clientId,
      clientSecret ?? SecretValue.fromEnvironment(),
    );
  }

  /**
   * Whatever the BITBUCKET_* environment variables hold when Terraform runs (BITBUCKET_EMAIL + BITBUCKET_API_TOKEN,
   * BITBUCKET_ACCESS_TOKEN, or BITBUCKET_OAUTH_CLIENT_ID + BITBUCKET_OAUTH_CLIENT_SECRET); the provider infers the kind.
   */
  public static fromEnvironment(): BitbucketCredentials {
    return new BitbucketCredentials(undefined, undefined, SecretValue.fromEnvironment());
  }

  private constructor(
    /** Undefined when inferred from the environment. */
    private readonly kind: CredentialKind | undefined,
    /** The account email (API token) or client id (OAuth consumer). */
    private readonly username: string | undefined,
    private readonly secret: SecretValue,
  ) {}

  /**
   * The account email or client id, for the construct's literal-secret check.
   * @internal
   */
  public get _username(): string | undefined {
    return this.username;
  }

  /**
   * Provider settings: the username as is, the secret as a variable reference or left to the environment.
   * @internal
   */
  public _providerSettings(resolveSecret: (secret: SecretValue) => string | undefined): BitbucketProviderSettings {
    const secret = resolveSecret(this.secret);
    switch (this.kind) {
      case "api_token":
        return { bitbucketEmail: this.username, bitbucketApiToken: secret };
      case "access_token":
        return { bitbucketAccessToken: secret };
      case "oauth_client_credentials":
        return { bitbucketOauthClientId: this.username, bitbucketOauthClientSecret: secret };
      default:
        return {};
    }
  }

  /**
   * Problems visible at synth time: a malformed email, and — when the secret comes from the environment and is set
   * now — a secret of the wrong kind (an app password, an access token given as an API token, …). The value is only
   * inspected, never synthesized.
   * @internal
   */
  public _problems(env: NodeJS.ProcessEnv): string[] {
    if (this.kind === "api_token" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(this.username ?? ""))
      return [
        `"${this.username}" is not an email address: API tokens authenticate with the Atlassian account email, not the Bitbucket username.`,
      ];
    const fromEnvironment = this.secret.variableName === undefined;
    if (!fromEnvironment) return [];
    // What the provider will see: the settings synthesized, the rest from its environment variables.
    const synthesized: Partial<Record<CredentialSetting, string>> =
      this.kind === "api_token"
        ? { bitbucket_email: this.username }
        : this.kind === "oauth_client_credentials"
          ? { bitbucket_oauth_client_id: this.username }
          : {};
    const inputs = credentialInputs(
      (setting) => synthesized[setting] ?? (env[CREDENTIAL_SETTINGS[setting].env] || undefined),
    );
    const secretSet = [inputs.apiToken, inputs.accessToken, inputs.oauthClientSecret].some(Boolean);
    if (!secretSet) return []; // not known at synth: the provider checks it at plan time
    try {
      parseCredential(inputs);
      return [];
    } catch (error) {
      if (error instanceof CredentialError) return [error.message];
      throw error;
    }
  }
}
