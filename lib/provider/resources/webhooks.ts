import { HookSubject, repositorySlugProblem, WebhookSubject, workspaceIdProblem } from "../../bitbucket";
import { defineResource, defineSchema, HandlerContext, isUnknown } from "../../tfplugin";
import type { ProviderContext } from "../configuration";
import { explained, failOn, problemError } from "../problems";
import { missingRepositories } from "../repository-checks";
import {
  describeSubject,
  hookAttributes,
  hookInput,
  HookSettings,
  secretNeedsSending,
  SecretPrivate,
  secretPrivate,
} from "./hook-settings";
import { replacingWorkspaceAttribute } from "../workspace-attribute";

/**
 * `devdynamics_bitbucket_workspace_webhook` and `devdynamics_bitbucket_repository_webhook`: one hook each. Request costs
 * and the crash-safety mechanism are explained in docs/design/provider.md:
 * - read lists the subject's hooks (1 request, like a GET of one hook) and so also sees duplicates with our URL;
 * - create lists first and adopts a hook with our URL left by a crash between POST and state save;
 * - the signing secret is write-only; a salted HMAC in private state notices when it changes.
 * Many repositories are better served by `devdynamics_bitbucket_repository_webhooks` (one resource, paced, with a
 * rolling verification).
 */

const common = {
  id: {
    type: "string",
    computed: true,
    useStateForUnknown: true,
    description: "The hook's UUID, in braces, as Bitbucket reports it.",
  },
  workspace: replacingWorkspaceAttribute("the webhook"),
  duplicate_hook_ids: {
    type: ["list", "string"],
    computed: true,
    description:
      "Other hooks on the same subject with the same URL (left over by an interrupted apply or made by hand). Apply removes them, so the plan shows them going to an empty list.",
  },
} as const;

const WORKSPACE_HOOK = defineSchema({
  description:
    "A webhook on a Bitbucket workspace that delivers the events of every repository in it to DevDynamics. Needs the workspace owner.",
  attributes: { ...common, ...hookAttributes("workspace") },
});

const REPOSITORY_HOOK = defineSchema({
  description:
    "A webhook on one Bitbucket repository that delivers its events to DevDynamics. Needs admin rights on the repository. For many repositories, use `devdynamics_bitbucket_repository_webhooks`.",
  markdown: true,
  attributes: {
    ...common,
    repository: {
      type: "string",
      required: true,
      requiresReplace: true,
      description: "Repository slug. Changing it replaces the webhook.",
      validate: (v: string) => repositorySlugProblem(v),
    },
    ...hookAttributes("repository"),
  },
});

/** What the handlers below need of either resource's values. */
interface HookValues extends HookSettings {
  readonly workspace: string;
  readonly repository?: string | null;
}

const subjectOf = (values: HookValues): HookSubject => ({
  workspace: values.workspace,
  repository: values.repository ?? undefined,
});

export const workspaceWebhook = defineResource<ProviderContext, SecretPrivate>()({
  typeName: "devdynamics_bitbucket_workspace_webhook",
  importIdFormat: "<workspace>/{<hook uuid>}",
  schema: WORKSPACE_HOOK,
  async modifyPlan({ config, prior, planned, priorPrivate }) {
    return { planned: { ...planned, ...plannedSecret(config.secret_wo, prior, priorPrivate) } };
  },
  create: ({ config }, ctx) => createHook(subjectOf(config), config, config.secret_wo, ctx),
  read: ({ state, private: priv }, ctx) => readHook(subjectOf(state), state, priv, ctx),
  update: ({ config, prior }, ctx) => updateHook(subjectOf(config), config, prior, config.secret_wo, ctx),
  delete: ({ state }, ctx) => deleteHooks(ctx, subjectOf(state), [state.id!, ...(state.duplicate_hook_ids ?? [])]),
  importState: async (id) => ({ state: importedHook(id, "workspace") }),
});

export const repositoryWebhook = defineResource<ProviderContext, SecretPrivate>()({
  typeName: "devdynamics_bitbucket_repository_webhook",
  importIdFormat: "<workspace>/<repository>/{<hook uuid>}",
  schema: REPOSITORY_HOOK,
  async modifyPlan({ config, prior, planned, priorPrivate }, ctx) {
    // A new hook's repository must exist: checked now, with a read, rather than by a refused POST at apply.
    if (prior === null && !isUnknown(config.workspace) && !isUnknown(config.repository))
      await checkRepositoriesExist(ctx.provider, config.workspace, [config.repository]);
    return { planned: { ...planned, ...plannedSecret(config.secret_wo, prior, priorPrivate) } };
  },
  create: ({ config }, ctx) => createHook(subjectOf(config), config, config.secret_wo, ctx),
  read: ({ state, private: priv }, ctx) => readHook(subjectOf(state), state, priv, ctx),
  update: ({ config, prior }, ctx) => updateHook(subjectOf(config), config, prior, config.secret_wo, ctx),
  delete: ({ state }, ctx) => deleteHooks(ctx, subjectOf(state), [state.id!, ...(state.duplicate_hook_ids ?? [])]),
  importState: async (id) => ({ state: importedHook(id, "repository") }),
});

/** A secret that differs from the one last sent is sent again: the plan shows `secret_revision` going up by one. */
function plannedSecret(configured: unknown, prior: { secret_revision: number | null } | null, priv: SecretPrivate) {
  const revision = prior?.secret_revision ?? 0;
  const changed = prior !== null && secretNeedsSending(configured, priv);
  return { secret_revision: changed ? revision + 1 : revision, duplicate_hook_ids: [] };
}

/** Fails the plan, with 0 writes, when a repository does not exist or the credential cannot see it. */
export async function checkRepositoriesExist(
  provider: ProviderContext,
  workspace: string,
  slugs: readonly string[],
): Promise<void> {
  const missing = await missingRepositories(provider, provider.bitbucket(), workspace, slugs);
  failOn(
    () => "Repository not found",
    missing.length === 0
      ? []
      : [
          {
            code: "repository_not_found",
            message: `${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ` and ${missing.length - 10} more` : ""}: no such repository in workspace ${workspace}, or the credential cannot see it.`,
            fix: "Check the slugs against the repositories' URLs (bitbucket.org/<workspace>/<slug>), and that the credential can read them.",
          },
        ],
  );
}

// Create and update send what configuration says (defaults fill what it leaves unset), like the plan did.

/** Create = list, then adopt a hook with our URL (left by a crash between POST and state save) or POST. */
async function createHook(
  subject: HookSubject,
  planned: HookSettings,
  secret: string | null,
  ctx: HandlerContext<ProviderContext>,
) {
  const bitbucket = ctx.provider.bitbucket();
  const input = hookInput(planned, secret);
  const where = describeSubject(subject);
  const leftovers = await explained(`list the webhooks of ${where}`, async () =>
    (await bitbucket.listHooks(subject)).filter((h) => h.url === input.url),
  );
  const [adopted, ...duplicates] = leftovers;
  if (adopted) ctx.log.info(`adopting hook ${adopted.uuid} on ${where}: it already delivers to our URL`);
  const hook = await explained(adopted ? `update the webhook on ${where}` : `create a webhook on ${where}`, () =>
    adopted ? bitbucket.updateHook(subject, adopted.uuid, input) : bitbucket.createHook(subject, input),
  );
  await deleteHooks(
    ctx,
    subject,
    duplicates.map((h) => h.uuid),
  );
  return { state: { id: hook.uuid, duplicate_hook_ids: [] }, private: secretPrivate(secret) };
}

async function readHook<T extends { id: string | null; secret_revision: number | null }>(
  subject: HookSubject,
  state: T,
  priv: SecretPrivate,
  ctx: HandlerContext<ProviderContext>,
) {
  const hooks = await explained(`list the webhooks of ${describeSubject(subject)}`, () =>
    ctx.provider.bitbucket().listHooks(subject),
  );
  const hook = hooks.find((h) => h.uuid === state.id);
  if (!hook) return { state: null };
  // A secret removed in Bitbucket, or one set there while we manage none, must be re-sent: forget ours.
  const secretInSync = hook.secretSet === !!priv.secret;
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
}

async function updateHook(
  subject: HookSubject,
  planned: HookSettings,
  prior: { id: string | null; duplicate_hook_ids: string[] | null },
  secret: string | null,
  ctx: HandlerContext<ProviderContext>,
) {
  await explained(`update the webhook on ${describeSubject(subject)}`, () =>
    ctx.provider.bitbucket().updateHook(subject, prior.id!, hookInput(planned, secret)),
  );
  await deleteHooks(ctx, subject, prior.duplicate_hook_ids ?? []);
  return { state: { duplicate_hook_ids: [] }, private: secretPrivate(secret) };
}

async function deleteHooks(ctx: HandlerContext<ProviderContext>, subject: HookSubject, uuids: readonly string[]) {
  for (const uuid of uuids)
    await explained(`delete webhook ${uuid} on ${describeSubject(subject)}`, () =>
      ctx.provider.bitbucket().deleteHook(subject, uuid),
    );
}

function importedHook(id: string, subject: WebhookSubject) {
  const parts = id.split("/");
  const uuid = parts[parts.length - 1];
  const onRepository = subject === "repository";
  if (
    parts.length !== (onRepository ? 3 : 2) ||
    !/^\{[0-9a-f-]{36}\}$/i.test(uuid) ||
    workspaceIdProblem(parts[0]) ||
    (onRepository && repositorySlugProblem(parts[1]))
  )
    throw problemError("Invalid import ID", {
      message: `Expected ${onRepository ? "<workspace>/<repository>/{<hook uuid>}" : "<workspace>/{<hook uuid>}"}, got ${JSON.stringify(id.slice(0, 80))}.`,
      fix: `Use the form of e.g. ${onRepository ? "acme/api/" : "acme/"}{0b8f3f2e-5b1a-4c4e-9a51-1c3f0d0d7a10}; the hook's UUID is in Bitbucket's webhook list.`,
    });
  return { id: uuid, workspace: parts[0], ...(onRepository ? { repository: parts[1] } : {}), secret_revision: 0 };
}
