# A hook on one repository, delivering to the connection's URL, signed with its secret. For many repositories,
# devdynamics_bitbucket_repository_webhooks does the same as one resource, inside Bitbucket's hourly budget.
resource "devdynamics_bitbucket_repository_webhook" "example" {
  workspace  = "acme"
  repository = "api-gateway"
  url        = devdynamics_bitbucket_connection.example.webhook_url
  secret_wo  = ephemeral.devdynamics_bitbucket_webhook_secret.example.secret
}
