/**
 * The one shape of "something is wrong, and here is what to do about it" across the clients, the provider, the
 * preflight check and the constructs, and the one way of writing it out.
 */
export interface Problem {
  /** A stable, machine-readable name (`missing_scope`, `authentication_failed`, …), when there is one. */
  readonly code?: string;
  /** What is wrong, as one or two sentences, without the fix. */
  readonly message: string;
  /** What the user should do about it. */
  readonly fix: string;
}

/** Anything that can describe itself as a problem: the clients' errors, the credential error. */
export interface ProblemSource {
  toProblem(): Problem;
}

/**
 * The problem and its fix on the next line (`…\nFix: …`); several problems as a numbered list, each with its fix,
 * so that none is lost when a caller reports them at once.
 */
export function formatProblems(problems: Problem | readonly Problem[]): string {
  const list: readonly Problem[] = isProblemList(problems) ? problems : [problems];
  if (list.length === 1) return `${list[0].message}\nFix: ${list[0].fix}`;
  return list.map((p, i) => `${i + 1}. ${p.message}\n   Fix: ${p.fix}`).join("\n");
}

function isProblemList(problems: Problem | readonly Problem[]): problems is readonly Problem[] {
  return Array.isArray(problems);
}

/** A value the user typed, shortened to `max` characters with "…" for a message. Callers never pass secrets here. */
export function shortened(value: string, max = 40): string {
  const chars = [...value];
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : value;
}

/** `shortened`, in double quotes (escaped as JSON), so that a 10 KB value is never echoed back whole. */
export function quoted(value: string, max = 40): string {
  return JSON.stringify(shortened(value, max));
}
