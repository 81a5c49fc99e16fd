import { defineProvider } from "../tfplugin";
import { configureProvider, ProviderContext } from "./configuration";
import { bitbucketCredentials } from "./data-sources/bitbucket-credentials";
import { bitbucketRepositories } from "./data-sources/bitbucket-repositories";
import { organization } from "./data-sources/organization";
import { webhookSecret } from "./ephemeral-resources/webhook-secret";
import { connection } from "./resources/connection";
import { repositoryWebhooks } from "./resources/repository-webhooks";
import { repositoryWebhook, workspaceWebhook } from "./resources/webhooks";
import { reportingRateLimitWaits } from "./problems";
import { PROVIDER_SETTINGS } from "./settings";

/** The `devdynamics` provider, `registry.terraform.io/devdynamics/devdynamics`. */
export const devdynamicsProvider = defineProvider<ProviderContext, typeof PROVIDER_SETTINGS>({
  typeName: "devdynamics",
  schema: PROVIDER_SETTINGS,
  configure: async (config, info) => configureProvider(config, info),
  resources: [connection, repositoryWebhook, repositoryWebhooks, workspaceWebhook],
  dataSources: [bitbucketCredentials, bitbucketRepositories, organization],
  ephemeralResources: [webhookSecret],
  // A call held back by Bitbucket's rate limits for more than 10 s says so, instead of looking like a hang.
  aroundCall: reportingRateLimitWaits,
});
