// The app bitbucket-pipelines.yml plans on pull requests and deploys from main: every repository of the workspace the
// pipeline runs in, through one workspace webhook. See README.md.
import { App, PgBackend, TerraformStack } from "cdktf";
// In your project: from "devdynamics-bitbucket-cdktf".
import { BitbucketCredentials, DevDynamicsBitbucketIntegration } from "../../lib/constructs";

const app = new App();
const stack = new TerraformStack(app, "devdynamics-bitbucket");

// Every pipeline starts from a fresh clone, so the state must live outside it. conn_str stays empty: Terraform reads
// the connection string from the secured variable PG_CONN_STR, and it never reaches cdk.tf.json.
new PgBackend(stack, { connStr: "", schemaName: "devdynamics_bitbucket" });

new DevDynamicsBitbucketIntegration(stack, "integration", {
  // One of Pipelines' own variables: the workspace this repository lives in.
  workspace: process.env.BITBUCKET_WORKSPACE ?? "",
  // BITBUCKET_EMAIL + BITBUCKET_API_TOKEN, from repository variables, read by the provider when Terraform runs.
  credential: BitbucketCredentials.fromEnvironment(),
});

app.synth();
