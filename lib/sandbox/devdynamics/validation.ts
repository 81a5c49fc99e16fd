import { DevDynamicsApiError } from "./api-error";

export type CredentialKind = "api_token" | "access_token" | "oauth_client_credentials";

export interface Credential {
  readonly kind: CredentialKind;
  readonly username?: string;
  readonly secret: string;
}

export type RepositorySelection = { readonly mode: "all" } | { readonly mode: "selected"; readonly slugs: string[] };

export interface CreateRequest {
  readonly workspace: string;
  readonly credential: Credential;
  readonly repositories: RepositorySelection;
}

export interface PatchRequest {
  readonly credential?: Credential;
  readonly repositories?: RepositorySelection;
}

const KINDS: readonly string[] = ["api_token", "access_token", "oauth_client_credentials"];
// Bitbucket Workspace IDs and repository slugs: lowercase, digits, `-` and `_` (repositories also `.`).
const WORKSPACE_SLUG = /^[a-z0-9][a-z0-9_-]{0,61}$/;
const REPOSITORY_SLUG = /^[a-z0-9_.-]{1,62}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Field name → what is wrong with it, e.g. `{"credential.username": "must be …"}`. */
type FieldErrors = Record<string, string>;

export function parseCreateRequest(body: unknown): CreateRequest {
  const fields = parseBody(body);
  const errors: FieldErrors = {};
  rejectUnknown(fields, ["workspace", "credential", "repositories"], "", errors);
  const { workspace } = fields;
  if (typeof workspace !== "string" || !WORKSPACE_SLUG.test(workspace)) {
    errors.workspace =
      "must be a Bitbucket Workspace ID (slug): lowercase letters, digits, '-' and '_', as in bitbucket.org/<workspace>";
  }
  const credential = parseCredential(fields.credential, errors);
  const repositories = parseRepositories(fields.repositories, errors);
  throwIfAny(errors);
  // Past throwIfAny every part parsed: each `undefined` above recorded an error.
  return { workspace: workspace as string, credential: credential!, repositories: repositories! };
}

export function parsePatchRequest(body: unknown): PatchRequest {
  const fields = parseBody(body);
  const errors: FieldErrors = {};
  rejectUnknown(fields, ["credential", "repositories"], "", errors);
  if ("workspace" in fields) errors.workspace = "cannot be changed; delete the integration and create a new one";
  if (!("credential" in fields) && !("repositories" in fields))
    errors.body = "must set credential, repositories or both";
  const credential = "credential" in fields ? parseCredential(fields.credential, errors) : undefined;
  const repositories = "repositories" in fields ? parseRepositories(fields.repositories, errors) : undefined;
  throwIfAny(errors);
  return { credential, repositories };
}

function parseBody(body: unknown): Record<string, unknown> {
  const errors: FieldErrors = {};
  const fields = asObject(body, "body", errors);
  throwIfAny(errors);
  return fields!;
}

function parseCredential(value: unknown, errors: FieldErrors): Credential | undefined {
  const fields = asObject(value, "credential", errors);
  if (!fields) return undefined;
  rejectUnknown(fields, ["kind", "username", "secret"], "credential.", errors);
  const { kind, username, secret } = fields;
  if (typeof secret !== "string" || secret.length === 0) errors["credential.secret"] = "must be a non-empty string";
  if (kind === "app_password") {
    errors["credential.kind"] = "app passwords were removed by Atlassian on 2026-07-28; use an api_token";
  } else if (typeof kind !== "string" || !KINDS.includes(kind)) {
    errors["credential.kind"] = `must be one of ${KINDS.join(", ")}`;
  } else if (kind === "access_token" && username !== undefined) {
    errors["credential.username"] = "must be absent for an access_token, which has no user";
  } else if (kind === "api_token" && (typeof username !== "string" || !EMAIL.test(username))) {
    errors["credential.username"] = "must be the Atlassian account email the API token belongs to";
  } else if (kind === "oauth_client_credentials" && (typeof username !== "string" || username.length === 0)) {
    errors["credential.username"] = "must be the OAuth consumer's client id";
  }
  return {
    kind: kind as CredentialKind,
    ...(username !== undefined && { username: username as string }),
    secret: secret as string,
  };
}

function parseRepositories(value: unknown, errors: FieldErrors): RepositorySelection | undefined {
  const fields = asObject(value, "repositories", errors);
  if (!fields) return undefined;
  if (fields.mode === "all") {
    rejectUnknown(fields, ["mode"], "repositories.", errors);
    return { mode: "all" };
  }
  if (fields.mode !== "selected") {
    errors["repositories.mode"] = 'must be "all" or "selected"';
    return undefined;
  }
  rejectUnknown(fields, ["mode", "slugs"], "repositories.", errors);
  const slugs = fields.slugs;
  if (!Array.isArray(slugs) || slugs.length === 0) {
    errors["repositories.slugs"] = 'must list at least one repository slug (use {"mode": "all"} for every repository)';
    return undefined;
  }
  const invalid = slugs.filter((s) => typeof s !== "string" || !REPOSITORY_SLUG.test(s));
  if (invalid.length > 0) {
    errors["repositories.slugs"] =
      `must be repository slugs (lowercase letters, digits, '.', '-', '_'); not ${invalid.map((s) => JSON.stringify(s)).join(", ")}`;
  } else if (new Set(slugs).size !== slugs.length) {
    errors["repositories.slugs"] = "must not repeat a slug";
  }
  return { mode: "selected", slugs: slugs as string[] };
}

function asObject(value: unknown, field: string, errors: FieldErrors): Record<string, unknown> | undefined {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  errors[field] = value === undefined ? "is required" : "must be a JSON object";
  return undefined;
}

function rejectUnknown(fields: Record<string, unknown>, known: readonly string[], prefix: string, errors: FieldErrors) {
  for (const name of Object.keys(fields)) {
    if (!known.includes(name)) errors[prefix + name] = "is not a known field";
  }
}

function throwIfAny(errors: FieldErrors): void {
  const names = Object.keys(errors);
  if (names.length > 0) {
    throw new DevDynamicsApiError(400, "validation_failed", `Invalid ${names.join(", ")}.`, errors);
  }
}
