import express, { Express, NextFunction, Request, Response } from "express";
import type { AddressInfo } from "node:net";
import { createServer, Server } from "node:http";
import type { Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { FaultInjector, FaultRule } from "./faults";
import { LoggedRequest, RequestLog } from "./request-log";

export type RouteMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type RouteHandler = (req: Request, res: Response) => void | Promise<void>;

export interface SimulatorServerOptions {
  /** Answers a request whose handler threw, in the simulated service's own error format. */
  readonly onError: (error: unknown, req: Request, res: Response) => void;
  /** Answers a request that matched no route. */
  readonly onNotFound: (req: Request, res: Response) => void;
  /** Seed of the fault injector's random generator. */
  readonly faultSeed?: number;
}

/**
 * An express app on loopback with what every simulator needs: routes named by their OpenAPI template,
 * a request log keyed by those names, fault injection per route, and raw request bodies (for signatures).
 * Handlers set `res.locals.credential` to the seed id of the caller so the log can count per credential.
 */
export class SimulatorServer {
  readonly app: Express;
  readonly log = new RequestLog();
  readonly faults: FaultInjector;
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private fallbacksAdded = false;

  constructor(private readonly options: SimulatorServerOptions) {
    this.faults = new FaultInjector(options.faultSeed);
    this.app = express();
    this.app.disable("x-powered-by");
    this.app.set("etag", false);
    this.app.set("query parser", "extended");
    // Keep bodies raw: webhook signatures are computed over the exact bytes. `readJson`/`readForm` parse them.
    this.app.use(express.raw({ type: () => true, limit: "10mb" }));
    this.registerAdminRoutes();
  }

  /**
   * `/_sandbox/log` and `/_sandbox/faults`, for tests and tools in other processes. They are registered on the
   * express app directly, so they are neither logged nor faulted.
   */
  private registerAdminRoutes(): void {
    this.app.get(
      "/_sandbox/log",
      (_req, res) => void res.json({ by_route: this.log.byRoute(), requests: this.log.entries() }),
    );
    this.app.delete("/_sandbox/log", (_req, res) => {
      this.log.clear();
      res.status(204).end();
    });
    this.app.get("/_sandbox/faults", (_req, res) => void res.json({ faults: this.faults.list() }));
    this.app.post(
      "/_sandbox/faults",
      (req, res) => void res.status(201).json({ id: this.faults.add(readJson(req) as FaultRule) }),
    );
    this.app.delete("/_sandbox/faults", (_req, res) => {
      this.faults.clear();
      res.status(204).end();
    });
    this.app.delete("/_sandbox/faults/:id", (req, res) => {
      this.faults.remove(Number(req.params.id));
      res.status(204).end();
    });
  }

  /** Registers a handler for `method` on an OpenAPI-style template such as `/2.0/repositories/{workspace}`. */
  route(method: RouteMethod, template: string, handler: RouteHandler): void {
    const expressPath = template.replace(/\{([^}]+)\}/g, ":$1");
    const register = this.app[method.toLowerCase() as Lowercase<RouteMethod>].bind(this.app);
    register(expressPath, (req: Request, res: Response, next: NextFunction) => {
      this.handle(method, template, handler, req, res).catch(next);
    });
  }

  /** Starts listening on 127.0.0.1; port 0 picks a free one. Returns the base URL. */
  async listen(port = 0): Promise<string> {
    if (!this.fallbacksAdded) {
      // After every route: answers for unmatched paths (logged too, so a count of writes misses none) and for
      // handlers that threw.
      this.app.use((req: Request, res: Response) => {
        const record = this.recorder(req.method, UNROUTED, req, res);
        res.on("finish", () => record(res.statusCode));
        this.options.onNotFound(req, res);
      });
      this.app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
        if (!res.headersSent) this.options.onError(error, req, res);
      });
      this.fallbacksAdded = true;
    }
    const server = createServer(this.app);
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", resolve);
    });
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Stops listening and drops every open connection, hung ones included. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Logs the request, once it ends, under `route`, timed from now. */
  private recorder(method: string, route: string, req: Request, res: Response) {
    const started = Date.now();
    return (status: LoggedRequest["status"]) =>
      this.log.record({
        method,
        route,
        path: req.originalUrl,
        status,
        credential: res.locals.credential as string | undefined,
        durationMs: Date.now() - started,
      });
  }

  private async handle(method: string, route: string, handler: RouteHandler, req: Request, res: Response) {
    const record = this.recorder(method, route, req, res);
    const { latency, terminal } = this.faults.select(method, route);
    if (latency) await sleep(latency.ms ?? 0);
    switch (terminal?.kind) {
      case "reset":
        record("reset");
        req.socket.destroy();
        return;
      case "hang":
        record("hang");
        return;
      case "lose-response":
        record("lost");
        res.end = (() => res) as typeof res.end;
        await handler(req, res);
        return;
      case "status":
        res.on("finish", () => record(res.statusCode));
        for (const [name, value] of Object.entries(terminal.headers ?? {})) res.setHeader(name, value);
        this.options.onError(new InjectedFault(terminal.status ?? 503), req, res);
        return;
    }
    res.on("finish", () => record(res.statusCode));
    await handler(req, res);
  }
}

/** The route name the log gives a request that matched no route; its `path` says where it went. */
export const UNROUTED = "(unrouted)";

/** The error `onError` receives for an injected status fault; answer it with `status`. */
export class InjectedFault extends Error {
  constructor(readonly status: number) {
    super(`injected fault: HTTP ${status}`);
  }
}

/** Parses a raw JSON body; throws `SyntaxError` on malformed input. An empty body is `undefined`. */
export function readJson(req: Request): unknown {
  const raw = rawBody(req);
  return raw.length === 0 ? undefined : JSON.parse(raw.toString("utf8"));
}

/** Parses a raw `application/x-www-form-urlencoded` body. */
export function readForm(req: Request): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(rawBody(req).toString("utf8")));
}

/** The exact bytes of the request body. */
export function rawBody(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}
