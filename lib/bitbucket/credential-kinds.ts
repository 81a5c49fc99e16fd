/**
 * The registry of Bitbucket credential kinds: everything the client, the credential check, the provider's settings,
 * the preflight command, the constructs and the DevDynamics client know about a kind lives here, once. Every table
 * is a `Record<CredentialKind, …>` (or is checked with `satisfies` against one), so adding a kind fails to compile
 * wherever something about it is missing. It imports nothing, so the constructs can read it at synth.
 */

/** How DevDynamics and the provider authenticate to Bitbucket Cloud. App passwords are gone (removed 2026-07-28). */
export type CredentialKind = "api_token" | "access_token" | "oauth_client_credentials";

/** Scope vocabularies: API tokens use granular scopes; OAuth consumers and access tokens use classic ones. */
export type ScopeVocabulary = "granular" | "classic";

/** How a request carries the credential. */
export type Authorization =
  /** `Authorization: Basic base64(username:secret)`. */
  | "basic"
  /** `Authorization: Bearer <secret>`. */
  | "bearer"
  /** The client-credentials grant (Basic `username:secret` to the token URL), then Bearer with the token. */
  | "oauth_client_credentials";

// --- input fields ------------------------------------------------------------------------------------------------

/** The inputs credentials are made of. Each is the provider attribute `bitbucket_<name>` and `BITBUCKET_<NAME>`. */
export type CredentialFieldName = "email" | "api_token" | "access_token" | "oauth_client_id" | "oauth_client_secret";

type Camel<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

/** A field's name in `parseCredential`'s inputs: `oauth_client_id` → `oauthClientId`. */
export type CredentialInput = Camel<CredentialFieldName>;

/** Loose inputs, as they come from configuration or environment variables (empty means unset to callers). */
export type CredentialInputs = { readonly [F in CredentialFieldName as Camel<F>]?: string };

export interface CredentialFieldSpec {
  /** Whether the value is a secret (sensitive in Terraform, a `SecretValue` in the constructs, never echoed). */
  readonly secret: boolean;
  /** The provider attribute's description. */
  readonly description: string;
  /** What to say when a kind needs this field and it is not set; `env` is the field's environment variable. */
  readonly missing: { readonly problem: string; readonly fix: (env: string) => string };
}

export const CREDENTIAL_FIELDS = {
  email: {
    secret: false,
    description: "Atlassian account email that owns bitbucket_api_token (not the Bitbucket username).",
    missing: {
      problem: "An API token needs the Atlassian account email it belongs to.",
      fix: (env) =>
        `Set the email of the Atlassian account that created the token (${env}); API tokens authenticate with email and token over Basic.`,
    },
  },
  api_token: {
    secret: true,
    description: "Atlassian API token with Bitbucket scopes, sent with bitbucket_email.",
    missing: {
      problem: "The API token is missing.",
      fix: (env) => `Set the API token (${env}) next to its account email.`,
    },
  },
  access_token: {
    secret: true,
    description: "Workspace, project or repository access token.",
    missing: {
      problem: "The access token is missing.",
      fix: (env) => `Set the access token (${env}).`,
    },
  },
  oauth_client_id: {
    secret: false,
    description: "OAuth consumer key (client-credentials grant).",
    missing: {
      problem: "The OAuth consumer's key (client id) is missing.",
      fix: (env) => `Copy the Key from workspace settings → OAuth consumers (${env}).`,
    },
  },
  oauth_client_secret: {
    secret: true,
    description: "OAuth consumer secret.",
    missing: {
      problem: "The OAuth consumer's secret is missing.",
      fix: (env) => `Copy the Secret from workspace settings → OAuth consumers (${env}).`,
    },
  },
} as const satisfies Record<CredentialFieldName, CredentialFieldSpec>;

/** Where a field is set: the provider attribute, its environment variable, the construct prop and the input name. */
export interface CredentialFieldSetting<F extends CredentialFieldName = CredentialFieldName> {
  readonly field: F;
  /** `bitbucket_<field>` */
  readonly attribute: `bitbucket_${F}`;
  /** `BITBUCKET_<FIELD>` */
  readonly env: `BITBUCKET_${Uppercase<F>}`;
  /** The construct's (and the generated bindings') prop: `bitbucketOauthClientId`. */
  readonly prop: Camel<`bitbucket_${F}`>;
  /** `parseCredential`'s input: `oauthClientId`. */
  readonly input: Camel<F>;
  readonly secret: boolean;
  readonly description: string;
}

function camel<S extends string>(name: S): Camel<S> {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) as Camel<S>;
}

/** The setting of one field, every name derived from the field's. */
export function credentialFieldSetting<F extends CredentialFieldName>(field: F): CredentialFieldSetting<F> {
  const attribute = `bitbucket_${field}` as const;
  return {
    field,
    attribute,
    env: `BITBUCKET_${field.toUpperCase() as Uppercase<F>}`,
    prop: camel(attribute),
    input: camel(field),
    secret: CREDENTIAL_FIELDS[field].secret,
    description: CREDENTIAL_FIELDS[field].description,
  };
}

/** Every field's setting, in the order of `CREDENTIAL_FIELDS`. */
export const CREDENTIAL_FIELD_SETTINGS: readonly CredentialFieldSetting[] = (
  Object.keys(CREDENTIAL_FIELDS) as CredentialFieldName[]
).map((field) => credentialFieldSetting(field));

/** The provider attributes of the credential's inputs: `bitbucket_email`, `bitbucket_api_token`, … */
export type CredentialAttributeName = CredentialFieldSetting["attribute"];

/** A value for each credential input's setting, keyed by its provider attribute (for the provider's schema). */
export function byCredentialAttribute<T>(
  make: (setting: CredentialFieldSetting) => T,
): Record<CredentialAttributeName, T> {
  return Object.fromEntries(CREDENTIAL_FIELD_SETTINGS.map((s) => [s.attribute, make(s)])) as Record<
    CredentialAttributeName,
    T
  >;
}

/** The inputs `parseCredential` takes, from a reader of the settings (undefined or empty when one is unset). */
export function credentialInputsFrom(read: (setting: CredentialFieldSetting) => string | undefined): CredentialInputs {
  const inputs: Partial<Record<CredentialInput, string>> = {};
  for (const setting of CREDENTIAL_FIELD_SETTINGS) inputs[setting.input] = read(setting) || undefined;
  return inputs;
}

// --- scopes ------------------------------------------------------------------------------------------------------

/** Every scope of each vocabulary (bitbucket-cloud.md §2.1, §2.2). */
export const SCOPE_VOCABULARIES = {
  classic: [
    "project",
    "project:write",
    "project:admin",
    "repository",
    "repository:write",
    "repository:admin",
    "repository:delete",
    "pullrequest",
    "pullrequest:write",
    "issue",
    "issue:write",
    "wiki",
    "webhook",
    "snippet",
    "snippet:write",
    "email",
    "account",
    "account:write",
    "pipeline",
    "pipeline:write",
    "pipeline:variable",
    "runner",
    "runner:write",
  ],
  granular: [
    "read:repository:bitbucket",
    "write:repository:bitbucket",
    "admin:repository:bitbucket",
    "delete:repository:bitbucket",
    "read:pullrequest:bitbucket",
    "write:pullrequest:bitbucket",
    "read:project:bitbucket",
    "admin:project:bitbucket",
    "read:workspace:bitbucket",
    "admin:workspace:bitbucket",
    "read:user:bitbucket",
    "write:user:bitbucket",
    "read:pipeline:bitbucket",
    "write:pipeline:bitbucket",
    "admin:pipeline:bitbucket",
    "read:runner:bitbucket",
    "write:runner:bitbucket",
    "read:issue:bitbucket",
    "write:issue:bitbucket",
    "delete:issue:bitbucket",
    "read:webhook:bitbucket",
    "write:webhook:bitbucket",
    "delete:webhook:bitbucket",
    "read:snippet:bitbucket",
    "write:snippet:bitbucket",
    "delete:snippet:bitbucket",
    "read:ssh-key:bitbucket",
    "write:ssh-key:bitbucket",
    "delete:ssh-key:bitbucket",
    "read:gpg-key:bitbucket",
    "write:gpg-key:bitbucket",
    "delete:gpg-key:bitbucket",
    "read:permission:bitbucket",
    "write:permission:bitbucket",
    "delete:permission:bitbucket",
  ],
} as const satisfies Record<ScopeVocabulary, readonly string[]>;

/**
 * What DevDynamics needs (bitbucket-cloud.md §2.5), the old app-password checkboxes Account (Email, Read), Projects,
 * Repositories, Pull requests and Webhooks, in the classic vocabulary.
 */
const DEVDYNAMICS_CLASSIC = ["account", "email", "project", "repository", "pullrequest", "webhook"] as const;

// --- kinds -------------------------------------------------------------------------------------------------------

export interface CredentialKindSpec {
  /** Its name in sentences: `API token`. */
  readonly label: string;
  /** What it is, with an article, for mix-up messages: `an Atlassian API token`. */
  readonly description: string;
  /** Who or what a credential of this kind is, for messages; never its secret. */
  readonly labelOf: (username: string | undefined) => string;
  /** The fields it is made of: the login sent with the secret (if any), and the secret. */
  readonly fields: { readonly username?: CredentialFieldName; readonly secret: CredentialFieldName };
  /** Fields whose presence means the user chose this kind (an email alone does not: pipelines set it globally). */
  readonly chosenBy: readonly CredentialFieldName[];
  /** The prefix Atlassian gives such secrets (bitbucket-cloud.md §1.6): a hint, not a documented contract. */
  readonly secretPrefix?: string;
  readonly authorization: Authorization;
  /** False when it acts as no user: no `/2.0/user`, no workspace role, no workspace webhooks. */
  readonly actsAsUser: boolean;
  readonly vocabulary: ScopeVocabulary;
  /** The scopes DevDynamics needs, in this kind's vocabulary. */
  readonly devDynamicsScopes: readonly string[];
  readonly fixes: {
    /** How to give a credential of this kind a scope it lacks. */
    readonly missingScope: (scope: string) => string;
    /** What to check when Bitbucket refuses it (401). */
    readonly authenticationFailed: string;
    /** Where a secret of this kind belongs when it was configured as another kind. */
    readonly configureAs: string;
  };
}

export const CREDENTIAL_KINDS = {
  api_token: {
    label: "API token",
    description: "an Atlassian API token",
    labelOf: (username) => `API token of ${username}`,
    fields: { username: "email", secret: "api_token" },
    chosenBy: ["api_token"],
    secretPrefix: "ATATT",
    authorization: "basic",
    actsAsUser: true,
    vocabulary: "granular",
    // Granular scopes never imply one another: read, write and delete of webhooks separately, and read:repository
    // next to read:pullrequest.
    devDynamicsScopes: [
      "read:user:bitbucket",
      "read:workspace:bitbucket",
      "read:project:bitbucket",
      "read:repository:bitbucket",
      "read:pullrequest:bitbucket",
      "read:webhook:bitbucket",
      "write:webhook:bitbucket",
      "delete:webhook:bitbucket",
    ],
    fixes: {
      missingScope: (scope) =>
        `API tokens cannot be edited: create a new one at id.atlassian.com → Security → API tokens → Create API token with scopes, and tick ${scope} (with the other scopes you need).`,
      authenticationFailed:
        "Check that the email is your Atlassian account email (not your Bitbucket username) and that the token has not expired or been revoked.",
      configureAs:
        "Configure it as an API token together with your Atlassian account email: API tokens use Basic authentication.",
    },
  },
  access_token: {
    label: "access token",
    description: "a repository, project or workspace access token",
    labelOf: () => "access token",
    fields: { secret: "access_token" },
    chosenBy: ["access_token"],
    secretPrefix: "ATCTT",
    authorization: "bearer",
    actsAsUser: false,
    vocabulary: "classic",
    // Bitbucket does not offer `email` to access tokens: they act as no user.
    devDynamicsScopes: DEVDYNAMICS_CLASSIC.filter((s) => s !== "email"),
    fixes: {
      missingScope: (scope) =>
        `Access tokens cannot be edited: create a new one in the repository, project or workspace settings → Access tokens, with the ${scope} scope.`,
      authenticationFailed: "The access token may have expired or been revoked: create a new one.",
      configureAs: "Configure it as an access token; access tokens are sent without an email.",
    },
  },
  oauth_client_credentials: {
    label: "OAuth consumer",
    description: "an OAuth consumer's key and secret",
    labelOf: (username) => `OAuth consumer ${username}`,
    fields: { username: "oauth_client_id", secret: "oauth_client_secret" },
    chosenBy: ["oauth_client_id", "oauth_client_secret"],
    authorization: "oauth_client_credentials",
    actsAsUser: true,
    vocabulary: "classic",
    devDynamicsScopes: DEVDYNAMICS_CLASSIC,
    fixes: {
      missingScope: (scope) =>
        `Give the OAuth consumer the ${scope} permission in Bitbucket → workspace settings → OAuth consumers → Edit.`,
      authenticationFailed:
        "Check the OAuth consumer's key and secret, and that it is a private consumer (needed for the client-credentials grant).",
      configureAs: "Configure it as an OAuth consumer's key and secret.",
    },
  },
} as const satisfies Record<CredentialKind, CredentialKindSpec>;

/** The kinds, in the registry's order. */
export const CREDENTIAL_KIND_NAMES = Object.keys(CREDENTIAL_KINDS) as CredentialKind[];

/** Whether a string names a credential kind (configuration says `credential_kind = "…"`). */
export function isCredentialKind(value: string): value is CredentialKind {
  return (CREDENTIAL_KIND_NAMES as readonly string[]).includes(value);
}

/** A kind's entry, typed as the general spec (the registry's literal types are for compile-time checks). */
export function credentialKind(kind: CredentialKind): CredentialKindSpec {
  return CREDENTIAL_KINDS[kind];
}

/** "an API token", "an access token", "an OAuth consumer". */
export function withArticle(label: string): string {
  return `${/^[aeiou]/i.test(label) ? "an" : "a"} ${label}`;
}

// --- the retired kind --------------------------------------------------------------------------------------------

/** App passwords: not a kind any more, only something to recognise and explain. */
export const RETIRED_APP_PASSWORDS = {
  label: "app password",
  removedOn: "2026-07-28",
  /** `ATBB` and 20+ alphanumerics (scanners use 28–32; bitbucket-cloud.md §1.6). */
  pattern: /^ATBB[A-Za-z0-9]{20,}$/,
  /** What to do instead: exactly which API token to create. */
  fix:
    "App passwords were removed from Bitbucket Cloud on 2026-07-28. Create an API token at id.atlassian.com → " +
    `Security → API tokens → Create API token with scopes, choose Bitbucket and the scopes ${CREDENTIAL_KINDS.api_token.devDynamicsScopes.join(", ")}, ` +
    "and use it with your Atlassian account email (not your Bitbucket username).",
} as const;
