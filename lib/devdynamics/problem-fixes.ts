import type { ProblemCode } from "./model";

/**
 * What to do about each problem DevDynamics' verification reports. The API says what is wrong; the fix is this
 * client's knowledge of the Bitbucket side, so it lives next to the contract rather than in each caller.
 */
export const INTEGRATION_PROBLEM_FIXES: Readonly<Record<ProblemCode, string>> = {
  missing_scope:
    "Give the credential every scope DevDynamics needs (data devdynamics_bitbucket_credentials or `devdynamics-bitbucket check` lists what is missing), then apply again.",
  not_workspace_admin: "Use the credential of a workspace owner, or a workspace access token, then apply again.",
  invalid_credentials:
    "Check the credential's secret and username (the Atlassian account email for API tokens); create a new token if it was revoked, then apply again.",
  no_repositories:
    "Check that the selected repositories (the connection's repositories) exist in the workspace and that the credential can read them, then apply again.",
};

/** The fix for a problem code, also for one this client does not know yet. */
export function integrationProblemFix(code: string): string {
  return Object.hasOwn(INTEGRATION_PROBLEM_FIXES, code)
    ? INTEGRATION_PROBLEM_FIXES[code as ProblemCode]
    : "Check the credential and the repository selection with `devdynamics-bitbucket check`, then apply again.";
}
