import axios, { AxiosInstance, AxiosError } from "axios";
import { setTimeout as sleep } from "node:timers/promises";
import { backoffDelayMs, retryAfterMs } from "./backoff";
import { ApiError, CancelledError, NetworkError, RetryDeadlineExceededError } from "./errors";
import { Redactor } from "./redact";
import { RequestBudget } from "./request-budget";
import { RequestCounter } from "./request-counter";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface HttpRequest {
  readonly method: HttpMethod;
  /** The route template, e.g. `/2.0/repositories/{workspace}`; requests are counted under it. */
  readonly route: string;
  /** Values for the route's `{placeholders}`; they are URL-encoded. */
  readonly params?: Readonly<Record<string, string>>;
  /** An absolute URL to call instead of the expanded route (a `next` page link); still counted under `route`. */
  readonly url?: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** JSON body. */
  readonly body?: unknown;
  /** Form body (`application/x-www-form-urlencoded`), used by OAuth token requests. */
  readonly form?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** Whether resending after a 5xx or a reset is safe. Defaults to true for GET, PUT and DELETE. */
  readonly idempotent?: boolean;
  /** Skips the client's `authorize` hook (for token endpoints that authenticate differently). */
  readonly skipAuthorization?: boolean;
  readonly signal?: AbortSignal;
}

export interface HttpResponse<T = unknown> {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly data: T;
}

export interface RetryPolicy {
  /** Give up retrying once this much time has passed since the first attempt. */
  readonly deadlineMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { deadlineMs: 120_000, baseDelayMs: 500, maxDelayMs: 30_000 };

export type LogLevel = "debug" | "info" | "warn";

export interface HttpClientOptions {
  readonly baseUrl: string;
  /** Maps a non-2xx response to the client's typed error. */
  readonly toError: (request: HttpRequest, response: HttpResponse) => ApiError;
  /** Adds authentication headers to a request. */
  readonly authorize?: (request: HttpRequest) => Promise<Readonly<Record<string, string>>>;
  readonly redactor: Redactor;
  readonly retry?: RetryPolicy;
  readonly budget?: RequestBudget;
  readonly counter?: RequestCounter;
  /** Per-attempt timeout. */
  readonly timeoutMs?: number;
  readonly userAgent?: string;
  /** Receives one line per attempt: method, route, status, attempt, duration. Never headers or bodies. */
  readonly log?: (level: LogLevel, message: string) => void;
  /** Injectable for tests of the backoff itself. */
  readonly random?: () => number;
}

/** A status worth retrying: rate limited, or a server error on an idempotent request. */
function isRetryableStatus(status: number, idempotent: boolean): boolean {
  return status === 429 || (idempotent && status >= 500);
}

/**
 * The HTTP discipline both API clients share: counts every attempt by route, never exceeds the request
 * budget, retries rate limits, server errors and resets with jittered exponential backoff until a deadline,
 * and turns failures into typed errors without secrets in them.
 */
export class HttpClient {
  readonly counter: RequestCounter;
  private readonly axios: AxiosInstance;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: HttpClientOptions) {
    this.counter = options.counter ?? new RequestCounter();
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.axios = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ""),
      timeout: options.timeoutMs ?? 30_000,
      // We judge statuses ourselves, so that errors are typed and never carry the request's headers.
      validateStatus: () => true,
      maxRedirects: 0,
      headers: options.userAgent ? { "User-Agent": options.userAgent } : {},
    });
  }

  async request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>> {
    const idempotent = request.idempotent ?? request.method !== "POST";
    const started = Date.now();
    const routeKey = `${request.method} ${request.route}`;
    for (let attempt = 1; ; attempt++) {
      let failure: ApiError;
      let waitHintMs: number | undefined;
      try {
        const response = await this.send<T>(request, attempt);
        if (response.status < 400) return response;
        failure = this.options.toError(request, response);
        if (!isRetryableStatus(response.status, idempotent)) throw failure;
        waitHintMs = retryAfterMs(response.headers["retry-after"]);
      } catch (error) {
        if (!(error instanceof NetworkError) || !idempotent) throw error;
        failure = error;
      }
      const delay = Math.max(
        waitHintMs ?? 0,
        backoffDelayMs(attempt, this.retry.baseDelayMs, this.retry.maxDelayMs, this.options.random),
      );
      if (Date.now() + delay - started > this.retry.deadlineMs) {
        throw new RetryDeadlineExceededError(
          `${routeKey} still failed after ${attempt} attempts over ${Math.round((Date.now() - started) / 1000)} s: ${failure.message}`,
          {
            status: failure.status,
            route: routeKey,
            fix: "Wait and re-run; if this keeps happening, raise the retry deadline or lower the number of requests the operation needs.",
          },
          failure,
        );
      }
      this.options.log?.(
        "warn",
        `${routeKey} attempt ${attempt} failed (${failure.status ?? "network"}); retrying in ${delay} ms`,
      );
      await this.pause(delay, request, routeKey);
    }
  }

  private async pause(ms: number, request: HttpRequest, routeKey: string): Promise<void> {
    try {
      await sleep(ms, undefined, { signal: request.signal });
    } catch {
      throw new CancelledError(`${routeKey} was cancelled while waiting to retry.`, { route: routeKey });
    }
  }

  private async send<T>(request: HttpRequest, attempt: number): Promise<HttpResponse<T>> {
    const routeKey = `${request.method} ${request.route}`;
    if (request.signal?.aborted) throw new CancelledError(`${routeKey} was cancelled.`, { route: routeKey });
    // Authorize first: it may send a request of its own (an OAuth token), and if that fails this one is never sent,
    // so it must not be counted or take from the budget.
    const auth = request.skipAuthorization || !this.options.authorize ? {} : await this.options.authorize(request);
    this.options.budget?.take(routeKey);
    this.counter.record(request.method, request.route);
    const sentAt = Date.now();
    try {
      const response = await this.axios.request({
        method: request.method,
        url: request.url ?? expandRoute(request.route, request.params),
        params: request.url ? undefined : dropUndefined(request.query),
        data: request.form ? new URLSearchParams(request.form as Record<string, string>).toString() : request.body,
        headers: {
          ...(request.form ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
          ...request.headers,
          ...auth,
        },
        signal: request.signal,
      });
      this.options.log?.("debug", `${routeKey} → ${response.status} (attempt ${attempt}, ${Date.now() - sentAt} ms)`);
      return { status: response.status, headers: lowerCaseHeaders(response.headers), data: response.data as T };
    } catch (error) {
      if (axios.isCancel(error) || request.signal?.aborted) {
        throw new CancelledError(`${routeKey} was cancelled.`, { route: routeKey });
      }
      const code = (error as AxiosError).code ?? "unknown";
      this.options.log?.("debug", `${routeKey} → ${code} (attempt ${attempt}, ${Date.now() - sentAt} ms)`);
      throw new NetworkError(this.options.redactor.redact(`${routeKey} failed before a response arrived (${code}).`), {
        route: routeKey,
        fix: "Check the API URL and your network; the request is retried automatically when that is safe.",
      });
    }
  }
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
