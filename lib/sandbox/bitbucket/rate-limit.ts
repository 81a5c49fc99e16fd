/** Bitbucket's rate-limited resource groups that this simulator models (bitbucket-cloud.md §5). */
export type ResourceGroup = "repository" | "webhooks";

const HOUR_MS = 3_600_000;

/** A rolling one-hour request budget per credential and resource group. */
export class RateLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(public hourlyBudget: number) {}

  /** Records a request; false when the budget of the last hour is already spent. */
  admit(credentialId: string, group: ResourceGroup, now: number): boolean {
    const key = `${credentialId}\u0000${group}`;
    const recent = (this.windows.get(key) ?? []).filter((t) => t > now - HOUR_MS);
    this.windows.set(key, recent);
    if (recent.length >= this.hourlyBudget) return false;
    recent.push(now);
    return true;
  }

  /** Requests left in the last hour. */
  remaining(credentialId: string, group: ResourceGroup, now: number): number {
    const recent = (this.windows.get(`${credentialId}\u0000${group}`) ?? []).filter((t) => t > now - HOUR_MS);
    return Math.max(0, this.hourlyBudget - recent.length);
  }

  reset(): void {
    this.windows.clear();
  }
}

/** Which group a route belongs to: hooks anywhere are webhook data; other `/2.0/repositories/*` is repository data. */
export function resourceGroupOf(route: string): ResourceGroup | undefined {
  if (route.includes("/hooks")) return "webhooks";
  if (route.startsWith("/2.0/repositories/")) return "repository";
  return undefined;
}
