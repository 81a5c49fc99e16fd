// Repositories managed with the community Bitbucket provider (DrFaust92/bitbucket) feed the DevDynamics integration:
// the construct takes their slugs as Terraform tokens, so the selection follows what this configuration creates and
// Terraform orders the webhooks after the repositories. See README.md.
import { Construct } from "constructs";
import { App, TerraformProvider, TerraformResource, TerraformStack } from "cdktf";
// In your project: from "devdynamics-bitbucket-cdktf".
import {
  BitbucketCredentials,
  DevDynamicsBitbucketIntegration,
  RepositorySelection,
  WebhookSubject,
} from "../../lib/constructs";

/** The community provider, as `cdktf get` generates it for `DrFaust92/bitbucket`, trimmed to what this uses. */
class BitbucketProvider extends TerraformProvider {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: "bitbucket",
      terraformGeneratorMetadata: { providerName: "bitbucket" },
      terraformProviderSource: "DrFaust92/bitbucket",
    });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {}; // credentials from BITBUCKET_USERNAME / BITBUCKET_PASSWORD (an API token), as its docs describe
  }
}

/** `bitbucket_repository`, as `cdktf get` generates it, trimmed to what this uses. */
class Repository extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly config: { owner: string; name: string; projectKey: string; isPrivate: boolean },
  ) {
    super(scope, id, {
      terraformResourceType: "bitbucket_repository",
      terraformGeneratorMetadata: { providerName: "bitbucket" },
    });
  }

  /** The slug Bitbucket gives the repository: known after it is created. */
  get slug(): string {
    return this.getStringAttribute("slug");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    const { owner, name, projectKey, isPrivate } = this.config;
    return { owner, name, project_key: projectKey, is_private: isPrivate };
  }
}

const app = new App();
const stack = new TerraformStack(app, "devdynamics-with-community-provider");
new BitbucketProvider(stack, "bitbucket");

const repositories = ["payments-api", "payments-web"].map(
  (name) => new Repository(stack, name, { owner: "acme", name, projectKey: "PAY", isPrivate: true }),
);

new DevDynamicsBitbucketIntegration(stack, "devdynamics", {
  workspace: "acme",
  credential: BitbucketCredentials.apiToken(process.env.BITBUCKET_EMAIL ?? ""),
  // Tokens: Terraform fills in the slugs once the repositories exist, and the provider checks them at plan.
  repositories: RepositorySelection.slugs(repositories.map((r) => r.slug)),
  webhookSubject: WebhookSubject.REPOSITORY,
});

app.synth();
