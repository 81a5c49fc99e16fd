import { build, BuildOptions, Plugin } from "esbuild";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Chunks } from "./chunk-loader";
import { PROVIDER_SCRIPT_PREAMBLE } from "./preamble";

/** The chunk the X.509 code goes into: certificate-cache.ts requires it only when no cached certificate is usable. */
const CERTIFICATE_CHUNK = "tfplugin:certificate";

/**
 * Bundles a provider's entry file (which calls `serve`) into one executable file: `PROVIDER_SCRIPT_PREAMBLE`, the
 * chunk loader (chunk-loader.ts), and the provider's code as chunks the loader compiles with a V8 code cache —
 * `main`, and the certificate code, which only a certificate-cache miss loads. The output depends only on the
 * sources and the esbuild version — no absolute paths, no timestamps — so the installed package, and the
 * `.terraform.lock.hcl` hash of it, is the same on every machine.
 */
export async function bundleProvider(entry: string, outFile: string): Promise<void> {
  const chunks: Record<string, readonly [string, string]> = {
    main: await chunk(entry, [certificateChunk, withoutProtoLoader]),
    [CERTIFICATE_CHUNK]: await chunk(tfpluginSource("certificate"), []),
  };
  const loader = await bundled({
    entryPoints: [tfpluginSource("packaging/chunk-loader")],
    format: "iife",
    globalName: "tfpluginChunkLoader",
  });
  const executable = [
    PROVIDER_SCRIPT_PREAMBLE,
    loader.trim(),
    `tfpluginChunkLoader.start(__filename,module,require,${JSON.stringify(chunks satisfies Chunks)});`,
    "",
  ].join("\n");
  // Written beside and renamed into place, so a provider starting meanwhile never reads half a bundle.
  const partial = `${outFile}.${process.pid}.partial`;
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(partial, executable, { mode: 0o755 });
  chmodSync(partial, 0o755);
  renameSync(partial, outFile);
}

/** A chunk: the bundled module wrapped as a function of the CommonJS module variables, and its source's hash. */
async function chunk(entry: string, plugins: Plugin[]): Promise<readonly [string, string]> {
  const code = await bundled({ entryPoints: [entry], format: "cjs", plugins });
  const source = `(function (exports, require, module, __filename, __dirname) {${code}\n})`;
  return [createHash("sha256").update(source).digest("hex").slice(0, 16), source];
}

async function bundled(options: BuildOptions): Promise<string> {
  const result = await build({
    ...options,
    bundle: true,
    write: false,
    platform: "node",
    target: "node20",
    minify: true,
    charset: "ascii", // one-byte strings for V8, and JSON.stringify leaves them as they are
    legalComments: "none",
    sourcemap: false,
    logLevel: "error",
  });
  return result.outputFiles[0].text;
}

/** certificate-cache.ts's `require("./certificate")` becomes a require of the certificate chunk. */
const certificateChunk: Plugin = {
  name: "tfplugin-certificate-chunk",
  setup(b) {
    b.onResolve({ filter: /^\.\/certificate$/ }, (args) =>
      /certificate-cache\.[jt]s$/.test(args.importer) ? { path: CERTIFICATE_CHUNK, external: true } : undefined,
    );
  },
};

/**
 * grpc-js requires @grpc/proto-loader (and with it the full protobufjs and its .proto parser) only to describe
 * its channelz and ORCA services, which a provider never serves: leave it out of the bundle.
 */
const withoutProtoLoader: Plugin = {
  name: "tfplugin-without-proto-loader",
  setup(b) {
    b.onResolve({ filter: /^@grpc\/proto-loader$/ }, () => ({ path: "proto-loader", namespace: "tfplugin-omitted" }));
    b.onLoad({ filter: /.*/, namespace: "tfplugin-omitted" }, () => ({
      contents: 'throw new Error("@grpc/proto-loader is not part of the provider bundle");',
    }));
  },
};

/** A module of lib/tfplugin, as TypeScript in a checkout or JavaScript in the built package. */
function tfpluginSource(name: string): string {
  const base = join(__dirname, "..", name);
  return existsSync(`${base}.ts`) ? `${base}.ts` : `${base}.js`;
}
