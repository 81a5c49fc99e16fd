import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateServerCertificate } from "../../lib/tfplugin/certificate";
import { bundleProvider } from "../../lib/tfplugin/packaging";

/**
 * The bundle's chunks and their V8 code cache: kept in the private per-user directory, reused by later starts,
 * rewritten only when missing; the X.509 chunk compiled only when no cached certificate is usable.
 */
const COOKIE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

describe("provider bundle", () => {
  let executable: string;
  let runtime: string;
  let clientCert: string; // stands in for Terraform's
  const cacheDir = () => join(runtime, `tfplugin-${process.getuid!()}`);
  const files = (kind: string) => readdirSync(cacheDir()).filter((f) => f.includes(kind) && f.endsWith(".v8-cache"));

  beforeAll(async () => {
    // In a directory that does not exist yet, as a fresh checkout's dist/provider.
    executable = join(mkdtempSync(join(tmpdir(), "bundle-")), "dist", "provider", "terraform-provider-tftest_v0.1.0");
    await bundleProvider(join(__dirname, "fixtures/tftest-provider.ts"), executable);
    clientCert = (await generateServerCertificate(3600_000)).certPem;
  });

  beforeEach(() => {
    runtime = mkdtempSync(join(tmpdir(), "xdg-runtime-"));
  });

  /** Starts the executable as Terraform does (without TLS), waits for its handshake, and stops it as Shutdown does. */
  async function start(env: NodeJS.ProcessEnv = {}): Promise<string> {
    const child = spawn(executable, [], {
      env: {
        ...process.env,
        XDG_RUNTIME_DIR: runtime,
        TF_PLUGIN_MAGIC_COOKIE: COOKIE,
        PLUGIN_PROTOCOL_VERSIONS: "6",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString()));
      child.on("exit", () => reject(new Error(`exited before its handshake:\n${errors}`)));
    });
    child.removeAllListeners("exit");
    child.kill("SIGTERM");
    await new Promise((resolve) => child.on("exit", resolve));
    return line;
  }

  it("keeps the main chunk's code cache privately and reuses it", async () => {
    expect(await start()).toMatch(/^1\|6\|unix\|/);
    const [cache] = files("main");
    expect(statSync(cacheDir()).mode & 0o777).toBe(0o700);
    expect(statSync(join(cacheDir(), cache)).mode & 0o777).toBe(0o600);
    const written = statSync(join(cacheDir(), cache)).mtimeMs;
    await start();
    expect(files("main")).toEqual([cache]); // the same file, not rewritten: V8 accepted it
    expect(statSync(join(cacheDir(), cache)).mtimeMs).toBe(written);
  });

  it("compiles the X.509 chunk only when no cached certificate is usable", async () => {
    // With TLS: the first start makes (and caches) the certificate, which compiles the X.509 chunk.
    await start({ PLUGIN_CLIENT_CERT: clientCert });
    expect(files("certificate")).toHaveLength(1);
    rmSync(join(cacheDir(), files("certificate")[0]));
    await start({ PLUGIN_CLIENT_CERT: clientCert }); // reuses the certificate: the chunk is never compiled
    expect(files("certificate")).toEqual([]);
    await start({ PLUGIN_CLIENT_CERT: clientCert, TFPLUGIN_CERT_CACHE: "off" }); // a fresh certificate needs it
    expect(files("certificate")).toHaveLength(1);
  });

  it("leaves the X.509 code and the .proto parser out of the main chunk", () => {
    const call = "\ntfpluginChunkLoader.start(__filename,module,require,";
    const text = readFileSync(executable, "latin1");
    const table = text.slice(text.indexOf(call) + call.length, text.lastIndexOf(");"));
    const chunks = JSON.parse(table) as Record<string, [string, string]>;
    expect(Object.keys(chunks)).toEqual(["main", "tfplugin:certificate"]);
    expect(chunks["tfplugin:certificate"][1]).toContain("X509CertificateGenerator");
    expect(chunks.main[1]).not.toContain("X509CertificateGenerator");
    expect(chunks.main[1]).not.toContain("alternateCommentMode"); // protobufjs's .proto tokenizer
  });

  it("starts without caching when the directory is not private, or the cache is off", async () => {
    mkdirSync(cacheDir(), { mode: 0o700 });
    chmodSync(cacheDir(), 0o755);
    expect(await start()).toMatch(/^1\|6\|unix\|/);
    expect(files("main")).toEqual([]);
    chmodSync(cacheDir(), 0o700);
    expect(await start({ TFPLUGIN_CODE_CACHE: "off" })).toMatch(/^1\|6\|unix\|/);
    expect(files("main")).toEqual([]);
  });
});
