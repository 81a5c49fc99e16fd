import { visibleWorkspace } from "../access";
import { applyFields } from "../fields";
import { paginate } from "../pagination";
import { SCOPES } from "../scope-rules";
import type { BitbucketSimulator } from "../simulator";

/** A workspace and its projects (bitbucket-cloud.md §3.3, §3.6). */
export function registerWorkspaceRoutes(sim: BitbucketSimulator): void {
  sim.api("GET", "/2.0/workspaces/{workspace}", SCOPES.workspace, ({ req, res, caller }) => {
    const workspace = visibleWorkspace(sim.state, caller, String(req.params.workspace));
    res.json(applyFields(sim.render.workspace(workspace), req.query.fields as string | undefined));
  });

  sim.api("GET", "/2.0/workspaces/{workspace}/projects", SCOPES.projects, ({ req, res, caller }) => {
    const workspace = visibleWorkspace(sim.state, caller, String(req.params.workspace));
    const projects = workspace.projects.map((p) => sim.render.project(workspace, p));
    res.json(applyFields(paginate(req, sim.url, projects), req.query.fields as string | undefined));
  });
}
