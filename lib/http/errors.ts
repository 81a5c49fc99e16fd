/** What went wrong talking to an API, and what the user should do about it. */
export interface ApiErrorDetails {
  /** HTTP status, when the server answered. */
  readonly status?: number;
  /** `METHOD /route/{template}` of the request. */
  readonly route?: string;
  /** One sentence telling the user how to fix it. */
  readonly fix?: string;
}

/** Base class of every error the API clients throw. Messages never contain secrets. */
export class ApiError extends Error {
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
}

/** The client's request budget is spent; no request was sent. */
export class RequestBudgetExceededError extends ApiError {}

/** Retries (rate limits, server errors, resets) did not succeed before the retry deadline. */
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

/** The connection failed or was reset before a response arrived. */
export class NetworkError extends ApiError {}

/** The operation was cancelled by its caller (for example Terraform's Ctrl-C). */
export class CancelledError extends ApiError {}
