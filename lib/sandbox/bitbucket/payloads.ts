import { randomBytes } from "node:crypto";
import type { Renderer } from "./render";
import type { BitbucketState, PullRequest, Repository, User, Workspace } from "./state";

/** An event to simulate on a repository (`POST /_sandbox/events`). */
export interface SimulatedEvent {
  readonly workspace: string;
  readonly repository: string;
  /** `repo:push` or any `pullrequest:*` key. */
  readonly event: string;
  /** The nickname of the acting user; the workspace's first member by default. */
  readonly actor?: string;
  /** For a push: the branch pushed to (default `main`). */
  readonly branch?: string;
}

/** The event payload Bitbucket sends (bitbucket-cloud.md §6): `actor`, `repository`, and `push` or `pullrequest`. */
export function eventPayload(
  render: Renderer,
  state: BitbucketState,
  workspace: Workspace,
  repository: Repository,
  event: SimulatedEvent,
): Record<string, unknown> {
  const actor = pickActor(state, workspace, event.actor);
  const common = { actor: render.user(actor), repository: render.repository(workspace, repository) };
  if (event.event === "repo:push")
    return { ...common, push: pushChange(render, workspace, repository, actor, event.branch ?? "main") };
  if (event.event.startsWith("pullrequest:")) {
    const pr: PullRequest = repository.pullRequests.find((p) => p.state === "OPEN") ?? {
      id: repository.pullRequests.length + 1,
      title: `Change to ${repository.slug}`,
      state: "OPEN",
      author: actor,
      reviewers: [],
      sourceBranch: "feature/change",
      createdOn: new Date().toISOString(),
    };
    const extra = /approved$/.test(event.event)
      ? { approval: { date: new Date().toISOString(), user: render.user(actor) } }
      : {};
    return { ...common, pullrequest: render.pullRequest(workspace, repository, pr), ...extra };
  }
  return common;
}

function pickActor(state: BitbucketState, workspace: Workspace, nickname: string | undefined): User {
  const name = nickname ?? [...workspace.members.keys()][0];
  const user = state.users.get(name);
  if (!user) throw new Error(`no user ${name} in the seed`);
  return user;
}

function pushChange(render: Renderer, workspace: Workspace, repository: Repository, actor: User, branch: string) {
  const commit = (message: string) => ({
    type: "commit",
    hash: randomBytes(20).toString("hex"),
    message,
    author: { type: "author", raw: `${actor.displayName} <${actor.email}>`, user: render.user(actor) },
    date: new Date().toISOString(),
    parents: [],
    links: { html: { href: `${render.repository(workspace, repository).links.html.href}/commits` } },
  });
  const head = commit(`Update ${repository.slug}`);
  const ref = (target: ReturnType<typeof commit>) => ({ type: "branch", name: branch, target });
  return {
    changes: [
      {
        old: ref(commit("Previous change")),
        new: ref(head),
        created: false,
        forced: false,
        closed: false,
        commits: [head],
        truncated: false,
        links: { html: { href: `${render.repository(workspace, repository).links.html.href}/branches/compare` } },
      },
    ],
  };
}
