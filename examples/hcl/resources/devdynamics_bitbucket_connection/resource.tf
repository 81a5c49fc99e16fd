# DevDynamics reads Bitbucket with the provider's own credential, since no credential_* attribute is set.
resource "devdynamics_bitbucket_connection" "example" {
  workspace        = "acme"
  repository_slugs = data.devdynamics_bitbucket_repositories.example.slugs
}
