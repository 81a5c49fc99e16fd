import { sendError } from "../responses";
import type { BitbucketSimulator } from "../simulator";

/**
 * Cross-workspace endpoints removed under CHANGE-2770, each with the status production was seen answering
 * (bitbucket-cloud.md §0.2 and "Updates found 2026-12-02"): 410 Gone for most, but 404 for
 * `/2.0/user/permissions/repositories`, both with the CHANGE-2770 message. Clients must treat the two alike.
 */
const REMOVED: readonly [route: string, status: 404 | 410][] = [
  ["/2.0/workspaces", 410],
  ["/2.0/user/permissions/workspaces", 410],
  ["/2.0/user/permissions/repositories", 404],
  ["/2.0/repositories", 410],
];

export function registerRemovedRoutes(sim: BitbucketSimulator): void {
  for (const [route, status] of REMOVED) {
    sim.server.route("GET", route, (_req, res) =>
      sendError(
        res,
        status,
        "CHANGE-2770 - Functionality has been deprecated. Please use the workspace-scoped endpoints instead.",
        {
          data: { announcement_url: "https://developer.atlassian.com/cloud/bitbucket/changelog/#CHANGE-2770" },
        },
      ),
    );
  }
}
