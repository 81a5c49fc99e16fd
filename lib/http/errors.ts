import type { Problem, ProblemSource } from "../problem";
import type { UrlFailure } from "./endpoint";

/** What went wrong talking to an API, and what the user should do about it. */
export interface ApiErrorDetails {
  /** HTTP status, when the server answered. */
  readonly status?: number;
  /** `METHOD /route/{template}` of the request. */
  readonly route?: string;
  /** One sentence telling the user how to fix it. */
  readonly fix?: string;
}

/** What an error without a fix of its own tells the user. */
const RETRY_LATER = "Re-run the operation; if it keeps failing, the message above says where to look.";

/** Base class of every error the API clients throw. Messages never contain secrets. */
export class ApiError extends Error implements ProblemSource {
  /** What went wrong, without the fix (`message` is both). */
  readonly problem: string;
  readonly status?: number;
  readonly route?: string;
  readonly fix?: string;

  constructor(message: string, details: ApiErrorDetails = {}) {
    super(details.fix ? `${message} ${details.fix}` : message);
    this.name = new.target.name;
    this.problem = message;
    this.status = details.status;
    this.route = details.route;
    this.fix = details.fix;
  }

  /** The error as a `Problem`; `code` is the class name in snake case (`MissingScopesError` → `missing_scopes`). */
  toProblem(): Problem {
    const code = this.name
      .replace(/Error$/, "")
      .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
      .toLowerCase();
    return { code, message: this.problem, fix: this.fix ?? RETRY_LATER };
  }
}

/** The client's request budget is spent; no request was sent. */
export class RequestBudgetExceededError extends ApiError {}

/** Retries (rate limits, server errors, resets, timeouts) did not succeed before the retry deadline. */
export class RetryDeadlineExceededError extends ApiError {
  constructor(
    message: string,
    details: ApiErrorDetails,
    /** The error of the last attempt. */
    readonly lastError: Error,
  ) {
    super(message, details);
  }
}

/** The connection failed, was reset or timed out before a response arrived: worth retrying when that is safe. */
export class NetworkError extends ApiError {
  constructor(
    message: string,
    details: ApiErrorDetails,
    /** The system's error code (`ECONNRESET`, `ECONNABORTED` for a timeout, …). */
    readonly code: string = "unknown",
  ) {
    super(message, details);
  }
}

/**
 * A write that is not safe to resend (a POST) was sent, but its response never arrived (a timeout or a reset): it may
 * have been applied. The caller should look for the object before creating it again.
 */
export class OutcomeUnknownError extends NetworkError {
  readonly mayHaveBeenApplied = true;
}

/** Why an endpoint cannot be reached in a way that retrying cannot fix. */
export type EndpointFailure =
  | UrlFailure
  /** The host name does not resolve (ENOTFOUND). */
  | "dns"
  /** Nothing accepts connections at the host and port (ECONNREFUSED). */
  | "refused"
  /** The server's certificate is not trusted: self-signed, unknown CA, expired, or for another host name. */
  | "tls_certificate"
  /** The server does not speak TLS there (EPROTO): https to a plain-http port. */
  | "tls_protocol";

/**
 * The configured endpoint cannot be used, and retrying will not change that (an unresolvable host, a refused
 * connection, an untrusted certificate, a malformed URL): nothing was retried. The message names the setting and its
 * value (never a secret: URLs are shown without user information).
 */
export class EndpointError extends ApiError {
  constructor(
    message: string,
    details: ApiErrorDetails,
    readonly failure: EndpointFailure,
    /** The setting at fault, e.g. `bitbucket_api_url (BITBUCKET_API_URL)`. */
    readonly setting: string,
    /** The system's error code, when a connection attempt failed. */
    readonly code?: string,
  ) {
    super(message, details);
  }
}

/**
 * An hourly request budget is spent (a request pacer would have to wait past the caller's deadline, or the server
 * answered 429 and the caller asked not to wait): the request was not sent, or not retried. `refillsAt` is when the
 * whole hourly budget is available again, at the latest.
 */
export class HourlyLimitReachedError extends ApiError {
  constructor(
    message: string,
    details: ApiErrorDetails,
    readonly refillsAt: Date,
  ) {
    super(message, details);
  }
}

/** The operation was cancelled by its caller (for example Terraform's Ctrl-C). */
export class CancelledError extends ApiError {}
