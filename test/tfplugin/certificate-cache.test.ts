import { chmodSync, existsSync, mkdirSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { serverCertificate } from "../../lib/tfplugin/certificate-cache";

/** The AutoMTLS certificate is made once and reused by later provider processes, only from a private directory. */
describe("server certificate cache", () => {
  const saved = { ...process.env };
  let runtime: string;
  beforeEach(() => {
    runtime = mkdtempSync(join(tmpdir(), "xdg-runtime-"));
    process.env.XDG_RUNTIME_DIR = runtime;
    delete process.env.TFPLUGIN_CERT_CACHE;
  });
  afterEach(() => {
    process.env = { ...saved };
  });
  const cacheDir = () => join(runtime, `tfplugin-${process.getuid!()}`);

  it("reuses a certificate for localhost from a directory only this user can read", async () => {
    const first = await serverCertificate();
    const second = await serverCertificate();
    expect(second).toEqual(first);
    expect(statSync(cacheDir()).mode & 0o777).toBe(0o700);
    expect(statSync(join(cacheDir(), "server-certificate.json")).mode & 0o777).toBe(0o600);
    const certificate = new X509Certificate(first.certPem);
    expect(certificate.subjectAltName).toBe("DNS:localhost");
    expect(certificate.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expect(new Date(certificate.validTo).getTime()).toBeGreaterThan(Date.now() + 20 * 3600_000);
  });

  it("makes a fresh certificate when the directory is readable by others, or caching is off", async () => {
    mkdirSync(cacheDir(), { mode: 0o700 });
    chmodSync(cacheDir(), 0o755);
    const first = await serverCertificate();
    expect(await serverCertificate()).not.toEqual(first);
    expect(existsSync(join(cacheDir(), "server-certificate.json"))).toBe(false);

    chmodSync(cacheDir(), 0o700);
    process.env.TFPLUGIN_CERT_CACHE = "off";
    expect(await serverCertificate()).not.toEqual(await serverCertificate());
    expect(existsSync(join(cacheDir(), "server-certificate.json"))).toBe(false);
  });

  it("works when the provider runs from its TypeScript sources through tsx (no bundle)", () => {
    const source = join(__dirname, "../../lib/tfplugin/certificate-cache.ts");
    const run = spawnSync(
      process.execPath,
      [
        "-e",
        `require("tsx/cjs"); require(${JSON.stringify(source)}).serverCertificate().then((c) => console.log(c.derBase64.length))`,
      ],
      { encoding: "utf8", env: { ...process.env, TFPLUGIN_CERT_CACHE: "off" } },
    );
    expect(run.stderr).toBe("");
    expect(Number(run.stdout)).toBeGreaterThan(300);
  });
});
