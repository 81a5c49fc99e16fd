# The DevDynamics ⇄ Bitbucket Cloud integration in plain Terraform: the same resources the cdktf construct
# creates in per-repository mode. See README.md for installing the provider.
terraform {
  required_version = ">= 1.11"
  required_providers {
    devdynamics = {
      source  = "devdynamics/devdynamics"
      version = "~> 0.1"
    }
  }
}

variable "workspace" {
  type        = string
  description = "Bitbucket Workspace ID: the slug in bitbucket.org/<workspace-id>."
}

variable "project_keys" {
  type        = list(string)
  description = "Projects whose repositories DevDynamics analyses."
  default     = ["PLAT", "DATA"]
}

# No secret in configuration: the provider reads BITBUCKET_EMAIL + BITBUCKET_API_TOKEN (or BITBUCKET_ACCESS_TOKEN),
# DEVDYNAMICS_API_URL and DEVDYNAMICS_API_KEY from the environment.
provider "devdynamics" {}

# Fails the plan, listing every problem with its fix, unless the credential can read the workspace and create
# repository webhooks. Nothing below is created until it passes.
data "devdynamics_bitbucket_credentials" "check" {
  workspace     = var.workspace
  webhook_subject = "repository"
}

# Fails the plan when the DevDynamics API key is wrong.
data "devdynamics_organization" "current" {}

# Resolved on every plan, so a repository created in one of the projects later gets its webhook on the next apply.
data "devdynamics_bitbucket_repositories" "selected" {
  workspace    = data.devdynamics_bitbucket_credentials.check.workspace
  project_keys = var.project_keys
}

resource "devdynamics_bitbucket_connection" "this" {
  workspace        = data.devdynamics_bitbucket_credentials.check.workspace
  repository_slugs = data.devdynamics_bitbucket_repositories.selected.slugs
  depends_on       = [data.devdynamics_organization.current]
}

resource "devdynamics_bitbucket_repository_webhook" "this" {
  for_each = toset(data.devdynamics_bitbucket_repositories.selected.slugs)

  workspace  = devdynamics_bitbucket_connection.this.workspace
  repository = each.key
  url        = devdynamics_bitbucket_connection.this.webhook_url
  secret_wo  = devdynamics_bitbucket_connection.this.webhook_secret
}

output "connection_id" {
  value = devdynamics_bitbucket_connection.this.id
}

output "webhook_ids" {
  value = { for slug, hook in devdynamics_bitbucket_repository_webhook.this : slug => hook.id }
}
