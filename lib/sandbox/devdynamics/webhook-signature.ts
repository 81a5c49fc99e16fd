import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Whether `X-Hub-Signature` is `sha256=<hex HMAC-SHA256 of the exact body bytes, keyed by the secret>`.
 * The comparison takes the same time wherever the first wrong byte is, so it reveals nothing about the secret.
 */
export function signatureMatches(secret: string, body: Buffer, header: string | undefined): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? "");
  if (!match) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(match[1], "hex"));
}
