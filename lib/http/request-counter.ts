/** Counts the HTTP requests a client sent, by `METHOD /route/{template}`. */
export class RequestCounter {
  private readonly counts = new Map<string, number>();

  record(method: string, route: string): void {
    const key = `${method} ${route}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Requests sent, optionally only those for one route key (`GET /2.0/user`). */
  total(routeKey?: string): number {
    if (routeKey !== undefined) return this.counts.get(routeKey) ?? 0;
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  /** A copy of the counts, keyed by `METHOD /route/{template}`. */
  byRoute(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.counts.clear();
  }
}
