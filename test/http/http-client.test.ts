import {
  ApiError,
  CancelledError,
  HttpClient,
  NetworkError,
  RequestBudget,
  RequestBudgetExceededError,
  RetryDeadlineExceededError,
} from "../../lib/http";
import { SimulatorServer } from "../../lib/sandbox/core";
import { getItem, itemServer, SECRET, testClient } from "./support";

describe("HttpClient", () => {
  let sim: SimulatorServer;
  let url: string;
  let logLines: string[];

  beforeEach(async () => {
    sim = itemServer();
    url = await sim.listen();
    logLines = [];
  });
  afterEach(() => sim.close());

  const client = (overrides: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}): HttpClient =>
    testClient(url, logLines, overrides);

  it("expands and encodes route parameters and sends the authorization header", async () => {
    const response = await client().request<{ id: string; auth: string }>(getItem("{a b}"));
    expect(response.data).toEqual({ id: "{a b}", auth: `Bearer ${SECRET}` });
  });

  it("retries server errors and resets on idempotent requests until one succeeds", async () => {
    sim.faults.add({ kind: "status", status: 502, times: 2 });
    sim.faults.add({ kind: "reset", times: 1 });
    const http = client();
    const response = await http.request(getItem("1"));
    expect(response.status).toBe(200);
    expect(sim.log.entries().map((e) => e.status)).toEqual([502, 502, "reset", 200]);
    expect(http.counter.byRoute()).toEqual(sim.log.byRoute());
  });

  it("retries 429 even for POST, but never retries a POST after a server error", async () => {
    sim.faults.add({ kind: "status", status: 429, times: 1, method: "POST" });
    const http = client();
    expect((await http.request({ method: "POST", route: "/items", body: {} })).status).toBe(201);
    sim.faults.add({ kind: "status", status: 500, times: 1, method: "POST" });
    await expect(http.request({ method: "POST", route: "/items", body: {} })).rejects.toMatchObject({ status: 500 });
    expect(http.counter.total("POST /items")).toBe(3);
  });

  it("does not retry a POST whose connection was reset, since it may have been applied", async () => {
    sim.faults.add({ kind: "reset", times: 1, method: "POST" });
    await expect(client().request({ method: "POST", route: "/items", body: {} })).rejects.toBeInstanceOf(NetworkError);
    expect(sim.log.count({ method: "POST" })).toBe(1);
  });

  it("gives up at the retry deadline with the last error attached", async () => {
    sim.faults.add({ kind: "status", status: 503 });
    const error = await client({ retry: { deadlineMs: 100, baseDelayMs: 20, maxDelayMs: 40 } })
      .request(getItem("1"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryDeadlineExceededError);
    expect((error as RetryDeadlineExceededError).lastError).toMatchObject({ status: 503 });
    expect((error as Error).message).toMatch(/raise the retry deadline/);
    // A client told where users set the deadline names that setting instead.
    const named = await client({
      retry: { deadlineMs: 100, baseDelayMs: 20, maxDelayMs: 40, deadlineSetting: "retry_deadline_seconds (X)" },
    })
      .request(getItem("1"))
      .catch((e: unknown) => e);
    expect((named as Error).message).toMatch(/raise retry_deadline_seconds \(X\) or lower/);
  });

  it("never exceeds its request budget, retries included", async () => {
    sim.faults.add({ kind: "status", status: 503 });
    const budget = new RequestBudget(3);
    const error = await client({ budget })
      .request(getItem("1"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestBudgetExceededError);
    expect(sim.log.count()).toBe(3);
    expect(budget.remaining).toBe(0);
  });

  it("stops waiting when its caller cancels", async () => {
    sim.faults.add({ kind: "status", status: 503 });
    const controller = new AbortController();
    const pending = client({
      retry: { deadlineMs: 60_000, baseDelayMs: 10_000, maxDelayMs: 10_000 },
      random: () => 1,
    }).request({
      ...getItem("1"),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  });

  it("keeps secrets out of errors and logs", async () => {
    const error = await client()
      .request({ method: "GET", route: "/echo-secret" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(String((error as Error).message)).not.toContain(SECRET);
    sim.faults.add({ kind: "reset", times: 1 });
    await client().request(getItem("2"));
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join("\n")).not.toContain(SECRET);
  });
});
