import { BitbucketCredential, workspaceIdProblem } from "../../bitbucket";
import {
  AlreadyExistsError,
  BitbucketIntegration,
  credentialFingerprint,
  CredentialInput,
  DevDynamicsClient,
  RepositorySelection,
} from "../../devdynamics";
import {
  Diagnostic,
  DiagnosticError,
  isUnknown,
  isWhollyKnown,
  nestedAttributes,
  ObjectValue,
  ResourceDefinition,
  UNKNOWN,
  valuesEqual,
} from "../../tfplugin";
import { formatProblems } from "../../problem";
import { explained } from "../api-errors";
import { credentialOrDiagnostic, type ProviderContext } from "../configuration";

const CREDENTIAL_KINDS = ["api_token", "access_token", "oauth_client_credentials"] as const;

/**
 * `devdynamics_bitbucket_connection`: the workspace registered with DevDynamics. The Bitbucket credential is
 * write-only; its drift shows through the SHA-256 fingerprint DevDynamics reports. No Bitbucket request of its own
 * (DevDynamics calls Bitbucket when verifying).
 */
export const connection: ResourceDefinition<ProviderContext> = {
  typeName: "devdynamics_bitbucket_connection",
  importIdFormat: "<connection id> (bbi_…)",
  schema: {
    description:
      "Connects a Bitbucket Cloud workspace to DevDynamics: stores the credential DevDynamics reads Bitbucket with, the repository selection, and issues the webhook URL and signing secret for the webhook resources. Verified on every create and update.",
    attributes: {
      id: {
        type: "string",
        computed: true,
        useStateForUnknown: true,
        description: "Connection id (`bbi_…`).",
        markdown: true,
      },
      workspace: {
        type: "string",
        required: true,
        requiresReplace: true,
        description: "Bitbucket Workspace ID (slug). Changing it replaces the connection.",
        validate: (v) => workspaceIdProblem(v as string),
      },
      repository_slugs: {
        type: ["set", "string"],
        optional: true,
        description:
          "Repositories DevDynamics analyses (e.g. the `slugs` of `devdynamics_bitbucket_repositories`). Leave unset for every repository, including ones created later.",
        markdown: true,
        validate: (v) =>
          (v as string[]).length === 0
            ? "the selection is empty: list at least one repository, or leave repository_slugs unset for all"
            : undefined,
      },
      credential_kind: {
        type: "string",
        optional: true,
        computed: true,
        description:
          "Kind of the Bitbucket credential DevDynamics uses: `api_token`, `access_token` or `oauth_client_credentials`. Leave the three credential attributes unset to give DevDynamics the provider's own credential.",
        markdown: true,
        validate: (v) =>
          CREDENTIAL_KINDS.includes(v as (typeof CREDENTIAL_KINDS)[number])
            ? undefined
            : `must be one of ${CREDENTIAL_KINDS.join(", ")} (app passwords were removed on 2026-07-28)`,
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
          "The token or client secret. Write-only: sent to DevDynamics, never stored in state; changes are noticed through `credential_fingerprint`.",
        markdown: true,
      },
      credential_fingerprint: {
        type: "string",
        computed: true,
        description:
          "`sha256:` fingerprint of the credential secret DevDynamics holds. A credential changed outside Terraform shows as drift here.",
        markdown: true,
      },
      webhook_secret_rotation: {
        type: "string",
        optional: true,
        description:
          "Any value; changing it makes DevDynamics issue a new webhook signing secret, which the webhook resources then send to Bitbucket.",
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
      webhook_secret: {
        type: "string",
        computed: true,
        sensitive: true,
        description:
          "Webhook signing secret, for the webhook resources' `secret_wo`. Sensitive; DevDynamics shows it only on create and rotation, so this is the one place it is kept.",
        markdown: true,
      },
    },
  },

  validate(config) {
    const given = [config.credential_kind, config.credential_username, config.credential_secret_wo].some(
      (v) => v !== null && v !== undefined,
    );
    if (given && (config.credential_kind === null || config.credential_kind === undefined))
      throw new DiagnosticError(
        "Incomplete credential",
        "Set credential_kind together with credential_username and credential_secret_wo, or leave all three unset to use the provider's credential.",
        ["credential_kind"],
      );
    if (config.credential_kind === "access_token" && config.credential_username)
      throw new DiagnosticError(
        "Access tokens have no username",
        "Leave credential_username unset for an access token: it is not tied to an account.",
        ["credential_username"],
      );
    if (typeof config.credential_kind === "string" && typeof config.credential_secret_wo === "string")
      credentialFromConfig(config);
  },

  async modifyPlan({ config, prior, planned }, { provider }) {
    const next: ObjectValue = { ...planned };
    const credential = configuredCredential(config, provider);
    next.credential_kind = credential?.kind ?? UNKNOWN;
    next.credential_username = credential ? (credential.username ?? null) : UNKNOWN;
    next.credential_fingerprint = credential ? credentialFingerprint(credential.secret) : UNKNOWN;
    if (prior === null) return { planned: next };
    const rotating =
      !valuesEqual(config.webhook_secret_rotation ?? null, prior.webhook_secret_rotation ?? null, "string") ||
      prior.webhook_secret === null;
    next.webhook_secret = rotating ? UNKNOWN : prior.webhook_secret;
    // A new credential or selection is verified again, so what verification reports is known only after apply;
    // a rotation alone changes nothing DevDynamics verifies.
    const reverifying = needsVerification(changesOf(prior, next));
    next.status = reverifying ? UNKNOWN : prior.status;
    next.problems = reverifying ? UNKNOWN : prior.problems;
    return { planned: next };
  },

  async create({ config, planned }, ctx) {
    const devdynamics = ctx.provider.devdynamics();
    const credential = credentialInput(config, ctx.provider);
    const workspace = planned.workspace as string;
    const repositories = selection(planned);
    const created = await explained(`connect workspace ${workspace} to DevDynamics`, async () => {
      try {
        return await devdynamics.createIntegration({ workspace, credential, repositories });
      } catch (error) {
        if (!(error instanceof AlreadyExistsError)) throw error;
        return adoptAfterCrash(devdynamics, workspace, credential, repositories, error.existingId);
      }
    });
    const verified = await verify(devdynamics, created.integration.id);
    return result({ ...planned, webhook_secret: created.webhookSecret }, verified);
  },

  async read({ state }, ctx) {
    const found = await explained("read the DevDynamics connection", () =>
      ctx.provider.devdynamics().getIntegration(state.id as string),
    );
    return { state: found === null ? null : { ...state, ...observed(found) } };
  },

  async update({ config, prior, planned }, ctx) {
    const devdynamics = ctx.provider.devdynamics();
    const id = prior.id as string;
    const changes = changesOf(prior, planned);
    if (needsVerification(changes))
      await explained("update the DevDynamics connection", () =>
        devdynamics.updateIntegration(id, {
          credential: changes.credential ? credentialInput(config, ctx.provider) : undefined,
          repositories: changes.selection ? selection(planned) : undefined,
        }),
      );
    const webhookSecret = isUnknown(planned.webhook_secret)
      ? await explained("rotate the webhook secret", () => devdynamics.rotateWebhookSecret(id))
      : planned.webhook_secret;
    const updated = { ...planned, webhook_secret: webhookSecret };
    // Verifying makes DevDynamics call Bitbucket with the credential: only worth it when what it checks changed.
    return needsVerification(changes) ? result(updated, await verify(devdynamics, id)) : { state: updated };
  },

  async delete({ state }, ctx) {
    await explained("delete the DevDynamics connection", () =>
      ctx.provider.devdynamics().deleteIntegration(state.id as string),
    );
  },

  async importState(id) {
    if (!/^bbi_[A-Za-z0-9]+$/.test(id))
      throw new DiagnosticError("Invalid import ID", `Expected a connection id such as bbi_01j9…, got "${id}".`);
    // webhook_secret stays null: DevDynamics never shows it again, so the next apply rotates it.
    return { state: { id, webhook_secret: null } };
  },
};

/**
 * After a 409: the existing integration is ours from an interrupted apply when it holds our credential, and is
 * adopted (its webhook secret rotated, since only create and rotate reveal one); otherwise it belongs to someone else.
 */
async function adoptAfterCrash(
  devdynamics: DevDynamicsClient,
  workspace: string,
  credential: CredentialInput,
  repositories: RepositorySelection,
  existingId: string | undefined,
): Promise<{ integration: BitbucketIntegration; webhookSecret: string }> {
  const existing = existingId
    ? await devdynamics.getIntegration(existingId)
    : await devdynamics.findIntegrationByWorkspace(workspace);
  if (!existing || existing.credential.fingerprint !== credentialFingerprint(credential.secret))
    throw new DiagnosticError(
      `Workspace ${workspace} is already connected to DevDynamics`,
      `The connection ${existing?.id ?? existingId ?? ""} was made with another credential, so it is not adopted. To manage it with Terraform, import it:\n  terraform import devdynamics_bitbucket_connection.<name> ${existing?.id ?? existingId ?? "<id>"}\nor delete it in DevDynamics (Settings → Integrations → Bitbucket).`,
    );
  const integration = await devdynamics.updateIntegration(existing.id, { repositories });
  return { integration, webhookSecret: await devdynamics.rotateWebhookSecret(existing.id) };
}

async function verify(devdynamics: DevDynamicsClient, id: string): Promise<BitbucketIntegration> {
  return explained("verify the DevDynamics connection", () => devdynamics.verifyIntegration(id));
}

/** What an update changes in DevDynamics, from the prior state to the planned one. */
function changesOf(prior: ObjectValue, planned: ObjectValue): { credential: boolean; selection: boolean } {
  return {
    credential: ["credential_kind", "credential_username", "credential_fingerprint"].some(
      (name) => !valuesEqual(planned[name] ?? null, prior[name] ?? null, "string"),
    ),
    selection: !valuesEqual(planned.repository_slugs ?? null, prior.repository_slugs ?? null, ["set", "string"]),
  };
}

const needsVerification = (changes: { credential: boolean; selection: boolean }) =>
  changes.credential || changes.selection;

/** The state after apply, with an error diagnostic per problem verification found (the state is kept either way). */
function result(planned: ObjectValue, integration: BitbucketIntegration) {
  const diagnostics: Diagnostic[] = integration.problems.map((p) => ({
    severity: "error",
    summary: `DevDynamics cannot read workspace ${integration.workspace}: ${p.code.replace(/_/g, " ")}`,
    detail: formatProblems(p),
  }));
  return { state: { ...planned, ...observed(integration) }, diagnostics };
}

/** What DevDynamics reports, as attribute values. */
function observed(integration: BitbucketIntegration): ObjectValue {
  return {
    id: integration.id,
    workspace: integration.workspace,
    repository_slugs: integration.repositories.mode === "all" ? null : [...integration.repositories.slugs],
    credential_kind: integration.credential.kind,
    credential_username: integration.credential.username ?? null,
    credential_fingerprint: integration.credential.fingerprint,
    status: integration.status,
    problems: integration.problems.map((p) => ({ code: p.code, message: p.message })),
    webhook_url: integration.webhook.url,
  };
}

function selection(planned: ObjectValue): RepositorySelection {
  const slugs = planned.repository_slugs as string[] | null;
  return slugs === null ? { mode: "all" } : { mode: "selected", slugs: [...slugs].sort() };
}

/** The credential to give DevDynamics, or null while part of it is unknown (plan time). */
function configuredCredential(config: ObjectValue, provider: ProviderContext): BitbucketCredential | null {
  const own = [config.credential_kind, config.credential_username, config.credential_secret_wo];
  if (own.every((v) => v === null || v === undefined)) return provider.bitbucket().credential;
  return isWhollyKnown(own) ? credentialFromConfig(config) : null;
}

function credentialInput(config: ObjectValue, provider: ProviderContext): CredentialInput {
  const credential = configuredCredential(config, provider)!;
  return { kind: credential.kind, username: credential.username, secret: credential.secret };
}

function credentialFromConfig(config: ObjectValue): BitbucketCredential {
  const username = (config.credential_username as string | null) ?? undefined;
  const secret = (config.credential_secret_wo as string | null) ?? undefined;
  const inputs =
    config.credential_kind === "api_token"
      ? { email: username, apiToken: secret }
      : config.credential_kind === "access_token"
        ? { accessToken: secret }
        : { oauthClientId: username, oauthClientSecret: secret };
  return credentialOrDiagnostic(inputs, (field) => [
    field === "email" ? "credential_username" : "credential_secret_wo",
  ]);
}
