import type { AxiosInstance, AxiosStatic } from "axios";
import { setTimeout as sleep } from "node:timers/promises";
import { backoffDelayMs, retryAfterMs } from "./backoff";
import { credentialUrlFailure } from "./endpoint";
import { endpointError, EndpointSetting, permanentFailureOf } from "./endpoint-failures";
import {
  ApiError,
  CancelledError,
  HourlyLimitReachedError,
  NetworkError,
  OutcomeUnknownError,
  RetryDeadlineExceededError,
} from "./errors";
import { countedWait } from "./rate-limit-waits";
import { Redactor } from "./redact";
import { RequestBudget } from "./request-budget";
import { RequestCounter } from "./request-counter";
import type { RequestPacer } from "./request-pacer";

/**
 * axios, loaded when the first client is made: Terraform starts a provider process for every schema fetch and
 * validation, and most never send a request, so they need not pay for loading it.
 */
function loadAxios(): AxiosStatic {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("axios");
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface HttpRequest {
  readonly method: HttpMethod;
  /** The route template, e.g. `/2.0/repositories/{workspace}`; requests are counted under it. */
  readonly route: string;
  /** Values for the route's `{placeholders}`; they are URL-encoded. */
  readonly params?: Readonly<Record<string, string>>;
  /**
   * An absolute URL to call instead of the expanded route: a `next` page link (it must be on the base URL's origin),
   * or a separately configured endpoint named by `urlSetting`. Still counted under `route`.
   */
  readonly url?: string;
  /** The setting `url` comes from, when it is configured on its own (an OAuth token URL). */
  readonly urlSetting?: EndpointSetting;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** JSON body. */
  readonly body?: unknown;
  /** Form body (`application/x-www-form-urlencoded`), used by OAuth token requests. */
  readonly form?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** Whether resending after a 5xx, a reset or a timeout is safe. Defaults to true for GET, PUT and DELETE. */
  readonly idempotent?: boolean;
  /** Skips the client's `authorize` hook (for token endpoints that authenticate differently). */
  readonly skipAuthorization?: boolean;
  /** Cancels this request; merged with the client's own signal. */
  readonly signal?: AbortSignal;
  /** Epoch ms: waiting for a request pacer's token past this throws `HourlyLimitReachedError` instead. */
  readonly pacingDeadline?: number;
  /** Overrides the client's `failOnHourlyLimit` for this request. */
  readonly failOnHourlyLimit?: boolean;
}

export interface HttpResponse<T = unknown> {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly data: T;
}

export interface RetryPolicy {
  /** Give up retrying once this much time has passed since the first attempt; no attempt runs past it. */
  readonly deadlineMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Per-attempt timeout (default 30 s), cut to what is left of the deadline. */
  readonly attemptTimeoutMs?: number;
  /** Where users set the deadline, for the fix when it passes, e.g. `retry_deadline_seconds (…)`. */
  readonly deadlineSetting?: string;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { deadlineMs: 120_000, baseDelayMs: 500, maxDelayMs: 30_000 };
const DEFAULT_ATTEMPT_TIMEOUT_MS = 30_000;

export type LogLevel = "debug" | "info" | "warn";

export interface HttpClientOptions {
  readonly baseUrl: string;
  /** How users set `baseUrl` and a correct value, named when it cannot be used. */
  readonly baseUrlSetting?: EndpointSetting;
  /** Maps a non-2xx response to the client's typed error. */
  readonly toError: (request: HttpRequest, response: HttpResponse) => ApiError;
  /** Adds authentication headers to a request. */
  readonly authorize?: (request: HttpRequest) => Promise<Readonly<Record<string, string>>>;
  readonly redactor: Redactor;
  readonly retry?: RetryPolicy;
  readonly budget?: RequestBudget;
  readonly counter?: RequestCounter;
  /** Cancels every request of this client, in flight or waiting (the provider's stop signal). */
  readonly signal?: AbortSignal;
  /** The pacer whose hourly budget a request draws from, if any (requests without one are not paced). */
  readonly pacerFor?: (request: HttpRequest) => RequestPacer | undefined;
  /**
   * A 429 without `Retry-After` means the hourly budget is spent (Bitbucket): when true, throw
   * `HourlyLimitReachedError` at once instead of retrying until the deadline. Default false.
   */
  readonly failOnHourlyLimit?: boolean;
  readonly userAgent?: string;
  /**
   * Receives one debug line per attempt and one warning per retry or pacing wait: method, route, status or error
   * code, attempt, wait, deadline left. Never headers, bodies or secrets.
   */
  readonly log?: (level: LogLevel, message: string) => void;
  /** Injectable for tests of the backoff itself. */
  readonly random?: () => number;
}

const GENERIC_SETTING: EndpointSetting = { setting: "the API URL", example: "https://api.example.com" };

/** A status worth retrying: rate limited, or a server error on an idempotent request. */
function isRetryableStatus(status: number, idempotent: boolean): boolean {
  return status === 429 || (idempotent && status >= 500);
}

/**
 * The HTTP discipline both API clients share: counts every attempt by route, never exceeds the request budget,
 * paces requests inside hourly limits, retries rate limits, server errors, resets and timeouts with jittered
 * exponential backoff until a deadline, fails at once on what retrying cannot fix, honours cancellation, and turns
 * failures into typed errors without secrets in them.
 */
export class HttpClient {
  readonly counter: RequestCounter;
  private readonly axios: AxiosInstance;
  private readonly retry: RetryPolicy;
  private readonly baseUrl: string;
  private readonly baseUrlSetting: EndpointSetting;

  constructor(private readonly options: HttpClientOptions) {
    this.counter = options.counter ?? new RequestCounter();
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.baseUrlSetting = options.baseUrlSetting ?? GENERIC_SETTING;
    this.axios = loadAxios().create({
      // We judge statuses ourselves, so that errors are typed and never carry the request's headers.
      validateStatus: () => true,
      maxRedirects: 0,
      headers: options.userAgent ? { "User-Agent": options.userAgent } : {},
    });
  }

  async request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>> {
    const routeKey = `${request.method} ${request.route}`;
    const signal = mergeSignals(this.options.signal, request.signal);
    const url = this.urlOf(request, routeKey);
    const idempotent = request.idempotent ?? request.method !== "POST";
    let deadline: number | undefined;
    for (let attempt = 1; ; attempt++) {
      await this.pace(request, routeKey, signal);
      // The deadline runs from the first attempt: time spent pacing before it is the pacer's business.
      deadline ??= Date.now() + this.retry.deadlineMs;
      let failure: ApiError;
      let waitHintMs: number | undefined;
      try {
        const timeoutMs = Math.max(
          1,
          Math.min(this.retry.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS, deadline - Date.now()),
        );
        const response = await this.send<T>(request, url, attempt, timeoutMs, signal);
        if (response.status < 400) return response;
        failure = this.options.toError(request, response);
        if (!isRetryableStatus(response.status, idempotent)) throw failure;
        waitHintMs = retryAfterMs(response.headers["retry-after"]);
        if (response.status === 429) this.hourlyLimitAnswered(request, routeKey, waitHintMs, failure);
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        if (!idempotent) throw outcomeUnknown(error, routeKey);
        failure = error;
      }
      const delay = Math.max(
        waitHintMs ?? 0,
        backoffDelayMs(attempt, this.retry.baseDelayMs, this.retry.maxDelayMs, this.options.random),
      );
      const left = deadline - Date.now();
      // An attempt squeezed into the last moments would only time out and hide the real failure.
      if (delay + Math.min(1_000, this.retry.deadlineMs / 10) > left)
        throw this.deadlineExceeded(routeKey, attempt, failure);
      const cause = failure instanceof NetworkError ? failure.code : String(failure.status);
      this.options.log?.(
        "warn",
        `${routeKey}: ${cause} on attempt ${attempt}; retrying in ${seconds(delay)} (retry deadline in ${seconds(left)})`,
      );
      const wait = () => this.pause(delay, routeKey, signal);
      await (failure.status === 429 ? countedWait("rate_limited", wait) : wait());
    }
  }

  /** Waits for the request's pacer, if it has one. */
  private async pace(request: HttpRequest, routeKey: string, signal: AbortSignal | undefined): Promise<void> {
    const pacer = this.options.pacerFor?.(request);
    if (!pacer) return;
    const waited = await countedWait("paced", () =>
      pacer.take({ route: routeKey, signal, notAfter: request.pacingDeadline }),
    );
    if (waited >= 1_000)
      this.options.log?.(
        "warn",
        `${routeKey}: waited ${seconds(waited)} to stay inside ${pacer.name}'s hourly limit of ${pacer.hourlyLimit} requests`,
      );
  }

  /**
   * A 429 without `Retry-After` means the hourly budget is spent (Bitbucket): a caller who asked for it gets
   * `HourlyLimitReachedError` instead of minutes of retries. A rolling hour's budget is whole again an hour later at
   * the latest. (The pacer is left alone: 429s also come in bursts below the hourly limit.)
   */
  private hourlyLimitAnswered(
    request: HttpRequest,
    routeKey: string,
    retryAfter: number | undefined,
    failure: ApiError,
  ): void {
    if (retryAfter !== undefined || !(request.failOnHourlyLimit ?? this.options.failOnHourlyLimit)) return;
    const refillsAt = new Date(Date.now() + 3_600_000);
    throw new HourlyLimitReachedError(
      `${failure.problem} The hourly limit is spent; ${routeKey} was not retried.`,
      {
        status: 429,
        route: routeKey,
        fix: `Re-run after ${refillsAt.toISOString()}, when the hourly budget has refilled; what was done so far is kept.`,
      },
      refillsAt,
    );
  }

  private deadlineExceeded(routeKey: string, attempt: number, failure: ApiError): RetryDeadlineExceededError {
    return new RetryDeadlineExceededError(
      `${routeKey} still failed after ${attempt} attempt${attempt === 1 ? "" : "s"} within the retry deadline of ${seconds(this.retry.deadlineMs)}: ${failure.problem}`,
      {
        status: failure.status,
        route: routeKey,
        fix: `Wait and re-run; if this keeps happening, raise ${this.retry.deadlineSetting ?? "the retry deadline"} or lower the number of requests the operation needs.`,
      },
      failure,
    );
  }

  private async pause(ms: number, routeKey: string, signal: AbortSignal | undefined): Promise<void> {
    try {
      await sleep(ms, undefined, { signal });
    } catch {
      throw new CancelledError(`${routeKey} was cancelled while waiting to retry.`, { route: routeKey });
    }
  }

  /** The URL a request goes to, or the `EndpointError` that keeps it from being sent. */
  private urlOf(request: HttpRequest, routeKey: string): string {
    const where = request.url && request.urlSetting ? request.urlSetting : this.baseUrlSetting;
    const base = request.url && request.urlSetting ? request.url : this.baseUrl;
    const failure = credentialUrlFailure(base);
    if (failure) throw endpointError(failure, base, where, { route: routeKey });
    if (!request.url) return this.baseUrl + expandRoute(request.route, request.params);
    if (!request.urlSetting && new URL(request.url).origin !== new URL(this.baseUrl).origin) {
      // A link in a response must not carry our credential to another host.
      throw new ApiError(`${routeKey}: the server linked to another origin, which this client does not follow.`, {
        route: routeKey,
        fix: `Check that ${this.baseUrlSetting.setting} names the real service.`,
      });
    }
    return request.url;
  }

  private async send<T>(
    request: HttpRequest,
    url: string,
    attempt: number,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<HttpResponse<T>> {
    const routeKey = `${request.method} ${request.route}`;
    if (signal?.aborted) throw new CancelledError(`${routeKey} was cancelled.`, { route: routeKey });
    // Authorize first: it may send a request of its own (an OAuth token), and if that fails this one is never sent,
    // so it must not be counted or take from the budget.
    const auth = request.skipAuthorization || !this.options.authorize ? {} : await this.options.authorize(request);
    this.options.budget?.take(routeKey);
    this.counter.record(request.method, request.route);
    const sentAt = Date.now();
    try {
      const response = await this.axios.request({
        method: request.method,
        url,
        params: request.url ? undefined : dropUndefined(request.query),
        data: request.form ? new URLSearchParams(request.form as Record<string, string>).toString() : request.body,
        headers: {
          ...(request.form ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
          ...request.headers,
          ...auth,
        },
        timeout: timeoutMs,
        signal,
      });
      this.options.log?.("debug", `${routeKey} → ${response.status} (attempt ${attempt}, ${Date.now() - sentAt} ms)`);
      return { status: response.status, headers: lowerCaseHeaders(response.headers), data: response.data as T };
    } catch (error) {
      if (loadAxios().isCancel(error) || signal?.aborted) {
        throw new CancelledError(`${routeKey} was cancelled.`, { route: routeKey });
      }
      const code = errorCode(error);
      this.options.log?.("debug", `${routeKey} → ${code} (attempt ${attempt}, ${Date.now() - sentAt} ms)`);
      const permanent = permanentFailureOf(code);
      if (permanent) {
        const where = request.url && request.urlSetting ? request.urlSetting : this.baseUrlSetting;
        throw endpointError(permanent, request.url && request.urlSetting ? request.url : this.baseUrl, where, {
          route: routeKey,
          code,
        });
      }
      const what = code === "ECONNABORTED" || code === "ETIMEDOUT" ? `timed out after ${seconds(timeoutMs)}` : "failed";
      throw new NetworkError(
        this.options.redactor.redact(`${routeKey} ${what} before a response arrived (${code}).`),
        {
          route: routeKey,
          fix: "Check the network; the request is retried automatically when that is safe.",
        },
        code,
      );
    }
  }
}

/** A POST whose answer was lost may have been applied: say so, so the caller looks before creating again. */
function outcomeUnknown(error: NetworkError, routeKey: string): OutcomeUnknownError {
  return new OutcomeUnknownError(
    `${error.problem} The request was sent, so it may have been applied; it was not resent, since sending it twice could apply it twice.`,
    {
      route: routeKey,
      fix: "Re-run: the next run looks for what this request may have created and adopts it instead of creating it again.",
    },
    error.code,
  );
}

/** The system error code of a failed request (`ECONNREFUSED`, `ENOTFOUND`, `DEPTH_ZERO_SELF_SIGNED_CERT`, …). */
function errorCode(error: unknown): string {
  const own = (error as { code?: unknown }).code;
  const cause = (error as { cause?: { code?: unknown } }).cause?.code;
  // axios reports a TLS or DNS failure with the system's code; its own ERR_BAD_* codes say less than the cause.
  const code = typeof cause === "string" && (typeof own !== "string" || own.startsWith("ERR_BAD")) ? cause : own;
  return typeof code === "string" ? code : "unknown";
}

function mergeSignals(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  return present.length <= 1 ? present[0] : AbortSignal.any(present);
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** `/2.0/repositories/{workspace}` + `{workspace: "acme"}` → `/2.0/repositories/acme`. */
export function expandRoute(route: string, params: Readonly<Record<string, string>> = {}): string {
  return route.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`route ${route} needs a value for {${name}}`);
    return encodeURIComponent(value);
  });
}

function dropUndefined(query: HttpRequest["query"]): Record<string, string | number | boolean> | undefined {
  if (!query) return undefined;
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as Record<
    string,
    string | number | boolean
  >;
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries((headers ?? {}) as Record<string, unknown>)) {
    if (value !== undefined && value !== null)
      out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return out;
}
