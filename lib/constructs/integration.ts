import { Annotations, TerraformIterator, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { looksLikeSecret } from "../bitbucket/credentials";
import {
  DEVDYNAMICS_HOOK_EVENTS,
  hookEventsProblem,
  projectKeyProblem,
  webhookUrlProblem,
  workspaceIdProblem,
} from "../bitbucket/inputs";
import { BitbucketConnection } from "../generated/providers/devdynamics/bitbucket-connection";
import { BitbucketRepositoryWebhook } from "../generated/providers/devdynamics/bitbucket-repository-webhook";
import { BitbucketWorkspaceWebhook } from "../generated/providers/devdynamics/bitbucket-workspace-webhook";
import { DataDevdynamicsBitbucketCredentials } from "../generated/providers/devdynamics/data-devdynamics-bitbucket-credentials";
import { DataDevdynamicsBitbucketRepositories } from "../generated/providers/devdynamics/data-devdynamics-bitbucket-repositories";
import { DataDevdynamicsOrganization } from "../generated/providers/devdynamics/data-devdynamics-organization";
import { DevdynamicsProvider } from "../generated/providers/devdynamics/provider";
import { BitbucketCredentials } from "./bitbucket-credentials";
import { LocalProvider } from "./local-provider";
import { RepositorySelection, WebhookMode } from "./repository-selection";
import { SecretValue } from "./secret-value";

/** The DevDynamics side. */
export interface DevDynamicsSettings {
  /** DevDynamics API base URL. Default: DEVDYNAMICS_API_URL when Terraform runs. */
  readonly apiUrl?: string;
  /** DevDynamics API key. Default: DEVDYNAMICS_API_KEY when Terraform runs. */
  readonly apiKey?: SecretValue;
}

/** What to connect: the workspace, the credential, and how events reach DevDynamics. */
export interface DevDynamicsBitbucketIntegrationProps {
  /** Bitbucket Workspace ID: the slug in bitbucket.org/<workspace-id>. */
  readonly workspace: string;
  /** The Bitbucket credential; see BitbucketCredentials' factories. */
  readonly credential: BitbucketCredentials;
  /** DevDynamics API settings. Default: both from the environment. */
  readonly devdynamics?: DevDynamicsSettings;
  /** Which repositories DevDynamics analyses. Default: all, including ones created later. */
  readonly repositories?: RepositorySelection;
  /**
   * One workspace webhook (2 Bitbucket requests per plan, needs the workspace owner) or one per repository.
   * @default WebhookMode.WORKSPACE
   */
  readonly webhookMode?: WebhookMode;
  /** Webhook events. Default: what DevDynamics needs for pull-request and deployment metrics. */
  readonly events?: string[];
  /** Description of the webhooks in Bitbucket. Default "DevDynamics". */
  readonly description?: string;
  /** Bitbucket API URL, for a proxy or the sandbox. Default: BITBUCKET_API_URL, or Bitbucket Cloud. */
  readonly bitbucketApiUrl?: string;
  /** Changing this value rotates the webhook signing secret. */
  readonly webhookSecretRotation?: string;
  /** Most Bitbucket requests one Terraform run may send. Default: unlimited. */
  readonly bitbucketRequestBudget?: number;
}

/**
 * The DevDynamics ⇄ Bitbucket Cloud integration: checks the credential at plan time, connects the workspace to
 * DevDynamics and installs the webhooks that feed it, in that order, so nothing is created when a check fails.
 */
export class DevDynamicsBitbucketIntegration extends Construct {
  /** The DevDynamics connection. */
  public readonly connection: BitbucketConnection;
  /** The plan-time credential check. */
  public readonly credentialCheck: DataDevdynamicsBitbucketCredentials;
  /** The repository discovery, when the selection is filtered or the webhooks are per repository. */
  public readonly repositoryDiscovery?: DataDevdynamicsBitbucketRepositories;
  /** The workspace webhook, in workspace mode. */
  public readonly workspaceWebhook?: BitbucketWorkspaceWebhook;
  /** The per-repository webhooks (one resource with for_each), in per-repository mode. */
  public readonly repositoryWebhooks?: BitbucketRepositoryWebhook;
  /** The provider configuration this integration uses (one per integration, so each may have its own credential). */
  public readonly provider: DevdynamicsProvider;

  constructor(scope: Construct, id: string, props: DevDynamicsBitbucketIntegrationProps) {
    super(scope, id);
    const mode = props.webhookMode ?? WebhookMode.WORKSPACE;
    const selection = props.repositories ?? RepositorySelection.all();
    const events = props.events ?? [...DEVDYNAMICS_HOOK_EVENTS];
    this.node.addValidation({ validate: () => validationProblems(props, mode, selection, events) });
    if (mode === WebhookMode.WORKSPACE && !selection.isAll)
      Annotations.of(this).addInfo(
        "A workspace webhook sends every repository's events; DevDynamics keeps only the selected repositories'. Use WebhookMode.PER_REPOSITORY to send only theirs.",
      );

    LocalProvider.use(TerraformStack.of(this));
    const secret = (value: SecretValue) =>
      value.resolve(this, `Secret for the DevDynamics integration of workspace ${props.workspace}`);
    this.provider = new DevdynamicsProvider(this, "provider", {
      alias: `${id.replace(/[^A-Za-z0-9_-]/g, "_")}_${this.node.addr.slice(-8)}`,
      bitbucketApiUrl: props.bitbucketApiUrl,
      bitbucketRequestBudget: props.bitbucketRequestBudget,
      devdynamicsApiUrl: props.devdynamics?.apiUrl,
      devdynamicsApiKey: props.devdynamics?.apiKey ? secret(props.devdynamics.apiKey) : undefined,
      ...props.credential._providerSettings(secret),
    });
    const provider = this.provider;

    this.credentialCheck = new DataDevdynamicsBitbucketCredentials(this, "credential-check", {
      provider,
      workspace: props.workspace,
      webhookScope: mode,
    });
    const organization = new DataDevdynamicsOrganization(this, "organization", { provider });
    const discovered =
      selection.explicitSlugs === undefined && (!selection.isAll || mode === WebhookMode.PER_REPOSITORY);
    if (discovered)
      this.repositoryDiscovery = new DataDevdynamicsBitbucketRepositories(this, "repositories", {
        provider,
        workspace: this.credentialCheck.workspace,
        projectKeys: selection.filter.projectKeys,
        namePatterns: selection.filter.namePatterns,
        exclude: selection.filter.exclude,
      });
    const slugs = selection.explicitSlugs ?? this.repositoryDiscovery?.slugs;

    this.connection = new BitbucketConnection(this, "connection", {
      provider,
      dependsOn: [this.credentialCheck, organization],
      workspace: this.credentialCheck.workspace,
      repositorySlugs: selection.isAll ? undefined : slugs,
      webhookSecretRotation: props.webhookSecretRotation,
    });
    const webhook = {
      provider,
      dependsOn: [this.connection],
      workspace: this.connection.workspace,
      url: this.connection.webhookUrl,
      secretWo: this.connection.webhookSecret,
      events,
      description: props.description,
    };
    if (mode === WebhookMode.WORKSPACE) {
      this.workspaceWebhook = new BitbucketWorkspaceWebhook(this, "workspace-webhook", webhook);
    } else {
      const each = TerraformIterator.fromList(slugs!);
      this.repositoryWebhooks = new BitbucketRepositoryWebhook(this, "repository-webhook", {
        ...webhook,
        forEach: each,
        repository: each.value,
      });
    }

    new TerraformOutput(this, "output-connection-id", {
      value: this.connection.id,
      description: `DevDynamics connection of workspace ${props.workspace}`,
    });
    new TerraformOutput(this, "output-webhook-ids", {
      value: this.workspaceWebhook
        ? [this.workspaceWebhook.id]
        : TerraformIterator.fromResources(this.repositoryWebhooks!).forExpressionForMap("key", "val.id"),
      description: "Bitbucket webhook ids (per repository slug in per-repository mode)",
    });
    new TerraformOutput(this, "output-repositories", {
      value: slugs ?? "all",
      description: "Repositories DevDynamics analyses",
    });
  }
}

/** Every synth-time problem, each naming the fix. */
function validationProblems(
  props: DevDynamicsBitbucketIntegrationProps,
  mode: WebhookMode,
  selection: RepositorySelection,
  events: readonly string[],
): string[] {
  const problems: string[] = [];
  const add = (problem: string | undefined) => problem && problems.push(problem);
  add(workspaceIdProblem(props.workspace));
  problems.push(...props.credential._problems(process.env));
  const eventProblem = hookEventsProblem(events, mode === WebhookMode.WORKSPACE ? "workspace" : "repository");
  add(eventProblem && `events: ${eventProblem}`);
  for (const key of selection.filter.projectKeys ?? []) add(projectKeyProblem(key));
  const emptyList = (list: string[] | undefined) => list !== undefined && list.length === 0;
  if (emptyList(selection.explicitSlugs) || emptyList(selection.filter.projectKeys))
    problems.push(
      mode === WebhookMode.PER_REPOSITORY
        ? "The repository selection is empty, so per-repository mode would install no webhook: list at least one repository or project, or use RepositorySelection.all()."
        : "The repository selection is empty: list at least one repository or project, or use RepositorySelection.all().",
    );
  // The API key travels to this URL, so it gets the same rule as a webhook's: https, or plain http on loopback.
  const apiUrlProblem = props.devdynamics?.apiUrl ? webhookUrlProblem(props.devdynamics.apiUrl) : undefined;
  add(apiUrlProblem && `devdynamics.apiUrl: ${apiUrlProblem}`);
  for (const [name, value] of literalStrings(props))
    if (looksLikeSecret(value))
      problems.push(
        `${name} looks like a secret: secrets must not be literals in code (they would be synthesized). Use SecretValue.fromEnvironment() or SecretValue.fromTerraformVariable(name).`,
      );
  return problems;
}

/** Every plain string the props hold, with its name, for the literal-secret check. */
function literalStrings(props: DevDynamicsBitbucketIntegrationProps): [string, string][] {
  const strings: [string, string | undefined][] = [
    ["workspace", props.workspace],
    ["credential username", props.credential._username],
    ["description", props.description],
    ["webhookSecretRotation", props.webhookSecretRotation],
    ["devdynamics.apiUrl", props.devdynamics?.apiUrl],
    ...(props.events ?? []).map((e): [string, string] => ["events", e]),
  ];
  return strings.filter((entry): entry is [string, string] => typeof entry[1] === "string");
}
