import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ServerCertificate } from "./certificate";
import { privateDirectory, writePrivateFile } from "./private-directory";

const VALID_FOR_MS = 24 * 3600_000;
/** A cached certificate is reused only while it has this long left, so no running Terraform sees it expire. */
const REUSE_MARGIN_MS = 3 * 3600_000;
const FILE = "server-certificate.json";

/**
 * The AutoMTLS server certificate, reused across provider processes. Terraform starts 3–5 provider processes per
 * command, and making a certificate (loading the X.509 library, generating a key, signing) is the largest part of
 * each start-up, so the first process keeps its certificate for a day in a directory only this user can read
 * (`$XDG_RUNTIME_DIR` or the temp dir, `tfplugin-<uid>`, mode 0700, checked before use). The certificate only
 * proves this provider to the Terraform that reads the handshake line; anyone who can read the directory can
 * already read Terraform's memory. `TFPLUGIN_CERT_CACHE=off` makes a fresh certificate every time.
 */
export async function serverCertificate(): Promise<ServerCertificate> {
  const dir = process.env.TFPLUGIN_CERT_CACHE === "off" ? undefined : privateDirectory();
  const cached = dir && readCached(join(dir, FILE));
  if (cached) return cached;
  // Loaded only on a miss: the certificate library is the heaviest module of the server (in a bundle, a chunk of its
  // own that is not even compiled on a hit). `require`, because tsx's CommonJS loader (the provider run from its
  // sources) cannot resolve an extensionless `import()`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { generateServerCertificate } = require("./certificate") as typeof import("./certificate");
  const fresh = await generateServerCertificate(VALID_FOR_MS);
  if (dir) writePrivateFile(join(dir, FILE), JSON.stringify(fresh));
  return fresh;
}

function readCached(file: string): ServerCertificate | undefined {
  try {
    const certificate = JSON.parse(readFileSync(file, "utf8")) as ServerCertificate;
    return certificate.notAfter - Date.now() > REUSE_MARGIN_MS ? certificate : undefined;
  } catch {
    return undefined; // absent or unreadable: make a new one
  }
}
