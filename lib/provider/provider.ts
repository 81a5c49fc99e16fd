import { defineProvider } from "../tfplugin";
import { configureProvider, providerSchema, ProviderContext } from "./configuration";
import { bitbucketCredentials } from "./data-sources/bitbucket-credentials";
import { bitbucketRepositories } from "./data-sources/bitbucket-repositories";
import { organization } from "./data-sources/organization";
import { connection } from "./resources/connection";
import { repositoryWebhook, workspaceWebhook } from "./resources/webhooks";

/** The `devdynamics` provider, `registry.terraform.io/devdynamics/devdynamics`. */
export const devdynamicsProvider = defineProvider<ProviderContext>({
  typeName: "devdynamics",
  schema: providerSchema,
  configure: async (config) => configureProvider(config),
  resources: [connection, repositoryWebhook, workspaceWebhook],
  dataSources: [bitbucketCredentials, bitbucketRepositories, organization],
});

export const PROVIDER_ADDRESS = {
  hostname: "registry.terraform.io",
  namespace: "devdynamics",
  type: "devdynamics",
  version: "0.1.0",
};

/** The version range the generated bindings put in `required_providers` (and the lock file records). */
export const PROVIDER_VERSION_CONSTRAINT = "~> 0.1";
