// Where the provider comes from. Only package.json is read, so the constructs can use it without loading the provider.
import { PACKAGE } from "../package-info";

const [major, minor] = PACKAGE.version.split(".");

/** The provider's source address; its version is the package's (pin the package to pin the provider). */
export const PROVIDER_ADDRESS = {
  hostname: "registry.terraform.io",
  namespace: "devdynamics",
  type: "devdynamics",
  version: PACKAGE.version,
};

/**
 * The version range the generated bindings put in `required_providers` (and the lock file records): this minor
 * series. A range, not the exact version: Terraform intersects every module's constraints, so an exact pin in a
 * library conflicts with any other pin, and `.terraform.lock.hcl` already fixes the version in use.
 */
export const PROVIDER_VERSION_CONSTRAINT = `~> ${major}.${minor}`;
