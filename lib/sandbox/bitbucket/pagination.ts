import type { Request } from "express";
import { lookup, parseQuery } from "./query";
import { BitbucketHttpError } from "./responses";

/** Most listings allow 100 items a page; pull requests only 50 (bitbucket-cloud.md §4.1). */
export const DEFAULT_PAGELEN_CAP = 100;
export const PULL_REQUEST_PAGELEN_CAP = 50;

/**
 * Filters (`q`), sorts (`sort`) and pages rendered items like Bitbucket's page-number pagination:
 * `size`, `page`, `pagelen`, `values`, and absolute `next`/`previous` links that carry the original query.
 */
export function paginate(
  req: Request,
  baseUrl: string,
  items: readonly unknown[],
  cap = DEFAULT_PAGELEN_CAP,
  defaultPagelen = 10,
) {
  const query = req.query as Record<string, string | undefined>;
  const pagelen = query.pagelen === undefined ? defaultPagelen : Number(query.pagelen);
  if (!Number.isInteger(pagelen) || pagelen < 1 || pagelen > cap) throw new BitbucketHttpError(400, "Invalid pagelen");
  const page = query.page === undefined ? 1 : Number(query.page);
  if (!Number.isInteger(page) || page < 1) throw new BitbucketHttpError(400, "Invalid page");

  let selected = query.q ? items.filter(parseQuery(query.q)) : [...items];
  if (query.sort) selected = sortBy(selected, query.sort);
  const values = selected.slice((page - 1) * pagelen, page * pagelen);
  const link = (n: number) => {
    const url = new URL(req.originalUrl, baseUrl);
    url.searchParams.set("page", String(n));
    return url.toString();
  };
  return {
    size: selected.length,
    page,
    pagelen,
    ...(page * pagelen < selected.length ? { next: link(page + 1) } : {}),
    ...(page > 1 ? { previous: link(page - 1) } : {}),
    values,
  };
}

/** Sorts on one field, ascending or (`-field`) descending; items without the field come last when ascending. */
function sortBy(items: unknown[], sort: string): unknown[] {
  const descending = sort.startsWith("-");
  const path = descending ? sort.slice(1) : sort;
  return [...items].sort((a, b) => compareValues(lookup(a, path), lookup(b, path)) * (descending ? -1 : 1));
}

/** Numbers as numbers and booleans false first; text in locale order, as a database collation would; a missing value after any other. */
function compareValues(a: unknown, b: unknown): number {
  if (a === undefined || a === null || b === undefined || b === null) return Number(a == null) - Number(b == null);
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return String(a).localeCompare(String(b));
}
