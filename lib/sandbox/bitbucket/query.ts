import { BitbucketHttpError } from "./responses";

/**
 * Bitbucket's `q=` filter language (bitbucket-cloud.md §4.3, the spec's "Filter and sort API objects"): comparisons
 * on dotted paths joined by AND/OR with parentheses. Operators `=`, `!=`, `~` (contains, case-insensitive), `!~`,
 * `>`, `>=`, `<`, `<=`, `IN` and `NOT IN` (a parenthesised list); values are double-quoted strings, numbers,
 * true/false/null, or unquoted ISO-8601 datetimes (UTC unless they carry an offset).
 */
export type Predicate = (item: unknown) => boolean;

/** An unquoted datetime, as milliseconds since the epoch. */
interface Datetime {
  readonly epochMs: number;
}
type Literal = string | number | boolean | null | Datetime;

const COMPARISONS = new Set(["=", "!=", "~", "!~", ">", ">=", "<", "<="]);
const TOKEN = /\s*(\(|\)|,|!=|!~|>=|<=|=|~|>|<|"(?:[^"\\]|\\.)*"|[A-Za-z0-9_.:+\-{}]+)/y;

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
    let op = next().toUpperCase();
    if (op === "NOT" && peek()?.toUpperCase() === "IN") op = `NOT ${next().toUpperCase()}`;
    if (op === "IN" || op === "NOT IN") {
      const values = list();
      const wanted = op === "IN";
      return (item) => values.some((v) => compare(lookup(item, path), "=", v, q)) === wanted;
    }
    if (!COMPARISONS.has(op)) throw invalid(q, `unknown operator ${op}`);
    const value = literal(next());
    return (item) => compare(lookup(item, path), op, value, q);
  };
  const list = (): Literal[] => {
    if (next() !== "(") throw invalid(q, "IN wants a list in parentheses");
    const values = [literal(next())];
    while (peek() === ",") {
      pos++;
      values.push(literal(next()));
    }
    if (next() !== ")") throw invalid(q, "missing ) after the list");
    return values;
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

const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function literal(token: string): Literal {
  if (token.startsWith('"')) return JSON.parse(token) as string;
  if (token === "true" || token === "false") return token === "true";
  if (token === "null") return null;
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  const datetime = DATETIME.exec(token);
  if (datetime) return { epochMs: epochMs(datetime[1] ? token : `${token}T00:00`, datetime[4] === undefined) };
  throw new BitbucketHttpError(400, `Invalid query: ${token} is not a value (strings are double-quoted)`);
}

/** Milliseconds since the epoch of an ISO-8601 datetime; one without an offset is UTC. */
function epochMs(iso: string, utc: boolean): number {
  return Date.parse(utc ? `${iso}Z` : iso);
}

/** The value to compare a literal with: datetimes are compared as instants, when the field holds one. */
function comparable(actual: unknown, expected: Literal): unknown {
  if (expected === null || typeof expected !== "object") return actual ?? null;
  const ms = typeof actual === "string" ? Date.parse(actual) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

function compare(rawActual: unknown, op: string, literalValue: Literal, q: string): boolean {
  const actual = comparable(rawActual, literalValue);
  const expected = literalValue !== null && typeof literalValue === "object" ? literalValue.epochMs : literalValue;
  switch (op) {
    case "=":
      return actual === expected;
    case "!=":
      return actual !== expected;
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
      if (actual === null || expected === null || typeof actual !== typeof expected) return false;
      const [a, b] = [actual as string | number | boolean, expected];
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
