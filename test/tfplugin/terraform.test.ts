import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dirhashH1, packageDirectory } from "../../lib/tfplugin/packaging";
import { installTestProvider, TerraformWorkspace } from "../support/terraform";

/** The real terraform binary driving the test-only `tftest` provider built on lib/tfplugin. */
const ADDRESS = { hostname: "registry.terraform.io", namespace: "test", type: "tftest", version: "0.1.0" };
const ENTRY = join(__dirname, "fixtures/tftest-provider.ts");
const SECRET = "write-only-value-7f3a";

const header = `terraform {\n  required_providers {\n    tftest = { source = "test/tftest" }\n  }\n}\nprovider "tftest" {}\n`;
/** The secret comes from an ephemeral variable, as it would in real use (a literal is echoed in the plan's configuration). */
const thing = (name: string, extra = "") =>
  `variable "secret" {\n  type      = string\n  ephemeral = true\n}\nresource "tftest_thing" "a" {\n  name      = "${name}"\n  secret_wo = var.secret\n${extra}}\n`;

type Things = Record<
  string,
  { id: string; name: string; size: number; tags: Record<string, string> | null; secret_seen?: boolean }
>;

describe("lib/tfplugin with terraform", () => {
  let cliConfig: string;
  let mirror: string;
  let ws: TerraformWorkspace;
  let store: string;
  const things = (): Things => (existsSync(store) ? JSON.parse(readFileSync(store, "utf8")) : {});
  const apply = (...extra: string[]) => ws.ok(["apply", "-auto-approve", "-input=false", "-no-color", ...extra]);

  beforeAll(async () => {
    ({ cliConfig, mirror } = await installTestProvider(ENTRY, ADDRESS));
  });

  beforeEach(() => {
    ws = new TerraformWorkspace(cliConfig);
    store = join(ws.dir, "store.json");
    ws.env.TFTEST_STORE_PATH = store; // provider configuration from an environment variable
    ws.env.TF_VAR_secret = SECRET;
  });

  function init(config: string) {
    ws.write({ "main.tf": header + config });
    ws.ok(["init", "-input=false", "-no-color"]);
  }

  it("serves exactly the declared schema", () => {
    init(thing("alpha"));
    const schema = JSON.parse(ws.ok(["providers", "schema", "-json"]));
    const provider = schema.provider_schemas["registry.terraform.io/test/tftest"];
    expect(Object.keys(provider.resource_schemas)).toEqual(["tftest_thing"]);
    expect(Object.keys(provider.data_source_schemas)).toEqual(["tftest_lookup"]);
    expect(Object.keys(provider.ephemeral_resource_schemas)).toEqual(["tftest_secret"]);
    const attributes = provider.resource_schemas.tftest_thing.block.attributes;
    expect(attributes.secret_wo).toEqual({
      type: "string",
      description: "A write-only secret.",
      description_kind: "plain",
      optional: true,
      sensitive: true,
      write_only: true,
    });
    expect(attributes.token).toMatchObject({ computed: true, sensitive: true });
    expect(attributes.tags.type).toEqual(["map", "string"]);
    expect(provider.provider.block.attributes.store_path).toMatchObject({ optional: true, type: "string" });
    expect(attributes.rules).toMatchObject({
      optional: true,
      nested_type: {
        nesting_mode: "list",
        attributes: { port: { type: "number", required: true }, protocol: { type: "string", optional: true } },
      },
    });
  });

  it("creates, finds no changes, updates in place, replaces, re-creates what vanished, and destroys", () => {
    init(thing("alpha"));
    expect(ws.ok(["validate", "-no-color"])).toContain("Success");
    apply();
    const [first] = Object.values(things());
    expect(first).toMatchObject({ name: "alpha", size: 1, secret_seen: true });
    expect(ws.planExitCode()).toBe(0);

    ws.write({
      "main.tf": header + thing("alpha", '  size = 3\n  tags = { team = "platform" }\n  rules = [{ port = 443 }]\n'),
    });
    expect(apply()).toContain("1 changed");
    expect(things()[first.id]).toMatchObject({ size: 3, tags: { team: "platform" } });

    ws.write({ "main.tf": header + thing("beta", "  size = 3\n") });
    const replaced = apply();
    expect(replaced).toMatch(/1 added, 0 changed, 1 destroyed/);
    expect(Object.values(things()).map((t) => t.name)).toEqual(["beta"]);

    writeFileSync(store, "{}"); // the object disappears behind Terraform's back
    expect(ws.planExitCode()).toBe(2);
    expect(apply()).toContain("1 added");

    const edited = things();
    Object.values(edited)[0].size = 9; // drift: edited outside Terraform
    writeFileSync(store, JSON.stringify(edited));
    expect(ws.ok(["plan", "-no-color", "-input=false"])).toMatch(/~ size\s+= 9 -> 3/);

    ws.ok(["destroy", "-auto-approve", "-input=false", "-no-color"]);
    expect(things()).toEqual({});
  });

  it("keeps write-only values out of the saved plan and the state, and hides sensitive ones", () => {
    init(thing("alpha"));
    ws.ok(["plan", "-input=false", "-no-color", "-out=tfplan"]);
    const plan = ws.ok(["show", "-json", "tfplan"]);
    expect(plan).not.toContain(SECRET);
    apply();
    const state = readFileSync(join(ws.dir, "terraform.tfstate"), "utf8");
    expect(state).not.toContain(SECRET);
    expect(JSON.parse(state).resources[0].instances[0].attributes.secret_wo).toBeNull();
    expect(ws.ok(["show", "-no-color"])).toMatch(/token\s+= \(sensitive value\)/);
  });

  it("passes unknown values from one resource into another, and reads data sources", () => {
    init(
      `${thing("alpha")}resource "tftest_thing" "b" {\n  name = "bravo"\n  tags = { peer = tftest_thing.a.id }\n}\n`,
    );
    const plan = ws.ok(["plan", "-input=false", "-no-color"]);
    expect(plan).toMatch(/"peer" = \(known after apply\)/);
    apply();
    const all = Object.values(things());
    const alpha = all.find((t) => t.name === "alpha")!;
    expect(all.find((t) => t.name === "bravo")!.tags).toEqual({ peer: alpha.id });

    ws.write({
      "lookup.tf": `data "tftest_lookup" "a" {\n  name = "alpha"\n}\noutput "size" { value = data.tftest_lookup.a.size }\n`,
    });
    apply();
    expect(ws.ok(["output", "-raw", "size"])).toBe("1");

    const before = things();
    const copy = { ...alpha, id: "thing-copy" };
    writeFileSync(store, JSON.stringify({ ...before, [copy.id]: copy }));
    expect(ws.ok(["plan", "-input=false", "-no-color", "-refresh-only"])).toMatch(
      /Warning: Several things named alpha[\s\S]*Using thing-/,
    ); // a handler's warning reaches terraform without failing the read
  });

  it("reports a validation error at our attribute path", () => {
    init(thing("Not Valid"));
    const result = ws.run(["validate", "-no-color"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Invalid name/);
    expect(result.stderr).toMatch(/use lower-case letters, digits and dashes/);
    expect(result.stderr).toMatch(/on main.tf line \d+, in resource "tftest_thing" "a":\n.*name\s+= "Not Valid"/);
  });

  it("imports an existing object", () => {
    init(thing("alpha"));
    writeFileSync(
      store,
      JSON.stringify({ "thing-import": { id: "thing-import", name: "alpha", size: 1, tags: null, token: "t0k" } }),
    );
    ws.ok(["import", "-input=false", "-no-color", "tftest_thing.a", "thing-import"]);
    expect(ws.ok(["state", "show", "-no-color", "tftest_thing.a"])).toMatch(/id\s+= "thing-import"/);
    expect(ws.planExitCode()).toBe(0);
  });

  it("installs into an unchanging package directory, so the lock hash stays valid", () => {
    init(thing("alpha"));
    const lock = readFileSync(join(ws.dir, ".terraform.lock.hcl"), "utf8");
    expect(lock).toContain(dirhashH1(packageDirectory(mirror, ADDRESS)));
  });

  /** Applies, and sends Ctrl-C (SIGINT to terraform's whole process group, provider included) once creating starts. */
  async function applyWithCtrlC(): Promise<{ output: string; errors: string }> {
    const child = ws.start(["apply", "-auto-approve", "-input=false", "-no-color"]);
    let output = "";
    let interrupted = false;
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (!interrupted && output.includes("Creating...")) {
        interrupted = true;
        process.kill(-child.pid!, "SIGINT");
      }
    });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    await new Promise((resolve) => child.on("close", resolve));
    return { output, errors };
  }

  const savedId = () =>
    JSON.parse(readFileSync(join(ws.dir, "terraform.tfstate"), "utf8")).resources[0].instances[0].attributes.id;

  it("survives Ctrl-C during a slow apply with the created object in state", async () => {
    init(thing("alpha", "  slow_create_ms = 3000\n")); // a handler that ignores the stop signal
    const { output, errors } = await applyWithCtrlC();
    expect(output).toContain("Interrupt received");
    expect(`${output}${errors}`).toMatch(/Creation complete after \d+s/); // stderr shows why, if not
    expect(Object.keys(things())).toHaveLength(1);
    expect(savedId()).toBe(Object.keys(things())[0]);
  });

  it("ends a wait on the stop signal at Ctrl-C, with what was done in state and a warning", async () => {
    // Ten minutes, far beyond the test's timeout: only the stop signal can end it.
    init(thing("alpha", "  ready_wait_ms = 600000\n"));
    const { output, errors } = await applyWithCtrlC();
    expect(`${output}${errors}`).toMatch(/Creation complete after \d+s/);
    expect(`${output}${errors}`).toMatch(/Warning: Stopped waiting for the thing to be ready/);
    expect(savedId()).toBe(Object.keys(things())[0]);
  });
});
