// Module by module, not the lib/bitbucket index: that loads the HTTP client, which synth does not need.
import { credentialFieldSetting, credentialKind, CredentialKind } from "../bitbucket/credential-kinds";
import { credentialFieldProblem } from "../bitbucket/credentials";
import { Token } from "./framework";
import { SecretValue } from "./secret-value";

/**
 * The Bitbucket Cloud credential the integration uses, for both the provider's checks and DevDynamics. App passwords
 * are not offered: Bitbucket removed them on 2026-07-28.
 */
export class BitbucketCredentials {
  /**
   * An Atlassian API token with Bitbucket scopes, sent with the Atlassian account email (not the Bitbucket username).
   * Scopes: read:user, read:workspace, read:project, read:repository, read:pullrequest, read:webhook, write:webhook,
   * delete:webhook (all `:bitbucket`).
   * @param email the Atlassian account email (a literal or a Terraform token)
   * @param token the token; default: BITBUCKET_API_TOKEN when Terraform runs
   */
  public static apiToken(email: string, token?: SecretValue): BitbucketCredentials {
    return new BitbucketCredentials("api_token", email, token ?? SecretValue.fromEnvironment());
  }

  /**
   * A workspace, project or repository access token (repository webhooks only: it acts as no user).
   * @param token the token; default: BITBUCKET_ACCESS_TOKEN when Terraform runs
   */
  public static accessToken(token?: SecretValue): BitbucketCredentials {
    return new BitbucketCredentials("access_token", undefined, token ?? SecretValue.fromEnvironment());
  }

  /**
   * An OAuth consumer (client-credentials grant).
   * @param clientId the consumer's key
   * @param clientSecret the consumer's secret; default: BITBUCKET_OAUTH_CLIENT_SECRET when Terraform runs
   */
  public static oauthConsumer(clientId: string, clientSecret?: SecretValue): BitbucketCredentials {
    return new BitbucketCredentials(
      "oauth_client_credentials",
      clientId,
      clientSecret ?? SecretValue.fromEnvironment(),
    );
  }

  /**
   * Whatever the BITBUCKET_* environment variables hold when Terraform runs (BITBUCKET_EMAIL + BITBUCKET_API_TOKEN,
   * BITBUCKET_ACCESS_TOKEN, or BITBUCKET_OAUTH_CLIENT_ID + BITBUCKET_OAUTH_CLIENT_SECRET); the provider infers the
   * kind and checks it at plan time.
   */
  public static fromEnvironment(): BitbucketCredentials {
    return new BitbucketCredentials(undefined, undefined, SecretValue.fromEnvironment());
  }

  private constructor(
    /** Undefined when the provider infers it from its environment. */
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
   * Provider settings, by the bindings' prop names: the login as given, the secret as a variable reference or left
   * to the environment (undefined).
   * @internal
   */
  public _providerSettings(resolveSecret: (secret: SecretValue) => string | undefined): Record<string, string> {
    if (this.kind === undefined) return {};
    const { fields } = credentialKind(this.kind);
    const settings: Record<string, string | undefined> = {
      [credentialFieldSetting(fields.secret).prop]: resolveSecret(this.secret),
    };
    if (fields.username) settings[credentialFieldSetting(fields.username).prop] = this.username;
    return Object.fromEntries(Object.entries(settings).filter((entry): entry is [string, string] => !!entry[1]));
  }

  /**
   * Problems visible in the code itself: a login that cannot be right (a username where the email belongs, a token
   * pasted as the email). Tokens are left to the provider, and so is everything in the environment, which synth
   * does not read: the environment that matters is the one Terraform runs in.
   * @internal
   */
  public _problems(): string[] {
    const field = this.kind && credentialKind(this.kind).fields.username;
    if (!field || Token.isUnresolved(this.username)) return [];
    const problem = credentialFieldProblem(field, this.username ?? "");
    return problem ? [problem] : [];
  }
}
