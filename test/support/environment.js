// Every test process: no Terraform checkpoint calls, and a CLI config that exists (this machine points
// TF_CLI_CONFIG_FILE at a missing file, which terraform and cdktf's libraries report as an error on every run).
const { existsSync, mkdtempSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

process.env.CHECKPOINT_DISABLE = "1";
if (!process.env.TF_CLI_CONFIG_FILE || !existsSync(process.env.TF_CLI_CONFIG_FILE)) {
  const file = join(mkdtempSync(join(tmpdir(), "tf-cli-config-")), "empty.tfrc");
  writeFileSync(file, "");
  process.env.TF_CLI_CONFIG_FILE = file;
}
