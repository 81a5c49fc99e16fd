# One webhook per selected repository, delivering to the connection's URL, signed with its secret.
resource "devdynamics_bitbucket_repository_webhook" "example" {
  for_each = toset(data.devdynamics_bitbucket_repositories.example.slugs)

  workspace  = "acme"
  repository = each.key
  url        = devdynamics_bitbucket_connection.example.webhook_url
  secret_wo  = devdynamics_bitbucket_connection.example.webhook_secret
}
