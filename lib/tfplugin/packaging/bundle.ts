import { build } from "esbuild";
import { chmodSync, renameSync } from "node:fs";
import { PROVIDER_SCRIPT_PREAMBLE } from "./preamble";

/**
 * Bundles a provider's entry file (which calls `serve`) into one executable CommonJS file starting with
 * `PROVIDER_SCRIPT_PREAMBLE`. The output depends only on the sources and the esbuild version — no absolute paths,
 * no timestamps — so the installed package, and the `.terraform.lock.hcl` hash of it, is the same on every machine.
 */
export async function bundleProvider(entry: string, outFile: string): Promise<void> {
  // Written beside and renamed into place, so a provider starting meanwhile never reads half a bundle.
  const partial = `${outFile}.${process.pid}.partial`;
  await build({
    entryPoints: [entry],
    outfile: partial,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    legalComments: "none",
    sourcemap: false,
    banner: { js: PROVIDER_SCRIPT_PREAMBLE },
    logLevel: "error",
  });
  chmodSync(partial, 0o755);
  renameSync(partial, outFile);
}
