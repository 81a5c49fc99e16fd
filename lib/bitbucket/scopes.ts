import {
  CREDENTIAL_KINDS,
  credentialKind,
  CredentialKind,
  SCOPE_VOCABULARIES,
  ScopeVocabulary,
} from "./credential-kinds";

export type { ScopeVocabulary } from "./credential-kinds";

/** What DevDynamics needs from an API token (granular scopes; bitbucket-cloud.md §2.5). */
export const DEVDYNAMICS_GRANULAR_SCOPES: readonly string[] = CREDENTIAL_KINDS.api_token.devDynamicsScopes;

/** The same in the classic vocabulary, as an OAuth consumer needs it. */
export const DEVDYNAMICS_CLASSIC_SCOPES: readonly string[] =
  CREDENTIAL_KINDS.oauth_client_credentials.devDynamicsScopes;

/** Access tokens cannot hold `email` (Bitbucket does not offer it for them; they act as no user). */
export const DEVDYNAMICS_ACCESS_TOKEN_SCOPES: readonly string[] = CREDENTIAL_KINDS.access_token.devDynamicsScopes;

export function vocabularyOf(kind: CredentialKind): ScopeVocabulary {
  return credentialKind(kind).vocabulary;
}

/** The DevDynamics scope set in the vocabulary of a credential kind. */
export function devDynamicsScopes(kind: CredentialKind): readonly string[] {
  return credentialKind(kind).devDynamicsScopes;
}

/** Whether `scope` belongs to a vocabulary. */
export function isScopeOf(scope: string, vocabulary: ScopeVocabulary): boolean {
  return (SCOPE_VOCABULARIES[vocabulary] as readonly string[]).includes(scope);
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
  return credentialKind(kind).fixes.missingScope(scope);
}
