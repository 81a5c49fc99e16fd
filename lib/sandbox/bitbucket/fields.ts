/**
 * Bitbucket's partial responses (`fields=`, bitbucket-cloud.md §4.2 and the spec's "Partial responses"): bare paths
 * keep only those fields, `-path` removes one, `+path` adds one that the endpoint hides by default while keeping
 * the rest; `*` matches every field of one level (`-*,+foo` keeps only `foo`; `*` alone shows hidden fields too).
 * `+` and `-` apply in the order given. A field name is taken as sent: a `+` that arrived unencoded reads as a space
 * and, as on Bitbucket, matches no field.
 *
 * @param full the whole representation, hidden fields included
 * @param hidden dotted paths the endpoint leaves out unless asked (`values.reviewers` on pull-request listings)
 */
export function applyFields(full: unknown, fields: string | undefined, hidden: readonly string[] = []): unknown {
  const byDefault = hidden.reduce((out, path) => drop(out, split(path)), full);
  const specs = (fields ?? "").split(",").filter((spec) => spec.length > 0);
  if (specs.length === 0) return byDefault;
  const bare = specs.filter((spec) => !spec.startsWith("-") && !spec.startsWith("+"));
  let out = bare.length > 0 ? pick(full, bare.map(split)) : byDefault;
  for (const spec of specs) {
    if (spec.startsWith("-")) out = drop(out, split(spec.slice(1)));
    else if (spec.startsWith("+")) out = merge(out, pick(full, [split(spec.slice(1))]));
  }
  return out;
}

const split = (path: string) => path.split(".");

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Keeps only the given paths; arrays apply the path to each element. */
function pick(value: unknown, paths: string[][]): unknown {
  if (Array.isArray(value)) return value.map((v) => pick(v, paths));
  if (!isRecord(value)) return value;
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
  if (!isRecord(value) || path.length === 0) return value;
  const [head, ...rest] = path;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === head || head === "*") {
      if (rest.length > 0) out[key] = drop(child, rest);
    } else out[key] = child;
  }
  return out;
}

/** `base` with what `extra` adds; both cut from the same document, so arrays line up element by element. */
function merge(base: unknown, extra: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(extra))
    return Array.from({ length: Math.max(base.length, extra.length) }, (_, i) => merge(base[i], extra[i]));
  if (isRecord(base) && isRecord(extra)) {
    const out = { ...base };
    for (const [key, child] of Object.entries(extra)) out[key] = key in base ? merge(base[key], child) : child;
    return out;
  }
  return extra === undefined ? base : extra;
}
