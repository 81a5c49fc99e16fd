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

# Secrets given as variables must be ephemeral: Terraform then keeps them out of saved plans and state. Unset, the
# provider reads DEVDYNAMICS_API_KEY from the environment, as it reads BITBUCKET_EMAIL + BITBUCKET_API_TOKEN (or
# BITBUCKET_ACCESS_TOKEN) and DEVDYNAMICS_API_URL.
variable "devdynamics_api_key" {
  type        = string
  description = "DevDynamics API key (default: DEVDYNAMICS_API_KEY)."
  sensitive   = true
  ephemeral   = true
  default     = null
}

provider "devdynamics" {
  devdynamics_api_key = var.devdynamics_api_key
}

# Fails the plan, listing every problem with its fix, unless the credential can read the workspace and create
# repository webhooks. Nothing below is created until it passes.
data "devdynamics_bitbucket_credentials" "check" {
  workspace       = var.workspace
  webhook_subject = "repository"
}

# Fails the plan when the DevDynamics API key is wrong.
data "devdynamics_organization" "current" {}

# Resolved on every plan, so a repository created in one of the projects later gets its webhook on the next apply.
data "devdynamics_bitbucket_repositories" "selected" {
  workspace    = data.devdynamics_bitbucket_credentials.check.workspace
  project_keys = var.project_keys
}

# The selection is a map keyed by slug (the values, here each repository's UUID, are not used): Terraform plans a
# map of thousands in linear time, a list in quadratic time.
resource "devdynamics_bitbucket_connection" "this" {
  workspace    = data.devdynamics_bitbucket_credentials.check.workspace
  repositories = data.devdynamics_bitbucket_repositories.selected.repository_uuids
  depends_on   = [data.devdynamics_organization.current]
}

# The webhook signing secret, read from DevDynamics whenever Terraform needs it: never in state or a saved plan.
# The revision makes a plan that rotates the secret read it at apply, after the rotation.
ephemeral "devdynamics_bitbucket_webhook_secret" "this" {
  connection_id = devdynamics_bitbucket_connection.this.id
  revision      = devdynamics_bitbucket_connection.this.webhook_secret_revision
}

# One signed webhook on each selected repository, as one resource given the same map keyed by slug; the provider
# paces the requests within Bitbucket's hourly limit.
resource "devdynamics_bitbucket_repository_webhooks" "this" {
  workspace    = devdynamics_bitbucket_connection.this.workspace
  repositories = data.devdynamics_bitbucket_repositories.selected.repository_uuids
  url          = devdynamics_bitbucket_connection.this.webhook_url
  secret_wo    = ephemeral.devdynamics_bitbucket_webhook_secret.this.secret
}

output "connection_id" {
  value = devdynamics_bitbucket_connection.this.id
}

output "webhook_ids" {
  description = "Each repository's hook UUID, by slug."
  value       = devdynamics_bitbucket_repository_webhooks.this.hooks
}
