import type { RetryPolicy } from "../../lib/http";
import { DevDynamicsSeed, DevDynamicsSimulator } from "../../lib/sandbox/devdynamics";

export const ACME_KEY = "ddk_live_acme_5f0c7e2a9b41d386";
export const GLOBEX_KEY = "ddk_live_globex_0a9d3b7c2e18f465";

export const SEED: DevDynamicsSeed = {
  organizations: [
    { id: "org_acme", name: "Acme", apiKeys: [ACME_KEY] },
    { id: "org_globex", name: "Globex", apiKeys: [GLOBEX_KEY] },
  ],
};

/** Retries fast enough for tests, with a deadline well above one `Retry-After: 1`. */
export const FAST_RETRY: RetryPolicy = { deadlineMs: 5_000, baseDelayMs: 5, maxDelayMs: 20 };

/** Nothing listens there: for tests that never reach `verify`. */
export const NO_BITBUCKET = "http://127.0.0.1:9";

export async function startDevDynamics(
  options: Partial<ConstructorParameters<typeof DevDynamicsSimulator>[0]> = {},
): Promise<DevDynamicsSimulator> {
  const sim = new DevDynamicsSimulator({ seed: SEED, bitbucketApiUrl: NO_BITBUCKET, ...options });
  await sim.start();
  return sim;
}
