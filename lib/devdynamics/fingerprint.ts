import { createHmac } from "node:crypto";
import type { StoredCredential } from "./model";

/**
 * The fingerprint DevDynamics reports for a stored credential secret: `hmac-sha256:<hex of HMAC-SHA256(key = the
 * credential's fingerprint salt, the secret)>`. The salt is DevDynamics' own, per integration and per credential, so a
 * fingerprint seen in a plan cannot confirm a guessed token anywhere else.
 */
export function credentialFingerprint(secret: string, salt: string): string {
  return `hmac-sha256:${createHmac("sha256", salt).update(secret, "utf8").digest("hex")}`;
}

/** Whether DevDynamics holds this secret for the credential it reports. */
export function holdsSecret(stored: StoredCredential, secret: string): boolean {
  return stored.fingerprint === credentialFingerprint(secret, stored.fingerprintSalt);
}
