import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from "node:fs";
import { join } from "node:path";

/** Where a provider comes from, as `required_providers` names it: `registry.terraform.io/devdynamics/devdynamics`. */
export interface ProviderAddress {
  readonly hostname: string;
  readonly namespace: string;
  readonly type: string;
  readonly version: string;
}

/** Terraform's name for this machine's platform, e.g. `linux_amd64`. */
export function terraformPlatform(): string {
  const arch: Record<string, string> = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" };
  return `${process.platform === "win32" ? "windows" : process.platform}_${arch[process.arch] ?? process.arch}`;
}

/** A Terraform configuration's implied local mirror, which Terraform searches without any CLI configuration. */
export function impliedMirrorDirectory(configurationDirectory: string): string {
  return join(configurationDirectory, "terraform.d", "plugins");
}

/**
 * Where a package's build puts the bundle of its provider (`bundleProvider`'s output, which the package ships):
 * `<packageRoot>/dist/provider/terraform-provider-<type>.js`.
 */
export function providerBundlePath(packageRoot: string, type: string): string {
  return join(packageRoot, "dist", "provider", `terraform-provider-${type}.js`);
}

/** The unpacked-mirror package directory: `HOST/NAMESPACE/TYPE/VERSION/OS_ARCH` below the mirror. */
export function packageDirectory(mirror: string, address: ProviderAddress): string {
  return join(mirror, address.hostname, address.namespace, address.type, address.version, terraformPlatform());
}

/** Installs a bundled provider into a filesystem mirror or an implied local mirror. Returns the package directory. */
export function installProvider(bundle: string, mirror: string, address: ProviderAddress): string {
  return installProviderExecutable(readFileSync(bundle), mirror, address);
}

/**
 * Writes a provider executable (a bundle, or a launcher script) into a mirror. The package directory holds only the
 * executable, written byte for byte: installing again changes nothing, so the lock file's hash stays valid.
 */
export function installProviderExecutable(content: Buffer, mirror: string, address: ProviderAddress): string {
  const dir = packageDirectory(mirror, address);
  const executable = join(dir, `terraform-provider-${address.type}_v${address.version}`);
  if (!existsSync(executable) || !readFileSync(executable).equals(content)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(executable, content);
  }
  chmodSync(executable, 0o755);
  return dir;
}

/**
 * Writes a Terraform CLI configuration that installs the given providers from `mirror` and everything else as
 * usual. Point TF_CLI_CONFIG_FILE at it.
 */
export function writeCliConfig(file: string, mirror: string, addresses: readonly ProviderAddress[]): void {
  const patterns = addresses.map((a) => JSON.stringify(`${a.hostname}/${a.namespace}/${a.type}`)).join(", ");
  writeFileSync(
    file,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = [${patterns}]\n  }\n  direct {\n    exclude = [${patterns}]\n  }\n}\n`,
  );
}
