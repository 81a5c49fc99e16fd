import { BlockList, isIP } from "node:net";
import { bareHost, credentialUrlProblem, isLoopbackHost, normalizeApiUrl, quotedUrl } from "../http/endpoint";
import type { EndpointSetting } from "../http/endpoint-failures";
import { quoted, shortened } from "../problem";
import { SCOPE_VOCABULARIES } from "./credential-kinds";

/**
 * Offline checks of what users type about Bitbucket: API URLs, Workspace IDs, project keys, repository patterns,
 * webhook URLs, secrets and events, scopes. Shared by the provider (plan-time validation) and the constructs
 * (synth-time validation), so both say the same. Each check returns a message naming the fix, or undefined when the
 * value is fine; values are quoted shortened, never echoed whole. Imports nothing heavy.
 */

// --- API URLs ----------------------------------------------------------------------------------------------------

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

// --- workspaces, projects, repositories --------------------------------------------------------------------------

const BRACED_UUID = /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i;

/** Workspace IDs are slugs (lower-case letters, digits, `-`, `_`, `.`); the API also accepts the braced UUID. */
export function workspaceIdProblem(workspace: string): string | undefined {
  const slug = /^[a-z0-9][a-z0-9._-]{0,61}$/;
  if (slug.test(workspace) || BRACED_UUID.test(workspace)) return undefined;
  if (slug.test(workspace.toLowerCase()))
    return `${quoted(workspace)} is not a Bitbucket Workspace ID: Workspace IDs are lower case, use ${quoted(workspace.toLowerCase())}`;
  return `${quoted(workspace)} is not a Bitbucket Workspace ID: use the slug from the workspace URL (bitbucket.org/<workspace-id>), lower-case letters, digits, "-", "_" or "."`;
}

/** Repository slugs: lower-case letters, digits, `-`, `_` and `.`, as in bitbucket.org/<workspace>/<slug>. */
export function repositorySlugProblem(slug: string): string | undefined {
  if (/^[a-z0-9._-]{1,62}$/.test(slug)) return undefined;
  if (/^[A-Za-z0-9._-]{1,62}$/.test(slug)) return `repository slugs are lower case: use ${quoted(slug.toLowerCase())}`;
  return `${quoted(slug)} is not a repository slug: use the last part of the repository's URL (bitbucket.org/<workspace>/<slug>), lower-case letters, digits, "-", "_" or "."`;
}

/** A list of repository slugs: each one well-formed, none twice; `empty` says what an empty list means here. */
export function repositorySlugsProblem(slugs: readonly string[], empty: string): string | undefined {
  if (slugs.length === 0) return empty;
  const problem = slugs.map(repositorySlugProblem).find(Boolean);
  if (problem) return problem;
  const seen = new Set<string>();
  const twice = slugs.find((s) => seen.size === seen.add(s).size);
  return twice && `${quoted(twice)} is listed twice: list each repository once`;
}

/** Project keys start with a letter and hold upper-case letters, digits and underscores (`PLAT`, `WEB_2`). */
export function projectKeyProblem(key: string): string | undefined {
  if (/^[A-Z][A-Z0-9_]*$/.test(key)) return undefined;
  if (/^[A-Za-z][A-Za-z0-9_]*$/.test(key)) return `project keys are upper case: use ${key.toUpperCase()}`;
  return `${quoted(key)} is not a project key: use the key shown in the project's settings (letters, digits, "_"), not its name`;
}

/** What a repository slug holds, and the glob syntax picomatch reads. */
const PATTERN_CHARACTERS = /[a-z0-9._\-*?[\]{}()!,+@^|\\]/g;
const CLOSERS: Readonly<Record<string, string>> = { "}": "{", ")": "(" };

/**
 * Name and exclude patterns are globs over repository slugs (`api-*`, `*-service`, `{web,app}-*`). Anything that
 * cannot match a slug is an error rather than a pattern that silently selects nothing: unbalanced brackets, braces or
 * parentheses, a dangling escape, upper-case letters (slugs are lower case), a "/" or other characters no slug holds.
 */
export function repositoryPatternProblem(pattern: string): string | undefined {
  if (pattern.trim() === "") return "a pattern must not be empty: remove the empty entry";
  const shown = quoted(pattern);
  if (pattern.includes("/"))
    return `${shown} contains "/": patterns match repository slugs, so leave out the workspace`;
  const open: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      if (++i === pattern.length) return `${shown} ends with "\\": escape a character after it, or remove it`;
    } else if (c === "[") {
      // A "]" right after "[" (or "[!", "[^") is a member of the class, not its end.
      const first = i + (pattern[i + 1] === "!" || pattern[i + 1] === "^" ? 2 : 1);
      const end = pattern.indexOf("]", first + 1);
      if (end === -1) return `${shown} opens a "[" class that never closes: add "]" or escape the "["`;
      i = end;
    } else if (c === "]") {
      return `${shown} closes a "]" that was never opened: remove it or escape it`;
    } else if (c === "{" || c === "(") {
      open.push(c);
    } else if (c === "}" || c === ")") {
      if (open.pop() !== CLOSERS[c])
        return `${shown} has an unbalanced "${c}": pair every "{" with "}" and "(" with ")"`;
    }
  }
  if (open.length > 0) {
    const opener = open[open.length - 1];
    return `${shown} opens a "${opener}" that never closes: add "${opener === "{" ? "}" : ")"}" or escape the "${opener}"`;
  }
  if (/[A-Z]/.test(pattern))
    return `${shown} has upper-case letters, but repository slugs are lower case: use ${quoted(pattern.toLowerCase())}`;
  const stray = pattern.replace(PATTERN_CHARACTERS, "");
  if (stray !== "")
    return `${shown} contains ${quoted(stray[0])}, which no repository slug holds (slugs are lower-case letters, digits, "-", "_" and ".")`;
  return undefined;
}

// --- webhooks ----------------------------------------------------------------------------------------------------

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
  "pipeline:span_created",
];

/** Events about a workspace's repositories and projects themselves exist only on workspace hooks. */
const WORKSPACE_ONLY_EVENTS: readonly string[] = ["repo:created", "repo:deleted", "repo:transfer", "project:updated"];

/** Bitbucket sunset its issue tracker on 2026-08-20, and the `issue:*` events with it. */
const ISSUE_EVENTS_SUNSET = "2026-08-20";

/**
 * Where a webhook lives — Bitbucket's `subject_type`: one on the workspace covers all its repositories; one on a
 * repository covers that repository. The one name for this choice, from the construct's prop to the provider.
 */
export type WebhookSubject = "workspace" | "repository";

export const WEBHOOK_SUBJECTS: readonly WebhookSubject[] = ["workspace", "repository"];

export function isWebhookSubject(value: string): value is WebhookSubject {
  return (WEBHOOK_SUBJECTS as readonly string[]).includes(value);
}

export function hookEventKeys(subject: WebhookSubject): readonly string[] {
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

export function hookEventsProblem(events: readonly string[], subject: WebhookSubject): string | undefined {
  if (events.length === 0) return "subscribe to at least one event, e.g. repo:push";
  const known = new Set(hookEventKeys(subject));
  const unknown = events.filter((e) => !known.has(e));
  if (unknown.length === 0) return undefined;
  const them = (list: readonly string[]) => (list.length === 1 ? "it" : "them");
  const issues = unknown.filter((e) => e.startsWith("issue:"));
  if (issues.length > 0)
    return `${issues.map((e) => shortened(e)).join(", ")}: Bitbucket removed its issue tracker and the issue:* events on ${ISSUE_EVENTS_SUNSET}; remove ${them(issues)}`;
  const workspaceOnly = unknown.filter((e) => WORKSPACE_ONLY_EVENTS.includes(e));
  if (workspaceOnly.length === unknown.length)
    return `${workspaceOnly.join(", ")} can only be sent by a workspace webhook: remove ${them(workspaceOnly)} or use a workspace webhook`;
  return `unknown event key${unknown.length === 1 ? "" : "s"} ${unknown.map((e) => shortened(e)).join(", ")}; ${subject} webhooks accept: ${hookEventKeys(subject).join(", ")}`;
}

/**
 * Addresses Bitbucket refuses to deliver to ("internal, non-routed addresses", the spec's words for a hook's `url`):
 * private, shared, link-local, unspecified, documentation, benchmarking, multicast and reserved ranges. Loopback is
 * not among them: it stays allowed for local tests against the sandbox.
 */
const NON_ROUTABLE = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  NON_ROUTABLE.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  NON_ROUTABLE.addSubnet(network, prefix, "ipv6");

/** Whether a URL's host is a literal address Bitbucket cannot or will not reach (loopback excepted). */
function isNonRoutableAddress(hostname: string): boolean {
  const host = bareHost(hostname);
  const version = isIP(host);
  if (version === 0 || isLoopbackHost(host)) return false;
  return NON_ROUTABLE.check(host, version === 4 ? "ipv4" : "ipv6");
}

/**
 * Bitbucket delivers to https URLs on addresses it can reach: plain http only to loopback and loopback only for local
 * tests; literal internal or non-routable addresses are refused, as Bitbucket refuses them.
 */
export function webhookUrlProblem(url: string): string | undefined {
  if (!URL.canParse(url))
    return `${quotedUrl(url)} is not an absolute URL: use an https URL such as the connection's webhook_url`;
  const parsed = new URL(url);
  if (parsed.protocol === "http:" && isLoopbackHost(parsed.hostname)) return undefined;
  if (parsed.protocol !== "https:")
    return `${quotedUrl(url)} must use https (plain http is accepted only for localhost, 127.0.0.1 and [::1])`;
  if (isNonRoutableAddress(parsed.hostname))
    return `${quotedUrl(url)} points to an internal, non-routable address (${bareHost(parsed.hostname)}), which Bitbucket refuses to deliver to: use a public host name that Bitbucket can reach`;
  return undefined;
}

/** Bitbucket's limit on a webhook secret's length (bitbucket-cloud.md §3.12). */
export const MAX_WEBHOOK_SECRET_LENGTH = 128;

/** A webhook secret within Bitbucket's limit. Never quotes the secret. */
export function webhookSecretProblem(secret: string): string | undefined {
  const length = [...secret].length;
  if (length <= MAX_WEBHOOK_SECRET_LENGTH) return undefined;
  return `the webhook secret has ${length} characters, and Bitbucket accepts at most ${MAX_WEBHOOK_SECRET_LENGTH}: use a shorter secret`;
}

// --- scopes ------------------------------------------------------------------------------------------------------

const KNOWN_SCOPES: ReadonlySet<string> = new Set([...SCOPE_VOCABULARIES.granular, ...SCOPE_VOCABULARIES.classic]);

/** The entries of `scopes` that are scopes of neither vocabulary, in order. */
export function unknownScopes(scopes: readonly string[]): string[] {
  return scopes.filter((s) => !KNOWN_SCOPES.has(s));
}

/**
 * Required scopes must be Bitbucket scopes, granular or classic; for a near miss the message names the scope meant
 * (`read:repository` → `read:repository:bitbucket`), and it never names one that does not exist.
 */
export function requiredScopesProblem(scopes: readonly string[]): string | undefined {
  const unknown = unknownScopes(scopes);
  if (unknown.length === 0) return undefined;
  const meant = unknown
    .map((s) => [s, [`${s}:bitbucket`, s.toLowerCase()].find((candidate) => KNOWN_SCOPES.has(candidate))] as const)
    .filter((pair): pair is readonly [string, string] => pair[1] !== undefined)
    .map(([s, candidate]) => `${quoted(s)} → ${candidate}`);
  return (
    `unknown scope${unknown.length === 1 ? "" : "s"} ${unknown.map((s) => quoted(s)).join(", ")}` +
    (meant.length > 0 ? `; did you mean ${meant.join(", ")}?` : "") +
    "; API tokens take granular scopes (such as read:repository:bitbucket), access tokens and OAuth consumers classic ones (such as repository)"
  );
}
