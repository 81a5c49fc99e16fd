/** One request a simulator received. */
export interface LoggedRequest {
  readonly seq: number;
  readonly method: string;
  /**
   * The route template (`/2.0/repositories/{workspace}`), the same name the clients count under; `(unrouted)` for a
   * request no route matched (an unknown path, or a method the path does not take).
   */
  readonly route: string;
  readonly path: string;
  /** The HTTP status sent, or what the fault injector did instead of answering. */
  readonly status: number | "reset" | "hang" | "lost";
  /** The seed id of the credential that made the request (never the secret), when one was recognised. */
  readonly credential?: string;
  readonly durationMs: number;
}

export interface RequestFilter {
  readonly method?: string;
  readonly route?: string;
  readonly credential?: string;
  /** Only POST, PUT, PATCH and DELETE, unrouted ones included. */
  readonly writesOnly?: boolean;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Every request a simulator received, with counters that tests compare to the clients' own counts. */
export class RequestLog {
  private readonly items: LoggedRequest[] = [];

  record(entry: Omit<LoggedRequest, "seq">): void {
    this.items.push({ seq: this.items.length + 1, ...entry });
  }

  entries(filter: RequestFilter = {}): LoggedRequest[] {
    return this.items.filter(
      (e) =>
        (filter.method === undefined || e.method === filter.method) &&
        (filter.route === undefined || e.route === filter.route) &&
        (filter.credential === undefined || e.credential === filter.credential) &&
        (!filter.writesOnly || WRITE_METHODS.has(e.method)),
    );
  }

  count(filter: RequestFilter = {}): number {
    return this.entries(filter).length;
  }

  /** Counts keyed by `METHOD /route/{template}`, like `RequestCounter.byRoute()` in the clients. */
  byRoute(filter: RequestFilter = {}): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const e of this.entries(filter)) {
      const key = `${e.method} ${e.route}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
  }

  clear(): void {
    this.items.length = 0;
  }

  /** A small text table of counts by route and credential, for the CLI. */
  format(): string {
    const rows = new Map<string, number>();
    for (const e of this.items) {
      const key = `${e.method} ${e.route}\t${e.credential ?? "-"}`;
      rows.set(key, (rows.get(key) ?? 0) + 1);
    }
    const lines = [...rows.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${String(n).padStart(6)}  ${k}`);
    return [`${String(this.items.length).padStart(6)}  requests in all`, ...lines].join("\n");
  }
}
