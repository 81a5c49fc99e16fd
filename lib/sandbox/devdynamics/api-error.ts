import type { Request, Response } from "express";
import { InjectedFault } from "../core";

export type ErrorCode =
  | "validation_failed"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "already_exists"
  | "rate_limited"
  | "bad_signature"
  | "internal";

/** An error answer in the DevDynamics format: `{"error": {"code", "message", "details"}}`. */
export class DevDynamicsApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** An injected 429 asks for one second, so tests that retry through it stay quick. */
const INJECTED_RETRY_AFTER_SECONDS = "1";

/** `onError` of the DevDynamics SimulatorServer: every failure becomes a contract-shaped error answer. */
export function answerError(error: unknown, _req: Request, res: Response): void {
  const answer =
    error instanceof DevDynamicsApiError
      ? error
      : error instanceof InjectedFault
        ? injected(error.status)
        : error instanceof SyntaxError
          ? new DevDynamicsApiError(400, "validation_failed", "The body is not valid JSON.", {
              body: "must be a JSON object",
            })
          : new DevDynamicsApiError(500, "internal", "Internal error.");
  res
    .status(answer.status)
    .set(answer.headers)
    .json({ error: { code: answer.code, message: answer.message, details: answer.details } });
}

export function answerNotFound(req: Request, res: Response): void {
  answerError(new DevDynamicsApiError(404, "not_found", `No route ${req.method} ${req.path}.`), req, res);
}

const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: "validation_failed",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "already_exists",
  429: "rate_limited",
};

function injected(status: number): DevDynamicsApiError {
  const retryAfter: Record<string, string> = status === 429 ? { "Retry-After": INJECTED_RETRY_AFTER_SECONDS } : {};
  const code = CODE_BY_STATUS[status] ?? "internal";
  return new DevDynamicsApiError(status, code, `Injected fault: HTTP ${status}.`, {}, retryAfter);
}
