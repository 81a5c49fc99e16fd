import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * What a webhook resource remembers about the signing secret it last sent, in private state: a salted HMAC, so a
 * changed secret is noticed at plan time while state holds neither the secret nor a hash anyone could look up.
 */
export interface SecretRecord {
  readonly salt: string;
  readonly digest: string;
}

export function recordSecret(secret: string): SecretRecord {
  const salt = randomBytes(16).toString("hex");
  return { salt, digest: digest(salt, secret) };
}

export function secretMatches(record: SecretRecord, secret: string): boolean {
  return timingSafeEqual(Buffer.from(record.digest, "hex"), Buffer.from(digest(record.salt, secret), "hex"));
}

function digest(salt: string, secret: string): string {
  return createHmac("sha256", salt).update(secret, "utf8").digest("hex");
}
