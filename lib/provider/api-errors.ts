import { ApiError } from "../http";
import { DiagnosticError } from "../tfplugin";

/**
 * Runs an API call on behalf of a resource; an API error becomes a diagnostic saying what was being done, what went
 * wrong and the fix. The clients' messages never hold secrets, so they can be shown as they are.
 */
export async function explained<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    throw new DiagnosticError(`Could not ${action}`, error.fix ? `${error.problem}\nFix: ${error.fix}` : error.problem);
  }
}
