import { Request, Response } from "express";
import { ApiError, HttpClient, HttpClientOptions, HttpRequest, Redactor } from "../../lib/http";
import { InjectedFault, SimulatorServer } from "../../lib/sandbox/core";

export const SECRET = "s3cret-value-never-printed";
export const ROUTE = "/items/{id}";

/** A loopback server with a few routes: items to read and create, and an error that echoes the secret. */
export function itemServer(): SimulatorServer {
  const sim = new SimulatorServer({
    onError: (error: unknown, _req: Request, res: Response) => {
      res.status(error instanceof InjectedFault ? error.status : 500).json({ message: "server error" });
    },
    onNotFound: (_req: Request, res: Response) => void res.status(404).json({ message: "no route" }),
  });
  sim.route("GET", ROUTE, (req, res) => void res.json({ id: req.params.id, auth: req.headers.authorization }));
  sim.route("POST", "/items", (_req, res) => void res.status(201).json({ created: true }));
  sim.route("GET", "/echo-secret", (_req, res) => void res.status(400).json({ message: `bad token ${SECRET}` }));
  return sim;
}

/** An HttpClient with a Bearer secret, fast retries and a log collected in `log`. */
export function testClient(baseUrl: string, log: string[], overrides: Partial<HttpClientOptions> = {}): HttpClient {
  const redactor = new Redactor();
  redactor.add(SECRET);
  return new HttpClient({
    baseUrl,
    baseUrlSetting: { setting: "items_url (ITEMS_URL)", example: "https://items.example" },
    redactor,
    authorize: async () => ({ Authorization: `Bearer ${SECRET}` }),
    toError: (request: HttpRequest, response) =>
      new ApiError(redactor.redact(`${request.method} ${request.route}: ${JSON.stringify(response.data)}`), {
        status: response.status,
      }),
    retry: { deadlineMs: 2_000, baseDelayMs: 5, maxDelayMs: 20 },
    log: (level, message) => log.push(`${level} ${message}`),
    ...overrides,
  });
}

export const getItem = (id: string): HttpRequest => ({ method: "GET", route: ROUTE, params: { id } });

/** The error a promise rejects with; fails the test when it resolves. */
export function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error,
  );
}
