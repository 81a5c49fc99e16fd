import axios, { AxiosInstance, AxiosRequestConfig, AxiosResponse } from "axios";
import { DevDynamicsApiError } from "./api-error";
import type { Credential, RepositorySelection } from "./validation";

export type ProblemCode = "missing_scope" | "not_workspace_admin" | "invalid_credentials" | "no_repositories";

export interface Problem {
  readonly code: ProblemCode;
  readonly message: string;
}

export interface AccessCheck {
  readonly problems: Problem[];
  /** The workspace's UUID, when Bitbucket reported it. */
  readonly workspaceUuid?: string;
}

/** What DevDynamics needs, in the granular vocabulary of API tokens. Granular scopes never imply each other. */
const GRANULAR_SCOPES = [
  "read:user",
  "read:workspace",
  "read:project",
  "read:repository",
  "read:pullrequest",
  "read:webhook",
  "write:webhook",
  "delete:webhook",
].map((s) => `${s}:bitbucket`);

/** The same in the classic vocabulary of OAuth consumers and access tokens. */
const CLASSIC_SCOPES = ["account", "email", "project", "repository", "pullrequest", "webhook"];

/** Access tokens act as no user, so they cannot hold `email` (Bitbucket does not offer it for them). */
const ACCESS_TOKEN_SCOPES = CLASSIC_SCOPES.filter((s) => s !== "email");

/** Classic scopes that grant others; granular ones grant nothing but themselves. */
const CLASSIC_IMPLICATIONS: Readonly<Record<string, readonly string[]>> = {
  project: ["repository"],
  "repository:write": ["repository"],
  pullrequest: ["repository"],
  "pullrequest:write": ["pullrequest", "repository:write"],
  "issue:write": ["issue"],
  "snippet:write": ["snippet"],
};

const PAGE_LENGTH = 100;

/**
 * Checks a credential the way DevDynamics's backend would, in as few Bitbucket requests as it can: API tokens
 * and OAuth consumers 2 (OAuth +1 for its token), access tokens 1, plus one per further page of repositories
 * while none of a selection is found. Each problem found is reported; an unanswered Bitbucket is an error.
 */
export async function checkBitbucketAccess(
  bitbucketApiUrl: string,
  workspace: string,
  credential: Credential,
  repositories: RepositorySelection,
): Promise<AccessCheck> {
  const bitbucket = axios.create({ baseURL: bitbucketApiUrl, validateStatus: () => true, timeout: 10_000 });
  const login = await logIn(bitbucket, credential);
  if (!login) return { problems: [invalidCredentials(credential)] };
  const headers = { Authorization: login.authorization };
  const problems: Problem[] = [];
  let granted = login.scopes;
  let workspaceUuid: string | undefined;

  // Access tokens have no user, so Bitbucket has no workspace role to report for them.
  if (credential.kind !== "access_token") {
    const membership = await send(bitbucket, {
      url: `/2.0/user/workspaces/${encodeURIComponent(workspace)}/permission`,
      headers,
    });
    if (membership.status === 401) return { problems: [invalidCredentials(credential)] };
    granted = scopesOf(membership) ?? granted;
    const required = credential.kind === "api_token" ? "read:workspace:bitbucket" : "account";
    if (membership.status === 200) {
      workspaceUuid = membership.data?.workspace?.uuid;
      if (membership.data?.permission !== "owner") {
        problems.push({
          code: "not_workspace_admin",
          message: `The credential's user is ${membership.data?.permission ?? "not an owner"} of workspace ${workspace}; DevDynamics needs a workspace admin (owner) to install its webhooks.`,
        });
      }
    } else if (effectiveScopes(granted, credential.kind).has(required)) {
      // Not a scope problem (that is reported below): the user has no role in the workspace at all.
      problems.push({
        code: "not_workspace_admin",
        message: `The credential's user is not a member of workspace ${workspace} (Bitbucket answered ${membership.status}).`,
      });
    }
  }

  const listing = await findSelectedRepository(bitbucket, workspace, repositories, headers);
  if (listing.response.status === 401) return { problems: [invalidCredentials(credential)] };
  granted = granted ?? scopesOf(listing.response);
  if (listing.response.status === 404) {
    problems.push({ code: "no_repositories", message: `Workspace ${workspace} is not visible to this credential.` });
  } else if (listing.response.status === 200 && !listing.found) {
    problems.push({
      code: "no_repositories",
      message:
        repositories.mode === "all"
          ? `Workspace ${workspace} has no repositories this credential can read.`
          : `None of the selected repositories (${repositories.slugs.join(", ")}) exists in workspace ${workspace} or is readable with this credential.`,
    });
  }

  const held = effectiveScopes(granted, credential.kind);
  for (const scope of requiredScopes(credential.kind)) {
    if (!held.has(scope)) problems.push({ code: "missing_scope", message: `The credential lacks the ${scope} scope.` });
  }
  return { problems, ...(workspaceUuid && { workspaceUuid }) };
}

interface Login {
  readonly authorization: string;
  /** Scopes the token endpoint reported, for OAuth consumers. */
  readonly scopes?: string[];
}

/** The Authorization header for the credential; null when Bitbucket refuses to issue an OAuth token for it. */
async function logIn(bitbucket: AxiosInstance, credential: Credential): Promise<Login | null> {
  switch (credential.kind) {
    case "api_token":
      return { authorization: basic(credential.username ?? "", credential.secret) };
    case "access_token":
      return { authorization: `Bearer ${credential.secret}` };
    case "oauth_client_credentials": {
      const response = await send(bitbucket, {
        method: "POST",
        url: "/site/oauth2/access_token",
        data: new URLSearchParams({ grant_type: "client_credentials" }).toString(),
        headers: {
          Authorization: basic(credential.username ?? "", credential.secret),
          "Content-Type": "application/x-www-form-urlencoded",
        },
      });
      if (response.status !== 200) return null;
      const scopes =
        typeof response.data?.scopes === "string" ? response.data.scopes.split(/\s+/).filter(Boolean) : undefined;
      return { authorization: `Bearer ${response.data.access_token}`, scopes };
    }
  }
}

/** Lists repositories page by page until one of the selection shows up; for "all" one page tells. */
async function findSelectedRepository(
  bitbucket: AxiosInstance,
  workspace: string,
  repositories: RepositorySelection,
  headers: Record<string, string>,
): Promise<{ response: AxiosResponse; found: boolean }> {
  const wanted = repositories.mode === "selected" ? new Set(repositories.slugs) : undefined;
  let url: string | undefined = `/2.0/repositories/${encodeURIComponent(workspace)}?pagelen=${PAGE_LENGTH}`;
  for (;;) {
    const response = await send(bitbucket, { url, headers });
    if (response.status !== 200) return { response, found: false };
    const slugs: string[] = (response.data?.values ?? []).map((r: { slug?: string }) => r.slug);
    const found = wanted ? slugs.some((s) => wanted.has(s)) : slugs.length > 0;
    url = response.data?.next;
    if (found || !wanted || !url) return { response, found };
  }
}

/** Sends one request to Bitbucket; a rate limit, a server error or no answer make verify fail with 502. */
async function send(bitbucket: AxiosInstance, config: AxiosRequestConfig): Promise<AxiosResponse> {
  const what = `${config.method ?? "GET"} ${pathOf(config.url ?? "")}`;
  const unavailable = (how: string) =>
    new DevDynamicsApiError(502, "internal", `Bitbucket ${how}; verify again later.`);
  const response = await bitbucket.request(config).catch((error: Error) => {
    throw unavailable(`did not answer ${what} (${error.message})`);
  });
  if (response.status === 429 || response.status >= 500) throw unavailable(`answered ${what} with ${response.status}`);
  return response;
}

/** Scopes from `X-OAuth-Scopes` (comma-separated, spacing varies); undefined when the header is absent. */
function scopesOf(response: AxiosResponse): string[] | undefined {
  const header = response.headers["x-oauth-scopes"];
  return typeof header === "string"
    ? header
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}

function requiredScopes(kind: Credential["kind"]): readonly string[] {
  if (kind === "api_token") return GRANULAR_SCOPES;
  return kind === "access_token" ? ACCESS_TOKEN_SCOPES : CLASSIC_SCOPES;
}

/** The scopes a credential effectively holds: what it was granted plus, for classic scopes, what those imply. */
function effectiveScopes(granted: readonly string[] | undefined, kind: Credential["kind"]): Set<string> {
  const held = new Set<string>();
  const grant = (scope: string): void => {
    if (held.has(scope)) return;
    held.add(scope);
    if (kind !== "api_token") for (const implied of CLASSIC_IMPLICATIONS[scope] ?? []) grant(implied);
  };
  granted?.forEach(grant);
  return held;
}

function invalidCredentials(credential: Credential): Problem {
  const what = {
    api_token: "the API token and its Atlassian account email",
    access_token: "the access token",
    oauth_client_credentials: "the OAuth consumer's client id and secret",
  }[credential.kind];
  return { code: "invalid_credentials", message: `Bitbucket refused ${what}.` };
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

/** The path of a possibly absolute `next` link, for messages. */
function pathOf(url: string): string {
  return url.replace(/^https?:\/\/[^/]+/, "").replace(/\?.*$/, "");
}
