import { ApiError, ApiErrorDetails, endpointNotFoundError, HttpRequest, HttpResponse, Redactor } from "../http";
import { credentialKind, CredentialKind } from "./credential-kinds";
import { BITBUCKET_API_URL_SETTING } from "./inputs";

/** 401: Bitbucket did not accept the credential. */
export class AuthenticationError extends ApiError {}

/** 403: the credential lacks scopes. `missing` is what to add, in the credential's vocabulary. */
export class MissingScopesError extends ApiError {
  constructor(
    message: string,
    details: ApiErrorDetails,
    readonly granted: readonly string[],
    readonly required: readonly string[],
    readonly missing: readonly string[],
  ) {
    super(message, details);
  }
}

/** 403: the account or token lacks a permission (admin, owner) on the resource. */
export class PermissionError extends ApiError {}
/** 404 */
export class NotFoundError extends ApiError {}
/** 409 */
export class ConflictError extends ApiError {}
/** 410: an endpoint Bitbucket removed. */
export class GoneError extends ApiError {}
/** 429, after the retry deadline passed. */
export class RateLimitedError extends ApiError {}
/** 5xx */
export class ServerError extends ApiError {}
/** 400 and other client errors; `fields` names each invalid input. */
export class BadRequestError extends ApiError {
  constructor(
    message: string,
    details: ApiErrorDetails,
    readonly fields: Readonly<Record<string, readonly string[]>> = {},
  ) {
    super(message, details);
  }
}

interface BitbucketErrorBody {
  error?: { message?: string; detail?: unknown; fields?: Record<string, string[]> };
}

const BEARER_REFUSED = "Token is invalid, expired, or not supported for this endpoint.";
/** The start of the `detail` Bitbucket sends for a path it has no API at (a wrong API URL path, not a lookup miss). */
const NO_API_HERE = "There is no API hosted at this URL";

/**
 * Turns Bitbucket's error answers into typed errors whose messages say what to do, without any secret. `apiUrl` is
 * the API URL in use: a 404 that is not a lookup miss names it.
 */
export function bitbucketErrorMapper(kind: CredentialKind, redactor: Redactor, apiUrl: string) {
  return (request: HttpRequest, response: HttpResponse): ApiError => {
    const route = `${request.method} ${request.route}`;
    const body =
      typeof response.data === "object" && response.data !== null ? (response.data as BitbucketErrorBody) : {};
    const text = redactor.redact(body.error?.message ?? (typeof response.data === "string" ? response.data : "") ?? "");
    const details = (fix: string): ApiErrorDetails => ({ status: response.status, route, fix });
    const said = text ? `: ${text}` : "";
    switch (true) {
      case response.status === 401:
        return new AuthenticationError(
          `Bitbucket refused the ${credentialKind(kind).label} (401)${said}.`,
          details(authenticationFix(kind, text)),
        );
      case response.status === 403 && isScopeDetail(body.error?.detail): {
        const { granted, required } = body.error!.detail as { granted: string[]; required: string[] };
        const missing = required.filter((s) => !granted.includes(s));
        return new MissingScopesError(
          `The credential lacks the scope${missing.length === 1 ? "" : "s"} ${missing.join(", ")} needed for ${route}.`,
          details(missing.map((s) => credentialKind(kind).fixes.missingScope(s)).join(" ")),
          granted,
          required,
          missing,
        );
      }
      case response.status === 403:
        return new PermissionError(
          `Bitbucket denied ${route}${said}.`,
          details(
            !credentialKind(kind).actsAsUser && request.route.startsWith("/2.0/user")
              ? "Access tokens act as no user: use an API token or an OAuth consumer for this."
              : "Use the credential of an account with the permission this needs (repository admin for repository webhooks, workspace owner for workspace webhooks).",
          ),
        );
      case response.status === 404 && isNoApiHere(response.data, body):
        return endpointNotFoundError(apiUrl, BITBUCKET_API_URL_SETTING, route);
      case response.status === 404:
        return new NotFoundError(
          `Not found: ${route}${said}.`,
          details("Check the workspace and repository names, and that the credential can see them."),
        );
      case response.status === 409:
        return new ConflictError(`Conflict on ${route}${said}.`, details("Re-read the resource and try again."));
      case response.status === 410:
        return new GoneError(
          `Bitbucket removed ${route}${said}.`,
          details(
            "Use the workspace-scoped endpoints (/2.0/user/workspaces, /2.0/repositories/{workspace}); this client never calls removed ones, so please report it.",
          ),
        );
      case response.status === 429:
        return new RateLimitedError(
          `Bitbucket's rate limit for this credential is spent (${route}).`,
          details(
            "Bitbucket allows about 1,000 requests an hour per resource group: wait, or narrow the repository selection.",
          ),
        );
      case response.status >= 500:
        return new ServerError(
          `Bitbucket failed to answer ${route} (${response.status})${said}.`,
          details("Retry later."),
        );
      default:
        return new BadRequestError(
          `Bitbucket rejected ${route} (${response.status})${said}${fieldsText(body.error?.fields)}.`,
          details("Correct the fields named above."),
          body.error?.fields ?? {},
        );
    }
  };
}

function authenticationFix(kind: CredentialKind, message: string): string {
  if (message === BEARER_REFUSED && credentialKind(kind).authorization !== "basic") {
    return "If this is an Atlassian API token, configure it as an API token with your account email: API tokens are sent over Basic, not Bearer.";
  }
  return credentialKind(kind).fixes.authenticationFailed;
}

/**
 * A 404 that says the URL is wrong rather than the workspace, repository or hook missing: Bitbucket's own answer for
 * a path it hosts no API at, or a page that is not JSON at all (another server). An empty 404 stays a lookup miss.
 */
function isNoApiHere(data: unknown, body: BitbucketErrorBody): boolean {
  if (typeof data === "string") return data.trim().length > 0;
  const detail = body.error?.detail;
  return typeof detail === "string" && detail.startsWith(NO_API_HERE);
}

function isScopeDetail(detail: unknown): boolean {
  return typeof detail === "object" && detail !== null && Array.isArray((detail as { granted?: unknown }).granted);
}

function fieldsText(fields: Record<string, string[]> | undefined): string {
  if (!fields) return "";
  return (
    " (" +
    Object.entries(fields)
      .map(([f, msgs]) => `${f}: ${msgs.join(" ")}`)
      .join("; ") +
    ")"
  );
}
