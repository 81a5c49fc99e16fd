/**
 * Generates the bindings of the devdynamics provider for both CDK flavours, offline: the schema comes from the
 * provider definition (lib/tfplugin/schema-json.ts) instead of `terraform providers schema`, and each flavour's own
 * generator writes its bindings (cdktn's knows write-only attributes and ephemeral resources; cdktf 0.21's does not).
 * Run `npm run generate` after changing a schema; test/provider/generated.test.ts fails while the output is stale.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROVIDER_ADDRESS, PROVIDER_VERSION_CONSTRAINT } from "../lib/provider/address";
import { devdynamicsProvider } from "../lib/provider/provider";
import { providerSchemaJson } from "../lib/tfplugin/schema-json";

export type Flavour = "cdktf" | "cdktn";
export const FLAVOURS: readonly Flavour[] = ["cdktf", "cdktn"];

/** Where each flavour's bindings are checked in: `lib/generated/<flavour>/providers/devdynamics/…`. */
export function bindingsDir(flavour: Flavour): string {
  return join(__dirname, "..", "lib", "generated", flavour);
}

/** The provider and the range the bindings put into `required_providers` (see PROVIDER_VERSION_CONSTRAINT). */
const PROVIDER_CONSTRAINT = `${PROVIDER_ADDRESS.namespace}/${PROVIDER_ADDRESS.type}@${PROVIDER_VERSION_CONSTRAINT}`;

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

/** The generator API; cdktn forked cdktf's, so both flavours' packages have this shape. */
type GeneratorModules = typeof import("@cdktf/provider-generator") & typeof import("@cdktf/commons");

async function generatorOf(flavour: Flavour): Promise<GeneratorModules> {
  // Importing the commons package runs `terraform version`, which reads the CLI config (this machine points
  // TF_CLI_CONFIG_FILE at a missing file) and, on failure, would phone HashiCorp's checkpoint API.
  process.env.CHECKPOINT_DISABLE ??= "1";
  const emptyConfig = join(mkdtempSync(join(tmpdir(), "generate-bindings-")), "terraform.rc");
  writeFileSync(emptyConfig, "");
  process.env.TF_CLI_CONFIG_FILE = emptyConfig;
  const modules =
    flavour === "cdktf"
      ? await Promise.all([import("@cdktf/provider-generator"), import("@cdktf/commons")])
      : await Promise.all([import("@cdktn/provider-generator"), import("@cdktn/commons")]);
  return { ...modules[0], ...modules[1] } as unknown as GeneratorModules;
}

/** Writes one flavour's bindings below `outDir` (replacing what is there): `providers/devdynamics/...`. */
export async function generateBindings(flavour: Flavour, outDir: string): Promise<void> {
  const {
    CodeMaker,
    TerraformProviderConstraint,
    TerraformProviderGenerator,
    ConstructsMakerProviderTarget,
    Language,
  } = await generatorOf(flavour);
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
  (async () => {
    for (const flavour of FLAVOURS) {
      await generateBindings(flavour, bindingsDir(flavour));
      console.log(`wrote ${bindingsDir(flavour)}`);
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
