import type { Request } from "express";
import { readJson } from "../../core";
import { requireRepositoryAdmin, requireWorkspaceOwner, visibleRepository, visibleWorkspace } from "../access";
import { requireScopes, type Caller } from "../auth";
import { applyFields } from "../fields";
import { hookEvents, HookSubject, isHookEvent, retiredEventReason } from "../hook-events";
import { hookUrlProblem } from "../hook-url";
import { paginate } from "../pagination";
import { BitbucketHttpError } from "../responses";
import { eventResourceScopes, SCOPES } from "../scope-rules";
import type { ApiCall, BitbucketSimulator } from "../simulator";
import { freshUuid, Hook, Workspace } from "../state";

/** Where a hook route's hooks live, after the caller's access to it is checked. */
interface Subject {
  readonly type: HookSubject;
  readonly workspace: Workspace;
  readonly repository?: string;
}

type SubjectResolver = (sim: BitbucketSimulator, req: Request, caller: Caller) => Subject;

const repositorySubject: SubjectResolver = (sim, req, caller) => {
  const workspace = visibleWorkspace(sim.state, caller, String(req.params.workspace));
  const repository = visibleRepository(sim.state, caller, workspace, String(req.params.repo_slug));
  requireRepositoryAdmin(sim.state, caller, workspace, repository);
  return { type: "repository", workspace, repository: repository.slug };
};

const workspaceSubject: SubjectResolver = (sim, req, caller) => {
  const workspace = visibleWorkspace(sim.state, caller, String(req.params.workspace));
  requireWorkspaceOwner(caller, workspace);
  return { type: "workspace", workspace };
};

/** Repository and workspace webhooks (bitbucket-cloud.md §3.9–3.12) and the public event catalogue (§3.11). */
export function registerHookRoutes(sim: BitbucketSimulator): void {
  registerHookCrud(sim, "/2.0/repositories/{workspace}/{repo_slug}/hooks", repositorySubject);
  registerHookCrud(sim, "/2.0/workspaces/{workspace}/hooks", workspaceSubject);

  sim.server.route("GET", "/2.0/hook_events/{subject_type}", (req, res) => {
    const subject = String(req.params.subject_type);
    if (subject !== "repository" && subject !== "workspace")
      throw new BitbucketHttpError(404, `Unknown subject type ${subject}`);
    res.json(paginate(req, sim.url, hookEvents(subject), 100, 30));
  });
}

function registerHookCrud(sim: BitbucketSimulator, collection: string, resolve: SubjectResolver): void {
  const item = `${collection}/{uid}`;
  const hooksOf = (subject: Subject) =>
    subject.workspace.hooks.filter((h) => h.subjectType === subject.type && h.repository === subject.repository);
  const findHook = (subject: Subject, uid: string) => {
    const bare = uid.replace(/[{}]/g, "");
    const hook = hooksOf(subject).find((h) => h.uuid === `{${bare}}`);
    if (!hook) throw new BitbucketHttpError(404, `Webhook ${uid} not found`);
    return hook;
  };
  const fieldsOf = (req: Request) => req.query.fields as string | undefined;

  sim.api("GET", collection, SCOPES.readHooks, ({ req, res, caller }) => {
    const subject = resolve(sim, req, caller);
    const hooks = hooksOf(subject).map((h) => sim.render.hook(subject.workspace, h));
    res.json(applyFields(paginate(req, sim.url, hooks), fieldsOf(req)));
  });

  sim.api("POST", collection, SCOPES.writeHooks, (call: ApiCall) => {
    const { req, res, caller } = call;
    const subject = resolve(sim, req, caller);
    const input = validateHookInput(subject.type, readJson(req), "create");
    requireScopes(caller, SCOPES.writeHooks, eventResourceScopes(input.events!));
    const hook: Hook = {
      uuid: freshUuid(),
      url: input.url!,
      description: input.description ?? "",
      events: input.events!,
      active: input.active ?? true,
      secret: input.secret || null,
      skipCertVerification: input.skipCertVerification ?? false,
      createdAt: new Date(sim.now()).toISOString(),
      subjectType: subject.type,
      repository: subject.repository,
    };
    subject.workspace.hooks.push(hook);
    const rendered = sim.render.hook(subject.workspace, hook);
    res.status(201).set("Location", rendered.links.self.href).json(rendered);
  });

  sim.api("GET", item, SCOPES.readHooks, ({ req, res, caller }) => {
    const subject = resolve(sim, req, caller);
    res.json(applyFields(sim.render.hook(subject.workspace, findHook(subject, String(req.params.uid))), fieldsOf(req)));
  });

  sim.api("PUT", item, SCOPES.writeHooks, ({ req, res, caller }) => {
    const subject = resolve(sim, req, caller);
    const hook = findHook(subject, String(req.params.uid));
    const input = validateHookInput(subject.type, readJson(req), "update");
    if (input.events) requireScopes(caller, SCOPES.writeHooks, eventResourceScopes(input.events));
    if (input.url !== undefined) hook.url = input.url;
    if (input.description !== undefined) hook.description = input.description;
    if (input.events !== undefined) hook.events = input.events;
    if (input.active !== undefined) hook.active = input.active;
    if (input.skipCertVerification !== undefined) hook.skipCertVerification = input.skipCertVerification;
    // Omitted keeps the secret; null or "" removes it (bitbucket-cloud.md §3.12).
    if (input.secret !== undefined) hook.secret = input.secret || null;
    res.json(sim.render.hook(subject.workspace, hook));
  });

  sim.api("DELETE", item, SCOPES.deleteHooks, ({ req, res, caller }) => {
    const subject = resolve(sim, req, caller);
    const hook = findHook(subject, String(req.params.uid));
    subject.workspace.hooks.splice(subject.workspace.hooks.indexOf(hook), 1);
    res.status(204).end();
  });
}

function eventProblem(subject: HookSubject, event: string): string | undefined {
  return retiredEventReason(event) ?? (isHookEvent(subject, event) ? undefined : `Unknown ${subject} event: ${event}`);
}

/** The webhook secret is 0–128 characters (bitbucket-cloud.md §3.12). */
const MAX_SECRET_LENGTH = 128;

interface HookInput {
  url?: string;
  description?: string;
  events?: string[];
  active?: boolean;
  /** undefined = not given; null = remove. */
  secret?: string | null;
  skipCertVerification?: boolean;
}

/** Validates a hook body, answering 400 with `error.fields` naming every bad field. */
function validateHookInput(subject: HookSubject, body: unknown, mode: "create" | "update"): HookInput {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new BitbucketHttpError(400, "Bad request", { fields: { body: ["A JSON object is required."] } });
  }
  const raw = body as Record<string, unknown>;
  const fields: Record<string, string[]> = {};
  const input: HookInput = {};

  if (raw.url !== undefined || mode === "create") {
    const problem = typeof raw.url === "string" ? hookUrlProblem(raw.url) : "Enter a valid URL.";
    if (problem) fields.url = [problem];
    else input.url = raw.url as string;
  }
  if (raw.description !== undefined) {
    if (typeof raw.description !== "string") fields.description = ["Must be a string."];
    else input.description = raw.description;
  }
  if (raw.events !== undefined || mode === "create") {
    const events = raw.events;
    if (!Array.isArray(events) || events.length === 0) fields.events = ["At least one event is required."];
    else if (new Set(events).size !== events.length) fields.events = ["Events must be unique."];
    else {
      const problems = events.map((e) => (typeof e === "string" ? eventProblem(subject, e) : "Events are strings."));
      if (problems.some(Boolean)) fields.events = problems.filter((p): p is string => p !== undefined);
      else input.events = events as string[];
    }
  }
  if (raw.active !== undefined) {
    if (typeof raw.active !== "boolean") fields.active = ["Must be a boolean."];
    else input.active = raw.active;
  }
  if (raw.secret !== undefined) {
    if (raw.secret !== null && (typeof raw.secret !== "string" || [...raw.secret].length > MAX_SECRET_LENGTH)) {
      fields.secret = [`Must be a string of at most ${MAX_SECRET_LENGTH} characters.`];
    } else input.secret = raw.secret as string | null;
  }
  if (raw.skip_cert_verification !== undefined) {
    if (typeof raw.skip_cert_verification !== "boolean") fields.skip_cert_verification = ["Must be a boolean."];
    else input.skipCertVerification = raw.skip_cert_verification;
  }
  if (Object.keys(fields).length > 0) {
    const named = Object.entries(fields).map(([name, problems]) => `${name}: ${problems.join(" ")}`);
    throw new BitbucketHttpError(400, `Bad request: ${named.join("; ")}`, { fields });
  }
  return input;
}
