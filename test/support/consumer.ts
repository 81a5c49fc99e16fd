import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChildResult, runChild } from "../../lib/sandbox/run-child";
import { CDKTN_PACKAGE_DIR } from "../../scripts/build";

const ROOT = join(__dirname, "..", "..");
const TEMPLATES = join(__dirname, "..", "consumer", "project");
/** A Node.js 22 binary for CDK Terrain's CLI (it needs ≥ 22.19), installed once from the npm registry. */
const NODE_22 = { version: "22.23.3", prefix: join(ROOT, ".tmp", "node22") };

export type FlavourName = "cdktf" | "cdktn";

/** What a consumer project of each flavour depends on: the ranges the frameworks' own project templates use. */
export const FLAVOURS: Record<FlavourName, { package: string; cli: string; manifest: (tarball: string) => object }> = {
  cdktf: {
    package: "devdynamics-bitbucket-cdktf",
    cli: "cdktf",
    manifest: (tarball) => ({
      dependencies: { cdktf: "^0.21.0", constructs: "^10.4.2", "devdynamics-bitbucket-cdktf": `file:${tarball}` },
      devDependencies: { "cdktf-cli": "^0.21.0", "@types/node": "^20.19.0", ...TEST_TOOLS },
    }),
  },
  cdktn: {
    package: "devdynamics-bitbucket-cdktn",
    cli: "cdktn",
    manifest: (tarball) => ({
      dependencies: {
        cdktn: "^0.24.0",
        constructs: ">=10.6.0 <10.8.0",
        "devdynamics-bitbucket-cdktn": `file:${tarball}`,
      },
      devDependencies: { "cdktn-cli": "^0.24.0", "@types/node": "^22.0.0", ...TEST_TOOLS },
    }),
  },
};

const TEST_TOOLS = {
  typescript: "~5.9.3",
  "ts-node": "^10.9.2",
  jest: "^30.5.2",
  "ts-jest": "^29.4.15",
  "@types/jest": "^30.0.0",
};

async function ok(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const result = await runChild(command, args, { cwd: options.cwd, env: options.env ?? process.env });
  if (result.code !== 0)
    throw new Error(`${command} ${args.join(" ")} exited ${result.code} in ${options.cwd}\n${result.output}`);
  return result;
}

/**
 * Both packages as `npm publish` would make them: `npm pack` of this package (its prepack builds both flavours),
 * then of the CDK Terrain package from what that build wrote. Returns the tarballs' paths by flavour.
 */
export async function packPackages(): Promise<Record<FlavourName, string>> {
  const destination = mkdtempSync(join(tmpdir(), "devdynamics-packages-"));
  const pack = async (cwd: string, extra: string[]) => {
    const result = await ok("npm", ["pack", "--json", "--pack-destination", destination, ...extra], { cwd });
    const [{ filename }] = JSON.parse(result.stdout.slice(result.stdout.indexOf("["))) as { filename: string }[];
    return join(destination, filename);
  };
  const cdktf = await pack(ROOT, []);
  const cdktn = await pack(CDKTN_PACKAGE_DIR, ["--ignore-scripts"]);
  return { cdktf, cdktn };
}

/** The directory holding a Node.js 22 `node`, installed into .tmp the first time (`npm i node@22`). */
export async function node22BinDir(): Promise<string> {
  const bin = join(NODE_22.prefix, "node_modules", "node", "bin");
  if (!existsSync(join(bin, "node"))) {
    mkdirSync(NODE_22.prefix, { recursive: true });
    await ok("npm", ["install", "--no-audit", "--no-fund", "--no-save", `node@${NODE_22.version}`], {
      cwd: NODE_22.prefix,
    });
  }
  return bin;
}

/**
 * A new project outside this repository, written by hand as a platform team would: package.json with the
 * framework's ranges and the package's tarball, cdktf.json, main.ts, a unit test; installed with npm.
 */
export class ConsumerProject {
  readonly dir = mkdtempSync(join(tmpdir(), "devdynamics-consumer-"));

  constructor(
    readonly flavour: FlavourName,
    /** Prepended to PATH, so `node` (and npm and the CLI through it) is that version. */
    private readonly nodeBinDir?: string,
  ) {}

  /** The environment of every command run in the project. */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const path = this.nodeBinDir ? `${this.nodeBinDir}:${process.env.PATH}` : process.env.PATH;
    return { ...process.env, TF_LOG: "", CI: "1", FORCE_COLOR: "0", ...extra, PATH: path };
  }

  async create(tarball: string): Promise<void> {
    const { package: packageName, manifest } = FLAVOURS[this.flavour];
    const manifestJson = { name: `consumer-${this.flavour}`, version: "1.0.0", private: true, ...manifest(tarball) };
    writeFileSync(join(this.dir, "package.json"), JSON.stringify(manifestJson, null, 2));
    writeFileSync(
      join(this.dir, "cdktf.json"),
      JSON.stringify({
        language: "typescript",
        app: "npx ts-node main.ts",
        projectId: `consumer-${this.flavour}`,
        sendCrashReports: "false",
        terraformProviders: [],
        terraformModules: [],
        context: {},
        // CDK Terrain checks features against the Terraform versions a project targets; write-only attributes
        // and ephemeral resources need Terraform 1.11.
        ...(this.flavour === "cdktn" ? { targetVersions: { terraform: ">=1.11.0" } } : {}),
      }),
    );
    for (const template of readdirSync(TEMPLATES)) {
      const text = readFileSync(join(TEMPLATES, template), "utf8")
        .replaceAll("{{framework}}", this.flavour)
        .replaceAll("{{package}}", packageName);
      writeFileSync(join(this.dir, template.replace(/\.template$/, "")), text);
    }
    await ok("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: this.dir, env: this.env() });
  }

  /** Every installed copy of a package (`npm query`), by its version. */
  async installedCopies(name: string): Promise<string[]> {
    const result = await ok("npm", ["query", `#${name}`], { cwd: this.dir, env: this.env() });
    return (JSON.parse(result.stdout) as { version: string }[]).map((p) => p.version);
  }

  /**
   * Where each module resolves from a package of the project (or "." for the project itself): the same paths from
   * the project and from the package mean one shared copy.
   */
  async resolvedFrom(from: string, modules: readonly string[]): Promise<string[]> {
    const base = from === "." ? this.dir : join(this.dir, "node_modules", from);
    const script = `const r = require("node:module").createRequire(${JSON.stringify(join(base, "package.json"))});
      console.log(JSON.stringify(${JSON.stringify(modules)}.map((m) => r.resolve(m + "/package.json"))));`;
    const result = await ok("node", ["-e", script], { cwd: this.dir, env: this.env() });
    return JSON.parse(result.stdout) as string[];
  }

  /** The flavour's CLI (`cdktf` or `cdktn`), as installed in the project. */
  cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ChildResult> {
    return this.bin(FLAVOURS[this.flavour].cli, args, env);
  }

  /** A command the project's packages install into node_modules/.bin. */
  bin(name: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ChildResult> {
    return runChild(join(this.dir, "node_modules", ".bin", name), args, { cwd: this.dir, env: this.env(env) });
  }

  /** `npx jest` in the project: its own unit tests. */
  jest(env: NodeJS.ProcessEnv = {}): Promise<ChildResult> {
    return this.bin("jest", ["--ci"], env);
  }
}
