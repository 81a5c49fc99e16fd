import { createHash } from "node:crypto";
import { DEVDYNAMICS_GRANULAR_SCOPES } from "./scopes";

export type CredentialKind = "api_token" | "access_token" | "oauth_client_credentials";

/** A credential that is malformed or mixed up, caught before anything is sent. `field` names the input at fault. */
export class CredentialError extends Error {
  constructor(
    /** What is wrong, without the fix (`message` is both). */
    readonly problem: string,
    readonly field: string,
    readonly fix: string,
  ) {
    super(`${problem} ${fix}`);
    this.name = "CredentialError";
  }
}

/**
 * True for a value shaped like a secret: an Atlassian API token (ATATT…), access token (ATCTT…) or app password
 * (ATBB…), or a DevDynamics API key (ddk_…). Used to keep such values out of messages and out of code.
 */
export function looksLikeSecret(value: string): boolean {
  return /^(ATATT|ATCTT|ATBB|ddk_)[A-Za-z0-9_\-=]{16,}$/.test(value);
}

const API_TOKEN_SCOPE_LIST = DEVDYNAMICS_GRANULAR_SCOPES.join(", ");

/** What to do instead of an app password: exactly which API token to create. */
export const APP_PASSWORD_FIX =
  "App passwords were removed from Bitbucket Cloud on 2026-07-28. Create an API token at id.atlassian.com → " +
  `Security → API tokens → Create API token with scopes, choose Bitbucket and the scopes ${API_TOKEN_SCOPE_LIST}, ` +
  "and use it with your Atlassian account email (not your Bitbucket username).";

/** Prefixes Atlassian gives its secrets (bitbucket-cloud.md §1.6): hints, not a documented contract. */
const API_TOKEN_PREFIX = "ATATT";
const ACCESS_TOKEN_PREFIX = "ATCTT";
const APP_PASSWORD_PATTERN = /^ATBB[A-Za-z0-9]{20,}$/;

/** A Bitbucket Cloud credential. Its secret never leaves through `label`, `toString` or JSON. */
export abstract class BitbucketCredential {
  abstract readonly kind: CredentialKind;
  /** Who or what the credential is, without its secret. */
  abstract readonly label: string;
  /** The login sent with the secret: the account email for API tokens, the client id for OAuth consumers. */
  abstract readonly username?: string;
  /** The secret itself, for the client's Authorization header and for DevDynamics. */
  abstract readonly secret: string;

  /** An Atlassian API token, sent over Basic with the Atlassian account email. */
  static apiToken(email: string, token: string): BitbucketCredential {
    return new ApiTokenCredential(email, token);
  }

  /** A repository, project or workspace access token, sent as Bearer. */
  static accessToken(token: string): BitbucketCredential {
    return new AccessTokenCredential(token);
  }

  /** An OAuth consumer's key and secret, exchanged for Bearer tokens by the client-credentials grant. */
  static oauthClientCredentials(clientId: string, clientSecret: string): BitbucketCredential {
    return new OAuthClientCredential(clientId, clientSecret);
  }

  /** `sha256:<hex>` of the secret: how DevDynamics identifies a credential without storing it. */
  get fingerprint(): string {
    return `sha256:${createHash("sha256").update(this.secret).digest("hex")}`;
  }

  toString(): string {
    return this.label;
  }

  toJSON(): { kind: CredentialKind; label: string } {
    return { kind: this.kind, label: this.label };
  }
}

class ApiTokenCredential extends BitbucketCredential {
  readonly kind = "api_token";
  constructor(
    readonly username: string,
    readonly secret: string,
  ) {
    super();
    requireEmail(username, "email");
    rejectAppPassword(secret, "api_token");
    if (secret.startsWith(ACCESS_TOKEN_PREFIX)) {
      throw new CredentialError(
        "That token looks like a repository, project or workspace access token (ATCTT…), not an API token.",
        "api_token",
        "Configure it as an access token; access tokens are sent without an email.",
      );
    }
  }
  get label() {
    return `API token of ${this.username}`;
  }
}

class AccessTokenCredential extends BitbucketCredential {
  readonly kind = "access_token";
  readonly username = undefined;
  constructor(readonly secret: string) {
    super();
    rejectAppPassword(secret, "access_token");
    if (secret.startsWith(API_TOKEN_PREFIX)) {
      throw new CredentialError(
        "That token looks like an Atlassian API token (ATATT…), not an access token.",
        "access_token",
        "Configure it as an API token together with your Atlassian account email: API tokens use Basic authentication.",
      );
    }
  }
  get label() {
    return "access token";
  }
}

class OAuthClientCredential extends BitbucketCredential {
  readonly kind = "oauth_client_credentials";
  constructor(
    readonly username: string,
    readonly secret: string,
  ) {
    super();
    if (!username)
      throw new CredentialError(
        "The OAuth consumer's key (client id) is missing.",
        "oauth_client_id",
        "Copy the Key from workspace settings → OAuth consumers.",
      );
    if (!secret)
      throw new CredentialError(
        "The OAuth consumer's secret is missing.",
        "oauth_client_secret",
        "Copy the Secret from workspace settings → OAuth consumers.",
      );
  }
  get label() {
    return `OAuth consumer ${this.username}`;
  }
}

/** Loose inputs, as they come from configuration or environment variables. */
export interface CredentialInputs {
  readonly email?: string;
  readonly apiToken?: string;
  readonly accessToken?: string;
  readonly oauthClientId?: string;
  readonly oauthClientSecret?: string;
  /** Only to explain that app passwords are gone. */
  readonly appPassword?: string;
}

/**
 * Builds the one credential the inputs describe, or throws a `CredentialError` naming the mix-up: an app password,
 * an API token without an email, a username where the email is needed, a token of one kind given as another,
 * several kinds at once, or none.
 */
export function parseCredential(inputs: CredentialInputs): BitbucketCredential {
  if (inputs.appPassword)
    throw new CredentialError("App passwords cannot be used any more.", "app_password", APP_PASSWORD_FIX);
  const given = [
    inputs.apiToken ? "an API token" : undefined,
    inputs.accessToken ? "an access token" : undefined,
    inputs.oauthClientId || inputs.oauthClientSecret ? "an OAuth consumer" : undefined,
  ].filter((k): k is string => k !== undefined);
  if (given.length > 1) {
    throw new CredentialError(
      `Several Bitbucket credentials are configured (${given.join(", ")}).`,
      "credential",
      "Configure exactly one: an API token with its account email, an access token, or an OAuth consumer's key and secret.",
    );
  }
  if (inputs.apiToken) {
    if (!inputs.email) {
      throw new CredentialError(
        "An API token needs the Atlassian account email it belongs to.",
        "email",
        "Set the email of the Atlassian account that created the token (BITBUCKET_EMAIL); API tokens authenticate with email and token over Basic.",
      );
    }
    return BitbucketCredential.apiToken(inputs.email, inputs.apiToken);
  }
  if (inputs.accessToken) return BitbucketCredential.accessToken(inputs.accessToken);
  if (inputs.oauthClientId || inputs.oauthClientSecret) {
    return BitbucketCredential.oauthClientCredentials(inputs.oauthClientId ?? "", inputs.oauthClientSecret ?? "");
  }
  throw new CredentialError(
    "No Bitbucket credential is configured.",
    "credential",
    "Set an API token and its account email (BITBUCKET_API_TOKEN, BITBUCKET_EMAIL), an access token (BITBUCKET_ACCESS_TOKEN), or an OAuth consumer (BITBUCKET_OAUTH_CLIENT_ID, BITBUCKET_OAUTH_CLIENT_SECRET).",
  );
}

/** True for a secret shaped like a (retired) Bitbucket app password. */
export function looksLikeAppPassword(secret: string): boolean {
  return APP_PASSWORD_PATTERN.test(secret);
}

function rejectAppPassword(secret: string, field: string): void {
  if (looksLikeAppPassword(secret))
    throw new CredentialError("That secret is a Bitbucket app password (ATBB…).", field, APP_PASSWORD_FIX);
}

function requireEmail(value: string, field: string): void {
  if (!value)
    throw new CredentialError(
      "The Atlassian account email is missing.",
      field,
      "API tokens authenticate with the account email and the token.",
    );
  if (looksLikeSecret(value))
    throw new CredentialError(
      "The email holds a token, not an email address.",
      field,
      "Put the Atlassian account email in the email setting and the token in the token setting; revoke the token if it was shared.",
    );
  if (!value.includes("@")) {
    throw new CredentialError(
      `"${value}" looks like a Bitbucket username, not an email.`,
      field,
      "API tokens authenticate with your Atlassian account email (Bitbucket → Personal settings → Email aliases shows it).",
    );
  }
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
    throw new CredentialError(
      `"${value}" is not a well-formed email address.`,
      field,
      "Use the email of your Atlassian account.",
    );
  }
}
