// Where the provider comes from; no imports, so the constructs can read it without loading the provider.
export const PROVIDER_ADDRESS = {
  hostname: "registry.terraform.io",
  namespace: "devdynamics",
  type: "devdynamics",
  version: "0.1.0",
};

/** The version range the generated bindings put in `required_providers` (and the lock file records). */
export const PROVIDER_VERSION_CONSTRAINT = "~> 0.1";
