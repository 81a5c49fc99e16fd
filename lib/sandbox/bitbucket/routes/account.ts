import { requireUser } from "../auth";
import { canSeeRepository, visibleWorkspace } from "../access";
import { applyFields } from "../fields";
import { paginate } from "../pagination";
import { SCOPES } from "../scope-rules";
import type { BitbucketSimulator } from "../simulator";

/** The current user, their emails, their workspaces and their permissions (bitbucket-cloud.md §3.1–3.4). */
export function registerAccountRoutes(sim: BitbucketSimulator): void {
  sim.api("GET", "/2.0/user", SCOPES.user, ({ res, caller }) => {
    res.json(sim.render.user(requireUser(caller)));
  });

  sim.api("GET", "/2.0/user/emails", SCOPES.emails, ({ req, res, caller }) => {
    const user = requireUser(caller);
    const emails = [{ type: "email", email: user.email, is_primary: true, is_confirmed: true, links: {} }];
    res.json(applyFields(paginate(req, sim.url, emails), req.query.fields as string | undefined));
  });

  sim.api("GET", "/2.0/user/workspaces", SCOPES.userWorkspaces, ({ req, res, caller }) => {
    const user = requireUser(caller);
    const access = [...sim.state.workspaces.values()]
      .filter((w) => w.members.has(user.nickname) && (!caller.workspaces || caller.workspaces.includes(w.slug)))
      .map((w) => ({
        type: "workspace_access",
        administrator: w.members.get(user.nickname) === "owner",
        workspace: sim.render.workspaceBase(w),
      }));
    res.json(applyFields(paginate(req, sim.url, access), req.query.fields as string | undefined));
  });

  sim.api("GET", "/2.0/user/workspaces/{workspace}/permission", SCOPES.userWorkspaces, ({ req, res, caller }) => {
    const user = requireUser(caller);
    const workspace = visibleWorkspace(sim.state, caller, String(req.params.workspace));
    res.json({
      type: "workspace_membership",
      permission: workspace.members.get(user.nickname),
      user: sim.render.user(user),
      workspace: sim.render.workspace(workspace),
    });
  });

  sim.api(
    "GET",
    "/2.0/user/workspaces/{workspace}/permissions/repositories",
    SCOPES.repositoryPermissions,
    ({ req, res, caller }) => {
      const user = requireUser(caller);
      const workspace = visibleWorkspace(sim.state, caller, String(req.params.workspace));
      const permissions = [...workspace.repositories.values()]
        .filter((r) => canSeeRepository(sim.state, caller, workspace, r))
        .map((r) => ({
          type: "repository_permission",
          permission: sim.state.repositoryPermission(workspace, r, user.nickname),
          user: sim.render.user(user),
          repository: sim.render.repositoryRef(workspace, r),
        }));
      res.json(applyFields(paginate(req, sim.url, permissions), req.query.fields as string | undefined));
    },
  );
}
