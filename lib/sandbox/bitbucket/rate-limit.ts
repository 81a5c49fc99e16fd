import type { SeedCredential } from "../seed";

/** Bitbucket's rate-limited resource groups that this simulator models (bitbucket-cloud.md §5). */
export type ResourceGroup = "repository" | "webhooks";
export const RESOURCE_GROUPS: readonly ResourceGroup[] = ["repository", "webhooks"];

const HOUR_MS = 3_600_000;

/** How much of one budget one subject has spent in the last hour. */
export interface RateLimitUsage {
  /** Whose budget: `user:<nickname>` (API tokens), `token:<credential id>`, `consumer:<credential id>`. */
  readonly subject: string;
  readonly group: ResourceGroup;
  readonly used: number;
  readonly remaining: number;
  readonly limit: number;
}

/**
 * Whose budget a request spends (bitbucket-cloud.md §5, "Updates found 2026-12-02"): all API tokens of one user
 * share the user's budget, each access token has its own, and an OAuth consumer's tokens share the consumer's.
 */
export function rateLimitSubject(credential: SeedCredential): string {
  switch (credential.kind) {
    case "api_token":
    case "app_password":
      return `user:${credential.user}`;
    case "access_token":
      return `token:${credential.id}`;
    case "oauth_consumer":
      return `consumer:${credential.id}`;
  }
}

/** A rolling one-hour request budget per subject and resource group. */
export class RateLimiter {
  private readonly windows = new Map<string, { subject: string; group: ResourceGroup; times: number[] }>();
  /** Budgets set for one group, overriding `hourlyBudget`. */
  private readonly groupBudgets: Partial<Record<ResourceGroup, number>> = {};

  /** Requests per subject, group and hour, for every group without a budget of its own. */
  hourlyBudget = 0;

  constructor(hourlyBudget: number) {
    this.setBudget(hourlyBudget);
  }

  /** The budget of one group. */
  budget(group: ResourceGroup): number {
    return this.groupBudgets[group] ?? this.hourlyBudget;
  }

  /** Sets the budget of one group, or of every group (dropping per-group budgets) when `group` is absent. */
  setBudget(requests: number, group?: ResourceGroup): void {
    if (!Number.isInteger(requests) || requests < 0)
      throw new RangeError(`an hourly budget is a whole number ≥ 0, not ${requests}`);
    if (group) this.groupBudgets[group] = requests;
    else {
      this.hourlyBudget = requests;
      for (const g of RESOURCE_GROUPS) delete this.groupBudgets[g];
    }
  }

  /** Records a request; false when the budget of the last hour is already spent. */
  admit(subject: string, group: ResourceGroup, now: number): boolean {
    const recent = this.recent(subject, group, now);
    if (recent.length >= this.budget(group)) return false;
    recent.push(now);
    return true;
  }

  /** Requests left in the last hour. */
  remaining(subject: string, group: ResourceGroup, now: number): number {
    return Math.max(0, this.budget(group) - this.recent(subject, group, now).length);
  }

  /** Every subject's spending in the last hour, by group. */
  usage(now: number): RateLimitUsage[] {
    return [...this.windows.values()]
      .map(({ subject, group }) => {
        const used = this.recent(subject, group, now).length;
        return { subject, group, used, remaining: Math.max(0, this.budget(group) - used), limit: this.budget(group) };
      })
      .filter((u) => u.used > 0)
      .sort((a, b) => `${a.subject} ${a.group}`.localeCompare(`${b.subject} ${b.group}`));
  }

  /** Forgets every request: each budget is whole again, as after an hour without requests. */
  reset(): void {
    this.windows.clear();
  }

  /** The subject's request times within the hour before `now`, oldest first (older ones are dropped). */
  private recent(subject: string, group: ResourceGroup, now: number): number[] {
    const key = `${subject}\u0000${group}`;
    let window = this.windows.get(key);
    if (!window) this.windows.set(key, (window = { subject, group, times: [] }));
    let expired = 0;
    while (expired < window.times.length && window.times[expired] <= now - HOUR_MS) expired++;
    if (expired > 0) window.times.splice(0, expired);
    return window.times;
  }
}

/** Which group a route belongs to: hooks anywhere are webhook data; other `/2.0/repositories/*` is repository data. */
export function resourceGroupOf(route: string): ResourceGroup | undefined {
  if (route.includes("/hooks")) return "webhooks";
  if (route.startsWith("/2.0/repositories/")) return "repository";
  return undefined;
}
