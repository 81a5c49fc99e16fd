import type { Request } from "express";
import {
  canSeeRepository,
  repositoryRole,
  RepositoryRole,
  REPOSITORY_ROLES,
  visibleRepository,
  visibleWorkspace,
} from "../access";
import { applyFields } from "../fields";
import { paginate, PULL_REQUEST_PAGELEN_CAP } from "../pagination";
import { BitbucketHttpError } from "../responses";
import { SCOPES } from "../scope-rules";
import type { BitbucketSimulator } from "../simulator";
import type { PullRequestState } from "../../seed";

const PULL_REQUEST_STATES: readonly PullRequestState[] = ["OPEN", "MERGED", "DECLINED", "SUPERSEDED"];

/** Fields the pull-request collection leaves out unless asked for (the spec's "Field discovery"). */
const HIDDEN_IN_PULL_REQUEST_LISTINGS = ["values.reviewers", "values.participants"];

/** Repositories and their pull requests (bitbucket-cloud.md §3.7, §3.8). */
export function registerRepositoryRoutes(sim: BitbucketSimulator): void {
  sim.api("GET", "/2.0/repositories/{workspace}", SCOPES.repositories, ({ req, res, caller }) => {
    const workspace = visibleWorkspace(sim.state, caller, String(req.params.workspace));
    const role = roleFilter(req);
    const repositories = [...workspace.repositories.values()]
      .filter((r) => canSeeRepository(sim.state, caller, workspace, r))
      .filter((r) => role === undefined || repositoryRole(sim.state, caller, workspace, r).includes(role))
      .map((r) => sim.render.repository(workspace, r));
    res.json(applyFields(paginate(req, sim.url, repositories), fieldsOf(req)));
  });

  sim.api("GET", "/2.0/repositories/{workspace}/{repo_slug}", SCOPES.repositories, ({ req, res, caller }) => {
    const workspace = visibleWorkspace(sim.state, caller, String(req.params.workspace));
    const repository = visibleRepository(sim.state, caller, workspace, String(req.params.repo_slug));
    res.json(applyFields(sim.render.repository(workspace, repository), fieldsOf(req)));
  });

  sim.api(
    "GET",
    "/2.0/repositories/{workspace}/{repo_slug}/pullrequests",
    SCOPES.pullRequests,
    ({ req, res, caller }) => {
      const workspace = visibleWorkspace(sim.state, caller, String(req.params.workspace));
      const repository = visibleRepository(sim.state, caller, workspace, String(req.params.repo_slug));
      const states = stateFilter(req);
      const pulls = repository.pullRequests
        .filter((pr) => states.includes(pr.state))
        .map((pr) => sim.render.pullRequest(workspace, repository, pr));
      const page = paginate(req, sim.url, pulls, PULL_REQUEST_PAGELEN_CAP);
      res.json(applyFields(page, fieldsOf(req), HIDDEN_IN_PULL_REQUEST_LISTINGS));
    },
  );
}

const fieldsOf = (req: Request) => req.query.fields as string | undefined;

/** The values of a query parameter that may be repeated. */
function repeated(req: Request, name: string): string[] {
  const value = req.query[name];
  return value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);
}

/** `?state=` (repeatable): which pull requests to list; only open ones by default. */
function stateFilter(req: Request): readonly PullRequestState[] {
  const states = repeated(req, "state");
  const unknown = states.filter((s) => !PULL_REQUEST_STATES.includes(s as PullRequestState));
  if (unknown.length > 0)
    throw new BitbucketHttpError(400, `Invalid state ${unknown.join(", ")}: one of ${PULL_REQUEST_STATES.join(", ")}`);
  return states.length > 0 ? (states as PullRequestState[]) : ["OPEN"];
}

/** `?role=`: only repositories on which the caller holds at least that role. */
function roleFilter(req: Request): RepositoryRole | undefined {
  const [role, ...more] = repeated(req, "role");
  if (role === undefined) return undefined;
  if (more.length > 0 || !REPOSITORY_ROLES.includes(role as RepositoryRole))
    throw new BitbucketHttpError(
      400,
      `Invalid role ${[role, ...more].join(", ")}: one of ${REPOSITORY_ROLES.join(", ")}`,
    );
  return role as RepositoryRole;
}
