import { Construct } from "constructs";
import { looksLikeSecret } from "../bitbucket/credentials";
import {
  bitbucketApiUrlProblem,
  DEVDYNAMICS_HOOK_EVENTS,
  hookEventsProblem,
  projectKeyProblem,
  repositoryPatternProblem,
  repositorySlugsProblem,
  workspaceIdProblem,
} from "../bitbucket/inputs";
import { devDynamicsApiUrlProblem } from "../devdynamics/api-url";
import { BitbucketCredentials } from "./bitbucket-credentials";
import { Annotations, devdynamics, Fn, TerraformOutput, TerraformStack, Token, webhookSecretOf } from "./framework";
import { LocalProvider } from "./local-provider";
import { RepositorySelection, WebhookMode, WebhookSubject } from "./repository-selection";
import { SecretValue } from "./secret-value";

/**
 * The DevDynamics side.
 * @deprecated set `devdynamicsApiUrl` and `devdynamicsApiKey` on the integration's props instead
 */
export interface DevDynamicsSettings {
  /**
   * DevDynamics API base URL.
   * @default - DEVDYNAMICS_API_URL when Terraform runs
   */
  readonly apiUrl?: string;
  /**
   * DevDynamics API key.
   * @default SecretValue.fromEnvironment() (DEVDYNAMICS_API_KEY)
   */
  readonly apiKey?: SecretValue;
}

/**
 * What to connect: the workspace, the credential, and how events reach DevDynamics. Every string, number and list
 * may be a Terraform token (a variable, another resource's attribute): what synth cannot see is checked by the
 * provider at plan time.
 */
export interface DevDynamicsBitbucketIntegrationProps {
  /** Bitbucket Workspace ID: the slug in bitbucket.org/<workspace-id>. */
  readonly workspace: string;
  /** The Bitbucket credential; see BitbucketCredentials' factories. */
  readonly credential: BitbucketCredentials;
  /**
   * DevDynamics API base URL (https; plain http only on loopback).
   * @default - DEVDYNAMICS_API_URL when Terraform runs
   */
  readonly devdynamicsApiUrl?: string;
  /**
   * DevDynamics API key.
   * @default SecretValue.fromEnvironment() (DEVDYNAMICS_API_KEY when Terraform runs)
   */
  readonly devdynamicsApiKey?: SecretValue;
  /**
   * DevDynamics API settings.
   * @default - both from the environment
   * @deprecated use `devdynamicsApiUrl` and `devdynamicsApiKey`
   */
  readonly devdynamics?: DevDynamicsSettings;
  /**
   * Which repositories DevDynamics analyses.
   * @default RepositorySelection.all() (every repository, including ones created later)
   */
  readonly repositories?: RepositorySelection;
  /**
   * One workspace webhook (2 Bitbucket requests per plan, needs the workspace owner) or one per repository.
   * @default WebhookSubject.WORKSPACE
   */
  readonly webhookSubject?: WebhookSubject;
  /**
   * The former name of `webhookSubject`.
   * @default WebhookMode.WORKSPACE
   * @deprecated use `webhookSubject`
   */
  readonly webhookMode?: WebhookMode;
  /**
   * Webhook events.
   * @default - what DevDynamics needs for pull-request and deployment metrics (pushes, build statuses, pull-request activity)
   */
  readonly events?: string[];
  /**
   * Description of the webhooks in Bitbucket.
   * @default "DevDynamics"
   */
  readonly description?: string;
  /**
   * Bitbucket API URL, for a proxy or the sandbox (https; plain http only on loopback).
   * @default - BITBUCKET_API_URL when Terraform runs, else https://api.bitbucket.org
   */
  readonly bitbucketApiUrl?: string;
  /**
   * Changing this value rotates the webhook signing secret.
   * @default - never rotated
   */
  readonly webhookSecretRotation?: string;
  /**
   * Most Bitbucket requests one provider process may send.
   * @default - BITBUCKET_REQUEST_BUDGET when Terraform runs, else unlimited
   */
  readonly bitbucketRequestBudget?: number;
}

/**
 * The DevDynamics ⇄ Bitbucket Cloud integration: checks the credential at plan time, connects the workspace to
 * DevDynamics and installs the webhooks that feed it, in that order, so nothing is created when a check fails.
 */
export class DevDynamicsBitbucketIntegration extends Construct {
  /** The DevDynamics connection. */
  public readonly connection: devdynamics.bitbucketConnection.BitbucketConnection;
  /** The plan-time credential check. */
  public readonly credentialCheck: devdynamics.dataDevdynamicsBitbucketCredentials.DataDevdynamicsBitbucketCredentials;
  /** The repository discovery, when the selection is filtered or the webhooks are per repository. */
  public readonly repositoryDiscovery?: devdynamics.dataDevdynamicsBitbucketRepositories.DataDevdynamicsBitbucketRepositories;
  /** The workspace webhook, for WebhookSubject.WORKSPACE. */
  public readonly workspaceWebhook?: devdynamics.bitbucketWorkspaceWebhook.BitbucketWorkspaceWebhook;
  /** The repository webhooks (one resource for every selected repository), for WebhookSubject.REPOSITORY. */
  public readonly repositoryWebhooks?: devdynamics.bitbucketRepositoryWebhooks.BitbucketRepositoryWebhooks;
  /** The provider configuration this integration uses (one per integration, so each may have its own credential). */
  public readonly provider: devdynamics.provider.DevdynamicsProvider;

  constructor(scope: Construct, id: string, props: DevDynamicsBitbucketIntegrationProps) {
    super(scope, id);
    const subject = props.webhookSubject ?? (props.webhookMode as string as WebhookSubject) ?? WebhookSubject.WORKSPACE;
    const selection = props.repositories ?? RepositorySelection.all();
    const events = props.events ?? [...DEVDYNAMICS_HOOK_EVENTS];
    const devdynamicsApiUrl = props.devdynamicsApiUrl ?? props.devdynamics?.apiUrl;
    const devdynamicsApiKey = props.devdynamicsApiKey ?? props.devdynamics?.apiKey;
    this.node.addValidation({
      validate: () => validationProblems({ ...props, devdynamicsApiUrl }, subject, selection, events),
    });
    if (subject === WebhookSubject.WORKSPACE && !selection.isAll)
      Annotations.of(this).addInfo(
        "A workspace webhook sends every repository's events; DevDynamics keeps only the selected repositories'. Use WebhookSubject.REPOSITORY to send only theirs.",
      );

    LocalProvider.use(TerraformStack.of(this));
    // Descriptions are literal text in Terraform, so a workspace given as a token is named by the construct's path.
    const name = Token.isUnresolved(props.workspace) ? this.node.path : `workspace ${props.workspace}`;
    const secret = (value: SecretValue) => value.resolve(this, `Secret for the DevDynamics integration of ${name}`);
    this.provider = new devdynamics.provider.DevdynamicsProvider(this, "provider", {
      alias: `${id.replace(/[^A-Za-z0-9_-]/g, "_")}_${this.node.addr.slice(-8)}`,
      bitbucketApiUrl: props.bitbucketApiUrl,
      bitbucketRequestBudget: props.bitbucketRequestBudget,
      devdynamicsApiUrl,
      devdynamicsApiKey: devdynamicsApiKey ? secret(devdynamicsApiKey) : undefined,
      ...props.credential._providerSettings(secret),
    });
    const provider = this.provider;

    this.credentialCheck = new devdynamics.dataDevdynamicsBitbucketCredentials.DataDevdynamicsBitbucketCredentials(
      this,
      "credential-check",
      { provider, workspace: props.workspace, webhookSubject: subject },
    );
    const organization = new devdynamics.dataDevdynamicsOrganization.DataDevdynamicsOrganization(this, "organization", {
      provider,
    });
    const discovered =
      selection.explicitSlugs === undefined && (!selection.isAll || subject === WebhookSubject.REPOSITORY);
    if (discovered)
      this.repositoryDiscovery =
        new devdynamics.dataDevdynamicsBitbucketRepositories.DataDevdynamicsBitbucketRepositories(
          this,
          "repositories",
          {
            provider,
            workspace: this.credentialCheck.workspace,
            projectKeys: selection.filter.projectKeys,
            namePatterns: selection.filter.namePatterns,
            exclude: selection.filter.exclude,
          },
        );
    // Repositories keyed by slug: Terraform plans maps of thousands in linear time, lists in quadratic time.
    const repositories = selection.explicitSlugs
      ? keyedBySlug(selection.explicitSlugs)
      : this.repositoryDiscovery?.getStringMapAttribute("repository_uuids");

    this.connection = new devdynamics.bitbucketConnection.BitbucketConnection(this, "connection", {
      provider,
      dependsOn: [this.credentialCheck, organization],
      workspace: this.credentialCheck.workspace,
      repositories: selection.isAll ? undefined : repositories,
      webhookSecretRotation: props.webhookSecretRotation,
    });
    // The signing secret is read when Terraform needs it, never stored; the revision makes a plan that rotates it
    // read it after the rotation, at apply.
    const secretWo = webhookSecretOf(this, "webhook-secret", {
      provider,
      connectionId: this.connection.id,
      revision: this.connection.webhookSecretRevision,
    });
    const webhook = {
      provider,
      dependsOn: [this.connection],
      workspace: this.connection.workspace,
      url: this.connection.webhookUrl,
      secretWo,
      events,
      description: props.description,
    };
    if (subject === WebhookSubject.WORKSPACE) {
      this.workspaceWebhook = new devdynamics.bitbucketWorkspaceWebhook.BitbucketWorkspaceWebhook(
        this,
        "workspace-webhook",
        webhook,
      );
    } else {
      // One resource for all of them: Terraform handles a list of thousands in linear time, the provider paces the
      // requests within Bitbucket's hourly limit (for_each over thousands of instances would be neither).
      this.repositoryWebhooks = new devdynamics.bitbucketRepositoryWebhooks.BitbucketRepositoryWebhooks(
        this,
        "repository-webhooks",
        { ...webhook, repositories: repositories! },
      );
    }

    new TerraformOutput(this, "output-connection-id", {
      value: this.connection.id,
      description: `DevDynamics connection of ${name}`,
    });
    new TerraformOutput(this, "output-webhook-ids", {
      value: this.workspaceWebhook ? [this.workspaceWebhook.id] : this.repositoryWebhooks!.hooks,
      description: "Bitbucket webhook ids (by repository slug for repository webhooks)",
    });
    new TerraformOutput(this, "output-repositories", {
      value: repositories ?? "all",
      description: "Repositories DevDynamics analyses",
    });
  }
}

/** An explicit list of slugs as the map the provider takes (each slug its own value); a token list through `zipmap`. */
function keyedBySlug(slugs: string[]): Record<string, string> {
  return Token.isUnresolved(slugs)
    ? Token.asStringMap(Fn.zipmap(slugs, slugs))
    : Object.fromEntries(slugs.map((slug) => [slug, slug]));
}

/** The values synth can see: literals. A token (a variable, another resource's attribute) is checked at plan. */
const known = (value: unknown): boolean => value !== undefined && !Token.isUnresolved(value);

/** A list's literal elements; none when the list itself is a token. */
const knownElements = (list: readonly string[] | undefined): string[] =>
  list === undefined || Token.isUnresolved(list) ? [] : list.filter(known);

/** Every synth-time problem, each naming the fix. */
function validationProblems(
  props: DevDynamicsBitbucketIntegrationProps,
  subject: WebhookSubject,
  selection: RepositorySelection,
  events: readonly string[],
): string[] {
  const problems: string[] = [];
  const add = (prefix: string, problem: string | undefined) => problem && problems.push(`${prefix}: ${problem}`);
  if (known(props.workspace)) add("workspace", workspaceIdProblem(props.workspace));
  problems.push(...props.credential._problems());
  const literalEvents = knownElements(events);
  if (known(events) && (events.length === 0 || literalEvents.length > 0))
    add("events", hookEventsProblem(literalEvents, subject));
  for (const key of knownElements(selection.filter.projectKeys)) add("repositories", projectKeyProblem(key));
  const slugs = knownElements(selection.explicitSlugs);
  if (slugs.length > 0) add("repositories", repositorySlugsProblem(slugs, ""));
  for (const pattern of [...knownElements(selection.filter.namePatterns), ...knownElements(selection.filter.exclude)])
    add("repositories", repositoryPatternProblem(pattern));
  const emptyList = (list: string[] | undefined) => known(list) && list!.length === 0;
  if (emptyList(selection.explicitSlugs) || emptyList(selection.filter.projectKeys))
    problems.push(
      subject === WebhookSubject.REPOSITORY
        ? "The repository selection is empty, so no repository webhook would be installed: list at least one repository or project, or use RepositorySelection.all()."
        : "The repository selection is empty: list at least one repository or project, or use RepositorySelection.all().",
    );
  if (known(props.devdynamicsApiUrl)) add("devdynamicsApiUrl", devDynamicsApiUrlProblem(props.devdynamicsApiUrl!));
  if (known(props.bitbucketApiUrl)) add("bitbucketApiUrl", bitbucketApiUrlProblem(props.bitbucketApiUrl!));
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
    ["devdynamicsApiUrl", props.devdynamicsApiUrl],
    ...knownElements(props.events).map((e): [string, string] => ["events", e]),
  ];
  return strings.filter((entry): entry is [string, string] => typeof entry[1] === "string" && known(entry[1]));
}
