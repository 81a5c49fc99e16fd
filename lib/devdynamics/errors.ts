import { ApiError, ApiErrorDetails, HttpRequest, HttpResponse, Redactor, retryAfterMs } from "../http";
import type { Problem } from "../problem";
import { DEVDYNAMICS_API_URL_SETTING } from "./api-url";
import type { WireError } from "./wire";

/** Any error answer of the DevDynamics API. `code` is the API's error code (`validation_failed`, …). */
export class DevDynamicsError extends ApiError {
  constructor(
    message: string,
    details: ApiErrorDetails,
    readonly code?: string,
  ) {
    super(message, details);
  }

  /** As a `Problem`, coded with the API's error code when it sent one. */
  toProblem(): Problem {
    const problem = super.toProblem();
    return this.code ? { ...problem, code: this.code } : problem;
  }
}

/** 401: the API key is missing, wrong or revoked. */
export class UnauthorizedError extends DevDynamicsError {}

/** 403: the key is valid but may not do this. */
export class ForbiddenError extends DevDynamicsError {}

/** 400: the request was refused; `fields` maps each offending field (`credential.username`) to what is wrong. */
export class ValidationError extends DevDynamicsError {
  constructor(
    message: string,
    details: ApiErrorDetails,
    readonly fields: Readonly<Record<string, string>>,
  ) {
    super(message, details, "validation_failed");
  }
}

/** 404: the integration does not exist (or belongs to another organization). */
export class NotFoundError extends DevDynamicsError {}

/** 409: the organization already has an integration for this workspace; `existingId` names it. */
export class AlreadyExistsError extends DevDynamicsError {
  constructor(
    message: string,
    details: ApiErrorDetails,
    readonly existingId: string | undefined,
  ) {
    super(message, details, "already_exists");
  }
}

/** 429: too many requests; retried automatically until the retry deadline. */
export class RateLimitedError extends DevDynamicsError {
  constructor(
    message: string,
    details: ApiErrorDetails,
    /** What `Retry-After` asked for, when it was sent. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(message, details, "rate_limited");
  }
}

/** 5xx: DevDynamics failed; idempotent requests are retried automatically until the retry deadline. */
export class ServerError extends DevDynamicsError {}

/** Turns an error answer into its typed error, with the server's text redacted. */
export function toDevDynamicsError(request: HttpRequest, response: HttpResponse, redactor: Redactor): DevDynamicsError {
  const status = response.status;
  const route = `${request.method} ${request.route}`;
  const body: WireError = isRecord(response.data) ? response.data : {};
  const code = typeof body.error?.code === "string" ? body.error.code : undefined;
  const serverMessage = redactor.redact(
    typeof body.error?.message === "string" ? body.error.message : `HTTP ${status}`,
  );
  const message = `DevDynamics answered ${route} with ${status}${code ? ` ${code}` : ""}: ${serverMessage}`;
  const details = isRecord(body.error?.details) ? body.error.details : {};
  const at = (fix: string): ApiErrorDetails => ({ status, route, fix });

  if (status === 400) {
    const fields = Object.fromEntries(
      Object.entries(details).map(([field, problem]) => [field, redactor.redact(String(problem))]),
    );
    const listed = Object.entries(fields)
      .map(([field, problem]) => `${field}: ${problem}`)
      .join("; ");
    return new ValidationError(
      listed ? `${message} (${listed})` : message,
      at("Correct the fields named above and re-run."),
      fields,
    );
  }
  if (status === 401) {
    return new UnauthorizedError(
      message,
      at(
        "Check DEVDYNAMICS_API_KEY (or the provider's devdynamics_api_key): it must be a current API key of your DevDynamics organization.",
      ),
      code,
    );
  }
  if (status === 403) {
    return new ForbiddenError(message, at("Use an API key of the organization that owns this integration."), code);
  }
  if (status === 404) {
    // Only an integration's routes can name something gone; a 404 anywhere else means the URL is not the API's.
    return request.route.includes("{id}")
      ? new NotFoundError(
          message,
          at(
            "The integration no longer exists in this organization; re-create it or remove it from your configuration.",
          ),
          code,
        )
      : new DevDynamicsError(
          message,
          at(
            `Check that ${DEVDYNAMICS_API_URL_SETTING.setting} names the DevDynamics API, such as ${DEVDYNAMICS_API_URL_SETTING.example}.`,
          ),
          code,
        );
  }
  if (status === 409) {
    const existingId = typeof details.existing_id === "string" ? details.existing_id : undefined;
    return new AlreadyExistsError(
      message,
      at(
        `This organization already has a Bitbucket integration for the workspace${existingId ? ` (${existingId})` : ""}; adopt it (import it) or delete it first.`,
      ),
      existingId,
    );
  }
  if (status === 429) {
    return new RateLimitedError(
      message,
      at("Wait and re-run, or raise the retry deadline so the client waits longer."),
      retryAfterMs(response.headers["retry-after"]),
    );
  }
  if (status >= 500) {
    return new ServerError(
      message,
      at("DevDynamics failed; wait and re-run. Retries happen automatically where safe."),
      code,
    );
  }
  return new DevDynamicsError(message, at("This answer is not part of the DevDynamics contract; report it."), code);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
