import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defineProvider, defineResource } from "../../lib/tfplugin";
import { ProviderService } from "../../lib/tfplugin/provider-service";
import { installTestProvider, TerraformWorkspace } from "../support/terraform";
import { itemV1 } from "./fixtures/upgrade-provider";
import { providerRpc } from "./provider-rpc";

const ADDRESS = { hostname: "registry.terraform.io", namespace: "test", type: "tfupgrade", version: "0.1.0" };
const header = `terraform {\n  required_providers {\n    tfupgrade = { source = "test/tfupgrade" }\n  }\n}\n`;

describe("state upgrades", () => {
  it("reads state written by schema version 0 with version 1 (renamed, dropped, set to list) through terraform", async () => {
    const { cliConfig } = await installTestProvider(join(__dirname, "fixtures/upgrade-provider.ts"), ADDRESS);
    const ws = new TerraformWorkspace(cliConfig);
    ws.write({
      "main.tf": `${header}resource "tfupgrade_item" "a" {\n  title  = "alpha"\n  labels = ["b", "a"]\n  legacy = "old"\n}\n`,
    });
    ws.ok(["init", "-input=false", "-no-color"]);
    ws.ok(["apply", "-auto-approve", "-input=false", "-no-color"]);
    const stateFile = join(ws.dir, "terraform.tfstate");
    const before = JSON.parse(readFileSync(stateFile, "utf8")).resources[0].instances[0];
    expect(before).toMatchObject({ schema_version: 0, attributes: { title: "alpha", labels: ["a", "b"] } });

    ws.env.TFUPGRADE_SCHEMA_VERSION = "1"; // the next release of the provider
    ws.write({ "main.tf": `${header}resource "tfupgrade_item" "a" {\n  name   = "alpha"\n  labels = ["a", "b"]\n}\n` });
    expect(ws.planExitCode()).toBe(0); // the upgraded state matches the new configuration: nothing to change
    ws.ok(["apply", "-auto-approve", "-input=false", "-no-color"]);
    const after = JSON.parse(readFileSync(stateFile, "utf8")).resources[0].instances[0];
    expect(after.schema_version).toBe(1);
    expect(after.attributes).toEqual({ id: before.attributes.id, name: "alpha", labels: ["a", "b"] });

    // Going back to the older release: Terraform itself refuses before asking the provider.
    ws.write({ "main.tf": `${header}resource "tfupgrade_item" "a" {\n  title = "alpha"\n}\n` });
    const downgraded = ws.run(["plan", "-input=false", "-no-color"], { TFUPGRADE_SCHEMA_VERSION: "0" });
    expect(downgraded.code).toBe(1);
    expect(downgraded.stderr).toMatch(/newer provider version[\s\S]*Upgrade the[\s\S]*provider/);
  });

  describe("refusals", () => {
    const upgrade = async (version: number, resource = itemV1) => {
      const provider = defineProvider<object>({
        typeName: "tfupgrade",
        schema: { attributes: {} },
        configure: async () => ({}),
        resources: [resource],
        dataSources: [],
      });
      const call = providerRpc(new ProviderService(provider, { debug() {}, info() {}, warn() {} }));
      return call("UpgradeResourceState", {
        type_name: "tfupgrade_item",
        version,
        raw_state: { json: Buffer.from(JSON.stringify({ id: "item-1", title: "alpha" })) },
      });
    };

    it("refuses state from a newer schema version, naming both versions and the fix", async () => {
      const { diagnostics, upgraded_state } = await upgrade(3);
      expect(upgraded_state).toBeNull();
      expect(diagnostics).toEqual([
        expect.objectContaining({
          severity: "ERROR",
          summary: "State of tfupgrade_item written by a newer provider",
          detail: expect.stringMatching(/schema version 3, .*versions up to 1\. Upgrade the provider/),
        }),
      ]);
    });

    it("refuses a version the provider has no upgrade from", async () => {
      const withoutSteps = { ...itemV1, upgradeState: {} };
      const { diagnostics } = await upgrade(0, withoutSteps);
      expect(diagnostics).toEqual([
        expect.objectContaining({
          summary: "No state upgrade for tfupgrade_item from schema version 0",
          detail: expect.stringMatching(/no upgrade from version 0 to 1\. Upgrade the provider/),
        }),
      ]);
    });

    it("upgrades in sequence and passes the current version through", async () => {
      expect((await upgrade(0)).diagnostics).toEqual([]);
      expect((await upgrade(1)).diagnostics).toEqual([]);
    });

    it("refuses a definition with an upgrade step from the current version or later", () => {
      const broken = defineResource<object>()({ ...itemV1, upgradeState: { 1: (s) => s } });
      expect(
        () =>
          new ProviderService(
            {
              typeName: "tfupgrade",
              schema: { attributes: {} },
              configure: async () => ({}),
              resources: [broken],
              dataSources: [],
            },
            { debug() {}, info() {}, warn() {} },
          ),
      ).toThrow(/upgradeState\[1\] must upgrade from a version in 0..0/);
    });
  });
});
