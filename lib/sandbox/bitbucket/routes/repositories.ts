import { canSeeRepository, visibleRepository, visibleWorkspace } from "../access";
import { applyFields } from "../fields";
import { paginate, PULL_REQUEST_PAGELEN_CAP } from "../pagination";
import { SCOPES } from "../scope-rules";
import type { BitbucketSimulator } from "../simulator";

/** Repositories and their pull requests (bitbucket-cloud.md §3.7, §3.8). */
export function registerRepositoryRoutes(sim: BitbucketSimulator): void {
  sim.api("GET", "/2.0/repositories/{workspace}", SCOPES.repositories, ({ req, res, caller }) => {
    const workspace = visibleWorkspace(sim.state, caller, String(req.params.workspace));
    const repositories = [...workspace.repositories.values()]
      .filter((r) => canSeeRepository(sim.state, caller, workspace, r))
      .map((r) => sim.render.repository(workspace, r));
    res.json(applyFields(paginate(req, sim.url, repositories), req.query.fields as string | undefined));
  });

  sim.api("GET", "/2.0/repositories/{workspace}/{repo_slug}", SCOPES.repositories, ({ req, res, caller }) => {
    const workspace = visibleWorkspace(sim.state, caller, String(req.params.workspace));
    const repository = visibleRepository(sim.state, caller, workspace, String(req.params.repo_slug));
    res.json(applyFields(sim.render.repository(workspace, repository), req.query.fields as string | undefined));
  });

  sim.api(
    "GET",
    "/2.0/repositories/{workspace}/{repo_slug}/pullrequests",
    SCOPES.pullRequests,
    ({ req, res, caller }) => {
      const workspace = visibleWorkspace(sim.state, caller, String(req.params.workspace));
      const repository = visibleRepository(sim.state, caller, workspace, String(req.params.repo_slug));
      const pulls = repository.pullRequests.map((pr) => sim.render.pullRequest(workspace, repository, pr));
      res.json(
        applyFields(paginate(req, sim.url, pulls, PULL_REQUEST_PAGELEN_CAP), req.query.fields as string | undefined),
      );
    },
  );
}
