# The connection's signing secret, read when Terraform needs it and kept in no state or plan. Passing the
# connection's revision makes a plan that rotates the secret read it at apply, after the rotation.
ephemeral "devdynamics_bitbucket_webhook_secret" "example" {
  connection_id = devdynamics_bitbucket_connection.example.id
  revision      = devdynamics_bitbucket_connection.example.webhook_secret_revision
}
