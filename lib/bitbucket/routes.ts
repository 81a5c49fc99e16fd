/** Route templates, named as the OpenAPI spec names paths; the sandbox logs requests under the same names. */
export const ROUTES = {
  workspace: "/2.0/workspaces/{workspace}",
  workspacePermission: "/2.0/user/workspaces/{workspace}/permission",
  projects: "/2.0/workspaces/{workspace}/projects",
  repositories: "/2.0/repositories/{workspace}",
  repositoryHooks: "/2.0/repositories/{workspace}/{repo_slug}/hooks",
  repositoryHook: "/2.0/repositories/{workspace}/{repo_slug}/hooks/{uid}",
  workspaceHooks: "/2.0/workspaces/{workspace}/hooks",
  workspaceHook: "/2.0/workspaces/{workspace}/hooks/{uid}",
  oauthToken: "/site/oauth2/access_token",
} as const;

/** Bitbucket's rate-limited resource groups that the client paces itself within (bitbucket-cloud.md §5). */
export type ResourceGroup = "repositories" | "webhooks";

/** Hooks anywhere are webhook data; other `/2.0/repositories/*` routes are repository data; the rest is neither. */
export function resourceGroupOf(route: string): ResourceGroup | undefined {
  if (route.includes("/hooks")) return "webhooks";
  if (route.startsWith("/2.0/repositories/")) return "repositories";
  return undefined;
}

/** Page sizes: Bitbucket allows 100 items a page (bitbucket-cloud.md §4.1). */
export const MAX_PAGELEN = 100;
