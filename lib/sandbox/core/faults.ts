/** What a fault does to a matching request. */
export type FaultKind =
  /** Wait `ms` before handling the request normally. */
  | "latency"
  /** Answer `status` (default 503) instead of handling the request. */
  | "status"
  /** Destroy the connection without answering. */
  | "reset"
  /** Never answer (until the simulator stops). */
  | "hang"
  /** Handle the request (its changes happen) but never answer: a crash or lost connection right after a write. */
  | "lose-response";

export interface FaultRule {
  readonly kind: FaultKind;
  /** Only this method; all methods when absent. */
  readonly method?: string;
  /**
   * Only this route template (`/2.0/user`), or the templates a pattern matches, where `*` stands for any characters
   * (`/2.0/repositories/*`, or `*` + `/hooks*` for every hook route); every route when absent.
   */
  readonly route?: string;
  readonly ms?: number;
  readonly status?: number;
  /** Headers to send with a status fault, e.g. `{"Retry-After": "60"}` (Bitbucket's own 429s send none). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Fraction of matching requests affected, 0–1 (default 1), drawn from a seeded generator so runs repeat. */
  readonly probability?: number;
  /** Stop after affecting this many requests. */
  readonly times?: number;
}

/** A rule as added, with its id and how many more requests it may affect. */
export interface ActiveFaultRule extends FaultRule {
  readonly id: number;
  remaining: number;
}

/** Per-route fault injection for tests: latency, 5xx, resets and hangs. */
export class FaultInjector {
  private rules: ActiveFaultRule[] = [];
  private nextId = 1;
  private state: number;

  constructor(seed = 0x5eed) {
    this.state = seed >>> 0;
  }

  /** Adds a rule; returns its id for `remove`. */
  add(rule: FaultRule): number {
    const id = this.nextId++;
    this.rules.push({ ...rule, id, remaining: rule.times ?? Infinity });
    return id;
  }

  remove(id: number): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  /** The rules in force, in the order they were added. */
  list(): readonly ActiveFaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /**
   * The faults to apply to this request: an added latency and at most one terminal fault (status, reset or
   * hang), the earliest added that matches. Only rules that are applied use up their `times`.
   */
  select(method: string, route: string): { latency?: FaultRule; terminal?: FaultRule } {
    const chosen: { latency?: FaultRule; terminal?: FaultRule } = {};
    for (const rule of this.rules) {
      const slot = rule.kind === "latency" ? "latency" : "terminal";
      if (chosen[slot] || rule.remaining <= 0) continue;
      if (rule.method !== undefined && rule.method !== method) continue;
      if (rule.route !== undefined && !routeMatches(rule.route, route)) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      rule.remaining--;
      chosen[slot] = rule;
    }
    return chosen;
  }

  /** mulberry32: tiny, seeded, good enough to spread faults evenly. */
  private random(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** Whether a route template is the rule's route, or matches it as a pattern whose `*` stands for any characters. */
function routeMatches(pattern: string, route: string): boolean {
  if (!pattern.includes("*")) return pattern === route;
  const parts = pattern.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".*")}$`).test(route);
}
