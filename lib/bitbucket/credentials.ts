import { quoted, type Problem, type ProblemSource } from "../problem";
import {
  CREDENTIAL_FIELDS,
  CREDENTIAL_KIND_NAMES,
  CREDENTIAL_KINDS,
  credentialFieldSetting,
  credentialKind,
  CredentialFieldName,
  CredentialInputs,
  CredentialKind,
  RETIRED_APP_PASSWORDS,
  withArticle,
} from "./credential-kinds";

export type { CredentialInputs, CredentialKind } from "./credential-kinds";

/** The input a `CredentialError` is about: a field, the credential as a whole, or a retired app password. */
export type CredentialErrorField = CredentialFieldName | "credential";

/** A credential that is malformed or mixed up, caught before anything is sent. `field` names the input at fault. */
export class CredentialError extends Error implements ProblemSource {
  constructor(
    /** What is wrong, without the fix (`message` is both). */
    readonly problem: string,
    /** The input at fault: the provider attribute is `bitbucket_<field>`, the variable `BITBUCKET_<FIELD>`. */
    readonly field: CredentialErrorField,
    readonly fix: string,
  ) {
    super(`${problem} ${fix}`);
    this.name = "CredentialError";
  }

  toProblem(): Problem {
    return { code: "invalid_credential", message: this.problem, fix: this.fix };
  }
}

/** Prefixes of secrets worth keeping out of messages and code: Atlassian's (registry and app passwords) and ours. */
const SECRET_SHAPE = new RegExp(
  `^(${[...CREDENTIAL_KIND_NAMES.map((k) => credentialKind(k).secretPrefix), "ATBB", "ddk_"].filter(Boolean).join("|")})[A-Za-z0-9_\\-=]{16,}$`,
);

/**
 * True for a value shaped like a secret: an Atlassian API token (ATATT…), access token (ATCTT…) or app password
 * (ATBB…), or a DevDynamics API key (ddk_…). Used to keep such values out of messages and out of code.
 */
export function looksLikeSecret(value: string): boolean {
  return SECRET_SHAPE.test(value);
}

/** What to do instead of an app password: exactly which API token to create. */
export const APP_PASSWORD_FIX = RETIRED_APP_PASSWORDS.fix;

/** True for a secret shaped like a (retired) Bitbucket app password. */
export function looksLikeAppPassword(secret: string): boolean {
  return RETIRED_APP_PASSWORDS.pattern.test(secret);
}

/** A Bitbucket Cloud credential. Its secret never leaves through `label`, `toString`, JSON or `util.inspect`. */
export class BitbucketCredential {
  readonly #secret: string;

  private constructor(
    readonly kind: CredentialKind,
    /** The login sent with the secret: the account email for API tokens, the client id for OAuth consumers. */
    readonly username: string | undefined,
    secret: string,
  ) {
    this.#secret = secret;
  }

  /** An Atlassian API token, sent over Basic with the Atlassian account email. */
  static apiToken(email: string, token: string): BitbucketCredential {
    return BitbucketCredential.of("api_token", email, token);
  }

  /** A repository, project or workspace access token, sent as Bearer. */
  static accessToken(token: string): BitbucketCredential {
    return BitbucketCredential.of("access_token", undefined, token);
  }

  /** An OAuth consumer's key and secret, exchanged for Bearer tokens by the client-credentials grant. */
  static oauthClientCredentials(clientId: string, clientSecret: string): BitbucketCredential {
    return BitbucketCredential.of("oauth_client_credentials", clientId, clientSecret);
  }

  /** A credential of `kind`, or a `CredentialError` naming what is missing or mixed up. */
  static of(kind: CredentialKind, username: string | undefined, secret: string | undefined): BitbucketCredential {
    const { fields } = credentialKind(kind);
    if (fields.username) checkUsername(fields.username, username);
    checkSecret(kind, fields.secret, secret);
    return new BitbucketCredential(kind, fields.username ? username : undefined, secret as string);
  }

  /** The secret itself, for the client's Authorization header and for DevDynamics. */
  get secret(): string {
    return this.#secret;
  }

  /** Who or what the credential is, without its secret. */
  get label(): string {
    return credentialKind(this.kind).labelOf(this.username);
  }

  toString(): string {
    return this.label;
  }

  toJSON(): { kind: CredentialKind; label: string } {
    return { kind: this.kind, label: this.label };
  }
}

/**
 * Builds the one credential the inputs describe, or throws a `CredentialError` naming the mix-up: an app password
 * (wherever it was pasted), an API token without an email, a username where the email is needed, a token of one kind given as another,
 * several kinds at once, or none.
 */
export function parseCredential(inputs: CredentialInputs): BitbucketCredential {
  const value = (field: CredentialFieldName) => inputs[credentialFieldSetting(field).input] || undefined;
  const chosen = CREDENTIAL_KIND_NAMES.filter((kind) => credentialKind(kind).chosenBy.some((f) => value(f)));
  if (chosen.length > 1) {
    throw new CredentialError(
      `Several Bitbucket credentials are configured (${chosen.map((k) => withArticle(credentialKind(k).label)).join(", ")}).`,
      "credential",
      `Configure exactly one: ${alternatives()}.`,
    );
  }
  if (chosen.length === 0)
    throw new CredentialError("No Bitbucket credential is configured.", "credential", `Set ${alternatives()}.`);
  const { fields } = credentialKind(chosen[0]);
  return BitbucketCredential.of(chosen[0], fields.username && value(fields.username), value(fields.secret));
}

/** "an API token (BITBUCKET_EMAIL, BITBUCKET_API_TOKEN), an access token (…), or an OAuth consumer (…)" */
function alternatives(): string {
  const each = CREDENTIAL_KIND_NAMES.map((kind) => {
    const { label, fields } = credentialKind(kind);
    const variables = [fields.username, fields.secret].filter((f): f is CredentialFieldName => f !== undefined);
    return `${withArticle(label)} (${variables.map((f) => credentialFieldSetting(f).env).join(", ")})`;
  });
  return `${each.slice(0, -1).join(", ")}, or ${each[each.length - 1]}`;
}

/**
 * What is wrong with one credential input on its own, as "problem fix", or undefined: a username where the email
 * belongs, a token pasted as the email, an app password, a token of another kind. For per-setting validation (the
 * provider's `terraform validate`); a missing or doubled credential is `parseCredential`'s to say.
 */
export function credentialFieldProblem(field: CredentialFieldName, value: string): string | undefined {
  const kind = CREDENTIAL_KIND_NAMES.find((k) => Object.values(credentialKind(k).fields).includes(field))!;
  try {
    if (credentialKind(kind).fields.secret === field) checkSecret(kind, field, value);
    else checkUsername(field, value);
    return undefined;
  } catch (error) {
    if (error instanceof CredentialError) return error.message;
    throw error;
  }
}

function missing(field: CredentialFieldName): CredentialError {
  const { problem, fix } = CREDENTIAL_FIELDS[field].missing;
  return new CredentialError(problem, field, fix(credentialFieldSetting(field).env));
}

function checkUsername(field: CredentialFieldName, value: string | undefined): void {
  if (!value) throw missing(field);
  if (field === "email") checkEmail(value);
}

function checkSecret(kind: CredentialKind, field: CredentialFieldName, secret: string | undefined): void {
  if (!secret) throw missing(field);
  if (looksLikeAppPassword(secret))
    throw new CredentialError("That secret is a Bitbucket app password (ATBB…).", field, RETIRED_APP_PASSWORDS.fix);
  for (const other of CREDENTIAL_KIND_NAMES) {
    const { secretPrefix, description, fixes } = credentialKind(other);
    if (other !== kind && secretPrefix && secret.startsWith(secretPrefix)) {
      throw new CredentialError(
        `That token looks like ${description} (${secretPrefix}…), not ${withArticle(CREDENTIAL_KINDS[kind].label)}.`,
        field,
        fixes.configureAs,
      );
    }
  }
}

function checkEmail(value: string): void {
  if (looksLikeSecret(value))
    throw new CredentialError(
      "The email holds a token, not an email address.",
      "email",
      "Put the Atlassian account email in the email setting and the token in the token setting; revoke the token if it was shared.",
    );
  if (!value.includes("@")) {
    throw new CredentialError(
      `${quoted(value)} looks like a Bitbucket username, not an email.`,
      "email",
      "API tokens authenticate with your Atlassian account email (Bitbucket → Personal settings → Email aliases shows it).",
    );
  }
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
    throw new CredentialError(
      `${quoted(value)} is not a well-formed email address.`,
      "email",
      "Use the email of your Atlassian account.",
    );
  }
}
