import type { Response } from "express";

/** Bitbucket's JSON error body: `{"type":"error","error":{message, detail?, fields?, data?}}`. */
export function sendError(
  res: Response,
  status: number,
  message: string,
  extra: { detail?: unknown; fields?: Record<string, string[]>; data?: Record<string, unknown> } = {},
): void {
  res.status(status).json({ type: "error", error: { message, ...extra } });
}

/** What Bitbucket answers to bad Basic credentials, retired app passwords included: a bare 401. */
export function sendBareUnauthorized(res: Response): void {
  res.status(401).set("WWW-Authenticate", 'Basic realm="Bitbucket.org HTTP"').end();
}

/** Thrown by handlers to answer with a Bitbucket error; the simulator's error hook renders it. */
export class BitbucketHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: { detail?: unknown; fields?: Record<string, string[]>; data?: Record<string, unknown> } = {},
  ) {
    super(message);
  }
}
