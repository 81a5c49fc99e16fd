import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DESCRIPTORS_PATH, protoDescriptors } from "../../scripts/generate-proto-descriptors";

describe("the plugin process", () => {
  it("tells a person who runs it by hand what it is for", () => {
    const entry = join(__dirname, "fixtures/tftest-provider.ts");
    const result = spawnSync(process.execPath, ["--import", "tsx", entry], {
      encoding: "utf8",
      env: { ...process.env, TF_PLUGIN_MAGIC_COOKIE: "" },
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/started by Terraform, not by hand/);
  });

  it("loads protocol descriptors generated from the current .proto files", () => {
    expect(JSON.parse(readFileSync(DESCRIPTORS_PATH, "utf8"))).toEqual(protoDescriptors());
  });

  it("is typed by protocol types generated from the current descriptors", () => {
    const script = join(__dirname, "../../scripts/generate-proto-types.ts");
    const generated = spawnSync(process.execPath, ["--import", "tsx", script, "--print"], { encoding: "utf8" });
    expect(generated.stderr).toBe("");
    expect(readFileSync(join(__dirname, "../../lib/tfplugin/proto/types.ts"), "utf8")).toBe(generated.stdout);
  });
});
