import { isUnknown } from "../tfplugin";

/** The keys of a map that is known (its values may still be unknown: only the keys count). */
export function knownKeys(value: unknown): string[] | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !isUnknown(value)
    ? Object.keys(value)
    : undefined;
}

/**
 * A selection of repositories as the provider keeps it: a map keyed by slug, because Terraform plans maps of
 * thousands in linear time and lists of thousands in quadratic time. Values carry no meaning for DevDynamics (the
 * construct passes each repository's UUID); a slug that was there keeps its value.
 */
export function keyedBySlug(
  slugs: readonly string[],
  previous: Readonly<Record<string, string>> | null,
): Record<string, string> {
  return Object.fromEntries(slugs.map((slug) => [slug, previous?.[slug] ?? ""]));
}
