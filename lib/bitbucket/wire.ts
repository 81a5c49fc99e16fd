import type { Account, Hook, HookInput, RepositorySummary, Workspace, WorkspacePermission } from "./model";

// Bitbucket's JSON, and the only place it is translated to and from the model. Each object is mapped once; the
// `fields=` lists sit next to their mapping, so a request asks for exactly what its mapping reads.

/** A paginated collection: only `values` and `next` are guaranteed (bitbucket-cloud.md §4.1). */
export interface WirePage<T> {
  readonly values: T[];
  readonly next?: string;
}

interface WireAccount {
  uuid: string;
  account_id?: string;
  nickname?: string;
  display_name: string;
}

interface WireWorkspaceRef {
  uuid: string;
  slug: string;
}

export interface WireWorkspace extends WireWorkspaceRef {
  name: string;
}

export interface WireWorkspacePermission {
  permission: string;
  user: WireAccount;
  workspace: WireWorkspaceRef;
}

export interface WireRepository {
  slug: string;
  name: string;
  uuid: string;
  full_name: string;
  project: { key: string };
}

export interface WireProject {
  key: string;
}

export interface WireHook {
  uuid: string;
  url: string;
  description?: string;
  events: string[];
  active: boolean;
  secret_set?: boolean;
  skip_cert_verification?: boolean;
}

export interface WireOAuthToken {
  access_token: string;
  expires_in: number;
}

/** `fields=` for a page of objects whose mapping reads `fields`. */
export function pageFields(fields: readonly string[]): string {
  return ["next", ...fields.map((f) => `values.${f}`)].join(",");
}

export const REPOSITORY_FIELDS = ["slug", "name", "uuid", "full_name", "project.key"] as const;
export const SLUG_FIELDS = ["slug"] as const;
export const PROJECT_KEY_FIELDS = ["key"] as const;

function accountFromWire(a: WireAccount): Account {
  return { uuid: a.uuid, accountId: a.account_id, nickname: a.nickname, displayName: a.display_name };
}

/** `grantedScopes` come from the response's `X-OAuth-Scopes`, not its body. */
export function workspaceFromWire(w: WireWorkspace, grantedScopes: readonly string[]): Workspace {
  return { uuid: w.uuid, slug: w.slug, name: w.name, grantedScopes };
}

export function workspacePermissionFromWire(
  p: WireWorkspacePermission,
  grantedScopes: readonly string[],
): WorkspacePermission {
  return {
    permission: p.permission,
    user: accountFromWire(p.user),
    workspace: { uuid: p.workspace.uuid, slug: p.workspace.slug },
    grantedScopes,
  };
}

export function repositoryFromWire(r: WireRepository): RepositorySummary {
  return { slug: r.slug, name: r.name, uuid: r.uuid, fullName: r.full_name, projectKey: r.project.key };
}

export function hookFromWire(h: WireHook): Hook {
  return {
    uuid: h.uuid,
    url: h.url,
    description: h.description ?? "",
    events: h.events,
    active: h.active,
    secretSet: h.secret_set ?? false,
    skipCertVerification: h.skip_cert_verification ?? false,
  };
}

/** The body of a create or update: `secret` only when given, since Bitbucket keeps the secret when it is omitted. */
export function hookInputToWire(input: HookInput): Record<string, unknown> {
  return {
    url: input.url,
    description: input.description,
    events: [...input.events],
    active: input.active,
    skip_cert_verification: input.skipCertVerification,
    ...(input.secret !== undefined ? { secret: input.secret } : {}),
  };
}
