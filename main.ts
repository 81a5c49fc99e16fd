// The sample cdktf app: one DevDynamics ⇄ Bitbucket Cloud integration, configured from the environment.
// `npm start` deploys it into the embedded sandbox; with real credentials in the environment it deploys against
// Bitbucket Cloud and DevDynamics (see README.md).
import { App, LocalBackend, TerraformStack } from "cdktf";
import {
  BitbucketCredentials,
  DevDynamicsBitbucketIntegration,
  RepositorySelection,
  WebhookSubject,
} from "./lib/constructs";

const env = process.env;
const app = new App();
const stack = new TerraformStack(app, "devdynamics-bitbucket");
// The sandbox is in memory, so `npm start` keeps this stack's state in a throwaway file.
if (env.DEVDYNAMICS_STATE_FILE) new LocalBackend(stack, { path: env.DEVDYNAMICS_STATE_FILE });

const projectKeys = env.BITBUCKET_PROJECT_KEYS?.split(",").filter(Boolean);
new DevDynamicsBitbucketIntegration(stack, "integration", {
  workspace: env.BITBUCKET_WORKSPACE ?? "",
  // BITBUCKET_EMAIL + BITBUCKET_API_TOKEN, BITBUCKET_ACCESS_TOKEN or BITBUCKET_OAUTH_CLIENT_ID/SECRET, read by the
  // provider when Terraform runs: no secret is synthesized.
  credential: BitbucketCredentials.fromEnvironment(),
  repositories: projectKeys?.length ? RepositorySelection.projects(projectKeys) : RepositorySelection.all(),
  webhookSubject:
    env.DEVDYNAMICS_WEBHOOK_SUBJECT === "repository" ? WebhookSubject.REPOSITORY : WebhookSubject.WORKSPACE,
});

app.synth();
