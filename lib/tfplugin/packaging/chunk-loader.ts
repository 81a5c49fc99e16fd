/**
 * The start of every provider bundle (bundle.ts puts it after the preamble): runs the bundle's chunks, each kept
 * in the file as a string and compiled with a V8 code cache, so a start skips most of V8's parsing and compiling.
 * `main` runs at once; the other chunks when main requires them by name (the X.509 code only when the certificate
 * cache misses). Not imported by the server: bundled on its own into each executable.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";
import { privateDirectory, writePrivateFile } from "../private-directory";

/** Chunk name → [hash of its source, source]: a CommonJS module wrapped as `(function (exports, require, …) {…})`. */
export type Chunks = Readonly<Record<string, readonly [hash: string, source: string]>>;

type ModuleFunction = (
  exports: unknown,
  require: NodeJS.Require,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

/**
 * Runs `main` as the bundle file's own module. Code caches live in the private per-user directory (the one the
 * certificate cache uses), named by executable, chunk, V8 version and source hash (V8 itself only checks a
 * cache's source length), written atomically at exit when missing or rejected; `TFPLUGIN_CODE_CACHE=off` skips them.
 */
export function start(filename: string, module: { exports: unknown }, require: NodeJS.Require, chunks: Chunks): void {
  const cacheDir = process.env.TFPLUGIN_CODE_CACHE === "off" ? undefined : privateDirectory();
  const loaded = new Map<string, unknown>();
  const chunkRequire: NodeJS.Require = Object.assign(
    (id: string) => (id !== "main" && Object.hasOwn(chunks, id) ? load(id) : require(id)),
    require,
  );

  function load(name: string): unknown {
    if (!loaded.has(name)) {
      const own = { exports: {} };
      run(name, own);
      loaded.set(name, own.exports);
    }
    return loaded.get(name);
  }

  function run(name: string, target: { exports: unknown }): void {
    const [hash, source] = chunks[name];
    const prefix = `${basename(filename).replace(/[^\w.-]/g, "_")}-${name.replace(/\W/g, "_")}-`;
    const file = cacheDir && join(cacheDir, `${prefix}${process.versions.v8}-${hash}.v8-cache`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = file ? readFileSync(file) : undefined;
    } catch {
      cachedData = undefined; // not cached yet
    }
    const script = new Script(source, { filename, cachedData });
    if (cacheDir && file && (cachedData === undefined || script.cachedDataRejected)) {
      // At exit, the cache holds every function this run compiled, not just the top level.
      process.once("exit", () => saveCache(cacheDir, prefix, file, script));
    }
    const moduleFunction = script.runInThisContext() as ModuleFunction;
    moduleFunction.call(target.exports, target.exports, chunkRequire, target, filename, dirname(filename));
  }

  run("main", module);
}

/** Writes a chunk's code cache and removes that chunk's caches for other versions of the executable. */
function saveCache(dir: string, prefix: string, file: string, script: Script): void {
  try {
    writePrivateFile(file, script.createCachedData());
    for (const old of readdirSync(dir))
      if (old.startsWith(prefix) && join(dir, old) !== file) rmSync(join(dir, old), { force: true });
  } catch {
    // A cache is an optimisation: a full disk or a race with another process only costs the next start time.
  }
}
