/**
 * Which scopes each endpoint needs, in both vocabularies, as the 2026 OpenAPI spec lists them
 * (classic = `security.oauth2`, granular = `x-atlassian-oauth2-scopes`; see bitbucket-cloud.md §2.3).
 */
export interface ScopeRequirement {
  readonly classic: readonly string[];
  readonly granular: readonly string[];
}

const g = (...names: string[]) => names.map((n) => `${n}:bitbucket`);

export const SCOPES = {
  user: { classic: ["account"], granular: g("read:user") },
  emails: { classic: ["email"], granular: g("read:user") },
  workspace: { classic: [], granular: g("read:workspace") },
  userWorkspaces: { classic: ["account"], granular: g("read:workspace") },
  repositoryPermissions: { classic: ["account", "repository"], granular: g("read:repository") },
  projects: { classic: ["project"], granular: g("read:project") },
  repositories: { classic: ["repository"], granular: g("read:repository") },
  pullRequests: { classic: ["pullrequest"], granular: g("read:pullrequest") },
  readHooks: { classic: ["webhook"], granular: g("read:webhook") },
  writeHooks: { classic: ["webhook"], granular: g("read:webhook", "write:webhook") },
  deleteHooks: { classic: ["webhook"], granular: g("delete:webhook") },
} satisfies Record<string, ScopeRequirement>;

/**
 * Classic scopes that grant others (§2.1). Granular scopes never imply one another (§2.2). Deliberately not shared
 * with lib/bitbucket/scopes.ts: the simulator is the other side of the wire, so the client's tests compare it with
 * an independent reading of the reference.
 */
const CLASSIC_IMPLICATIONS: Readonly<Record<string, readonly string[]>> = {
  project: ["repository"],
  "repository:write": ["repository"],
  pullrequest: ["repository"],
  "pullrequest:write": ["pullrequest", "repository:write", "repository"],
  "issue:write": ["issue"],
  "snippet:write": ["snippet"],
  "project:admin": [],
};

/** The scopes a credential effectively holds, with classic implications expanded. */
export function effectiveScopes(granted: readonly string[], vocabulary: "classic" | "granular"): Set<string> {
  const out = new Set(granted);
  if (vocabulary === "classic")
    for (const s of granted) for (const implied of CLASSIC_IMPLICATIONS[s] ?? []) out.add(implied);
  return out;
}

/** The required scopes that `granted` lacks. */
export function missingScopes(
  granted: readonly string[],
  vocabulary: "classic" | "granular",
  requirement: ScopeRequirement,
): string[] {
  const have = effectiveScopes(granted, vocabulary);
  return requirement[vocabulary].filter((s) => !have.has(s));
}

/** The resource each event family belongs to, and the scope that reads it in each vocabulary. */
const EVENT_RESOURCE_SCOPES: Readonly<Record<string, ScopeRequirement>> = {
  repo: { classic: ["repository"], granular: g("read:repository") },
  pullrequest: { classic: ["pullrequest"], granular: g("read:pullrequest") },
  project: { classic: ["project"], granular: g("read:project") },
};

/**
 * Subscribing a hook to events also needs read access to each event's resource, in either vocabulary
 * (bitbucket-cloud.md §2.1 and "Updates found 2026-12-02": `read:pullrequest` for `pullrequest:*`).
 */
export function eventResourceScopes(events: readonly string[]): ScopeRequirement {
  const needed = events.map((e) => EVENT_RESOURCE_SCOPES[e.split(":")[0]]).filter(Boolean);
  return {
    classic: [...new Set(needed.flatMap((r) => r.classic))],
    granular: [...new Set(needed.flatMap((r) => r.granular))],
  };
}
