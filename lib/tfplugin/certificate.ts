import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { webcrypto, randomBytes } from "node:crypto";

export interface ServerCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** The DER certificate as the handshake line carries it. */
  readonly derBase64: string;
  /** Milliseconds since the epoch. */
  readonly notAfter: number;
}

/**
 * The server's certificate for go-plugin's AutoMTLS (terraform-plugin-protocol.md §2): ECDSA P-256, SAN DNS
 * `localhost` (Go ignores the CN), a positive serial, valid from 30 s ago, usable for server and client auth.
 */
export async function generateServerCertificate(validForMs: number): Promise<ServerCertificate> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const algorithm = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // a leading byte ≥ 0x80 would make the DER integer negative, which Go rejects
  const now = Date.now();
  const notAfter = now + validForMs;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString("hex"),
    name: "CN=localhost, O=HashiCorp",
    notBefore: new Date(now - 30_000),
    notAfter: new Date(notAfter),
    signingAlgorithm: algorithm,
    keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]["keys"],
    extensions: [
      new x509.SubjectAlternativeNameExtension([{ type: "dns", value: "localhost" }]),
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.keyAgreement,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(pkcs8)
    .toString("base64")
    .replace(/(.{64})/g, "$1\n")
    .trim()}\n-----END PRIVATE KEY-----\n`;
  return {
    certPem: certificate.toString("pem"),
    keyPem,
    // go-plugin parses the handshake's certificate with base64.RawStdEncoding: no padding.
    derBase64: Buffer.from(certificate.rawData).toString("base64").replace(/=+$/, ""),
    notAfter,
  };
}
