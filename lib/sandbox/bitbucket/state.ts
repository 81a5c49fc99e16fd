import { createHash, randomUUID } from "node:crypto";
import type { BitbucketSeed, PullRequestState, RepositoryPermission, SeedCredential, SeedRepository } from "../seed";

export interface User {
  readonly uuid: string;
  readonly accountId: string;
  readonly nickname: string;
  readonly displayName: string;
  readonly email: string;
}

export interface Project {
  readonly uuid: string;
  readonly key: string;
  readonly name: string;
}

export interface PullRequest {
  readonly id: number;
  readonly title: string;
  readonly state: PullRequestState;
  readonly author: User;
  /** Asked to review; hidden from pull-request listings unless asked for (`fields=+values.reviewers`). */
  readonly reviewers: readonly User[];
  readonly sourceBranch: string;
  readonly createdOn: string;
}

export interface Repository {
  readonly uuid: string;
  readonly slug: string;
  readonly name: string;
  readonly project: Project;
  readonly isPrivate: boolean;
  readonly permissions: Readonly<Record<string, RepositoryPermission>>;
  readonly pullRequests: PullRequest[];
  readonly createdOn: string;
}

export interface Hook {
  readonly uuid: string;
  url: string;
  description: string;
  events: string[];
  active: boolean;
  secret: string | null;
  skipCertVerification: boolean;
  readonly createdAt: string;
  readonly subjectType: "repository" | "workspace";
  /** The repository slug for repository hooks. */
  readonly repository?: string;
}

export interface Workspace {
  readonly uuid: string;
  readonly slug: string;
  readonly name: string;
  readonly createdOn: string;
  /** Members by nickname. */
  readonly members: Map<string, "owner" | "member">;
  readonly projects: Project[];
  readonly repositories: Map<string, Repository>;
  readonly hooks: Hook[];
}

/** An OAuth access token handed out by the client-credentials grant. */
export interface IssuedToken {
  readonly credential: SeedCredential & { kind: "oauth_consumer" };
  readonly expiresAt: number;
  refreshToken: string;
}

const EPOCH = "2024-01-15T09:30:00.000000+00:00";

/** A brace-wrapped UUID derived from a name, so a seed gives the same ids on every run. */
export function stableUuid(name: string): string {
  const hex = createHash("sha1").update(name).digest("hex");
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}}`;
}

export function freshUuid(): string {
  return `{${randomUUID()}}`;
}

const PULL_REQUEST_STATES: readonly PullRequestState[] = ["OPEN", "MERGED", "DECLINED", "SUPERSEDED"];

/** A repository's seeded pull requests, numbered from 1, open ones first; each reviewed by the next member. */
function seededPullRequests(repository: SeedRepository, members: readonly User[]): PullRequest[] {
  const counts =
    typeof repository.pullRequests === "number" ? { open: repository.pullRequests } : (repository.pullRequests ?? {});
  const states = PULL_REQUEST_STATES.flatMap((state) =>
    Array.from({ length: counts[state.toLowerCase() as Lowercase<PullRequestState>] ?? 0 }, () => state),
  );
  const member = (i: number) => members[i % Math.max(members.length, 1)];
  return states.map((state, index) => {
    const id = index + 1;
    return {
      id,
      title: `Change ${id} to ${repository.slug}`,
      state,
      author: member(id),
      reviewers: members.length > 1 ? [member(id + 1)] : [],
      sourceBranch: `feature/change-${id}`,
      createdOn: EPOCH,
    };
  });
}

/** Bitbucket's in-memory world: built from a seed, changed by the API and by tests. */
export class BitbucketState {
  readonly users = new Map<string, User>();
  readonly workspaces = new Map<string, Workspace>();
  readonly credentials: readonly SeedCredential[];
  readonly tokens = new Map<string, IssuedToken>();

  constructor(seed: BitbucketSeed) {
    for (const u of seed.users) {
      this.users.set(u.nickname, {
        uuid: u.uuid ?? stableUuid(`user:${u.nickname}`),
        accountId: u.accountId ?? `712020:${stableUuid(`account:${u.nickname}`).slice(1, 37)}`,
        nickname: u.nickname,
        displayName: u.displayName,
        email: u.email,
      });
    }
    for (const w of seed.workspaces) {
      const projects = w.projects.map((p) => ({
        uuid: p.uuid ?? stableUuid(`project:${w.slug}/${p.key}`),
        key: p.key,
        name: p.name,
      }));
      const repositories = new Map<string, Repository>();
      for (const r of w.repositories) {
        const project = projects.find((p) => p.key === r.project);
        if (!project) throw new Error(`seed: repository ${w.slug}/${r.slug} names unknown project ${r.project}`);
        const members = w.members.map((m) => this.users.get(m.user)).filter((u): u is User => u !== undefined);
        repositories.set(r.slug, {
          uuid: stableUuid(`repository:${w.slug}/${r.slug}`),
          slug: r.slug,
          name: r.name ?? r.slug,
          project,
          isPrivate: r.isPrivate ?? true,
          permissions: r.permissions ?? {},
          pullRequests: seededPullRequests(r, members),
          createdOn: EPOCH,
        });
      }
      this.workspaces.set(w.slug, {
        uuid: w.uuid ?? stableUuid(`workspace:${w.slug}`),
        slug: w.slug,
        name: w.name,
        createdOn: EPOCH,
        members: new Map(w.members.map((m) => [m.user, m.permission])),
        projects,
        repositories,
        hooks: [],
      });
    }
    this.credentials = seed.credentials;
  }

  /** A workspace by slug or by `{uuid}`. */
  workspace(slugOrUuid: string): Workspace | undefined {
    return this.workspaces.get(slugOrUuid) ?? [...this.workspaces.values()].find((w) => w.uuid === slugOrUuid);
  }

  /** A repository by slug or by `{uuid}`. */
  repository(workspace: Workspace, slugOrUuid: string): Repository | undefined {
    return (
      workspace.repositories.get(slugOrUuid) ?? [...workspace.repositories.values()].find((r) => r.uuid === slugOrUuid)
    );
  }

  /** The effective permission of a user on a repository: explicit ones, or read on a public one for members. */
  repositoryPermission(
    workspace: Workspace,
    repository: Repository,
    nickname: string,
  ): RepositoryPermission | undefined {
    const explicit = this.explicitRepositoryPermission(workspace, repository, nickname);
    if (explicit || !workspace.members.has(nickname)) return explicit;
    return repository.isPrivate ? undefined : "read";
  }

  /** The permission a user was given on a repository (owners administer everything), not what publicity grants. */
  explicitRepositoryPermission(
    workspace: Workspace,
    repository: Repository,
    nickname: string,
  ): RepositoryPermission | undefined {
    const role = workspace.members.get(nickname);
    if (role === "owner") return "admin";
    return role === undefined ? undefined : repository.permissions[nickname];
  }
}
