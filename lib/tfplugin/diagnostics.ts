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

/** Any thrown value as diagnostics; unexpected errors keep their message, never their stack. */
export function diagnosticsOf(error: unknown): Diagnostic[] {
  if (error instanceof DiagnosticsError) return [...error.diagnostics];
  if (error instanceof DiagnosticError)
    return [{ severity: "error", summary: error.summary, detail: error.detail, path: error.path }];
  return [
    { severity: "error", summary: "Provider error", detail: error instanceof Error ? error.message : String(error) },
  ];
}
