import type { Hook, Project, PullRequest, Repository, User, Workspace } from "./state";

/**
 * The JSON shapes Bitbucket Cloud returns (bitbucket-cloud-openapi.json schemas `account`, `workspace`,
 * `project`, `repository`, `pullrequest`, `webhook_subscription`). Links point at the simulator's own origin.
 */
export class Renderer {
  constructor(private readonly origin: string) {}

  private href(path: string) {
    return { href: `${this.origin}${path}` };
  }

  user(u: User) {
    return {
      type: "user",
      uuid: u.uuid,
      account_id: u.accountId,
      nickname: u.nickname,
      display_name: u.displayName,
      account_status: "active",
      created_on: "2020-01-01T00:00:00.000000+00:00",
      has_2fa_enabled: true,
      is_staff: false,
      links: {
        self: this.href(`/2.0/users/${encodeURIComponent(u.uuid)}`),
        avatar: this.href(`/avatar/${u.nickname}`),
      },
    };
  }

  workspaceBase(w: Workspace) {
    return {
      type: "workspace_base",
      uuid: w.uuid,
      slug: w.slug,
      links: { self: this.href(`/2.0/workspaces/${w.slug}`), avatar: this.href(`/workspaces/${w.slug}/avatar`) },
    };
  }

  workspace(w: Workspace) {
    return {
      type: "workspace",
      uuid: w.uuid,
      name: w.name,
      slug: w.slug,
      is_private: true,
      is_privacy_enforced: false,
      forking_mode: "allow_forks",
      created_on: w.createdOn,
      updated_on: w.createdOn,
      links: {
        self: this.href(`/2.0/workspaces/${w.slug}`),
        html: this.href(`/${w.slug}/`),
        projects: this.href(`/2.0/workspaces/${w.slug}/projects`),
        repositories: this.href(`/2.0/repositories/${w.slug}`),
      },
    };
  }

  project(w: Workspace, p: Project) {
    return {
      type: "project",
      uuid: p.uuid,
      key: p.key,
      name: p.name,
      description: "",
      is_private: true,
      created_on: w.createdOn,
      updated_on: w.createdOn,
      has_publicly_visible_repos: false,
      links: {
        html: this.href(`/${w.slug}/workspace/projects/${p.key}`),
        avatar: this.href(`/${w.slug}/projects/${p.key}/avatar`),
      },
    };
  }

  repository(w: Workspace, r: Repository) {
    return {
      type: "repository",
      uuid: r.uuid,
      full_name: `${w.slug}/${r.slug}`,
      name: r.name,
      slug: r.slug,
      description: "",
      is_private: r.isPrivate,
      scm: "git",
      workspace: { type: "workspace", uuid: w.uuid, slug: w.slug, name: w.name },
      project: { type: "project", key: r.project.key, uuid: r.project.uuid, name: r.project.name },
      mainbranch: { type: "branch", name: "main" },
      language: "typescript",
      size: 1024,
      has_issues: false,
      has_wiki: false,
      fork_policy: "no_public_forks",
      created_on: r.createdOn,
      updated_on: r.createdOn,
      links: {
        self: this.href(`/2.0/repositories/${w.slug}/${r.slug}`),
        html: this.href(`/${w.slug}/${r.slug}`),
        hooks: this.href(`/2.0/repositories/${w.slug}/${r.slug}/hooks`),
        pullrequests: this.href(`/2.0/repositories/${w.slug}/${r.slug}/pullrequests`),
      },
    };
  }

  /** The short repository form used inside pull requests and event payloads. */
  repositoryRef(w: Workspace, r: Repository) {
    return {
      type: "repository",
      uuid: r.uuid,
      full_name: `${w.slug}/${r.slug}`,
      name: r.name,
      links: this.repository(w, r).links,
    };
  }

  pullRequest(w: Workspace, r: Repository, pr: PullRequest) {
    const side = (branch: string) => ({
      repository: this.repositoryRef(w, r),
      branch: { name: branch },
      commit: { hash: "0a1b2c3d4e5f" },
    });
    return {
      type: "pullrequest",
      id: pr.id,
      title: pr.title,
      description: "",
      state: pr.state,
      author: this.user(pr.author),
      source: side(pr.sourceBranch),
      destination: side("main"),
      comment_count: 0,
      task_count: 0,
      close_source_branch: true,
      reason: "",
      created_on: pr.createdOn,
      updated_on: pr.createdOn,
      draft: false,
      reviewers: pr.reviewers.map((u) => this.user(u)),
      participants: pr.reviewers.map((u) => ({
        type: "participant",
        user: this.user(u),
        role: "REVIEWER",
        approved: false,
      })),
      links: { self: this.href(`/2.0/repositories/${w.slug}/${r.slug}/pullrequests/${pr.id}`) },
    };
  }

  hook(w: Workspace, hook: Hook) {
    const repository = hook.repository ? w.repositories.get(hook.repository) : undefined;
    const path = repository
      ? `/2.0/repositories/${w.slug}/${repository.slug}/hooks`
      : `/2.0/workspaces/${w.slug}/hooks`;
    return {
      type: "webhook_subscription",
      uuid: hook.uuid,
      url: hook.url,
      description: hook.description,
      subject_type: hook.subjectType,
      subject: repository ? this.repositoryRef(w, repository) : this.workspaceBase(w),
      active: hook.active,
      created_at: hook.createdAt,
      events: [...hook.events],
      secret_set: hook.secret !== null,
      skip_cert_verification: hook.skipCertVerification,
      history_enabled: false,
      read_only: false,
      source: "USER",
      links: { self: this.href(`${path}/${encodeURIComponent(hook.uuid)}`) },
    };
  }
}
