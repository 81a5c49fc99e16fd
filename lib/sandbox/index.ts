import { join } from "node:path";
import { findUp } from "../find-up";
import { BitbucketSimulator } from "./bitbucket";
import { DevDynamicsSimulator } from "./devdynamics";
import { loadSeed, SandboxSeed } from "./seed";

export { BitbucketSimulator } from "./bitbucket";
export { DevDynamicsSimulator } from "./devdynamics";
export * from "./seed";

/** The seed `npm start` and the tests use unless told otherwise, found from the sources or from the build in dist/. */
export const DEFAULT_SEED_PATH = findUp(__dirname, join("examples", "sandbox", "seed.json"));

export interface SandboxOptions {
  /** A seed object or the path of a JSON seed file; default `examples/sandbox/seed.json`. */
  readonly seed?: SandboxSeed | string;
  readonly bitbucketPort?: number;
  readonly devdynamicsPort?: number;
  /**
   * Bitbucket's requests per hour and resource group, for each user's API tokens together, each access token and
   * each OAuth consumer (default 1,000). `bitbucket.setHourlyBudget` changes it, per group too.
   */
  readonly hourlyRequestBudget?: number;
}

/** Simulated Bitbucket Cloud and DevDynamics, each on its own loopback port. */
export interface Sandbox {
  readonly bitbucket: BitbucketSimulator;
  readonly devdynamics: DevDynamicsSimulator;
  stop(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = typeof options.seed === "object" ? options.seed : loadSeed(options.seed ?? DEFAULT_SEED_PATH);
  const bitbucket = new BitbucketSimulator({ seed: seed.bitbucket, hourlyRequestBudget: options.hourlyRequestBudget });
  await bitbucket.start(options.bitbucketPort ?? 0);
  const devdynamics = new DevDynamicsSimulator({ seed: seed.devdynamics, bitbucketApiUrl: bitbucket.url });
  await devdynamics.start(options.devdynamicsPort ?? 0);
  return {
    bitbucket,
    devdynamics,
    stop: async () => {
      await Promise.all([bitbucket.stop(), devdynamics.stop()]);
    },
  };
}
export { generateLargeSeed } from "./seed-generator";
export { describeSandbox } from "./hand-off";
export type { HandOffOptions } from "./hand-off";
