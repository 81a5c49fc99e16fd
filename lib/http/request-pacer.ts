import { setTimeout as sleep } from "node:timers/promises";
import { CancelledError, HourlyLimitReachedError } from "./errors";

const HOUR_MS = 3_600_000;

export interface RequestPacerOptions {
  /** Requests the server allows per rolling hour. */
  readonly hourlyLimit: number;
  /** What the budget is for, in messages: `Bitbucket webhooks`. */
  readonly name: string;
  /** Requests of this hour already spent by others (another process of the same run): the bucket starts that much lower. */
  readonly spentElsewhere?: number;
  /** Injectable clock, for tests of the arithmetic. */
  readonly now?: () => number;
}

export interface PaceOptions {
  /** `METHOD /route` of the request, for messages. */
  readonly route: string;
  readonly signal?: AbortSignal;
  /** Epoch ms: a wait that would end later throws `HourlyLimitReachedError` at once instead of waiting. */
  readonly notAfter?: number;
}

/**
 * Keeps a client inside a server's hourly request limit, so a long operation never provokes a 429: a token bucket
 * holding up to the hourly limit, refilled continuously at limit/3600 per second. Each request takes one token;
 * when none is left it waits its turn (waiters are served in order: each reserves the next token to come).
 */
export class RequestPacer {
  readonly hourlyLimit: number;
  readonly name: string;
  private readonly now: () => number;
  private readonly perMs: number;
  /** Tokens at `updatedAt`; negative while waiters hold reservations. */
  private tokens: number;
  private updatedAt: number;

  constructor(options: RequestPacerOptions) {
    if (!Number.isInteger(options.hourlyLimit) || options.hourlyLimit < 1)
      throw new RangeError(`hourly request limit must be a whole number ≥ 1, got ${options.hourlyLimit}`);
    this.hourlyLimit = options.hourlyLimit;
    this.name = options.name;
    this.now = options.now ?? Date.now;
    this.perMs = options.hourlyLimit / HOUR_MS;
    this.tokens = Math.max(0, options.hourlyLimit - (options.spentElsewhere ?? 0));
    this.updatedAt = this.now();
  }

  /** Waits until a request may be sent, and takes its token. Resolves to the time waited, in ms. */
  async take(options: PaceOptions): Promise<number> {
    const wait = this.reserve(options);
    if (wait === 0) return 0;
    try {
      await sleep(wait, undefined, { signal: options.signal });
      return wait;
    } catch {
      this.tokens += 1; // give the reservation back
      throw new CancelledError(`${options.route} was cancelled while waiting for ${this.name}'s hourly budget.`, {
        route: options.route,
      });
    }
  }

  /** When the bucket is full again (every reservation served and the whole hourly limit available). */
  refillsAt(): Date {
    this.refill();
    return new Date(this.updatedAt + Math.ceil((this.hourlyLimit - this.tokens) / this.perMs));
  }

  /** Tokens available now (whole requests that would be sent without waiting). */
  get available(): number {
    this.refill();
    return Math.max(0, Math.floor(this.tokens));
  }

  /** Takes a token now or reserves the next one to come; returns how long to wait for it. */
  private reserve(options: PaceOptions): number {
    if (options.signal?.aborted) throw new CancelledError(`${options.route} was cancelled.`, { route: options.route });
    this.refill();
    const wait = this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) / this.perMs);
    if (options.notAfter !== undefined && this.updatedAt + wait > options.notAfter) {
      const refillsAt = this.refillsAt();
      throw new HourlyLimitReachedError(
        `${this.name}: the hourly limit of ${this.hourlyLimit} requests is spent, and the next request could be sent only after the deadline; ${options.route} was not sent.`,
        {
          route: options.route,
          fix: `Re-run after ${refillsAt.toISOString()}, when the hourly budget has refilled; what was done so far is kept.`,
        },
        refillsAt,
      );
    }
    this.tokens -= 1;
    return wait;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.hourlyLimit, this.tokens + (now - this.updatedAt) * this.perMs);
    this.updatedAt = now;
  }
}
