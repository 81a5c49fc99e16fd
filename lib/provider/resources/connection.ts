import {
  BitbucketCredential,
  checkCredential,
  CREDENTIAL_KIND_NAMES,
  CredentialKind,
  credentialKind,
  isCredentialKind,
  withArticle,
  credentialFieldSetting,
  repositorySlugsProblem,
} from "../../bitbucket";
import {
  AlreadyExistsError,
  BitbucketIntegration,
  credentialFingerprint,
  CredentialInput,
  DevDynamicsClient,
  holdsSecret,
  NotFoundError,
  RepositorySelection,
} from "../../devdynamics";
import { Problem } from "../../problem";
import {
  defineResource,
  defineSchema,
  isUnknown,
  nestedAttributes,
  PlanConfigOf,
  UNKNOWN,
  valuesEqual,
} from "../../tfplugin";
import { credentialOrDiagnostic, type ProviderContext } from "../configuration";
import { keyedBySlug, knownKeys } from "../known-values";
import { explained, failOn, problemDiagnostics, problemError } from "../problems";
import { missingRepositories } from "../repository-checks";
import { replacingWorkspaceAttribute } from "../workspace-attribute";

/** What the connection keeps beside its state: the key DevDynamics chose for the credential's fingerprint. */
interface ConnectionPrivate {
  readonly fingerprintSalt: string;
}

const CONNECTION_SCHEMA = defineSchema({
  description:
    "Connects a Bitbucket Cloud workspace to DevDynamics: stores the credential DevDynamics reads Bitbucket with and the repository selection, and issues the webhook URL and signing secret (read it with the `devdynamics_bitbucket_webhook_secret` ephemeral resource). The credential, workspace and repositories are checked against Bitbucket at plan time whenever they change, and DevDynamics verifies them on apply.",
  markdown: true,
  attributes: {
    id: {
      type: "string",
      computed: true,
      useStateForUnknown: true,
      description: "Connection id (`bbi_…`).",
      markdown: true,
    },
    workspace: replacingWorkspaceAttribute("the connection"),
    repositories: {
      type: ["map", "string"],
      optional: true,
      description:
        "Repositories DevDynamics analyses, keyed by slug (e.g. the `repository_uuids` of `devdynamics_bitbucket_repositories`; the values are not used). A map, so Terraform plans thousands in linear time. Leave unset for every repository, including ones created later.",
      markdown: true,
      validate: (repositories: Record<string, string>) =>
        repositorySlugsProblem(
          Object.keys(repositories),
          "the selection is empty: name at least one repository, or leave repositories unset for all",
        ),
    },
    credential_kind: {
      type: "string",
      optional: true,
      computed: true,
      description: `Kind of the Bitbucket credential DevDynamics uses: ${CREDENTIAL_KIND_NAMES.map((k) => `\`${k}\``).join(", ")}. Leave the three credential attributes unset to give DevDynamics the provider's own credential.`,
      markdown: true,
      validate: (v: string) =>
        isCredentialKind(v)
          ? undefined
          : `must be one of ${CREDENTIAL_KIND_NAMES.join(", ")} (app passwords were removed on 2026-07-28)`,
    },
    credential_username: {
      type: "string",
      optional: true,
      computed: true,
      description:
        "Atlassian account email for an `api_token`, client id for `oauth_client_credentials`; unset for an access token.",
      markdown: true,
    },
    credential_secret_wo: {
      type: "string",
      optional: true,
      writeOnly: true,
      description:
        "The token or client secret (from an ephemeral variable). Write-only: sent to DevDynamics, never stored in state; changes are noticed through `credential_fingerprint`.",
      markdown: true,
    },
    credential_fingerprint: {
      type: "string",
      computed: true,
      description:
        "`hmac-sha256:` fingerprint of the credential secret DevDynamics holds, keyed by a salt DevDynamics chose for this connection: a credential changed outside Terraform shows as drift here, and the value confirms no guess elsewhere.",
      markdown: true,
    },
    webhook_secret_rotation: {
      type: "string",
      optional: true,
      description:
        "Any value; changing it from one value to another makes DevDynamics issue a new webhook signing secret, which the webhook resources then send to Bitbucket in the same apply. Setting it for the first time (or after an import) records it without rotating.",
    },
    webhook_secret_revision: {
      type: "number",
      computed: true,
      description:
        "The signing secret's revision (DevDynamics counts its rotations). Pass it to `devdynamics_bitbucket_webhook_secret` so that a rotation is read after it happens; it is unknown in a plan that rotates.",
      markdown: true,
    },
    status: {
      type: "string",
      computed: true,
      description: "`connected`, `pending`, `invalid_credentials` or `missing_permissions`, after verification.",
      markdown: true,
    },
    problems: nestedAttributes(
      "list",
      {
        code: { type: "string", computed: true, description: "Machine-readable problem code." },
        message: { type: "string", computed: true, description: "What DevDynamics found, and what to do." },
      },
      { computed: true, description: "What verification found wrong; empty when connected." },
    ),
    webhook_url: {
      type: "string",
      computed: true,
      useStateForUnknown: true,
      description: "Where Bitbucket must deliver events: the `url` of the webhook resources.",
      markdown: true,
    },
  },
});

type ConnectionConfig = PlanConfigOf<typeof CONNECTION_SCHEMA>;

/**
 * `devdynamics_bitbucket_connection`: the workspace registered with DevDynamics. The Bitbucket credential is
 * write-only; its drift shows through the salted fingerprint DevDynamics reports. The webhook signing secret is never
 * stored: `devdynamics_bitbucket_webhook_secret` reads it when needed. Before it is created or changed, the plan checks
 * the credential, the workspace and the repositories against Bitbucket (1 request + 1 per 50 repositories), so a
 * wrong input fails the plan with nothing written.
 */
export const connection = defineResource<ProviderContext, ConnectionPrivate>()({
  typeName: "devdynamics_bitbucket_connection",
  importIdFormat: "<connection id> (bbi_…)",
  version: 2,
  upgradeState: {
    // v0 kept the webhook signing secret in state and the repositories as a set.
    0: (v0) => {
      const { webhook_secret: _secret, ...rest } = v0;
      return { ...rest, webhook_secret_revision: null };
    },
    // v1 kept the repositories as a list, which Terraform plans in quadratic time.
    1: (v1) => {
      const { repository_slugs: slugs, ...rest } = v1;
      return { ...rest, repositories: Array.isArray(slugs) ? keyedBySlug(slugs.map(String), null) : null };
    },
  },
  schema: CONNECTION_SCHEMA,

  validate(config) {
    const { credential_kind: kind, credential_username: username, credential_secret_wo: secret } = config;
    if ((username !== null || secret !== null) && kind === null)
      throw problemError(
        "Incomplete credential",
        {
          message: "credential_username or credential_secret_wo is set, but credential_kind is not.",
          fix: "Set credential_kind together with credential_username and credential_secret_wo, or leave all three unset to use the provider's credential.",
        },
        ["credential_kind"],
      );
    if (kind === null || !isCredentialKind(kind)) return;
    if (!credentialKind(kind).fields.username && username !== null)
      throw problemError(
        "This credential kind has no username",
        {
          message: `${withArticle(credentialKind(kind).label)} acts as no user.`,
          fix: "Leave credential_username unset.",
        },
        ["credential_username"],
      );
    if (secret !== null) credentialFromConfig(kind, username, secret);
  },

  async modifyPlan({ config, prior, planned, priorPrivate }, { provider }) {
    const credential = configuredCredential(config, provider);
    const next = { ...planned };
    // What configuration sets is planned as set, even while the secret (and so the credential) is unknown.
    next.credential_kind = credential?.kind ?? config.credential_kind ?? UNKNOWN;
    next.credential_username = credential
      ? (credential.username ?? null)
      : isUnknown(config.credential_kind)
        ? UNKNOWN
        : config.credential_username;
    const sameSecret =
      credential !== null &&
      prior !== null &&
      priorPrivate.fingerprintSalt !== undefined &&
      prior.credential_fingerprint === credentialFingerprint(credential.secret, priorPrivate.fingerprintSalt);
    // A new credential gets a new salt from DevDynamics, so its fingerprint is known only after apply.
    next.credential_fingerprint = sameSecret ? prior.credential_fingerprint : UNKNOWN;
    const changes = prior === null ? { credential: true, selection: true } : changesOf(prior, next);
    if (changes.credential || changes.selection) await checkAgainstBitbucket(config, credential, changes, provider);
    if (prior === null) return { planned: next };

    const rotating = rotationRequested(config.webhook_secret_rotation, prior.webhook_secret_rotation);
    next.webhook_secret_revision =
      rotating || prior.webhook_secret_revision === null ? UNKNOWN : prior.webhook_secret_revision;
    // A new credential or selection is verified again, so what verification reports is known only after apply.
    const reverifying = changes.credential || changes.selection;
    next.status = reverifying ? UNKNOWN : prior.status;
    next.problems = reverifying ? UNKNOWN : prior.problems;
    return { planned: next };
  },

  async create({ config, planned }, ctx) {
    const devdynamics = ctx.provider.devdynamics();
    const credential = credentialInput(config, ctx.provider);
    const workspace = planned.workspace;
    const repositories = selection(planned.repositories);
    const created = await explained(`connect workspace ${workspace} to DevDynamics`, async () => {
      try {
        return (await devdynamics.createIntegration({ workspace, credential, repositories })).integration;
      } catch (error) {
        if (!(error instanceof AlreadyExistsError)) throw error;
        return adoptAfterCrash(devdynamics, workspace, credential, repositories, error.existingId);
      }
    });
    const verified = await verify(devdynamics, created.id);
    if (verified.problems.length > 0) {
      // Nothing half-made is left behind: the plan checked what it could, and what only DevDynamics sees failed.
      await explained("remove the connection that failed verification", () =>
        devdynamics.deleteIntegration(created.id),
      );
      failOn(
        (p) =>
          `DevDynamics cannot read workspace ${workspace}: ${(p.code ?? "problem").replace(/_/g, " ")} (the connection was not kept)`,
        verified.problems,
      );
    }
    const { revision } = await explained("read the webhook secret's revision", () =>
      devdynamics.getWebhookSecret(created.id),
    );
    return {
      state: { ...observed(verified, planned.repositories), webhook_secret_revision: revision },
      private: { fingerprintSalt: verified.credential.fingerprintSalt },
    };
  },

  async read({ state }, ctx) {
    const devdynamics = ctx.provider.devdynamics();
    const found = await explained("read the DevDynamics connection", () => devdynamics.getIntegration(state.id!));
    if (found === null) return { state: null };
    // A secret rotated outside Terraform shows as a new revision, so the plan reads the new secret (through
    // devdynamics_bitbucket_webhook_secret) and the webhooks send it; a stale revision would fail that read instead.
    const { revision } = await explained("read the webhook secret's revision", () =>
      devdynamics.getWebhookSecret(found.id),
    );
    return {
      state: { ...state, ...observed(found, state.repositories), webhook_secret_revision: revision },
      private: { fingerprintSalt: found.credential.fingerprintSalt },
    };
  },

  async update({ config, prior, planned, private: priv }, ctx) {
    const devdynamics = ctx.provider.devdynamics();
    const id = prior.id!;
    const changes = changesOf(prior, planned);
    let current: BitbucketIntegration | undefined;
    if (changes.credential || changes.selection)
      current = await explained("update the DevDynamics connection", () =>
        devdynamics.updateIntegration(id, {
          credential: changes.credential ? credentialInput(config, ctx.provider) : undefined,
          repositories: changes.selection ? selection(planned.repositories) : undefined,
        }),
      );
    if (isUnknown(planned.webhook_secret_revision)) {
      if (rotationRequested(config.webhook_secret_rotation, prior.webhook_secret_rotation))
        await explained("rotate the webhook secret", () => devdynamics.rotateWebhookSecret(id));
    }
    const { revision } = await explained("read the webhook secret's revision", () => devdynamics.getWebhookSecret(id));
    // Verifying makes DevDynamics call Bitbucket with the credential: only worth it when what it checks changed.
    if (current) current = await verify(devdynamics, id);
    const diagnostics = current
      ? problemDiagnostics(
          (p) => `DevDynamics cannot read workspace ${planned.workspace}: ${(p.code ?? "problem").replace(/_/g, " ")}`,
          current.problems,
        )
      : [];
    return {
      state: { ...(current ? observed(current, planned.repositories) : {}), webhook_secret_revision: revision },
      private: { fingerprintSalt: current?.credential.fingerprintSalt ?? priv.fingerprintSalt },
      diagnostics,
    };
  },

  async delete({ state }, ctx) {
    await explained("delete the DevDynamics connection", () => ctx.provider.devdynamics().deleteIntegration(state.id!));
  },

  async importState(id, ctx) {
    if (!/^bbi_[A-Za-z0-9]+$/.test(id))
      throw problemError("Invalid import ID", {
        message: `Expected a connection id such as bbi_01j9…, got ${JSON.stringify(id.slice(0, 40))}.`,
        fix: "Copy the id from DevDynamics (Settings → Integrations → Bitbucket) or from the 409 message that named it.",
      });
    // The revision is all Terraform keeps of the secret; the webhooks read the secret itself when they need it.
    const { revision } = await explained(`read connection ${id} in DevDynamics`, async () => {
      try {
        return await ctx.provider.devdynamics().getWebhookSecret(id);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        throw problemError("Connection not found", {
          message: `DevDynamics has no connection ${id} in the organization of the API key.`,
          fix: "Copy the id from DevDynamics (Settings → Integrations → Bitbucket), and use an API key of the organization that holds it.",
        });
      }
    });
    return { state: { id, webhook_secret_revision: revision } };
  },
});

/**
 * The plan-time checks of a connection being created or changed, all reads: the credential DevDynamics will use
 * authenticates, holds the scopes and reaches the workspace; every listed repository exists. Values still unknown
 * (a workspace from another resource) are checked at apply by DevDynamics' own verification.
 */
async function checkAgainstBitbucket(
  config: ConnectionConfig,
  credential: BitbucketCredential | null,
  changes: { credential: boolean; selection: boolean },
  provider: ProviderContext,
): Promise<void> {
  const workspace = config.workspace;
  if (credential === null || isUnknown(workspace)) return;
  const client = provider.bitbucketFor(credential);
  const problems: Problem[] = [];
  if (changes.credential) {
    const report = await explained(`check the Bitbucket credential for workspace ${workspace}`, () =>
      checkCredential(client, { workspace, webhookSubject: "repository" }),
    );
    problems.push(...report.problems);
  }
  const wanted = knownKeys(config.repositories);
  if (changes.selection && wanted && problems.length === 0) {
    const missing = await missingRepositories(provider, client, workspace, wanted);
    if (missing.length > 0)
      problems.push({
        code: "repository_not_found",
        message: `${missing.length === 1 ? "Repository" : "Repositories"} ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ` and ${missing.length - 10} more` : ""} ${missing.length === 1 ? "does" : "do"} not exist in workspace ${workspace}, or the credential cannot see ${missing.length === 1 ? "it" : "them"}.`,
        fix: "Check the slugs in repositories against the repositories' URLs (bitbucket.org/<workspace>/<slug>), or select them with devdynamics_bitbucket_repositories.",
      });
  }
  failOn((p) => `Connection to DevDynamics cannot work: ${(p.code ?? "problem").replace(/_/g, " ")}`, problems);
}

/**
 * After a 409: the existing integration is ours from an interrupted apply when it holds our credential, and is
 * adopted; otherwise it belongs to someone else, and the message names the import command.
 */
async function adoptAfterCrash(
  devdynamics: DevDynamicsClient,
  workspace: string,
  credential: CredentialInput,
  repositories: RepositorySelection,
  existingId: string | undefined,
): Promise<BitbucketIntegration> {
  const existing = existingId
    ? await devdynamics.getIntegration(existingId)
    : await devdynamics.findIntegrationByWorkspace(workspace);
  if (!existing || !holdsSecret(existing.credential, credential.secret))
    throw problemError(`Workspace ${workspace} is already connected to DevDynamics`, {
      message: `The connection ${existing?.id ?? existingId ?? ""} was made with another credential, so it is not adopted.`,
      fix: `To manage it with Terraform, import it:\n  terraform import devdynamics_bitbucket_connection.<name> ${existing?.id ?? existingId ?? "<id>"}\nor delete it in DevDynamics (Settings → Integrations → Bitbucket).`,
    });
  return devdynamics.updateIntegration(existing.id, { repositories });
}

async function verify(devdynamics: DevDynamicsClient, id: string): Promise<BitbucketIntegration> {
  return explained("verify the DevDynamics connection", () => devdynamics.verifyIntegration(id));
}

/**
 * Whether configuration asks for a new signing secret: the trigger changed. After an import the prior trigger is
 * unknown (null), and taking the configured one on is no reason to rotate.
 */
function rotationRequested(configured: unknown, prior: string | null): boolean {
  return prior !== null && !valuesEqual(configured ?? null, prior, "string");
}

/** What an update changes in DevDynamics, from the prior state to the planned one. */
function changesOf(
  prior: {
    credential_kind: unknown;
    credential_username: unknown;
    credential_fingerprint: unknown;
    repositories: unknown;
  },
  next: {
    credential_kind: unknown;
    credential_username: unknown;
    credential_fingerprint: unknown;
    repositories: unknown;
  },
): { credential: boolean; selection: boolean } {
  const differs = (a: unknown, b: unknown) => !valuesEqual(a, b, "string");
  // Only the slugs select; the values (UUIDs, as the construct passes them) mean nothing to DevDynamics.
  const slugs = (repositories: unknown) =>
    repositories === null ? null : (knownKeys(repositories)?.sort().join("\u0000") ?? UNKNOWN);
  return {
    credential:
      differs(prior.credential_kind, next.credential_kind) ||
      differs(prior.credential_username, next.credential_username) ||
      differs(prior.credential_fingerprint, next.credential_fingerprint),
    selection: differs(slugs(prior.repositories), slugs(next.repositories)),
  };
}

/** What DevDynamics reports, as attribute values; `known` gives the values of slugs already selected. */
function observed(integration: BitbucketIntegration, known: Readonly<Record<string, string>> | null = null) {
  return {
    id: integration.id,
    workspace: integration.workspace,
    repositories: integration.repositories.mode === "all" ? null : keyedBySlug(integration.repositories.slugs, known),
    credential_kind: integration.credential.kind,
    credential_username: integration.credential.username ?? null,
    credential_fingerprint: integration.credential.fingerprint,
    status: integration.status,
    problems: integration.problems.map((p) => ({ code: p.code, message: p.message })),
    webhook_url: integration.webhook.url,
  };
}

function selection(repositories: Readonly<Record<string, string>> | null): RepositorySelection {
  return repositories === null ? { mode: "all" } : { mode: "selected", slugs: Object.keys(repositories).sort() };
}

/** The credential to give DevDynamics: the configured one, the provider's, or null while part of it is unknown. */
function configuredCredential(config: ConnectionConfig, provider: ProviderContext): BitbucketCredential | null {
  const { credential_kind: kind, credential_username: username, credential_secret_wo: secret } = config;
  if (kind === null && username === null && secret === null) return provider.bitbucket().credential;
  if (typeof kind !== "string" || !isCredentialKind(kind) || isUnknown(username) || isUnknown(secret)) return null;
  return credentialFromConfig(kind, username, secret);
}

function credentialInput(config: ConnectionConfig, provider: ProviderContext): CredentialInput {
  const credential = configuredCredential(config, provider)!;
  return { kind: credential.kind, username: credential.username, secret: credential.secret };
}

/** The connection's own credential, through the registry: its kind says which fields the username and secret are. */
function credentialFromConfig(
  kind: CredentialKind,
  username: string | null,
  secret: string | null,
): BitbucketCredential {
  const { fields } = credentialKind(kind);
  const inputs = {
    [credentialFieldSetting(fields.secret).input]: secret ?? undefined,
    ...(fields.username ? { [credentialFieldSetting(fields.username).input]: username ?? undefined } : {}),
  };
  return credentialOrDiagnostic(inputs, (field) => [
    field === fields.username ? "credential_username" : "credential_secret_wo",
  ]);
}
