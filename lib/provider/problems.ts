import { ApiError, measureRateLimitWaits } from "../http";
import { formatProblems, Problem } from "../problem";
import { AttributePath, CallContext, Diagnostic, DiagnosticError, DiagnosticsError } from "../tfplugin";

/**
 * Runs an API call on behalf of a resource or data source; an API error becomes a diagnostic saying what was being
 * done ("Could not …"), what went wrong and the fix. The clients' messages never hold secrets.
 */
export async function explained<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    throw new DiagnosticError(`Could not ${action}`, formatProblems(error.toProblem()));
  }
}

/** A problem that fails the call: its summary, then the problem and its fix as `formatProblems` writes them. */
export function problemError(summary: string, problem: Problem, path?: AttributePath): DiagnosticError {
  return new DiagnosticError(summary, formatProblems(problem), path);
}

/** One error diagnostic per problem, each with its fix: Terraform shows them all, so none hides another. */
export function problemDiagnostics(summary: (problem: Problem) => string, problems: readonly Problem[]): Diagnostic[] {
  return problems.map((problem) => ({ severity: "error", summary: summary(problem), detail: formatProblems(problem) }));
}

/** Throws the problems as diagnostics, when there are any. */
export function failOn(summary: (problem: Problem) => string, problems: readonly Problem[]): void {
  if (problems.length > 0) throw new DiagnosticsError(problemDiagnostics(summary, problems));
}

/** Above this much waiting on Bitbucket's rate limits, an operation ends with a warning that says so. */
const WAIT_WARNING_MS = 10_000;

/**
 * Runs one provider call measuring its waits on rate limits; a call held back for more than 10 s ends with a warning
 * saying how long, how often, and which settings change it — so a slow apply never looks like a hang.
 */
export async function reportingRateLimitWaits<T>(ctx: CallContext, run: () => Promise<T>): Promise<T> {
  const { result, waitedMs, waits, pacedMs } = await measureRateLimitWaits(run);
  if (waitedMs + pacedMs > WAIT_WARNING_MS) {
    const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
    const parts = [
      waits > 0 ? `${seconds(waitedMs)} after ${waits} rate-limit answer${waits === 1 ? "" : "s"} (429)` : "",
      pacedMs > 0 ? `${seconds(pacedMs)} pacing itself within Bitbucket's hourly request limit` : "",
    ].filter(Boolean);
    ctx.warn(
      "Held back by rate limits",
      formatProblems({
        message: `This operation waited ${parts.join(" and ")}.`,
        fix: "Run it when the credential's other users are quiet, narrow the repository selection, or set bitbucket_hourly_request_limit (BITBUCKET_HOURLY_REQUEST_LIMIT) to the credential's real limit; retry_deadline_seconds bounds how long it waits.",
      }),
    );
  }
  return result;
}
