# Fails the plan, listing every problem and its fix, unless the provider's Bitbucket credential
# can read the workspace and create per-repository webhooks.
data "devdynamics_bitbucket_credentials" "example" {
  workspace       = "acme"
  webhook_subject = "repository"
}
