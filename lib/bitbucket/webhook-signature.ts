import { createHmac, timingSafeEqual } from "node:crypto";

/** Bitbucket's `X-Hub-Signature`: `sha256=` and the hex HMAC-SHA256 of the exact body, keyed by the hook's secret. */
export function signWebhookBody(secret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`;
}

/** True when `header` is the signature of `rawBody` under `secret`; compared in constant time. */
export function verifyWebhookSignature(secret: string, rawBody: Buffer | string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhookBody(secret, rawBody));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
