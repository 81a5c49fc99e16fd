import { DevDynamicsApiError } from "./api-error";

export interface RateLimit {
  readonly requests: number;
  readonly windowSeconds: number;
}

/** A fixed-window request limit per caller; the 429 says in `Retry-After` when the window ends. */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly limit: RateLimit) {}

  /** Counts one request of `caller`, or throws 429 when its window is full. */
  take(caller: string, now = Date.now()): void {
    const windowMs = this.limit.windowSeconds * 1000;
    let window = this.windows.get(caller);
    if (!window || now - window.start >= windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(caller, window);
    }
    if (window.count >= this.limit.requests) {
      const retryAfter = Math.max(1, Math.ceil((window.start + windowMs - now) / 1000));
      throw new DevDynamicsApiError(
        429,
        "rate_limited",
        `More than ${this.limit.requests} requests in ${this.limit.windowSeconds} s.`,
        {},
        { "Retry-After": String(retryAfter) },
      );
    }
    window.count++;
  }
}
