/**
 * Bitbucket's partial responses (`fields=`, bitbucket-cloud.md §4.2): bare paths whitelist, `-path` removes,
 * `+path` adds a field that is hidden by default (we hide none, so it is a no-op); `*` matches one level.
 */
export function applyFields(body: unknown, fields: string | undefined): unknown {
  if (!fields) return body;
  const specs = fields
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  const include = specs.filter((s) => !s.startsWith("-") && !s.startsWith("+"));
  const exclude = specs.filter((s) => s.startsWith("-")).map((s) => s.slice(1));
  let out = include.length > 0 && !include.includes("*") ? pick(body, include.map(split)) : body;
  for (const path of exclude) out = drop(out, split(path));
  return out;
}

const split = (path: string) => path.split(".");

/** Keeps only the given paths; arrays apply the path to each element. */
function pick(value: unknown, paths: string[][]): unknown {
  if (Array.isArray(value)) return value.map((v) => pick(v, paths));
  if (value === null || typeof value !== "object") return value;
  if (paths.some((p) => p.length === 0)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const rest = paths.filter((p) => p[0] === key || p[0] === "*").map((p) => p.slice(1));
    if (rest.length > 0) out[key] = pick(child, rest);
  }
  return out;
}

function drop(value: unknown, path: string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => drop(v, path));
  if (value === null || typeof value !== "object" || path.length === 0) return value;
  const [head, ...rest] = path;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === head || head === "*") {
      if (rest.length > 0) out[key] = drop(child, rest);
    } else out[key] = child;
  }
  return out;
}
