# The services of the PLAT and WEB projects, without archived ones.
data "devdynamics_bitbucket_repositories" "example" {
  workspace     = "acme"
  project_keys  = ["PLAT", "WEB"]
  name_patterns = ["*-service", "api-*"]
  exclude       = ["*-archived"]
}
