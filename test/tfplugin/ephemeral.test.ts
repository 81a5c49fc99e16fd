import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { installTestProvider, TerraformWorkspace } from "../support/terraform";
import type { JournalEntry } from "./fixtures/tftest-provider";

/** Ephemeral resources of the tftest provider through the real terraform (≥ 1.10 runs them). */
const ADDRESS = { hostname: "registry.terraform.io", namespace: "test", type: "tftest", version: "0.1.0" };
const header = `terraform {\n  required_providers {\n    tftest = { source = "test/tftest" }\n  }\n}\nprovider "tftest" {}\n`;

describe("ephemeral resources with terraform", () => {
  let cliConfig: string;
  let ws: TerraformWorkspace;
  let store: string;

  beforeAll(async () => {
    ({ cliConfig } = await installTestProvider(join(__dirname, "fixtures/tftest-provider.ts"), ADDRESS));
  });

  beforeEach(() => {
    ws = new TerraformWorkspace(cliConfig);
    store = join(ws.dir, "store.json");
    ws.env.TFTEST_STORE_PATH = store;
  });

  const journal = (): JournalEntry[] =>
    existsSync(`${store}.ephemeral.jsonl`)
      ? readFileSync(`${store}.ephemeral.jsonl`, "utf8")
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line) as JournalEntry)
      : [];
  const things = () =>
    Object.values(
      JSON.parse(readFileSync(store, "utf8")) as Record<string, { id: string; name: string; secret: string }>,
    );

  it("opens at plan and at apply, defers what depends on a resource being created, and stores nothing of it", () => {
    ws.write({
      "main.tf": `${header}
ephemeral "tftest_secret" "static" {
  name = "static"
}
resource "tftest_thing" "a" {
  name      = "alpha"
  secret_wo = ephemeral.tftest_secret.static.value
}
# Unknown at plan: a's id is known only once a is created.
ephemeral "tftest_secret" "late" {
  name = tftest_thing.a.id
}
resource "tftest_thing" "b" {
  name      = "bravo"
  secret_wo = ephemeral.tftest_secret.late.value
}
`,
    });
    ws.ok(["init", "-input=false", "-no-color"]);
    ws.ok(["plan", "-input=false", "-no-color", "-out=tfplan"]);
    const atPlan = journal();
    expect(atPlan.filter((e) => e.event === "open").map((e) => e.name)).toEqual(["static"]); // late is deferred
    expect(atPlan.filter((e) => e.event === "close").map((e) => e.name)).toEqual(["static"]);

    ws.ok(["apply", "-input=false", "-no-color", "tfplan"]);
    const atApply = journal().slice(atPlan.length);
    const alpha = things().find((t) => t.name === "alpha")!;
    const opened = atApply.filter((e) => e.event === "open");
    expect(opened.map((e) => e.name).sort()).toEqual([alpha.id, "static"].sort()); // late opened once a exists
    expect(
      atApply
        .filter((e) => e.event === "close")
        .map((e) => e.name)
        .sort(),
    ).toEqual([alpha.id, "static"].sort());
    // The values each resource received are the ones opened in the apply walk.
    expect(alpha.secret).toBe(opened.find((e) => e.name === "static")!.value);
    expect(things().find((t) => t.name === "bravo")!.secret).toBe(opened.find((e) => e.name === alpha.id)!.value);

    const values = journal().flatMap((e) => (e.value ? [e.value] : []));
    expect(values).toHaveLength(3);
    const artifacts = [
      ws.ok(["show", "-json", "tfplan"]),
      ws.ok(["show", "-json"]),
      ...readdirSync(ws.dir)
        .filter((f) => f.startsWith("terraform.tfstate"))
        .map((f) => readFileSync(join(ws.dir, f), "utf8")),
    ];
    for (const value of values) for (const artifact of artifacts) expect(artifact).not.toContain(value);
  });

  it("renews while Terraform still uses the result", () => {
    ws.write({
      "main.tf": `${header}
ephemeral "tftest_secret" "renewed" {
  name           = "renewed"
  renew_after_ms = 200
}
resource "tftest_thing" "slow" {
  name           = "slow"
  slow_create_ms = 3000
  secret_wo      = ephemeral.tftest_secret.renewed.value
}
`,
    });
    ws.ok(["init", "-input=false", "-no-color"]);
    ws.ok(["apply", "-auto-approve", "-input=false", "-no-color"]);
    expect(journal().map((e) => e.event)).toContain("renew");
  });
});
