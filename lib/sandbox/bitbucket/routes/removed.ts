import { sendError } from "../responses";
import type { BitbucketSimulator } from "../simulator";

/** Cross-workspace endpoints removed under CHANGE-2770 answer 410 Gone (bitbucket-cloud.md §0.2). */
const REMOVED = [
  "/2.0/workspaces",
  "/2.0/user/permissions/workspaces",
  "/2.0/user/permissions/repositories",
  "/2.0/repositories",
];

export function registerRemovedRoutes(sim: BitbucketSimulator): void {
  for (const route of REMOVED) {
    sim.server.route("GET", route, (_req, res) =>
      sendError(
        res,
        410,
        "CHANGE-2770 - Functionality has been deprecated. Please use the workspace-scoped endpoints instead.",
        {
          data: { announcement_url: "https://developer.atlassian.com/cloud/bitbucket/changelog/#CHANGE-2770" },
        },
      ),
    );
  }
}
