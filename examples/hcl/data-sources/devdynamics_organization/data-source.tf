# Fails the plan when the DevDynamics API key is wrong, before anything changes.
data "devdynamics_organization" "current" {}

output "devdynamics_organization" {
  value = data.devdynamics_organization.current.name
}
