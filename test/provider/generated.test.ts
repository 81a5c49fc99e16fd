import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { devdynamics, TerraformStack, Testing } from "../../lib/constructs/framework";
import { PROVIDER_ADDRESS } from "../../lib/provider/address";
import { devdynamicsProvider } from "../../lib/provider/provider";
import { providerSchemaJson } from "../../lib/tfplugin/schema-json";
import { bindingsDir, FLAVOURS, generateBindings } from "../../scripts/generate-bindings";
import { DOCS_DIR, EXAMPLES_DIR, examplePaths, renderDocs } from "../../scripts/generate-docs";
import { installTestProvider, TerraformWorkspace } from "../support/terraform";

/** What `npm run generate` writes (cdktf bindings, provider docs) is checked in, current, and usable. */

function filesBelow(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      files.set(relative(dir, path), readFileSync(path, "utf8"));
    }
  return files;
}

/** Fails with the files that differ, missing or extra, and the command that fixes them. */
function expectCheckedIn(expected: Map<string, string>, dir: string): void {
  const actual = filesBelow(dir);
  const stale = [...new Set([...expected.keys(), ...actual.keys()])]
    .filter((path) => expected.get(path) !== actual.get(path))
    .sort()
    .map((path) => `${relative(join(__dirname, "../.."), join(dir, path))} (${difference(expected, actual, path)})`);
  if (stale.length > 0)
    throw new Error(`Generated files are stale; run \`npm run generate\` and commit the result:\n${stale.join("\n")}`);
}

const difference = (expected: Map<string, string>, actual: Map<string, string>, path: string) =>
  !actual.has(path) ? "missing" : !expected.has(path) ? "no longer generated" : "differs";

const resourceTypes = devdynamicsProvider.resources.map((r) => r.typeName);
const dataSourceTypes = devdynamicsProvider.dataSources.map((d) => d.typeName);
const ephemeralResourceTypes = (devdynamicsProvider.ephemeralResources ?? []).map((e) => e.typeName);

describe("generated bindings", () => {
  it.each(FLAVOURS)("for %s are up to date with the provider's schema", async (flavour) => {
    const fresh = mkdtempSync(join(tmpdir(), "bindings-"));
    try {
      await generateBindings(flavour, fresh);
      expectCheckedIn(filesBelow(fresh), bindingsDir(flavour));
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it("synthesize the provider with its source and version range, and a data source", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    new devdynamics.provider.DevdynamicsProvider(stack, "devdynamics", {
      devdynamicsApiUrl: "https://api.devdynamics.example",
    });
    new devdynamics.dataDevdynamicsBitbucketCredentials.DataDevdynamicsBitbucketCredentials(stack, "check", {
      workspace: "acme",
      webhookSubject: "repository",
    });
    const synthesized = JSON.parse(Testing.synth(stack));
    expect(synthesized.provider.devdynamics).toEqual([{ devdynamics_api_url: "https://api.devdynamics.example" }]);
    expect(synthesized.terraform.required_providers.devdynamics).toEqual({
      source: "devdynamics/devdynamics",
      version: "~> 0.1",
    });
    expect(synthesized.data.devdynamics_bitbucket_credentials.check).toEqual({
      workspace: "acme",
      webhook_subject: "repository",
    });
  });
});

describe("generated provider docs", () => {
  const pages = renderDocs();

  it("are up to date with the provider's schema and the examples", () => {
    expectCheckedIn(pages, DOCS_DIR);
  });

  it("have a page and an example for the provider and every resource, data source and ephemeral resource", () => {
    const expected = [
      ["index.md", examplePaths.provider],
      ...resourceTypes.map((t) => [`resources/${t.replace("devdynamics_", "")}.md`, examplePaths.resource(t)]),
      ...dataSourceTypes.map((t) => [`data-sources/${t.replace("devdynamics_", "")}.md`, examplePaths.dataSource(t)]),
      ...ephemeralResourceTypes.map((t) => [
        `ephemeral-resources/${t.replace("devdynamics_", "")}.md`,
        examplePaths.ephemeralResource(t),
      ]),
    ];
    for (const [page, example] of expected) {
      expect(pages.get(page)).toContain(readFileSync(join(EXAMPLES_DIR, example), "utf8").trimEnd());
    }
    expect([...pages.keys()].sort()).toEqual(expected.map(([page]) => page).sort());
  });

  it("document how to import every importable resource", () => {
    for (const r of devdynamicsProvider.resources.filter((r) => r.importState)) {
      const page = pages.get(`resources/${r.typeName.replace("devdynamics_", "")}.md`);
      expect(page).toContain(`## Import\n\nImport ID format: \`${r.importIdFormat}\``);
      expect(page).toContain(readFileSync(join(EXAMPLES_DIR, examplePaths.import(r.typeName)), "utf8").trimEnd());
    }
  });
});

describe("HCL examples with the provider installed", () => {
  let ws: TerraformWorkspace;

  beforeAll(async () => {
    const { cliConfig } = await installTestProvider(join(__dirname, "../../lib/provider/main.ts"), PROVIDER_ADDRESS);
    ws = new TerraformWorkspace(cliConfig);
    // All examples in one configuration, one file each, so one init covers them (and they must not clash).
    ws.write({
      "provider.tf": readFileSync(join(EXAMPLES_DIR, examplePaths.provider), "utf8"),
      ...Object.fromEntries(
        resourceTypes.map((t) => [
          `resource-${t}.tf`,
          readFileSync(join(EXAMPLES_DIR, examplePaths.resource(t)), "utf8"),
        ]),
      ),
      ...Object.fromEntries(
        dataSourceTypes.map((t) => [
          `data-source-${t}.tf`,
          readFileSync(join(EXAMPLES_DIR, examplePaths.dataSource(t)), "utf8"),
        ]),
      ),
      ...Object.fromEntries(
        ephemeralResourceTypes.map((t) => [
          `ephemeral-resource-${t}.tf`,
          readFileSync(join(EXAMPLES_DIR, examplePaths.ephemeralResource(t)), "utf8"),
        ]),
      ),
    });
    ws.ok(["init", "-input=false", "-no-color"]);
  });

  it("are valid and formatted together", () => {
    expect(ws.ok(["validate", "-no-color"])).toContain("Success");
    ws.ok(["fmt", "-check", "-no-color"]);
  });

  it("see the schema the bindings were generated from", () => {
    expect(JSON.parse(ws.ok(["providers", "schema", "-json"]))).toStrictEqual(
      providerSchemaJson(devdynamicsProvider, PROVIDER_ADDRESS),
    );
  });
});
