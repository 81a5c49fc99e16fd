import { credentialUrlProblem, normalizeApiUrl } from "../http/endpoint";
import type { EndpointSetting } from "../http/endpoint-failures";

/**
 * Offline checks of what users type about Bitbucket: API URLs, Workspace IDs, project keys, webhook URLs and event
 * keys. Shared by the provider (plan-time validation) and the constructs (synth-time validation), so both say the
 * same. Each check returns a message naming the fix, or undefined when the value is fine. Imports nothing heavy.
 */

export const BITBUCKET_API_URL = "https://api.bitbucket.org";
export const BITBUCKET_OAUTH_TOKEN_URL = "https://bitbucket.org/site/oauth2/access_token";

/** The settings the API URLs come from, as errors name them. */
export const BITBUCKET_API_URL_SETTING: EndpointSetting = {
  setting: "bitbucket_api_url (BITBUCKET_API_URL)",
  example: BITBUCKET_API_URL,
};
export const BITBUCKET_OAUTH_TOKEN_URL_SETTING: EndpointSetting = {
  setting: "bitbucket_oauth_token_url (BITBUCKET_OAUTH_TOKEN_URL)",
  example: BITBUCKET_OAUTH_TOKEN_URL,
};

/** The API origin as the client uses it: `https://api.bitbucket.org/2.0/` → `https://api.bitbucket.org`. */
export function normalizeBitbucketApiUrl(url: string): string {
  return normalizeApiUrl(url, "/2.0");
}

/** The Bitbucket API URL carries the credential: absolute, https (http only on loopback); a trailing `/2.0` is fine. */
export function bitbucketApiUrlProblem(url: string): string | undefined {
  return credentialUrlProblem(url, BITBUCKET_API_URL);
}

/** The OAuth token URL carries the consumer's secret: the same rule as the API URL. */
export function oauthTokenUrlProblem(url: string): string | undefined {
  return credentialUrlProblem(url, BITBUCKET_OAUTH_TOKEN_URL);
}

/** Event keys a webhook may subscribe to, per subject (bitbucket-cloud.md §3.12, `/2.0/hook_events/{subject}`). */
const REPOSITORY_EVENTS: readonly string[] = [
  "repo:push",
  "repo:fork",
  "repo:updated",
  "repo:imported",
  "repo:commit_comment_created",
  "repo:commit_status_created",
  "repo:commit_status_updated",
  "pullrequest:created",
  "pullrequest:updated",
  "pullrequest:push",
  "pullrequest:approved",
  "pullrequest:unapproved",
  "pullrequest:fulfilled",
  "pullrequest:rejected",
  "pullrequest:changes_request_created",
  "pullrequest:changes_request_removed",
  "pullrequest:comment_created",
  "pullrequest:comment_updated",
  "pullrequest:comment_deleted",
  "pullrequest:comment_resolved",
  "pullrequest:comment_reopened",
  "issue:created",
  "issue:updated",
  "issue:comment_created",
  "pipeline:span_created",
];

/** Events about a workspace's repositories and projects themselves exist only on workspace hooks. */
const WORKSPACE_ONLY_EVENTS: readonly string[] = ["repo:created", "repo:deleted", "repo:transfer", "project:updated"];

export type HookSubjectType = "repository" | "workspace";

export function hookEventKeys(subject: HookSubjectType): readonly string[] {
  return subject === "workspace" ? [...REPOSITORY_EVENTS, ...WORKSPACE_ONLY_EVENTS] : REPOSITORY_EVENTS;
}

/**
 * What DevDynamics needs: pushes and pull-request activity for pull-request metrics, build statuses for deployment
 * metrics (Bitbucket Pipelines and other CI report deployments as commit statuses).
 */
export const DEVDYNAMICS_HOOK_EVENTS: readonly string[] = [
  "repo:push",
  "repo:commit_status_created",
  "repo:commit_status_updated",
  "pullrequest:created",
  "pullrequest:updated",
  "pullrequest:approved",
  "pullrequest:unapproved",
  "pullrequest:fulfilled",
  "pullrequest:rejected",
  "pullrequest:comment_created",
];

export function hookEventsProblem(events: readonly string[], subject: HookSubjectType): string | undefined {
  if (events.length === 0) return "subscribe to at least one event, e.g. repo:push";
  const known = new Set(hookEventKeys(subject));
  const unknown = events.filter((e) => !known.has(e));
  if (unknown.length === 0) return undefined;
  const workspaceOnly = unknown.filter((e) => WORKSPACE_ONLY_EVENTS.includes(e));
  if (workspaceOnly.length === unknown.length)
    return `${workspaceOnly.join(", ")} can only be sent by a workspace webhook: remove ${workspaceOnly.length === 1 ? "it" : "them"} or use a workspace webhook`;
  return `unknown event key${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")}; ${subject} webhooks accept: ${hookEventKeys(subject).join(", ")}`;
}

/** Workspace IDs are slugs (lower-case letters, digits, `-`, `_`, `.`); the API also accepts the braced UUID. */
export function workspaceIdProblem(workspace: string): string | undefined {
  if (/^[a-z0-9][a-z0-9._-]{0,61}$/.test(workspace) || BRACED_UUID.test(workspace)) return undefined;
  return `"${workspace}" is not a Bitbucket Workspace ID: use the slug from the workspace URL (bitbucket.org/<workspace-id>), lower-case letters, digits, "-", "_" or "."`;
}

/** Project keys start with a letter and hold letters, digits and underscores (`PLAT`, `WEB_2`). */
export function projectKeyProblem(key: string): string | undefined {
  if (/^[A-Za-z][A-Za-z0-9_]*$/.test(key)) return undefined;
  return `"${key}" is not a project key: use the key shown in the project's settings (letters, digits, "_"), not its name`;
}

/** Bitbucket delivers to https URLs; plain http only to loopback, for local tests. */
export function webhookUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not an absolute URL`;
  }
  if (parsed.protocol === "https:") return undefined;
  if (parsed.protocol === "http:" && LOOPBACK_HOSTS.has(parsed.hostname)) return undefined;
  return `"${url}" must use https (plain http is accepted only for localhost and 127.0.0.1)`;
}

const BRACED_UUID = /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i;
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
