import { createServer as createPlainServer, Server } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import {
  CancelledError,
  EndpointError,
  NetworkError,
  OutcomeUnknownError,
  permanentFailureOf,
  RetryDeadlineExceededError,
} from "../../lib/http";
import { SimulatorServer } from "../../lib/sandbox/core";
import { generateServerCertificate } from "../../lib/tfplugin/certificate";
import { failure, getItem, itemServer, SECRET, testClient } from "./support";

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closed(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe("what retrying cannot fix fails at once, naming the setting and its value", () => {
  let plain: Server;
  let tls: Server;
  let plainHost: string;
  let tlsHost: string;
  let freePort: number;
  let log: string[];

  beforeAll(async () => {
    const certificate = await generateServerCertificate(3_600_000);
    plain = createPlainServer((_req, res) => res.end("{}"));
    tls = createTlsServer({ cert: certificate.certPem, key: certificate.keyPem }, (_req, res) => res.end("{}"));
    plainHost = await listening(plain);
    tlsHost = await listening(tls);
    const spare = createPlainServer();
    freePort = Number((await listening(spare)).split(":")[1]);
    await closed(spare);
  });
  afterAll(async () => {
    await closed(plain);
    await closed(tls);
  });
  beforeEach(() => (log = []));

  it.each([
    ["an unresolvable host", () => "https://api.bitbucket.invalid", "dns", "ENOTFOUND"],
    ["a refused connection", () => `http://127.0.0.1:${freePort}`, "refused", "ECONNREFUSED"],
    ["a self-signed certificate", () => `https://${tlsHost}`, "tls_certificate", "DEPTH_ZERO_SELF_SIGNED_CERT"],
    ["TLS spoken to a plain-http port", () => `https://${plainHost}`, "tls_protocol", "EPROTO"],
  ])("%s: one attempt, an EndpointError", async (_case, baseUrl, kind, code) => {
    const http = testClient(baseUrl(), log, { retry: { deadlineMs: 60_000, baseDelayMs: 5, maxDelayMs: 20 } });
    const error = await failure(http.request(getItem("1")));
    expect(error).toBeInstanceOf(EndpointError);
    expect(error).toMatchObject({ failure: kind, code, setting: "items_url (ITEMS_URL)" });
    expect((error as Error).message).toContain(`Cannot use items_url (ITEMS_URL) = "${baseUrl()}"`);
    expect((error as EndpointError).fix).toContain("items_url (ITEMS_URL)");
    expect(http.counter.total()).toBe(1);
    expect(log.filter((line) => line.startsWith("warn"))).toEqual([]);
  });

  it.each([
    ["not a url", "invalid_url"],
    ["::garbage::", "invalid_url"],
    ["ftp://items.example", "invalid_url"],
    ["http://items.example", "insecure_url"],
    ["https://user:pass@items.example", "credentials_in_url"],
  ])("refuses %s before sending anything", async (baseUrl, kind) => {
    const http = testClient(baseUrl, log);
    const error = await failure(http.request(getItem("1")));
    expect(error).toMatchObject({ failure: kind, setting: "items_url (ITEMS_URL)" });
    expect((error as Error).message).not.toContain("pass@");
    expect(http.counter.total()).toBe(0);
  });

  it("knows which system errors are transient: EAI_AGAIN, resets and timeouts are retried", () => {
    expect(permanentFailureOf("EAI_AGAIN")).toBeUndefined();
    expect(permanentFailureOf("ECONNRESET")).toBeUndefined();
    expect(permanentFailureOf("ECONNABORTED")).toBeUndefined();
    // Certificate failures a loopback test cannot provoke without a trusted CA.
    expect(permanentFailureOf("ERR_TLS_CERT_ALTNAME_INVALID")).toBe("tls_certificate");
    expect(permanentFailureOf("CERT_HAS_EXPIRED")).toBe("tls_certificate");
    expect(permanentFailureOf("UNABLE_TO_GET_ISSUER_CERT_LOCALLY")).toBe("tls_certificate");
  });
});

describe("timeouts, lost answers and cancellation", () => {
  let sim: SimulatorServer;
  let url: string;
  let log: string[];

  beforeEach(async () => {
    sim = itemServer();
    url = await sim.listen();
    log = [];
  });
  afterEach(() => sim.close());

  it("never lets an attempt run past the retry deadline", async () => {
    sim.faults.add({ kind: "hang" });
    const http = testClient(url, log, { retry: { deadlineMs: 300, baseDelayMs: 5, maxDelayMs: 20 } });
    const error = await failure(http.request(getItem("1")));
    expect(error).toBeInstanceOf(RetryDeadlineExceededError);
    expect((error as RetryDeadlineExceededError).lastError).toMatchObject({ code: "ECONNABORTED" });
    // The 30 s default attempt timeout was cut to the 300 ms deadline: one attempt, ended by the deadline.
    expect(sim.log.count()).toBe(1);
  });

  it("retries an idempotent request that timed out, with a per-attempt timeout", async () => {
    sim.faults.add({ kind: "hang", times: 2 });
    const http = testClient(url, log, {
      retry: { deadlineMs: 5_000, baseDelayMs: 5, maxDelayMs: 20, attemptTimeoutMs: 100 },
    });
    expect((await http.request(getItem("1"))).status).toBe(200);
    expect(sim.log.count()).toBe(3);
    expect(log.filter((line) => line.startsWith("warn") && line.includes("ECONNABORTED"))).toHaveLength(2);
  });

  it("says a POST whose answer was lost may have been applied, and does not resend it", async () => {
    sim.faults.add({ kind: "lose-response", method: "POST" });
    const http = testClient(url, log, {
      retry: { deadlineMs: 5_000, baseDelayMs: 5, maxDelayMs: 20, attemptTimeoutMs: 100 },
    });
    const error = await failure(http.request({ method: "POST", route: "/items", body: {} }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ mayHaveBeenApplied: true, code: "ECONNABORTED" });
    expect((error as Error).message).toMatch(/may have been applied/);
    expect((error as OutcomeUnknownError).fix).toMatch(/adopts it/);
    expect(sim.log.count({ method: "POST" })).toBe(1);
  });

  it("cancels a request in flight when the client's signal aborts", async () => {
    sim.faults.add({ kind: "hang" });
    const stop = new AbortController();
    const http = testClient(url, log, { signal: stop.signal });
    const pending = failure(http.request(getItem("1")));
    setTimeout(() => stop.abort(), 50);
    expect(await pending).toBeInstanceOf(CancelledError);
  });

  it("cancels a backoff wait when either the client's or the request's signal aborts", async () => {
    sim.faults.add({ kind: "status", status: 503 });
    const slow = { deadlineMs: 60_000, baseDelayMs: 10_000, maxDelayMs: 10_000 };
    for (const which of ["client", "request"] as const) {
      const stop = new AbortController();
      const http = testClient(url, log, {
        retry: slow,
        random: () => 1,
        signal: which === "client" ? stop.signal : undefined,
      });
      const pending = failure(http.request({ ...getItem("1"), signal: which === "request" ? stop.signal : undefined }));
      setTimeout(() => stop.abort(), 50);
      expect(await pending).toBeInstanceOf(CancelledError);
    }
    expect(sim.log.count()).toBe(2);
  });

  it("warns of every retry with route, status, attempt, wait and deadline, and nothing secret", async () => {
    sim.faults.add({ kind: "status", status: 503, times: 1 });
    sim.faults.add({ kind: "reset", times: 1 });
    await testClient(url, log).request(getItem("1"));
    const warnings = log.filter((line) => line.startsWith("warn"));
    expect(warnings).toEqual([
      expect.stringMatching(
        /^warn GET \/items\/\{id\}: 503 on attempt 1; retrying in \d+\.\d s \(retry deadline in \d+\.\d s\)$/,
      ),
      expect.stringMatching(/^warn GET \/items\/\{id\}: ECONNRESET on attempt 2; retrying in/),
    ]);
    expect(log.join("\n")).not.toContain(SECRET);
  });

  it("refuses to follow a link to another origin with the credential", async () => {
    const http = testClient(url, log);
    const error = await failure(
      http.request({ method: "GET", route: "/items", url: "https://elsewhere.example/items?page=2" }),
    );
    expect((error as Error).message).toMatch(/another origin/);
    expect(http.counter.total()).toBe(0);
  });
});
