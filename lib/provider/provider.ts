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

