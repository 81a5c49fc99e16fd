/** A path to an attribute: names, list indexes or map keys. */
export type AttributePath = readonly (string | number)[];

export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly path?: AttributePath;
}

/** Thrown by provider code: becomes one error diagnostic, pointing at `path` in the configuration. */
export class DiagnosticError extends Error {
  constructor(
    readonly summary: string,
    readonly detail?: string,
    readonly path?: AttributePath,
  ) {
    super(detail ? `${summary}: ${detail}` : summary);
    this.name = "DiagnosticError";
  }
}

/** Thrown by provider code with several diagnostics at once (e.g. every problem of a credential). */
export class DiagnosticsError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => d.summary).join("; "));
    this.name = "DiagnosticsError";
  }
}

/**
 * Any thrown value as diagnostics. A DiagnosticError says what went wrong in the user's terms; anything else is
 * a bug, reported under a summary that names what was being done (`operation`, e.g. "creating example_thing"),
 * with its message (never its stack) and a request to report it.
 */
export function diagnosticsOf(error: unknown, operation: string): Diagnostic[] {
  if (error instanceof DiagnosticsError) return [...error.diagnostics];
  if (error instanceof DiagnosticError)
    return [{ severity: "error", summary: error.summary, detail: error.detail, path: error.path }];
  const message = error instanceof Error ? error.message : String(error);
  return [
    {
      severity: "error",
      summary: `Unexpected error while ${operation}`,
      detail: `${message}\n\nThe provider did not expect this error: it is a bug in the provider, please report it with this message.`,
    },
  ];
}
