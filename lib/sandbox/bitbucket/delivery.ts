import axios from "axios";
import { createHmac, randomUUID } from "node:crypto";
import { Agent } from "node:https";
import type { Hook } from "./state";

/** One attempt to deliver an event to a hook. */
export interface DeliveryAttempt {
  readonly attempt: number;
  /** The receiver's HTTP status, or what went wrong instead. */
  readonly status: number | "TIMEOUT" | "NETWORK ERROR";
}

/** What happened to one event sent to one hook. */
export interface Delivery {
  readonly hookUuid: string;
  readonly url: string;
  readonly eventKey: string;
  readonly requestUuid: string;
  readonly signed: boolean;
  readonly attempts: readonly DeliveryAttempt[];
  readonly delivered: boolean;
}

/** Bitbucket gives up after 10 s and retries only 5xx answers, up to 3 attempts in all (bitbucket-cloud.md §6). */
const TIMEOUT_MS = 10_000;
const MAX_ATTEMPTS = 3;

/** `sha256=<hex HMAC-SHA256 of the exact body>`, Bitbucket's `X-Hub-Signature`. */
export function hubSignature(secret: string, body: Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** POSTs one event to one hook with Bitbucket's delivery headers, retrying 5xx answers immediately. */
export async function deliver(hook: Hook, eventKey: string, payload: unknown): Promise<Delivery> {
  const body = Buffer.from(JSON.stringify(payload));
  const requestUuid = randomUUID();
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "User-Agent": "Bitbucket-Webhooks/2.0",
    "X-Event-Key": eventKey,
    "X-Hook-UUID": hook.uuid.replace(/[{}]/g, ""),
    "X-Request-UUID": requestUuid,
  };
  if (hook.secret) headers["X-Hub-Signature"] = hubSignature(hook.secret, body);
  const httpsAgent = new Agent({ rejectUnauthorized: !hook.skipCertVerification });
  const attempts: DeliveryAttempt[] = [];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    let status: DeliveryAttempt["status"];
    try {
      const response = await axios.post(hook.url, body, {
        headers: { ...headers, "X-Attempt-Number": String(attempt) },
        timeout: TIMEOUT_MS,
        validateStatus: () => true,
        maxRedirects: 0,
        httpsAgent,
      });
      status = response.status;
    } catch (error) {
      status = axios.isAxiosError(error) && error.code === "ECONNABORTED" ? "TIMEOUT" : "NETWORK ERROR";
    }
    attempts.push({ attempt, status });
    if (typeof status !== "number" || status < 500) break;
  }
  const last = attempts[attempts.length - 1].status;
  return {
    hookUuid: hook.uuid,
    url: hook.url,
    eventKey,
    requestUuid,
    signed: hook.secret !== null,
    attempts,
    delivered: typeof last === "number" && last < 300,
  };
}
