import { AsyncLocalStorage } from "node:async_hooks";

/** How long an operation spent held back by rate limits. */
export interface RateLimitWaits {
  /** Wall-clock time during which at least one request waited after a 429 (concurrent waits count once). */
  readonly waitedMs: number;
  /** How many 429 answers were waited out. */
  readonly waits: number;
  /** Wall-clock time during which at least one request waited for a request pacer's token. */
  readonly pacedMs: number;
}

export type RateLimitWaitKind = "rate_limited" | "paced";

/** Adds up wall-clock time over overlapping waits: time counts while at least one wait is running. */
class WallClock {
  private totalMs = 0;
  private running = 0;
  private since = 0;

  start(now: number): void {
    if (this.running++ === 0) this.since = now;
  }

  stop(now: number): void {
    if (--this.running === 0) this.totalMs += now - this.since;
  }

  read(now: number): number {
    return this.totalMs + (this.running > 0 ? now - this.since : 0);
  }
}

/**
 * Measures the rate-limit waits of everything run inside `run`, across every client used there (the clients report
 * to whichever meters enclose the request, through AsyncLocalStorage). Meters nest: an inner meter's waits count
 * for the outer ones too.
 */
export class RateLimitWaitMeter {
  private readonly rateLimited = new WallClock();
  private readonly paced = new WallClock();
  private count = 0;

  run<T>(fn: () => Promise<T>): Promise<T> {
    return meters.run([...(meters.getStore() ?? []), this], fn);
  }

  read(): RateLimitWaits {
    const now = Date.now();
    return { waitedMs: this.rateLimited.read(now), waits: this.count, pacedMs: this.paced.read(now) };
  }

  /** @internal the clients' side */
  start(kind: RateLimitWaitKind): void {
    if (kind === "rate_limited") this.count++;
    (kind === "rate_limited" ? this.rateLimited : this.paced).start(Date.now());
  }

  /** @internal the clients' side */
  stop(kind: RateLimitWaitKind): void {
    (kind === "rate_limited" ? this.rateLimited : this.paced).stop(Date.now());
  }
}

const meters = new AsyncLocalStorage<readonly RateLimitWaitMeter[]>();

/** Runs `fn` and reports, next to its result, how long it was held back by rate limits. */
export async function measureRateLimitWaits<T>(fn: () => Promise<T>): Promise<{ result: T } & RateLimitWaits> {
  const meter = new RateLimitWaitMeter();
  const result = await meter.run(fn);
  return { result, ...meter.read() };
}

/** Runs a wait of the given kind, counted by every meter enclosing the caller. */
export async function countedWait<T>(kind: RateLimitWaitKind, wait: () => Promise<T>): Promise<T> {
  const active = meters.getStore() ?? [];
  for (const meter of active) meter.start(kind);
  try {
    return await wait();
  } finally {
    for (const meter of active) meter.stop(kind);
  }
}
