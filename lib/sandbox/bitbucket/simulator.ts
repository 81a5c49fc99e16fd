import type { Request, Response } from "express";
import { InjectedFault, RequestFilter, SimulatorServer } from "../core";
import type { BitbucketSeed } from "../seed";
import { authenticate, Caller, requireScopes, sendScopeHeaders } from "./auth";
import { deliver, Delivery } from "./delivery";
import { RateLimiter, RateLimitUsage, rateLimitSubject, ResourceGroup, resourceGroupOf } from "./rate-limit";
import { Renderer } from "./render";
import { BitbucketHttpError, sendError } from "./responses";
import { registerAccountRoutes } from "./routes/account";
import { registerAdminRoutes } from "./routes/admin";
import { registerHookRoutes } from "./routes/hooks";
import { registerOAuthRoutes } from "./routes/oauth";
import { registerRemovedRoutes } from "./routes/removed";
import { registerRepositoryRoutes } from "./routes/repositories";
import { registerWorkspaceRoutes } from "./routes/workspaces";
import type { ScopeRequirement } from "./scope-rules";
import { BitbucketState } from "./state";
import { eventPayload, SimulatedEvent } from "./payloads";

export interface BitbucketSimulatorOptions {
  readonly seed: BitbucketSeed;
  /**
   * Requests per rolling hour and resource group for each rate-limit subject (a user's API tokens together, one
   * access token, one OAuth consumer); default 1,000, Bitbucket's webhook limit and its smallest repository limit.
   */
  readonly hourlyRequestBudget?: number;
  readonly faultSeed?: number;
}

export type ApiCall = { readonly req: Request; readonly res: Response; readonly caller: Caller };
export type ApiHandler = (call: ApiCall) => void | Promise<void>;

/**
 * Bitbucket Cloud's REST API 2.0 on loopback, as bitbucket-cloud.md describes it: its authentication, scopes,
 * permissions, pagination, rate limits and webhook deliveries. Tests reach its state, log and faults directly;
 * other processes use the admin routes under `/_sandbox/`.
 */
export class BitbucketSimulator {
  readonly server: SimulatorServer;
  readonly state: BitbucketState;
  readonly rateLimiter: RateLimiter;
  readonly deliveries: Delivery[] = [];
  url = "";
  /** The clock the simulator uses for token expiry and rate limits; tests may move it. */
  now: () => number = Date.now;
  private renderer?: Renderer;

  constructor(options: BitbucketSimulatorOptions) {
    this.state = new BitbucketState(options.seed);
    this.rateLimiter = new RateLimiter(options.hourlyRequestBudget ?? 1000);
    this.server = new SimulatorServer({
      faultSeed: options.faultSeed,
      onError: (error, _req, res) => {
        if (error instanceof InjectedFault) sendError(res, error.status, "Something went wrong");
        else if (error instanceof BitbucketHttpError) sendError(res, error.status, error.message, error.extra);
        else if (error instanceof SyntaxError) sendError(res, 400, "Malformed JSON body");
        else sendError(res, 500, `Internal error: ${(error as Error).message}`);
      },
      // Bitbucket's own answer for a path it hosts no API at.
      onNotFound: (_req, res) =>
        sendError(res, 404, "Resource not found", {
          detail:
            "There is no API hosted at this URL.\n\nFor information about our API's, please refer to the documentation at: https://developer.atlassian.com/bitbucket/api/2/reference/",
        }),
    });
    registerAdminRoutes(this);
    registerOAuthRoutes(this);
    registerRemovedRoutes(this);
    registerAccountRoutes(this);
    registerWorkspaceRoutes(this);
    registerRepositoryRoutes(this);
    registerHookRoutes(this);
  }

  get render(): Renderer {
    if (!this.renderer) throw new Error("the Bitbucket simulator is not started");
    return this.renderer;
  }

  /** Starts listening on 127.0.0.1 and returns the API origin (clients call `${url}/2.0/…`). */
  async start(port = 0): Promise<string> {
    this.url = await this.server.listen(port);
    this.renderer = new Renderer(this.url);
    return this.url;
  }

  get oauthTokenUrl(): string {
    return `${this.url}/site/oauth2/access_token`;
  }

  stop(): Promise<void> {
    return this.server.close();
  }

  /**
   * Registers an authenticated API route: authenticates, applies the rate limit of the route's resource group,
   * sends the scope headers and enforces the route's scopes before the handler runs.
   */
  api(method: "GET" | "POST" | "PUT" | "DELETE", route: string, scopes: ScopeRequirement, handler: ApiHandler): void {
    this.server.route(method, route, async (req, res) => {
      const caller = authenticate(req, res, this.state, this.now());
      if (!caller) return;
      const group = resourceGroupOf(route);
      if (group && !this.admitRequest(caller, group, res)) return;
      sendScopeHeaders(res, caller, scopes);
      requireScopes(caller, scopes);
      await handler({ req, res, caller });
    });
  }

  private admitRequest(caller: Caller, group: ResourceGroup, res: Response): boolean {
    const subject = rateLimitSubject(caller.credential);
    const admitted = this.rateLimiter.admit(subject, group, this.now());
    // Only access tokens on the scaled repository-data group get the rate-limit headers (bitbucket-cloud.md §5).
    if (caller.binding && group === "repository") {
      const limit = this.rateLimiter.budget(group);
      res.set("X-RateLimit-Limit", String(limit));
      res.set("X-RateLimit-Resource", "api");
      res.set("X-RateLimit-NearLimit", String(this.rateLimiter.remaining(subject, group, this.now()) < limit * 0.2));
    }
    if (!admitted) res.status(429).type("text/plain").send("Rate limit for this resource has been exceeded");
    return admitted;
  }

  /**
   * Sets the hourly budget of one resource group, or of both when `group` is absent. Requests already counted
   * stay counted; `resetRateLimits` starts afresh.
   */
  setHourlyBudget(requests: number, group?: ResourceGroup): void {
    this.rateLimiter.setBudget(requests, group);
  }

  /** Forgets every counted request, as if an hour had passed without any (the clock does not move). */
  resetRateLimits(): void {
    this.rateLimiter.reset();
  }

  /** Moves the simulator's clock forward: rate-limit windows roll over and OAuth tokens expire as time passes. */
  advanceClock(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`the clock only moves forward, not by ${ms} ms`);
    const previous = this.now;
    this.now = () => previous() + ms;
  }

  /** Each rate-limit subject's spending in the current hour, by resource group. */
  rateLimitUsage(): RateLimitUsage[] {
    return this.rateLimiter.usage(this.now());
  }

  /**
   * Requests received per credential (seed id, or `(none)` when none was recognised) and resource group
   * (`repository`, `webhooks`, or `other` for routes Bitbucket does not rate-limit), rejected ones included.
   */
  requestCounts(filter: RequestFilter = {}): Record<string, Partial<Record<ResourceGroup | "other", number>>> {
    const counts: Record<string, Partial<Record<ResourceGroup | "other", number>>> = {};
    for (const entry of this.server.log.entries(filter)) {
      const byGroup = (counts[entry.credential ?? "(none)"] ??= {});
      const group = resourceGroupOf(entry.route) ?? "other";
      byGroup[group] = (byGroup[group] ?? 0) + 1;
    }
    return counts;
  }

  /** Simulates an event on a repository: every matching active hook (repository and workspace) receives it. */
  async simulateEvent(event: SimulatedEvent): Promise<Delivery[]> {
    const workspace = this.state.workspace(event.workspace);
    const repository = workspace && this.state.repository(workspace, event.repository);
    if (!workspace || !repository)
      throw new BitbucketHttpError(404, `Repository ${event.workspace}/${event.repository} not found`);
    const hooks = workspace.hooks.filter(
      (h) =>
        h.active &&
        h.events.includes(event.event) &&
        (h.subjectType === "workspace" || h.repository === repository.slug),
    );
    const payload = eventPayload(this.render, this.state, workspace, repository, event);
    const results = await Promise.all(hooks.map((hook) => deliver(hook, event.event, payload)));
    this.deliveries.push(...results);
    return results;
  }
}
