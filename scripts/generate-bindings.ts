/**
 * Generates the cdktf bindings of the devdynamics provider into lib/generated/providers/devdynamics, offline: the
 * schema comes from the provider definition (lib/tfplugin/schema-json.ts) instead of `terraform providers schema`.
 * Run `npm run generate` after changing a schema; test/provider/generated.test.ts fails while the output is stale.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { devdynamicsProvider, PROVIDER_ADDRESS } from "../lib/provider/provider";
import { providerSchemaJson } from "../lib/tfplugin/schema-json";

export const BINDINGS_DIR = join(__dirname, "../lib/generated");

/**
 * The constraint the bindings put into `required_providers`. A range rather than the exact version: Terraform
 * intersects the constraints of every module, so an exact pin in a library conflicts with any other pin, and
 * `.terraform.lock.hcl` already fixes the version a configuration uses.
 */
export const PROVIDER_CONSTRAINT = "devdynamics/devdynamics@~> 0.1";

/** Object keys sorted at every level, as `terraform providers schema -json` prints them, so output is stable. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

/** Writes the bindings below `outDir` (replacing what is there): `providers/devdynamics/...`. */
export async function generateBindings(outDir: string): Promise<void> {
  // Importing @cdktf/commons runs `terraform version`, and a failure there would phone HashiCorp's checkpoint API.
  process.env.CHECKPOINT_DISABLE ??= "1";
  const { CodeMaker, TerraformProviderConstraint, TerraformProviderGenerator } =
    await import("@cdktf/provider-generator");
  const { ConstructsMakerProviderTarget, Language } = await import("@cdktf/commons");
  // No provider_versions: the generator would then write the exact version instead of PROVIDER_CONSTRAINT.
  const schema = sortKeys(providerSchemaJson(devdynamicsProvider, PROVIDER_ADDRESS));
  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(
    code,
    schema as ConstructorParameters<typeof TerraformProviderGenerator>[1],
  );
  generator.generate(
    new ConstructsMakerProviderTarget(new TerraformProviderConstraint(PROVIDER_CONSTRAINT), Language.TYPESCRIPT),
  );
  rmSync(outDir, { recursive: true, force: true });
  await code.save(outDir);
}

if (require.main === module) {
  generateBindings(BINDINGS_DIR).then(
    () => console.log(`wrote ${BINDINGS_DIR}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
