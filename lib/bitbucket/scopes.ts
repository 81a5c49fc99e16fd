import type { CredentialKind } from "./credentials";

/** Scope vocabularies: API tokens use granular scopes; OAuth consumers and access tokens use classic ones. */
export type ScopeVocabulary = "granular" | "classic";

/**
 * What DevDynamics needs, per bitbucket-cloud.md §2.5. Granular scopes never imply one another, so the API-token set
 * names read, write and delete of webhooks separately and `read:repository` next to `read:pullrequest`.
 */
export const DEVDYNAMICS_GRANULAR_SCOPES: readonly string[] = [
  "read:user:bitbucket",
  "read:workspace:bitbucket",
  "read:project:bitbucket",
  "read:repository:bitbucket",
  "read:pullrequest:bitbucket",
  "read:webhook:bitbucket",
  "write:webhook:bitbucket",
  "delete:webhook:bitbucket",
];

/** The same in the classic vocabulary: the old app-password checkboxes Account (Email, Read), Projects, Repositories, Pull requests, Webhooks. */
export const DEVDYNAMICS_CLASSIC_SCOPES: readonly string[] = [
  "account",
  "email",
  "project",
  "repository",
  "pullrequest",
  "webhook",
];

/** Access tokens cannot hold `email` (Bitbucket does not offer it for them; they act as no user). */
export const DEVDYNAMICS_ACCESS_TOKEN_SCOPES: readonly string[] = DEVDYNAMICS_CLASSIC_SCOPES.filter(
  (s) => s !== "email",
);

export function vocabularyOf(kind: CredentialKind): ScopeVocabulary {
  return kind === "api_token" ? "granular" : "classic";
}

/** The DevDynamics scope set in the vocabulary of a credential kind. */
export function devDynamicsScopes(kind: CredentialKind): readonly string[] {
  if (kind === "api_token") return DEVDYNAMICS_GRANULAR_SCOPES;
  return kind === "access_token" ? DEVDYNAMICS_ACCESS_TOKEN_SCOPES : DEVDYNAMICS_CLASSIC_SCOPES;
}

/** Classic scopes that grant others (§2.1); `repository:admin` and `project:admin` grant no read or write. */
const CLASSIC_IMPLICATIONS: Readonly<Record<string, readonly string[]>> = {
  project: ["repository"],
  "repository:write": ["repository"],
  pullrequest: ["repository"],
  "pullrequest:write": ["pullrequest", "repository:write", "repository"],
  "issue:write": ["issue"],
  "snippet:write": ["snippet"],
};

/** The required scopes `granted` does not cover, in the order required. */
export function missingScopes(
  granted: readonly string[],
  required: readonly string[],
  vocabulary: ScopeVocabulary,
): string[] {
  const have = new Set(granted);
  if (vocabulary === "classic")
    for (const s of granted) for (const implied of CLASSIC_IMPLICATIONS[s] ?? []) have.add(implied);
  return required.filter((s) => !have.has(s));
}

/** Parses Bitbucket's `X-OAuth-Scopes` header: comma-separated, with irregular white space. */
export function parseScopesHeader(header: string | undefined): string[] {
  return (header ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** One sentence telling the user how to give a credential of this kind the scope. */
export function scopeFix(scope: string, kind: CredentialKind): string {
  switch (kind) {
    case "api_token":
      return `API tokens cannot be edited: create a new one at id.atlassian.com → Security → API tokens → Create API token with scopes, and tick ${scope} (with the other scopes you need).`;
    case "oauth_client_credentials":
      return `Give the OAuth consumer the ${scope} permission in Bitbucket → workspace settings → OAuth consumers → Edit.`;
    case "access_token":
      return `Access tokens cannot be edited: create a new one in the repository, project or workspace settings → Access tokens, with the ${scope} scope.`;
  }
}
