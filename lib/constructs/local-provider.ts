import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Construct } from "constructs";
import { PACKAGE } from "../package-info";
import { PROVIDER_ADDRESS, PROVIDER_VERSION_CONSTRAINT } from "../provider/address";
// Module by module: the packaging index also loads esbuild, which synth does not need.
import { dirhashH1 } from "../tfplugin/packaging/dirhash";
import { impliedMirrorDirectory, installProviderExecutable } from "../tfplugin/packaging/install";
import { PROVIDER_SCRIPT_PREAMBLE } from "../tfplugin/packaging/preamble";
import { ISynthesisSession, TerraformStack } from "./framework";

/** Written beside the stack at synth: where this machine's provider is (machine-specific, so not in the launcher). */
const POINTER_FILE = ".devdynamics-provider.json";

/**
 * What synth writes into the stack's implied local mirror: a launcher that starts the provider of this package.
 * Terraform starts providers in the stack's working directory. The launcher first takes the provider synth recorded
 * there (so a stack synthesized anywhere — `Testing.fullSynth`'s temporary directory too — finds the package that
 * synthesized it), then resolves the package from that directory (a `cdktf.out` brought from another machine into a
 * project). Its content is the same on every machine, so the lock file's hash is too.
 */
function launcher(packageName: string): string {
  // The preamble keeps a Ctrl-C from killing the provider while it starts (Terraform stops it with StopProvider).
  return `${PROVIDER_SCRIPT_PREAMBLE}
// The devdynamics Terraform provider of the ${packageName} package, written by its construct library at synth.
const { existsSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
function providerEntry() {
  try {
    const { provider } = JSON.parse(readFileSync(join(process.cwd(), "${POINTER_FILE}"), "utf8"));
    if (existsSync(provider)) return provider;
  } catch {}
  try {
    return require("node:module").createRequire(join(process.cwd(), "_")).resolve("${packageName}/terraform-provider");
  } catch {
    process.stderr.write("The devdynamics provider was not found: install ${packageName} in the project and synthesize the stack again.\\n");
    process.exit(1);
  }
}
require(providerEntry());
`;
}

const MARKER = "devdynamics-local-provider";

/** The devdynamics provider for `cdktf deploy`, with no setup and no network. */
export class LocalProvider {
  /** The launcher synth writes into each stack's implied local mirror (the same on every machine). */
  public static readonly LAUNCHER: string = launcher(PACKAGE.name);

  /**
   * At synth, writes the launcher into `terraform.d/plugins` of the stack's working directory (a mirror Terraform
   * searches by itself), records its hash in the stack's `.terraform.lock.hcl` (so cdktf skips its online
   * `terraform providers lock` step) and notes where this machine's provider is. Idempotent;
   * DevDynamicsBitbucketIntegration calls it for its stack.
   */
  public static use(stack: TerraformStack): void {
    if (stack.node.tryFindChild(MARKER)) return;
    new Construct(stack, MARKER);
    // The frameworks have no public per-construct synthesis hook, so wrap the stack's synthesizer (a public, settable
    // property).
    const inner = stack.synthesizer;
    stack.synthesizer = {
      synthesize(session: ISynthesisSession) {
        inner.synthesize(session);
        const workingDirectory = join(session.outdir, session.manifest.forStack(stack).workingDirectory);
        const packageDir = installProviderExecutable(
          Buffer.from(LocalProvider.LAUNCHER),
          impliedMirrorDirectory(workingDirectory),
          PROVIDER_ADDRESS,
        );
        lockProvider(join(workingDirectory, ".terraform.lock.hcl"), dirhashH1(packageDir));
        writeFileSync(
          join(workingDirectory, POINTER_FILE),
          JSON.stringify({ provider: join(PACKAGE.root, "bin", "terraform-provider.js") }) + "\n",
        );
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
