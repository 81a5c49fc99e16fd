import {
  DEVDYNAMICS_HOOK_EVENTS,
  Hook,
  HookInput,
  HookSubject,
  hookEventsProblem,
  HookSubjectType,
  webhookUrlProblem,
  workspaceIdProblem,
} from "../../bitbucket";
import {
  Attribute,
  DiagnosticError,
  HandlerContext,
  isUnknown,
  ObjectValue,
  PrivateState,
  ResourceDefinition,
} from "../../tfplugin";
import { explained } from "../api-errors";
import type { ProviderContext } from "../configuration";
import { recordSecret, secretMatches, secretRecordOf } from "./secret-record";

/**
 * `devdynamics_bitbucket_repository_webhook` and `devdynamics_bitbucket_workspace_webhook`: one resource definition
 * for both subjects. Request costs and the crash-safety mechanism are explained in docs/design/provider.md:
 * - read lists the subject's hooks (1 request, like a GET of one hook) and so also sees duplicates with our URL;
 * - create lists first and adopts a hook with our URL left by a crash between POST and state save;
 * - the signing secret is write-only; a salted HMAC in private state notices when it changes.
 */
export const repositoryWebhook = webhookResource("repository");
export const workspaceWebhook = webhookResource("workspace");

function webhookResource(subjectType: HookSubjectType): ResourceDefinition<ProviderContext> {
  const onRepository = subjectType === "repository";
  const importIdFormat = onRepository ? "<workspace>/<repository>/{<hook uuid>}" : "<workspace>/{<hook uuid>}";
  return {
    typeName: `devdynamics_bitbucket_${subjectType}_webhook`,
    importIdFormat,
    schema: {
      description: onRepository
        ? "A webhook on one Bitbucket repository that delivers its events to DevDynamics. Needs admin rights on the repository."
        : "A webhook on a Bitbucket workspace that delivers the events of every repository in it to DevDynamics. Needs the workspace owner.",
      attributes: {
        id: {
          type: "string",
          computed: true,
          useStateForUnknown: true,
          description: "The hook's UUID, in braces, as Bitbucket reports it.",
        },
        workspace: {
          type: "string",
          required: true,
          requiresReplace: true,
          description: "Bitbucket Workspace ID (slug). Changing it replaces the webhook.",
          validate: (v) => workspaceIdProblem(v as string),
        },
        ...(onRepository
          ? {
              repository: {
                type: "string",
                required: true,
                requiresReplace: true,
                description: "Repository slug. Changing it replaces the webhook.",
              } satisfies Attribute,
            }
          : {}),
        url: {
          type: "string",
          required: true,
          description:
            "Where Bitbucket delivers events: the connection's `webhook_url`. Must be https (http only for loopback addresses).",
          markdown: true,
          validate: (v) => webhookUrlProblem(v as string),
        },
        description: {
          type: "string",
          optional: true,
          computed: true,
          default: "DevDynamics",
          description: "Shown in Bitbucket's webhook list. Default `DevDynamics`.",
          markdown: true,
        },
        events: {
          type: ["set", "string"],
          optional: true,
          computed: true,
          default: [...DEVDYNAMICS_HOOK_EVENTS],
          description: `Event keys to deliver, checked against Bitbucket's keys for ${subjectType} webhooks. Default: what DevDynamics needs for pull-request and deployment metrics (${DEVDYNAMICS_HOOK_EVENTS.join(", ")}).`,
          validate: (v) => hookEventsProblem(v as string[], subjectType),
        },
        active: {
          type: "bool",
          optional: true,
          computed: true,
          default: true,
          description: "Whether Bitbucket delivers events. Default true.",
        },
        verify_tls: {
          type: "bool",
          optional: true,
          computed: true,
          default: true,
          description: "Whether Bitbucket verifies the receiver's TLS certificate. Default true; keep it on.",
        },
        secret_wo: {
          type: "string",
          optional: true,
          writeOnly: true,
          description:
            "Signing secret (the connection's `webhook_secret`): Bitbucket signs each delivery with HMAC-SHA256 of it. Write-only: never stored in state; a change is noticed through a salted fingerprint in private state.",
          markdown: true,
        },
        secret_revision: {
          type: "number",
          computed: true,
          description: "Goes up by one each time a changed signing secret is sent to Bitbucket.",
        },
        duplicate_hook_ids: {
          type: ["list", "string"],
          computed: true,
          description:
            "Other hooks on the same subject with the same URL (left over by an interrupted apply or made by hand). Apply removes them, so the plan shows them going to an empty list.",
        },
      },
    },

    async modifyPlan({ config, prior, planned, priorPrivate }) {
      const revision = prior === null ? 0 : Number(prior.secret_revision ?? 0);
      const secretChanged = prior !== null && secretNeedsSending(config.secret_wo, priorPrivate);
      return {
        planned: { ...planned, secret_revision: secretChanged ? revision + 1 : revision, duplicate_hook_ids: [] },
      };
    },

    async create({ config, planned }, ctx) {
      const subject = subjectOf(planned);
      const bitbucket = ctx.provider.bitbucket();
      const input = hookInput(planned, config);
      const leftovers = await explained(`list the webhooks of ${describe(subject)}`, async () =>
        (await bitbucket.listHooks(subject)).filter((h) => h.url === input.url),
      );
      const [adopted, ...duplicates] = leftovers;
      let hook: Hook;
      if (adopted) {
        ctx.log.info(`adopting hook ${adopted.uuid} on ${describe(subject)}: it already delivers to our URL`);
        hook = await explained(`update the webhook on ${describe(subject)}`, () =>
          bitbucket.updateHook(subject, adopted.uuid, input),
        );
      } else {
        hook = await explained(`create a webhook on ${describe(subject)}`, () => bitbucket.createHook(subject, input));
      }
      await deleteHooks(
        ctx,
        subject,
        duplicates.map((h) => h.uuid),
      );
      return { state: { ...planned, id: hook.uuid, duplicate_hook_ids: [] }, private: privateFor(config) };
    },

    async read({ state, private: priv }, ctx) {
      const subject = subjectOf(state);
      const hooks = await explained(`list the webhooks of ${describe(subject)}`, () =>
        ctx.provider.bitbucket().listHooks(subject),
      );
      const hook = hooks.find((h) => h.uuid === state.id);
      if (!hook) return { state: null };
      // A secret removed in Bitbucket, or one set there while we manage none, must be re-sent: forget ours.
      const record = secretRecordOf(priv);
      const secretInSync = hook.secretSet === (record !== null);
      return {
        state: {
          ...state,
          url: hook.url,
          description: hook.description,
          events: [...hook.events],
          active: hook.active,
          verify_tls: !hook.skipCertVerification,
          secret_revision: state.secret_revision ?? 0,
          duplicate_hook_ids: hooks.filter((h) => h.url === hook.url && h.uuid !== hook.uuid).map((h) => h.uuid),
        },
        private: secretInSync ? priv : { ...priv, secretDrifted: true },
      };
    },

    async update({ config, planned, prior }, ctx) {
      const subject = subjectOf(planned);
      await explained(`update the webhook on ${describe(subject)}`, () =>
        ctx.provider.bitbucket().updateHook(subject, prior.id as string, hookInput(planned, config)),
      );
      await deleteHooks(ctx, subject, (prior.duplicate_hook_ids as string[] | null) ?? []);
      return { state: { ...planned, duplicate_hook_ids: [] }, private: privateFor(config) };
    },

    async delete({ state }, ctx) {
      const subject = subjectOf(state);
      await deleteHooks(ctx, subject, [state.id as string, ...((state.duplicate_hook_ids as string[] | null) ?? [])]);
    },

    async importState(id) {
      const parts = id.split("/");
      const uuid = parts[parts.length - 1];
      const expected = onRepository ? 3 : 2;
      if (parts.length !== expected || !/^\{[0-9a-f-]{36}\}$/i.test(uuid) || workspaceIdProblem(parts[0]))
        throw new DiagnosticError(
          "Invalid import ID",
          `Expected ${importIdFormat}, e.g. ${onRepository ? "acme/api/" : "acme/"}{0b8f3f2e-5b1a-4c4e-9a51-1c3f0d0d7a10}; got "${id}".`,
        );
      return {
        state: { id: uuid, workspace: parts[0], ...(onRepository ? { repository: parts[1] } : {}), secret_revision: 0 },
      };
    },
  };
}

function subjectOf(values: ObjectValue): HookSubject {
  return { workspace: values.workspace as string, repository: (values.repository as string | undefined) ?? undefined };
}

function describe(subject: HookSubject): string {
  return subject.repository
    ? `repository ${subject.workspace}/${subject.repository}`
    : `workspace ${subject.workspace}`;
}

/** The hook as configured; the secret is always sent, so Bitbucket holds exactly what configuration says. */
function hookInput(planned: ObjectValue, config: ObjectValue): HookInput {
  return {
    url: planned.url as string,
    description: planned.description as string,
    events: planned.events as string[],
    active: planned.active as boolean,
    skipCertVerification: !(planned.verify_tls as boolean),
    secret: (config.secret_wo as string | null) ?? null,
  };
}

function privateFor(config: ObjectValue): PrivateState {
  const secret = config.secret_wo as string | null;
  return { secret: secret ? recordSecret(secret) : null };
}

/** Whether the configured secret differs from the one last sent (unknown until apply counts as different). */
function secretNeedsSending(configured: unknown, priv: PrivateState): boolean {
  if (isUnknown(configured) || priv.secretDrifted === true) return true;
  const record = secretRecordOf(priv);
  if (configured === null || configured === undefined || configured === "") return record !== null;
  return record === null || !secretMatches(record, configured as string);
}

async function deleteHooks(ctx: HandlerContext<ProviderContext>, subject: HookSubject, uuids: readonly string[]) {
  for (const uuid of uuids)
    await explained(`delete webhook ${uuid} on ${describe(subject)}`, () =>
      ctx.provider.bitbucket().deleteHook(subject, uuid),
    );
}
