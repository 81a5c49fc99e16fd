import {
  BitbucketClient,
  Hook,
  HookInput,
  HookSubject,
  NotFoundError,
  repositorySlugsProblem,
  ServerError,
} from "../../bitbucket";
import {
  ApiError,
  CancelledError,
  HourlyLimitReachedError,
  NetworkError,
  RequestBudgetExceededError,
  RetryDeadlineExceededError,
} from "../../http";
import { formatProblems, Problem } from "../../problem";
import {
  defineResource,
  defineSchema,
  Diagnostic,
  HandlerContext,
  isUnknown,
  MaybeUnknown,
  UNKNOWN,
  valuesEqual,
} from "../../tfplugin";
import type { ProviderContext } from "../configuration";
import { knownKeys } from "../known-values";
import { problemDiagnostics } from "../problems";
import {
  hookAttributes,
  hookInput,
  hookMatches,
  HookSettings,
  secretNeedsSending,
  SecretPrivate,
  secretPrivate,
} from "./hook-settings";
import { checkRepositoriesExist } from "./webhooks";
import { replacingWorkspaceAttribute } from "../workspace-attribute";

/** Requests in flight at once: enough to hide Bitbucket's latency, few enough to be a polite client. */
const CONCURRENCY = 10;
/** How often a repository's hook is set up again (list, then adopt or POST) after a server error or a lost answer. */
const ENSURE_ATTEMPTS = 4;
/** An empty id in `hooks`: the repository's hook is not created yet (an apply cut short); the next apply makes it. */
const PENDING = "";

/**
 * What the resource keeps beside its state (never shown in plans): the secret last sent, when each repository's hook
 * was last read, and which hooks must be put right at the next apply.
 */
interface RepositoryHooksPrivate extends SecretPrivate {
  /** Epoch ms of the last read of each repository's hooks: the rolling verification reads the oldest first. */
  readonly verifiedAt?: Readonly<Record<string, number>>;
  /** Repositories whose hook a refresh found different from configuration. */
  readonly drifted?: readonly string[];
  /** Repositories whose hook an apply was to PUT but did not (it stopped early): its secret may be the old one. */
  readonly unfinished?: readonly string[];
  /** Other hooks with our URL, by repository: leftovers of an interrupted apply, removed at the next apply. */
  readonly duplicates?: Readonly<Record<string, readonly string[]>>;
}

const SCHEMA = defineSchema({
  description:
    "The DevDynamics webhook of each of many Bitbucket repositories, as one resource: created with bounded concurrency and paced within Bitbucket's hourly request limit (an apply cut short by it saves what it made and the next apply continues), verified a few repositories per refresh (the rolling verification of docs/design/provider.md). Needs admin rights on the repositories. Existing hooks with the connection's URL are adopted, so no import is needed.",
  markdown: true,
  attributes: {
    id: {
      type: "string",
      computed: true,
      useStateForUnknown: true,
      description: "The workspace's ID: one such resource per workspace and URL.",
    },
    workspace: replacingWorkspaceAttribute("every hook"),
    repositories: {
      type: ["map", "string"],
      required: true,
      description:
        "The repositories that get a hook, keyed by slug (e.g. the `repository_uuids` of `devdynamics_bitbucket_repositories`; the values are not used). A map, so Terraform plans thousands in linear time.",
      markdown: true,
      validate: (repositories: Record<string, string>) =>
        repositorySlugsProblem(
          Object.keys(repositories),
          "the map is empty: name at least one repository, or leave the resource out (a workspace webhook covers every repository)",
        ),
    },
    ...hookAttributes("repository"),
    hooks: {
      type: ["map", "string"],
      computed: true,
      description:
        "Each repository's hook UUID, by slug. `\"\"` while a hook is not created yet (an apply cut short by Bitbucket's hourly limit); the next apply creates it.",
      markdown: true,
    },
  },
});

type Settings = HookSettings & { readonly workspace: string };

export const repositoryWebhooks = defineResource<ProviderContext, RepositoryHooksPrivate>()({
  typeName: "devdynamics_bitbucket_repository_webhooks",
  schema: SCHEMA,

  async modifyPlan({ config, prior, planned, priorPrivate }, ctx) {
    const known = knownKeys(config.repositories);
    if (!known || isUnknown(config.workspace)) return { planned: { ...planned, hooks: UNKNOWN } };
    const priorHooks = prior?.hooks ?? {};
    const added = known.filter((slug) => !(slug in priorHooks));
    if (added.length > 0) await checkRepositoriesExist(ctx.provider, config.workspace, added);
    const repair = needingRepair(priorPrivate);
    // Hooks to be created or put right show as "(known after apply)"; the rest keep their ids.
    const hooks: Record<string, MaybeUnknown<string>> = {};
    for (const slug of known) {
      const id = priorHooks[slug];
      hooks[slug] = id && !repair.has(slug) ? id : UNKNOWN;
    }
    const revision = prior?.secret_revision ?? 0;
    const secretChanged = prior !== null && secretNeedsSending(config.secret_wo, priorPrivate);
    return {
      planned: {
        ...planned,
        id: config.workspace,
        hooks,
        secret_revision: secretChanged ? revision + 1 : revision,
      },
    };
  },

  async create({ config }, ctx) {
    const run = new HookBatch(ctx, config);
    const slugs = Object.keys(config.repositories);
    await run.each(slugs, (slug) => run.ensure(slug));
    return run.result(slugs, {}, secretPrivate(config.secret_wo), "create");
  },

  async read({ state, private: priv }, ctx) {
    const { budget, full } = ctx.provider.webhookVerification;
    const verifiedAt = priv.verifiedAt ?? {};
    const hooks = { ...state.hooks };
    const due = Object.keys(hooks)
      .filter((slug) => hooks[slug] !== PENDING)
      .sort((a, b) => (verifiedAt[a] ?? 0) - (verifiedAt[b] ?? 0) || (a < b ? -1 : 1));
    const reading = full ? due : due.slice(0, budget);
    const settings = hookInput(state, null);
    const drifted = new Set(priv.drifted ?? []);
    const duplicates: Record<string, readonly string[]> = { ...priv.duplicates };
    const verified: Record<string, number> = { ...verifiedAt };
    const run = new HookBatch(ctx, state);
    await run.each(reading, async (slug) => {
      const listed = await run.list(slug);
      verified[slug] = Date.now();
      const hook = listed?.find((h) => h.uuid === hooks[slug]);
      if (!hook) {
        delete hooks[slug]; // gone (or its repository): the plan shows it created again
        return;
      }
      const others = listed!.filter((h) => h.url === hook.url && h.uuid !== hook.uuid).map((h) => h.uuid);
      if (others.length > 0) duplicates[slug] = others;
      else delete duplicates[slug];
      if (hookMatches(hook, settings, !!priv.secret)) drifted.delete(slug);
      else drifted.add(slug);
    });
    run.warnIfStopped("verifying", reading.length);
    return {
      state: { ...state, hooks },
      private: { ...priv, verifiedAt: verified, drifted: [...drifted], duplicates },
    };
  },

  async update({ config, prior, private: priv }, ctx) {
    const run = new HookBatch(ctx, config);
    const slugs = Object.keys(config.repositories);
    const wanted = new Set(slugs);
    const priorHooks = prior.hooks ?? {};
    const settingsChanged = !sameSettings(config, prior);
    const secretChanged = secretNeedsSending(config.secret_wo, priv);
    const repair = needingRepair(priv);
    const removed = Object.keys(priorHooks).filter((slug) => !wanted.has(slug));
    await run.each(removed, (slug) => run.remove(slug, [priorHooks[slug], ...(priv.duplicates?.[slug] ?? [])]));
    const hooks: Record<string, string> = {};
    for (const slug of slugs) if (priorHooks[slug]) hooks[slug] = priorHooks[slug];
    // Hooks to PUT: all of them when the settings or the secret changed, otherwise the ones found out of line.
    const due = new Set(slugs.filter((slug) => hooks[slug] && (settingsChanged || secretChanged || repair.has(slug))));
    await run.each(slugs, (slug) => {
      if (!hooks[slug]) return run.ensure(slug);
      if (due.has(slug)) return run.put(slug, hooks[slug], priv.duplicates?.[slug] ?? []);
      return undefined;
    });
    const next = { ...priv, ...secretPrivate(config.secret_wo) };
    return run.result(slugs, hooks, next, "update", due);
  },

  async delete({ state, private: priv }, ctx) {
    const run = new HookBatch(ctx, state);
    const hooks = state.hooks ?? {};
    await run.each(Object.keys(hooks), (slug) => run.remove(slug, [hooks[slug], ...(priv.duplicates?.[slug] ?? [])]));
    return run.leftAfterDelete(hooks, priv);
  },
});

/** Repositories whose hook the next apply must PUT: drifted, left unfinished, or with duplicates to remove. */
function needingRepair(priv: RepositoryHooksPrivate): Set<string> {
  return new Set([...(priv.drifted ?? []), ...(priv.unfinished ?? []), ...Object.keys(priv.duplicates ?? {})]);
}

function sameSettings(next: HookSettings, prior: HookSettings): boolean {
  return (
    next.url === prior.url &&
    (next.description ?? "DevDynamics") === prior.description &&
    valuesEqual(hookInput(next, null).events, prior.events, ["set", "string"]) &&
    (next.active ?? true) === prior.active &&
    (next.verify_tls ?? true) === prior.verify_tls
  );
}

/** Errors after which the batch stops and saves what it did, because the next run can simply go on. */
function isInterruption(error: unknown): error is ApiError {
  return (
    error instanceof HourlyLimitReachedError ||
    error instanceof RequestBudgetExceededError ||
    error instanceof CancelledError ||
    error instanceof RetryDeadlineExceededError
  );
}

/**
 * One operation's work on many repositories' hooks: bounded concurrency, paced by the client within Bitbucket's
 * hourly limit (waiting no longer than the retry deadline), stopping cleanly — with what was done — when the budget or
 * the time runs out or Ctrl-C arrives. What failed for a repository is collected, so one refusal does not hide the
 * others.
 */
class HookBatch {
  private readonly bitbucket: BitbucketClient;
  private readonly input: HookInput;
  private readonly pacingDeadline: number;
  private readonly done = new Map<string, string>();
  private readonly failures: Problem[] = [];
  /** Repositories whose hooks a delete removed. */
  private readonly removed = new Set<string>();
  private interruption?: ApiError;

  constructor(
    private readonly ctx: HandlerContext<ProviderContext>,
    private readonly settings: Settings & { readonly secret_wo?: string | null },
  ) {
    this.bitbucket = ctx.provider.bitbucket();
    this.input = hookInput(settings, settings.secret_wo ?? null);
    this.pacingDeadline = ctx.provider.pacingDeadline();
  }

  private subject(slug: string): HookSubject {
    return { workspace: this.settings.workspace, repository: slug };
  }

  private get calls() {
    return { pacingDeadline: this.pacingDeadline };
  }

  /** Runs `work` for each slug, CONCURRENCY at a time, until all are done or the batch is interrupted. */
  async each(slugs: readonly string[], work: (slug: string) => Promise<unknown> | undefined): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < slugs.length && !this.interruption) {
        const slug = slugs[next++];
        try {
          await work(slug);
        } catch (error) {
          if (isInterruption(error)) this.interruption ??= error;
          else if (error instanceof ApiError) this.failures.push(failureOf(slug, error));
          else throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, slugs.length) }, worker));
  }

  /** The repository's hooks, or undefined when the repository is gone. */
  async list(slug: string): Promise<Hook[] | undefined> {
    try {
      return await this.bitbucket.listHooks(this.subject(slug), this.calls);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * The repository's hook, made to match configuration: a hook with our URL already there (left by an apply that
   * was interrupted after its POST) is adopted, never doubled; otherwise one is created.
   */
  async ensure(slug: string): Promise<void> {
    // A POST is never resent blindly (it may have been applied); listing again and adopting makes retrying it safe.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ensureOnce(slug);
      } catch (error) {
        const transient = error instanceof ServerError || error instanceof NetworkError;
        if (!transient || attempt === ENSURE_ATTEMPTS || this.ctx.signal.aborted) throw error;
        // (narrowed by `transient`)
        this.ctx.log.warn(
          `${this.settings.workspace}/${slug}: ${error.problem} Listing the hooks again before retrying.`,
        );
      }
    }
  }

  private async ensureOnce(slug: string): Promise<void> {
    const ours = ((await this.list(slug)) ?? []).filter((h) => h.url === this.input.url);
    const [adopted, ...extra] = ours;
    if (adopted) {
      this.ctx.log.info(`adopting hook ${adopted.uuid} on ${this.settings.workspace}/${slug}: it delivers to our URL`);
      await this.put(
        slug,
        adopted.uuid,
        extra.map((h) => h.uuid),
      );
      return;
    }
    const created = await this.bitbucket.createHook(this.subject(slug), this.input, this.calls);
    this.done.set(slug, created.uuid);
  }

  /** PUTs the hook to configuration and removes its duplicates. */
  async put(slug: string, uuid: string, duplicates: readonly string[]): Promise<void> {
    await this.bitbucket.updateHook(this.subject(slug), uuid, this.input, this.calls);
    this.done.set(slug, uuid);
    for (const other of duplicates) await this.bitbucket.deleteHook(this.subject(slug), other, this.calls);
  }

  async remove(slug: string, uuids: readonly string[]): Promise<void> {
    for (const uuid of uuids) if (uuid) await this.bitbucket.deleteHook(this.subject(slug), uuid, this.calls);
    this.removed.add(slug);
  }

  /**
   * The state after create or update: every repository's hook id, `""` for those not made yet, and the
   * diagnostics: a warning for an interruption (the next apply goes on), an error per repository that failed.
   */
  result(
    slugs: readonly string[],
    before: Readonly<Record<string, string>>,
    priv: RepositoryHooksPrivate,
    operation: "create" | "update",
    due: ReadonlySet<string> = new Set(),
  ) {
    const hooks: Record<string, string> = {};
    for (const slug of slugs) hooks[slug] = this.done.get(slug) ?? before[slug] ?? PENDING;
    const pending = slugs.filter((slug) => hooks[slug] === PENDING).length;
    // What was due and not done is put right by the next apply; what is gone from the selection is forgotten.
    const unfinished = [...due].filter((slug) => !this.done.has(slug));
    const next: RepositoryHooksPrivate = {
      ...priv,
      unfinished,
      drifted: (priv.drifted ?? []).filter((slug) => slug in hooks && !this.done.has(slug)),
      duplicates: kept(priv.duplicates, (slug) => slug in hooks && !this.done.has(slug)),
      verifiedAt: kept(priv.verifiedAt, (slug) => slug in hooks),
    };
    // A create with errors is saved tainted (so destroy still finds every hook it made); untainting lets the next
    // apply finish the missing hooks instead of replacing them all.
    const afterwards =
      operation === "create"
        ? " Then run `terraform untaint` on this resource and apply again: the apply makes the missing hooks (replacing the resource would recreate all of them)."
        : "";
    const diagnostics: Diagnostic[] = this.failures.map((p) => ({
      severity: "error",
      summary: "Could not set up a repository webhook",
      detail: formatProblems({ ...p, fix: p.fix + afterwards }),
    }));
    this.warnIfStopped("setting up", pending + unfinished.length, pending);
    return { state: { hooks, id: this.settings.workspace }, private: next, diagnostics };
  }

  /** A warning saying the batch stopped early, how much is left and when Bitbucket's budget is whole again. */
  warnIfStopped(what: string, left: number, pending = 0): void {
    const stop = this.interruption;
    if (!stop || left === 0) return;
    const refills = stop instanceof HourlyLimitReachedError ? stop.refillsAt.toISOString() : undefined;
    this.ctx.warn(
      `Stopped ${what} repository webhooks: ${left} left`,
      formatProblems({
        message: `${stop.problem}\n${pending > 0 ? `${pending} hook${pending === 1 ? " is" : "s are"} not created yet (shown as "" in hooks). ` : ""}What was done is saved.`,
        fix: `Run terraform apply again${refills ? ` after ${refills}, when Bitbucket's hourly budget is whole again` : ""}; it continues where this one stopped, adopting anything half-made, never doubling a hook.`,
      }),
    );
  }

  /**
   * For destroy: nothing when every hook is gone; otherwise the hooks left, with an error per problem. Repositories
   * whose hooks were removed are forgotten, so the next destroy goes on with the rest and sends no DELETE twice.
   */
  leftAfterDelete(hooks: Readonly<Record<string, string>>, priv: RepositoryHooksPrivate) {
    const problems = [...(this.interruption ? [this.interruption.toProblem()] : []), ...this.failures];
    if (problems.length === 0) return undefined;
    const left = (slug: string) => !this.removed.has(slug);
    return {
      remaining: { hooks: kept(hooks, left) },
      private: { ...priv, duplicates: kept(priv.duplicates, left), verifiedAt: kept(priv.verifiedAt, left) },
      diagnostics: problemDiagnostics(() => "Could not delete every repository webhook", problems),
    };
  }
}

/** The entries of a record keyed by slug whose slug `keep` keeps. */
function kept<T>(record: Readonly<Record<string, T>> | undefined, keep: (slug: string) => boolean): Record<string, T> {
  return Object.fromEntries(Object.entries(record ?? {}).filter(([slug]) => keep(slug)));
}

/** A repository's failure, named by its slug (a lost POST's fix already says the next apply adopts the hook). */
function failureOf(slug: string, error: ApiError): Problem {
  const problem = error.toProblem();
  return { ...problem, message: `${slug}: ${problem.message}` };
}
