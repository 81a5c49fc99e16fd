// Several Bitbucket workspaces, one stack each: every workspace has its own credential, its own state and its own
// deploy, so one workspace's expired token never blocks another's. State lives in one PostgreSQL database, in a
// schema per stack. See README.md.
import { App, PgBackend, TerraformStack } from "cdktf";
// In your project: from "devdynamics-bitbucket-cdktf".
import { BitbucketCredentials, DevDynamicsBitbucketIntegration, SecretValue } from "../../lib/constructs";

/** One entry per workspace: its Workspace ID and the Atlassian account email its API token belongs to. */
const WORKSPACES = [
  { workspace: "acme", email: "platform-bot@acme.example" },
  { workspace: "acme-labs", email: "labs-bot@acme.example" },
];

const app = new App();
for (const { workspace, email } of WORKSPACES) {
  const stack = new TerraformStack(app, `devdynamics-${workspace}`);
  // Workspace IDs may hold "-" and "."; Terraform variable names set from a shell and schema names should not.
  const name = workspace.replace(/[^a-z0-9_]/g, "_");

  // conn_str stays empty, so Terraform takes the connection string (password included) from PG_CONN_STR when it
  // initialises the backend, and it never reaches cdk.tf.json. The schema is this stack's alone: stacks sharing
  // one would both keep their state in its row for Terraform workspace "default" and overwrite each other.
  new PgBackend(stack, { connStr: "", schemaName: `devdynamics_${name}` });

  new DevDynamicsBitbucketIntegration(stack, workspace, {
    workspace,
    // Set as TF_VAR_<name>_bitbucket_api_token when Terraform runs; cdk.tf.json holds only a reference to it.
    credential: BitbucketCredentials.apiToken(email, SecretValue.fromTerraformVariable(`${name}_bitbucket_api_token`)),
  });
}

app.synth();
