import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { PACKAGE } from "../package-info";
import { PROVIDER_ADDRESS } from "../provider/address";
import { dirhashH1 } from "../tfplugin/packaging/dirhash";
import {
  impliedMirrorDirectory,
  installProvider,
  providerBundlePath,
  writeCliConfig,
} from "../tfplugin/packaging/install";

/** The provider bundle `npm run build` writes (and the npm package ships). */
const BUNDLE = providerBundlePath(PACKAGE.root, PROVIDER_ADDRESS.type);
const ENTRY = join(PACKAGE.root, "lib", "provider", "main.ts");

/** esbuild's bundler, a development dependency: only a source checkout that was never built reaches for it. */
type Bundler = { bundleProvider(entry: string, outFile: string): Promise<void> };

/**
 * Installs the devdynamics provider for plain Terraform: the bundled provider copied into a configuration's implied
 * local mirror (`<dir>/terraform.d/plugins`, no CLI config needed) or into a filesystem mirror, with a CLI config
 * that uses it. In a source checkout that was never built, the bundle is built first.
 */
export async function installForTerraform(options: { impliedMirror?: string; mirror?: string; cliConfig?: string }) {
  if (!existsSync(BUNDLE)) {
    // Only a source checkout gets here; esbuild is one of its development dependencies. `require`, because tsx's
    // CommonJS loader cannot resolve an extensionless `import()`.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { bundleProvider } = require("../tfplugin/packaging/bundle") as Bundler;
    await bundleProvider(ENTRY, BUNDLE);
  }
  const mirror = options.impliedMirror
    ? impliedMirrorDirectory(resolve(options.impliedMirror))
    : resolve(options.mirror!);
  const packageDir = installProvider(BUNDLE, mirror, PROVIDER_ADDRESS);
  const cliConfig = options.cliConfig && !options.impliedMirror ? resolve(options.cliConfig) : undefined;
  if (cliConfig) writeCliConfig(cliConfig, mirror, [PROVIDER_ADDRESS]);
  const { hostname, namespace, type, version } = PROVIDER_ADDRESS;
  return {
    source: `${hostname}/${namespace}/${type}`,
    version,
    packageDir,
    lockHash: dirhashH1(packageDir),
    cliConfig,
  };
}
