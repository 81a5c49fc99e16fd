import { join } from "node:path";
import { defineProvider, defineSchema, UNKNOWN } from "../../lib/tfplugin";
import { providerSettings } from "../../lib/tfplugin/provider-config";
import { encodeValue } from "../../lib/tfplugin/msgpack-codec";
import { ProviderService } from "../../lib/tfplugin/provider-service";
import { impliedType } from "../../lib/tfplugin/schema";
import { installTestProvider, TerraformWorkspace } from "../support/terraform";
import { tftest } from "./fixtures/tftest-provider";
import { providerRpc } from "./provider-rpc";

/** Provider configuration from environment variables: parsed, validated at validate, the same values at configure. */
const ADDRESS = { hostname: "registry.terraform.io", namespace: "test", type: "tftest", version: "0.1.0" };
const required = `terraform {\n  required_providers {\n    tftest = { source = "test/tftest" }\n  }\n}\n`;
const thing = `resource "tftest_thing" "a" {\n  name = "alpha"\n}\n`;
const SECRET = "hunter2-tok";

describe("provider configuration from the environment, with terraform", () => {
  let ws: TerraformWorkspace;

  beforeAll(async () => {
    const { cliConfig } = await installTestProvider(join(__dirname, "fixtures/tftest-provider.ts"), ADDRESS);
    ws = new TerraformWorkspace(cliConfig, { TFTEST_STORE_PATH: "store.json" });
    ws.write({ "main.tf": required + thing });
    ws.ok(["init", "-input=false", "-no-color"]);
  });

  // No provider block at all, so Terraform never calls ValidateProviderConfig: the first validated resource reports.
  it.each([
    [
      "a number that is not one",
      { TFTEST_RETRIES: "abc" },
      'TFTEST_RETRIES="abc" is not a number (environment variable for retries)',
    ],
    [
      "a number its validator refuses",
      { TFTEST_RETRIES: "-1" },
      "must be a whole number, 0 or more (from environment variable TFTEST_RETRIES)",
    ],
    [
      "a bool that is not one",
      { TFTEST_VERBOSE: "yes" },
      'TFTEST_VERBOSE="yes" is not true or false (environment variable for verbose)',
    ],
    [
      "a sensitive value its validator refuses",
      { TFTEST_API_TOKEN: "short" },
      "must be at least 12 characters (from environment variable TFTEST_API_TOKEN)",
    ],
  ])("refuses %s at terraform validate, naming the variable", (_case, env, message) => {
    const result = ws.run(["validate", "-no-color"], env);
    expect(result.code).toBe(1);
    expect(result.stderr.replace(/\s+/g, " ")).toContain(message);
  });

  it("never repeats the value of a sensitive setting", () => {
    const result = ws.run(["plan", "-input=false", "-no-color"], { TFTEST_API_TOKEN: SECRET });
    expect(result.code).toBe(1);
    expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET);
  });

  it("refuses through ValidateProviderConfig when the provider block is not empty, and at plan", () => {
    ws.write({ "main.tf": `${required}provider "tftest" {\n  verbose = true\n}\n${thing}` });
    const validate = ws.run(["validate", "-no-color"], { TFTEST_RETRIES: "1e400" });
    expect(validate.code).toBe(1);
    expect(validate.stderr.replace(/\s+/g, " ")).toContain('TFTEST_RETRIES="1e400" is not a number');
    const plan = ws.run(["plan", "-input=false", "-no-color"], { TFTEST_RETRIES: "12abc" });
    expect(plan.code).toBe(1);
    expect(plan.stderr.replace(/\s+/g, " ")).toContain('TFTEST_RETRIES="12abc" is not a number');
    expect(ws.ok(["validate", "-no-color"], { TFTEST_RETRIES: " 3 " })).toContain("Success");
  });
});

describe("provider settings", () => {
  const block = defineSchema({
    attributes: {
      pin: { type: "number", optional: true, sensitive: true, env: "X_PIN", description: "A secret number." },
      url: {
        type: "string",
        optional: true,
        env: "X_URL",
        description: "URL.",
        validate: (v: string) => (v.startsWith("https://") ? undefined : "must be https"),
      },
      size: { type: "number", optional: true, env: "X_SIZE", description: "Size." },
    },
  });

  it("quotes neither sensitive values nor more than the start of long ones", () => {
    const { diagnostics } = providerSettings(block, {}, "validate", {
      X_PIN: "12ab-secret",
      X_SIZE: "9".repeat(100) + "x",
    });
    expect(diagnostics.map((d) => d.detail)).toEqual([
      "X_PIN is not a number (environment variable for pin): set it to a number, or unset it.",
      `X_SIZE="${"9".repeat(40)}…" is not a number (environment variable for size): set it to a number, or unset it.`,
    ]);
  });

  it("treats an empty variable as unset, and points configured values' problems at the attribute", () => {
    const { values, diagnostics } = providerSettings(block, { url: "http://x" }, "validate", {
      X_PIN: "",
      X_URL: "https://y",
    });
    expect(values).toEqual({ pin: null, url: "http://x", size: null });
    expect(diagnostics).toEqual([
      { severity: "error", summary: "Invalid url", detail: "must be https", path: ["url"] },
    ]);
  });

  it("refuses values not known until apply at configure, and skips them at validate", () => {
    expect(providerSettings(block, { size: UNKNOWN }, "validate", {}).diagnostics).toEqual([]);
    expect(providerSettings(block, { size: UNKNOWN }, "configure", {}).diagnostics).toEqual([
      expect.objectContaining({ summary: "size is not known until apply", path: ["size"] }),
    ]);
  });
});

describe("provider configuration seen by configure", () => {
  const configureWith = async (env: Record<string, string>, config: Record<string, unknown> = {}) => {
    const seen: unknown[] = [];
    const provider = defineProvider({
      ...tftest,
      async configure(values) {
        seen.push(values);
        return { path: "unused" };
      },
    });
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const call = providerRpc(new ProviderService(provider, { debug() {}, info() {}, warn() {} }));
      const full = { store_path: null, retries: null, verbose: null, api_token: null, ...config };
      const { diagnostics } = await call("ConfigureProvider", {
        terraform_version: "1.11.4",
        config: { msgpack: encodeValue(full, impliedType(provider.schema)) },
      });
      return { diagnostics, seen };
    } finally {
      process.env = saved;
    }
  };

  it("gets the parsed values of the environment variables", async () => {
    const { diagnostics, seen } = await configureWith({
      TFTEST_RETRIES: "3",
      TFTEST_VERBOSE: "TRUE",
      TFTEST_STORE_PATH: "s.json",
    });
    expect(diagnostics).toEqual([]);
    expect(seen).toEqual([{ store_path: "s.json", retries: 3, verbose: true, api_token: null }]);
  });

  it("prefers configuration to the environment", async () => {
    const { seen } = await configureWith({ TFTEST_RETRIES: "3" }, { retries: 5 });
    expect(seen).toEqual([expect.objectContaining({ retries: 5 })]);
  });

  it("is not called with a value that did not parse (no NaN ever reaches it)", async () => {
    const { diagnostics, seen } = await configureWith({ TFTEST_RETRIES: "NaN" });
    expect(seen).toEqual([]);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: "ERROR", summary: "Invalid retries" })]);
  });
});
