// The integration the manual guide set up with an app password, taken over as code with an API token. For the first
// deploy, DEVDYNAMICS_CONNECTION_ID names the existing DevDynamics connection (bbi_…), so Terraform imports it
// instead of failing on a second connection for the workspace. See README.md for the whole migration.
import { App, TerraformStack } from "cdktf";
// In your project: from "devdynamics-bitbucket-cdktf".
import { BitbucketCredentials, DevDynamicsBitbucketIntegration } from "../../lib/constructs";

const env = process.env;
const app = new App();
const stack = new TerraformStack(app, "devdynamics-bitbucket");

const integration = new DevDynamicsBitbucketIntegration(stack, "integration", {
  workspace: env.BITBUCKET_WORKSPACE ?? "",
  // The Atlassian account email, not the Bitbucket username the app password went with. The token itself is read
  // from BITBUCKET_API_TOKEN when Terraform runs, so it is never synthesized.
  credential: BitbucketCredentials.apiToken(env.BITBUCKET_EMAIL ?? ""),
});

// An import block: the plan shows the connection as imported, and the same apply gives DevDynamics the API token in
// place of the app password; the webhook keeps the connection's signing secret (read when needed, never stored).
if (env.DEVDYNAMICS_CONNECTION_ID)
  integration.connection.importFrom(env.DEVDYNAMICS_CONNECTION_ID, integration.provider);

app.synth();
