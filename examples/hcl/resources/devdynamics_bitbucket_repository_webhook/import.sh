terraform import 'devdynamics_bitbucket_repository_webhook.example["api-service"]' 'acme/api-service/{0b8f3f2e-5b1a-4c4e-9a51-1c3f0d0d7a10}'
