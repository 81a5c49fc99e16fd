import { join } from "node:path";
import { bundleProvider, installProvider, writeCliConfig } from "../../lib/tfplugin/packaging";
import { providerSchemaJson } from "../../lib/tfplugin/schema-json";
import { installTestProvider, TerraformWorkspace } from "../support/terraform";
import { schemaFeatures } from "./fixtures/schema-features-provider";
import { tftest } from "./fixtures/tftest-provider";

/** providerSchemaJson against the real `terraform providers schema -json`, compared as whole documents. */
const TFTEST = { hostname: "registry.terraform.io", namespace: "test", type: "tftest", version: "0.1.0" };
const FEATURES = { hostname: "registry.terraform.io", namespace: "test", type: "features", version: "0.1.0" };

describe("providerSchemaJson", () => {
  let printed: unknown;

  beforeAll(async () => {
    const { cliConfig, mirror } = await installTestProvider(join(__dirname, "fixtures/tftest-provider.ts"), TFTEST);
    // The second provider joins the same mirror, so one init and one schema call cover both.
    const bundle = join(mirror, "..", "features.js");
    await bundleProvider(join(__dirname, "fixtures/schema-features-provider.ts"), bundle);
    installProvider(bundle, mirror, FEATURES);
    writeCliConfig(cliConfig, mirror, [TFTEST, FEATURES]);
    const ws = new TerraformWorkspace(cliConfig);
    ws.write({
      "main.tf": `terraform {\n  required_providers {\n    tftest   = { source = "test/tftest" }\n    features = { source = "test/features" }\n  }\n}\n`,
    });
    ws.ok(["init", "-input=false", "-no-color"]);
    printed = JSON.parse(ws.ok(["providers", "schema", "-json"]));
  });

  it("equals terraform's document for the tftest provider and for a provider using every schema feature", () => {
    // tftest has resources, data sources and ephemeral resources, so each map is compared.
    const tftestSchemas = providerSchemaJson(tftest, TFTEST).provider_schemas["registry.terraform.io/test/tftest"];
    expect(Object.keys(tftestSchemas.ephemeral_resource_schemas ?? {})).toEqual(["tftest_secret"]);
    expect(printed).toStrictEqual({
      format_version: "1.0",
      provider_schemas: {
        ...providerSchemaJson(tftest, TFTEST).provider_schemas,
        ...providerSchemaJson(schemaFeatures, FEATURES).provider_schemas,
      },
    });
  });
});
