import { defineProvider } from "../tfplugin";
import { configureProvider, providerSchema, ProviderContext } from "./configuration";
import { bitbucketCredentials } from "./data-sources/bitbucket-credentials";
import { organization } from "./data-sources/organization";

/** The `devdynamics` provider, `registry.terraform.io/devdynamics/devdynamics`. */
export const devdynamicsProvider = defineProvider<ProviderContext>({
  typeName: "devdynamics",
  schema: providerSchema,
  configure: async (config) => configureProvider(config),
  resources: [],
  dataSources: [bitbucketCredentials, organization],
});

export const PROVIDER_ADDRESS = {
  hostname: "registry.terraform.io",
  namespace: "devdynamics",
  type: "devdynamics",
  version: "0.1.0",
};
