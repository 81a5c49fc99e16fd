# One hook on each selected repository, as one resource: paced within Bitbucket's hourly limit and verified a few
# repositories per plan, however many repositories there are.
resource "devdynamics_bitbucket_repository_webhooks" "example" {
  workspace    = "acme"
  repositories = data.devdynamics_bitbucket_repositories.example.repository_uuids
  url          = devdynamics_bitbucket_connection.example.webhook_url
  secret_wo    = ephemeral.devdynamics_bitbucket_webhook_secret.example.secret
}
