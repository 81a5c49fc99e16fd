# DevDynamics reads Bitbucket with the provider's own credential, since no credential_* attribute is set. The
# selection is keyed by slug (a literal works too: { "api-gateway" = "", "web-app" = "" }); leave it out for all.
resource "devdynamics_bitbucket_connection" "example" {
  workspace    = "acme"
  repositories = data.devdynamics_bitbucket_repositories.example.repository_uuids
}
