import { backoffDelayMs, retryAfterMs } from "../../lib/http";

describe("backoffDelayMs", () => {
  it("grows exponentially up to the cap, scaled by jitter", () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffDelayMs(n, 100, 1_000, () => 1))).toEqual([100, 200, 400, 800, 1_000]);
    expect(backoffDelayMs(3, 100, 1_000, () => 0.5)).toBe(200);
    expect(backoffDelayMs(3, 100, 1_000, () => 0)).toBe(0);
  });
});

describe("retryAfterMs", () => {
  it("reads seconds and HTTP dates, and ignores what it cannot read", () => {
    expect(retryAfterMs("3")).toBe(3_000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs("soon")).toBeUndefined();
  });
});
