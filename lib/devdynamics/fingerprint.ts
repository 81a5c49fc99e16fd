import { createHash } from "node:crypto";

/**
 * The fingerprint DevDynamics reports for a stored credential secret: `sha256:<hex of SHA-256 of the secret>`.
 * Comparing it with the fingerprint of the configured secret detects a credential changed elsewhere
 * without ever storing the secret.
 */
export function credentialFingerprint(secret: string): string {
  return `sha256:${createHash("sha256").update(secret, "utf8").digest("hex")}`;
}
