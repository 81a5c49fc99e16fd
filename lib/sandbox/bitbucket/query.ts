import { BitbucketHttpError } from "./responses";

/**
 * Bitbucket's `q=` filter language (bitbucket-cloud.md §4.3): comparisons on dotted paths joined by AND/OR with
 * parentheses. Operators `=`, `!=`, `~` (contains, case-insensitive), `!~`, `>`, `>=`, `<`, `<=`; values are
 * double-quoted strings, numbers, true/false/null, or unquoted ISO-8601 datetimes.
 */
export type Predicate = (item: unknown) => boolean;

const TOKEN = /\s*(\(|\)|!=|!~|>=|<=|=|~|>|<|"(?:[^"\\]|\\.)*"|[A-Za-z0-9_.:+\-{}]+)/y;

export function parseQuery(q: string): Predicate {
  const tokens = tokenize(q);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => {
    if (pos >= tokens.length) throw invalid(q, "unexpected end");
    return tokens[pos++];
  };

  const orExpr = (): Predicate => {
    let left = andExpr();
    while (peek()?.toUpperCase() === "OR") {
      pos++;
      const [a, b] = [left, andExpr()];
      left = (item) => a(item) || b(item);
    }
    return left;
  };
  const andExpr = (): Predicate => {
    let left = term();
    while (peek()?.toUpperCase() === "AND") {
      pos++;
      const [a, b] = [left, term()];
      left = (item) => a(item) && b(item);
    }
    return left;
  };
  const term = (): Predicate => {
    if (peek() === "(") {
      pos++;
      const inner = orExpr();
      if (next() !== ")") throw invalid(q, "missing )");
      return inner;
    }
    const path = next();
    const op = next();
    const value = literal(next());
    return (item) => compare(lookup(item, path), op, value, q);
  };

  const predicate = orExpr();
  if (pos !== tokens.length) throw invalid(q, `unexpected ${tokens[pos]}`);
  return predicate;
}

function tokenize(q: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < q.length) {
    if (/^\s*$/.test(q.slice(TOKEN.lastIndex))) break;
    const match = TOKEN.exec(q);
    if (!match) throw invalid(q, `cannot read ${q.slice(TOKEN.lastIndex)}`);
    tokens.push(match[1]);
  }
  return tokens;
}

function literal(token: string): string | number | boolean | null {
  if (token.startsWith('"')) return JSON.parse(token) as string;
  if (token === "true" || token === "false") return token === "true";
  if (token === "null") return null;
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  return token; // an unquoted datetime compares as text
}

function compare(actual: unknown, op: string, expected: string | number | boolean | null, q: string): boolean {
  switch (op) {
    case "=":
      return (actual ?? null) === expected;
    case "!=":
      return (actual ?? null) !== expected;
    case "~":
    case "!~": {
      const contains = String(actual ?? "")
        .toLowerCase()
        .includes(String(expected).toLowerCase());
      return op === "~" ? contains : !contains;
    }
    case ">":
    case ">=":
    case "<":
    case "<=": {
      if (actual === undefined || actual === null || expected === null) return false;
      const [a, b] = [actual as string | number, expected as string | number];
      return op === ">" ? a > b : op === ">=" ? a >= b : op === "<" ? a < b : a <= b;
    }
    default:
      throw invalid(q, `unknown operator ${op}`);
  }
}

/** The value at a dotted path (`project.key`) of a rendered object. */
export function lookup(item: unknown, path: string): unknown {
  let value: unknown = item;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function invalid(q: string, why: string): BitbucketHttpError {
  return new BitbucketHttpError(400, `Invalid query: ${why}`, { data: { query: q } });
}
