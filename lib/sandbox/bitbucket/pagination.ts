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

function sortBy(items: unknown[], sort: string): unknown[] {
  const descending = sort.startsWith("-");
  const path = descending ? sort.slice(1) : sort;
  const key = (item: unknown) => String(lookup(item, path) ?? "");
  return [...items].sort((a, b) => key(a).localeCompare(key(b)) * (descending ? -1 : 1));
}
