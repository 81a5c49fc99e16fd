import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ISynthesisSession, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { PROVIDER_ADDRESS, PROVIDER_VERSION_CONSTRAINT } from "../provider/address";
// Module by module: the packaging index also loads esbuild, which synth does not need.
import { dirhashH1 } from "../tfplugin/packaging/dirhash";
import { installProviderExecutable } from "../tfplugin/packaging/install";

/** The package name the launcher resolves; package.json `exports` maps `./terraform-provider` to the provider. */
const PACKAGE = "devdynamics-bitbucket-cdktf";

/**
 * What synth writes into the stack's implied local mirror: a launcher that starts the provider of the project's
 * installed package. Terraform starts providers in the stack's working directory, so resolving the package from
 * there finds the project's copy. The content is the same on every machine, so the lock file's hash is too.
 */
const LAUNCHER = `#!/usr/bin/env node
// The devdynamics Terraform provider, started from the project's installed ${PACKAGE} package.
// Written by the construct library at synth; the same on every machine, so .terraform.lock.hcl stays valid.
const { createRequire } = require("node:module");
require(createRequire(require("node:path").join(process.cwd(), "_")).resolve("${PACKAGE}/terraform-provider"));
`;

const MARKER = "devdynamics-local-provider";

/** The devdynamics provider for `cdktf deploy`, with no setup and no network. */
export class LocalProvider {
  /** The launcher synth writes into each stack's implied local mirror (the same on every machine). */
  public static readonly LAUNCHER: string = LAUNCHER;

  /**
   * At synth, writes the launcher into `terraform.d/plugins` of the stack's working directory (a mirror Terraform
   * searches by itself) and records its hash in the stack's `.terraform.lock.hcl`, so cdktf skips its online
   * `terraform providers lock` step. Idempotent; DevDynamicsBitbucketIntegration calls it for its stack.
   */
  public static use(stack: TerraformStack): void {
    if (stack.node.tryFindChild(MARKER)) return;
    new Construct(stack, MARKER);
    // cdktf has no public per-construct synthesis hook, so wrap the stack's synthesizer (a public, settable property).
    const inner = stack.synthesizer;
    stack.synthesizer = {
      synthesize(session: ISynthesisSession) {
        inner.synthesize(session);
        const workingDirectory = join(session.outdir, session.manifest.forStack(stack).workingDirectory);
        const packageDir = installProviderExecutable(
          Buffer.from(LAUNCHER),
          join(workingDirectory, "terraform.d", "plugins"),
          PROVIDER_ADDRESS,
        );
        lockProvider(join(workingDirectory, ".terraform.lock.hcl"), dirhashH1(packageDir));
      },
    };
  }

  private constructor() {}
}

/** Adds our provider to the lock file (creating it), leaving other providers' entries as they are. */
function lockProvider(lockFile: string, hash: string): void {
  const { hostname, namespace, type, version } = PROVIDER_ADDRESS;
  const source = `${hostname}/${namespace}/${type}`;
  const entry = `provider "${source}" {\n  version     = "${version}"\n  constraints = "${PROVIDER_VERSION_CONSTRAINT}"\n  hashes = [\n    "${hash}",\n  ]\n}\n`;
  const existing = existsSync(lockFile) ? readFileSync(lockFile, "utf8") : LOCK_HEADER;
  const ours = new RegExp(`provider "${source.replace(/\./g, "\\.")}" \\{[\\s\\S]*?\\n\\}\\n`);
  const updated = ours.test(existing) ? existing.replace(ours, entry) : `${existing.trimEnd()}\n\n${entry}`;
  if (updated !== existing) writeFileSync(lockFile, updated);
}

const LOCK_HEADER =
  '# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n';
