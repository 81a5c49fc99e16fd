import type { Caller } from "./auth";
import { BitbucketHttpError } from "./responses";
import type { BitbucketState, Repository, Workspace } from "./state";

/**
 * Who may see and manage what. Users see workspaces they belong to and repositories they hold a permission on;
 * access tokens see what they are bound to and act as its administrator (they are created by an admin of it), but
 * hold no workspace role, so they cannot manage workspace hooks, which need an owner (bitbucket-cloud.md §3.10, §7).
 */
export function visibleWorkspace(state: BitbucketState, caller: Caller, slug: string): Workspace {
  const workspace = state.workspace(slug);
  const visible =
    workspace &&
    (caller.binding
      ? caller.binding.workspace === workspace.slug
      : caller.user !== undefined &&
        workspace.members.has(caller.user.nickname) &&
        (!caller.workspaces || caller.workspaces.includes(workspace.slug)));
  if (!workspace || !visible) throw new BitbucketHttpError(404, `No workspace with identifier '${slug}'.`);
  return workspace;
}

export function canSeeRepository(
  state: BitbucketState,
  caller: Caller,
  workspace: Workspace,
  repository: Repository,
): boolean {
  if (caller.binding) {
    if (caller.binding.repository) return caller.binding.repository === repository.slug;
    if (caller.binding.project) return caller.binding.project === repository.project.key;
    return true;
  }
  return (
    caller.user !== undefined && state.repositoryPermission(workspace, repository, caller.user.nickname) !== undefined
  );
}

export function visibleRepository(
  state: BitbucketState,
  caller: Caller,
  workspace: Workspace,
  slug: string,
): Repository {
  const repository = state.repository(workspace, slug);
  if (!repository || !canSeeRepository(state, caller, workspace, repository)) {
    throw new BitbucketHttpError(404, `Repository ${workspace.slug}/${slug} not found`);
  }
  return repository;
}

export function requireRepositoryAdmin(
  state: BitbucketState,
  caller: Caller,
  workspace: Workspace,
  repository: Repository,
): void {
  const admin = caller.binding
    ? canSeeRepository(state, caller, workspace, repository)
    : caller.user !== undefined && state.repositoryPermission(workspace, repository, caller.user.nickname) === "admin";
  if (!admin) {
    throw new BitbucketHttpError(
      403,
      "You do not have permission to manage webhooks: repository admin access is required.",
    );
  }
}

export function requireWorkspaceOwner(caller: Caller, workspace: Workspace): void {
  if (!caller.user || workspace.members.get(caller.user.nickname) !== "owner") {
    throw new BitbucketHttpError(
      403,
      `${caller.user?.nickname ?? "This credential"} is not an owner on the specified workspace.`,
    );
  }
}

/** The `role=` values of `GET /2.0/repositories/{workspace}`. */
export const REPOSITORY_ROLES = ["member", "contributor", "admin", "owner"] as const;
export type RepositoryRole = (typeof REPOSITORY_ROLES)[number];

/**
 * The roles the caller holds on a repository, as `role=` filters by them: member = explicit read access or more,
 * contributor = write or more, admin = admin, owner = the workspace's owner. Access tokens administer what they are
 * bound to but own nothing.
 */
export function repositoryRole(
  state: BitbucketState,
  caller: Caller,
  workspace: Workspace,
  repository: Repository,
): RepositoryRole[] {
  const permission = caller.binding
    ? canSeeRepository(state, caller, workspace, repository) && "admin"
    : caller.user && state.explicitRepositoryPermission(workspace, repository, caller.user.nickname);
  const roles: RepositoryRole[] = [];
  if (permission) roles.push("member");
  if (permission === "write" || permission === "admin") roles.push("contributor");
  if (permission === "admin") roles.push("admin");
  if (caller.user && workspace.members.get(caller.user.nickname) === "owner") roles.push("owner");
  return roles;
}
