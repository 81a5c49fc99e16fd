// DevDynamics analyses the repositories of two Bitbucket projects, minus archived and scratch ones, and each of those
// repositories gets its own webhook: Bitbucket sends DevDynamics nothing about the rest of the workspace, and a
// workspace access token can install the webhooks. See README.md.
import { App, TerraformStack } from "cdktf";
// In your project: from "devdynamics-bitbucket-cdktf".
import {
  BitbucketCredentials,
  DevDynamicsBitbucketIntegration,
  RepositorySelection,
  WebhookSubject,
} from "../../lib/constructs";

const app = new App();
const stack = new TerraformStack(app, "devdynamics-per-repository");

new DevDynamicsBitbucketIntegration(stack, "integration", {
  workspace: process.env.BITBUCKET_WORKSPACE ?? "",
  // Read by the provider when Terraform runs: a workspace access token (BITBUCKET_ACCESS_TOKEN) or a workspace
  // owner's API token (BITBUCKET_EMAIL + BITBUCKET_API_TOKEN).
  credential: BitbucketCredentials.fromEnvironment(),
  // Applied at plan time, so a repository created in PLAT or DATA later gets its webhook on the next deploy.
  repositories: RepositorySelection.matching({
    projectKeys: ["PLAT", "DATA"],
    exclude: ["*-archived", "scratch-*"],
  }),
  webhookSubject: WebhookSubject.REPOSITORY,
  // A first deploy sends two requests per repository (a plan reads at most 50 repositories' hooks): stop a run at
  // half of Bitbucket's hourly allowance (about 1,000 requests) instead of spending all of it.
  bitbucketRequestBudget: 500,
});

app.synth();
