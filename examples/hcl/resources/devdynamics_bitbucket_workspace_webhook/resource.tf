# One webhook for every repository in the workspace (needs the workspace owner's credential).
resource "devdynamics_bitbucket_workspace_webhook" "example" {
  workspace = "acme"
  url       = devdynamics_bitbucket_connection.example.webhook_url
  secret_wo = ephemeral.devdynamics_bitbucket_webhook_secret.example.secret
}
