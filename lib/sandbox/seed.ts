import { readFileSync } from "node:fs";
import type { DevDynamicsSeed } from "./devdynamics";

/** Everything the sandbox starts with: Bitbucket's users, workspaces and credentials, and DevDynamics's organizations. */
export interface SandboxSeed {
  readonly bitbucket: BitbucketSeed;
  readonly devdynamics: DevDynamicsSeed;
}

export interface SeedUser {
  readonly nickname: string;
  readonly displayName: string;
  /** The Atlassian account email, which API tokens authenticate with. */
  readonly email: string;
  readonly uuid?: string;
  readonly accountId?: string;
}

export type RepositoryPermission = "admin" | "write" | "read";

export interface SeedRepository {
  readonly slug: string;
  readonly name?: string;
  /** The key of the project the repository belongs to. */
  readonly project: string;
  readonly isPrivate?: boolean;
  /** Explicit repository permissions of workspace members, by nickname; owners are admin everywhere. */
  readonly permissions?: Readonly<Record<string, RepositoryPermission>>;
  /** How many pull requests to generate: a number of open ones, or a count per state. */
  readonly pullRequests?: number | PullRequestCounts;
}

export type PullRequestState = "OPEN" | "MERGED" | "DECLINED" | "SUPERSEDED";

/** How many pull requests of each state a repository has (none when absent). */
export type PullRequestCounts = { readonly [state in Lowercase<PullRequestState>]?: number };

export interface SeedWorkspace {
  readonly slug: string;
  readonly name: string;
  readonly uuid?: string;
  readonly members: readonly { readonly user: string; readonly permission: "owner" | "member" }[];
  readonly projects: readonly { readonly key: string; readonly name: string; readonly uuid?: string }[];
  readonly repositories: readonly SeedRepository[];
}

export type SeedCredential =
  | {
      readonly id: string;
      readonly kind: "api_token";
      readonly user: string;
      readonly token: string;
      readonly scopes: readonly string[];
      /** Workspaces the token is restricted to; all when absent. */
      readonly workspaces?: readonly string[];
    }
  | {
      readonly id: string;
      readonly kind: "access_token";
      readonly token: string;
      readonly scopes: readonly string[];
      readonly workspace: string;
      readonly project?: string;
      readonly repository?: string;
      readonly name?: string;
    }
  | {
      readonly id: string;
      readonly kind: "oauth_consumer";
      readonly user: string;
      readonly clientId: string;
      readonly clientSecret: string;
      readonly scopes: readonly string[];
      readonly tokenTtlSeconds?: number;
    }
  | {
      readonly id: string;
      readonly kind: "app_password";
      readonly user: string;
      readonly password: string;
      readonly scopes: readonly string[];
    };

export interface BitbucketSeed {
  readonly users: readonly SeedUser[];
  readonly workspaces: readonly SeedWorkspace[];
  readonly credentials: readonly SeedCredential[];
}

export type { DevDynamicsSeed };

/** Reads a seed from a JSON file. */
export function loadSeed(path: string): SandboxSeed {
  return JSON.parse(readFileSync(path, "utf8")) as SandboxSeed;
}
