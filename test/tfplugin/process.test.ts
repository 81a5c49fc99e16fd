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
});
