/**
 * `npm run build`: the two npm packages, from one source tree.
 * - devdynamics-bitbucket-cdktf (this directory's package.json): lib compiled into dist/lib with cdktf, the provider
 *   bundle in dist/provider.
 * - devdynamics-bitbucket-cdktn (packages/devdynamics-bitbucket-cdktn): the same sources compiled with
 *   lib/constructs/framework.ts replaced by framework.cdktn.ts (so it imports only cdktn and its bindings), the same
 *   provider bundle, bin scripts, README and LICENSE.
 * `--check` type-checks the cdktn flavour without writing either package (part of `npm run typecheck`).
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundleProvider } from "../lib/tfplugin/packaging";
import { PROVIDER_BUNDLE } from "./bundle-provider";

const ROOT = join(__dirname, "..");
export const CDKTN_PACKAGE_DIR = join(ROOT, "packages", "devdynamics-bitbucket-cdktn");
/** What each package compiles: the library entry and the CLI, and what they import. */
const ENTRY_POINTS = ["lib/index.ts", "lib/cli/main.ts"];

function tsc(project: string): void {
  const result = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", project], {
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error(`tsc -p ${project} failed`);
}

/** A tsconfig for compiling `ENTRY_POINTS` below `rootDir` into `outDir` (`outDir/lib/...`). */
function writeBuildConfig(file: string, rootDir: string, outDir: string | undefined): void {
  const compilerOptions = outDir
    ? { rootDir, outDir, noEmit: false, sourceMap: false, declarationMap: false, types: ["node"] }
    : { rootDir, noEmit: true, types: ["node"] };
  writeFileSync(
    file,
    JSON.stringify({ extends: join(ROOT, "tsconfig.json"), compilerOptions, files: ENTRY_POINTS, include: [] }),
  );
}

function buildCdktf(): void {
  rmSync(join(ROOT, "dist", "lib"), { recursive: true, force: true });
  tsc(join(ROOT, "tsconfig.build.json"));
}

/**
 * The sources as the cdktn package sees them, in a staging directory inside the checkout (so node_modules resolves):
 * lib without the sandbox and the cdktf bindings, with framework.ts swapped.
 */
function stageCdktnSources(): string {
  const stage = join(ROOT, ".tmp", "build-cdktn");
  rmSync(stage, { recursive: true, force: true });
  cpSync(join(ROOT, "lib"), join(stage, "lib"), {
    recursive: true,
    filter: (source) => !/[/\\]lib[/\\](sandbox|generated[/\\]cdktf)([/\\]|$)/.test(source),
  });
  const constructs = join(stage, "lib", "constructs");
  cpSync(join(constructs, "framework.cdktn.ts"), join(constructs, "framework.ts"));
  rmSync(join(constructs, "framework.cdktn.ts"));
  return stage;
}

function buildCdktn(check: boolean): void {
  const stage = stageCdktnSources();
  const config = join(stage, "tsconfig.json");
  writeBuildConfig(config, stage, check ? undefined : join(CDKTN_PACKAGE_DIR, "dist"));
  if (!check) rmSync(join(CDKTN_PACKAGE_DIR, "dist"), { recursive: true, force: true });
  tsc(config);
  if (check) return;
  mkdirSync(join(CDKTN_PACKAGE_DIR, "dist", "provider"), { recursive: true });
  cpSync(PROVIDER_BUNDLE, join(CDKTN_PACKAGE_DIR, "dist", "provider", "terraform-provider-devdynamics.js"));
  for (const shared of ["bin", "README.md", "LICENSE", "docs"])
    cpSync(join(ROOT, shared), join(CDKTN_PACKAGE_DIR, shared), { recursive: true });
}

/** The cdktn package's manifest: the root's, with its own name, description, framework peers and pack script. */
export function cdktnManifest(): Record<string, unknown> {
  const root = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Record<string, unknown>;
  return {
    name: "devdynamics-bitbucket-cdktn",
    version: root.version,
    description: String(root.description).replace(
      "a cdktf construct library",
      "a CDK Terrain (cdktn) construct library",
    ),
    license: root.license,
    keywords: (root.keywords as string[]).map((k) => (k === "cdktf" ? "cdktn" : k)),
    main: root.main,
    types: root.types,
    bin: root.bin,
    exports: root.exports,
    files: root.files,
    engines: root.engines,
    scripts: { prepack: "cd ../.. && npm run build" },
    dependencies: root.dependencies,
    peerDependencies: { cdktn: "^0.24.0", constructs: ">=10.6.0 <10.8.0" },
  };
}

async function main(): Promise<void> {
  if (process.argv.includes("--check")) return buildCdktn(true);
  buildCdktf();
  await bundleProvider(join(ROOT, "lib", "provider", "main.ts"), PROVIDER_BUNDLE);
  buildCdktn(false);
  writeFileSync(join(CDKTN_PACKAGE_DIR, "package.json"), JSON.stringify(cdktnManifest(), null, 2) + "\n");
}

if (require.main === module)
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
