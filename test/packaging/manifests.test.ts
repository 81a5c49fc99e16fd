import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CDKTN_PACKAGE_DIR, cdktnManifest } from "../../scripts/build";

const ROOT = join(__dirname, "..", "..");
interface Manifest {
  readonly name: string;
  readonly private?: boolean;
  readonly files: string[];
  readonly peerDependencies: Record<string, string>;
  readonly dependencies: Record<string, string>;
}
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;

/** The two packages' manifests: what a consumer's npm reads. The consumer suite installs them for real. */
describe("package manifests", () => {
  it("the cdktn package's is derived from this one (run `npm run build` after changing package.json)", () => {
    expect(manifest(CDKTN_PACKAGE_DIR)).toStrictEqual(cdktnManifest());
  });

  it.each([
    ["devdynamics-bitbucket-cdktf", ROOT, { cdktf: "^0.21.0", constructs: "^10.4.2" }],
    ["devdynamics-bitbucket-cdktn", CDKTN_PACKAGE_DIR, { cdktn: "^0.24.0", constructs: ">=10.6.0 <10.8.0" }],
  ])("%s is publishable and takes its framework and constructs as peers", (name, dir, peers) => {
    const m = manifest(dir);
    expect(m.name).toBe(name);
    expect(m.private).toBeUndefined();
    expect(m.files).toEqual(expect.arrayContaining(["dist/lib/**/*.js", "dist/provider/*.js", "bin/*.js"]));
    expect(m.peerDependencies).toEqual(peers);
    // Runtime dependencies are what the compiled library and CLI import; the provider is one bundled file.
    expect(Object.keys(m.dependencies).sort()).toEqual(["axios", "commander"]);
    for (const name of ["cdktf", "cdktn", "constructs", "express"]) expect(m.dependencies[name]).toBeUndefined();
  });
});
