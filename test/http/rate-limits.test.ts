import {
  CancelledError,
  HourlyLimitReachedError,
  measureRateLimitWaits,
  RateLimitWaitMeter,
  RequestPacer,
} from "../../lib/http";
import { SimulatorServer } from "../../lib/sandbox/core";
import { failure, getItem, itemServer, testClient } from "./support";

const HOUR_MS = 3_600_000;

describe("RequestPacer", () => {
  it("holds the hourly limit and refills it continuously at limit/3600 per second", async () => {
    let now = 0;
    const pacer = new RequestPacer({ hourlyLimit: 3_600, name: "test", now: () => now });
    for (let i = 0; i < 3_600; i++) expect(await pacer.take({ route: "GET /x" })).toBe(0);
    expect(pacer.available).toBe(0);
    now += 10_000;
    expect(pacer.available).toBe(10);
    expect(pacer.refillsAt().getTime()).toBe(now + 3_590_000);
  });

  it("starts without what others spent this hour (the plan before an apply)", async () => {
    let now = 0;
    const pacer = new RequestPacer({ hourlyLimit: 100, name: "test", spentElsewhere: 40, now: () => now });
    expect(pacer.available).toBe(60);
    expect(new RequestPacer({ hourlyLimit: 10, name: "test", spentElsewhere: 50, now: () => now }).available).toBe(0);
    now += 36_000; // a hundredth of an hour refills one request of 100
    expect(pacer.available).toBe(61);
  });

  it("throws at once, with when the budget refills, when waiting would pass the deadline", async () => {
    const pacer = new RequestPacer({ hourlyLimit: 2, name: "Bitbucket webhooks" });
    await pacer.take({ route: "GET /x" });
    await pacer.take({ route: "GET /x" });
    const error = await failure(pacer.take({ route: "POST /hooks", notAfter: Date.now() + 60_000 }));
    expect(error).toBeInstanceOf(HourlyLimitReachedError);
    const refillsAt = (error as HourlyLimitReachedError).refillsAt.getTime();
    expect(refillsAt).toBeGreaterThan(Date.now() + HOUR_MS - 60_000);
    expect((error as Error).message).toMatch(/Bitbucket webhooks: the hourly limit of 2 requests is spent/);
    expect((error as HourlyLimitReachedError).fix).toContain(
      (error as HourlyLimitReachedError).refillsAt.toISOString(),
    );
  });

  it("lets a waiter be cancelled, and gives its place back", async () => {
    const pacer = new RequestPacer({ hourlyLimit: 1, name: "test" });
    await pacer.take({ route: "GET /x" });
    const stop = new AbortController();
    const pending = failure(pacer.take({ route: "GET /x", signal: stop.signal }));
    setTimeout(() => stop.abort(), 20);
    expect(await pending).toBeInstanceOf(CancelledError);
    expect(pacer.refillsAt().getTime()).toBeLessThanOrEqual(Date.now() + HOUR_MS);
  });
});

describe("HttpClient under rate limits", () => {
  let sim: SimulatorServer;
  let url: string;
  let log: string[];
  let throttled: number;

  beforeEach(async () => {
    sim = itemServer();
    throttled = 0;
    // 429 while `throttled` > 0, with Retry-After only for the /limited-with-hint route.
    for (const [route, hint] of [
      ["/limited", false],
      ["/limited-with-hint", true],
    ] as const)
      sim.route("GET", route, (_req, res) => {
        if (throttled-- > 0) {
          if (hint) res.set("Retry-After", "0");
          res.status(429).type("text/plain").send("Rate limit for this resource has been exceeded");
        } else res.json({ ok: true });
      });
    url = await sim.listen();
    log = [];
  });
  afterEach(() => sim.close());

  it("measures the 429 waits of everything inside an operation, across clients", async () => {
    const first = testClient(url, log);
    const second = testClient(url, log);
    const measured = await measureRateLimitWaits(async () => {
      throttled = 1;
      await first.request({ method: "GET", route: "/limited" });
      throttled = 2;
      await Promise.all([first.request(getItem("1")), second.request({ method: "GET", route: "/limited" })]);
      return "done";
    });
    expect(measured).toMatchObject({ result: "done", waits: 3, pacedMs: 0 });
    expect(measured.waitedMs).toBeGreaterThanOrEqual(0);
    // A request outside the operation is not counted, even while the operation runs.
    throttled = 1;
    const [quiet] = await Promise.all([
      measureRateLimitWaits(() => second.request(getItem("2"))),
      first.request({ method: "GET", route: "/limited" }),
    ]);
    expect(quiet.waits).toBe(0);
  });

  it("counts nested operations' waits in the enclosing ones", async () => {
    const http = testClient(url, log);
    const outer = new RateLimitWaitMeter();
    const inner = await outer.run(async () => {
      throttled = 1;
      await http.request({ method: "GET", route: "/limited" });
      throttled = 1;
      return measureRateLimitWaits(() => http.request({ method: "GET", route: "/limited" }));
    });
    expect(inner.waits).toBe(1);
    expect(outer.read().waits).toBe(2);
  });

  it("on request, turns a 429 without Retry-After into HourlyLimitReachedError instead of retrying", async () => {
    const http = testClient(url, log, { failOnHourlyLimit: true });
    throttled = 1;
    const error = await failure(http.request({ method: "GET", route: "/limited" }));
    expect(error).toBeInstanceOf(HourlyLimitReachedError);
    expect(error).toMatchObject({ status: 429, route: "GET /limited" });
    expect((error as HourlyLimitReachedError).refillsAt.getTime()).toBeGreaterThan(Date.now());
    expect(sim.log.count()).toBe(1);
    // A Retry-After says when to come back: that wait is short, so it is honoured.
    throttled = 1;
    expect((await http.request({ method: "GET", route: "/limited-with-hint" })).status).toBe(200);
    // The per-request option overrides the client's.
    throttled = 1;
    expect((await http.request({ method: "GET", route: "/limited", failOnHourlyLimit: false })).status).toBe(200);
  });

  it("paces requests inside an hourly limit and stops before the deadline instead of provoking a 429", async () => {
    const pacer = new RequestPacer({ hourlyLimit: 2, name: "items" });
    const http = testClient(url, log, { pacerFor: (request) => (request.route === "/items/{id}" ? pacer : undefined) });
    await http.request(getItem("1"));
    await http.request(getItem("2"));
    const error = await failure(http.request({ ...getItem("3"), pacingDeadline: Date.now() + 10_000 }));
    expect(error).toBeInstanceOf(HourlyLimitReachedError);
    expect(sim.log.count()).toBe(2);
    // Unpaced routes are not held back.
    await http.request({ method: "GET", route: "/limited" });
    // Without a deadline the request waits for its token, and Ctrl-C ends the wait.
    const stop = new AbortController();
    const waiting = failure(http.request({ ...getItem("4"), signal: stop.signal }));
    setTimeout(() => stop.abort(), 20);
    expect(await waiting).toBeInstanceOf(CancelledError);
    expect(sim.log.count()).toBe(3);
  });
});
