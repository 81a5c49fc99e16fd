terraform {
  required_providers {
    devdynamics = {
      source  = "devdynamics/devdynamics"
      version = "~> 0.1"
    }
  }
}

variable "devdynamics_api_url" {
  type        = string
  description = "Your DevDynamics API base URL."
}

# Secrets stay out of configuration: the provider reads BITBUCKET_EMAIL, BITBUCKET_API_TOKEN
# and DEVDYNAMICS_API_KEY from the environment.
provider "devdynamics" {
  devdynamics_api_url = var.devdynamics_api_url

  # Fail a run that would use more than a tenth of Bitbucket's hourly request allowance.
  bitbucket_request_budget = 100
}
