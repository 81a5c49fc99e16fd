/**
 * Bitbucket requests per client operation, next to the minimum the API allows, for 10, 100 and 1,000 repositories
 * (quick mode: 10 and 100), against the sandbox with 100 ms added to every Bitbucket request.
 */
import { performance } from "node:perf_hooks";
import { BitbucketClient, BitbucketCredential, checkCredential } from "../lib/bitbucket";
import { DEFAULT_SEED_PATH, loadSeed, startSandbox } from "../lib/sandbox";
import { generateLargeSeed } from "../lib/sandbox/seed-generator";
import type { BenchOptions, BenchResult } from "./report";

const LATENCY_MS = 100;

export async function run(options: BenchOptions): Promise<BenchResult> {
  const rows: (string | number)[][] = [];
  for (const repositories of options.quick ? [10, 100] : [10, 100, 1000]) {
    const sandbox = await startSandbox({ seed: generateLargeSeed(loadSeed(DEFAULT_SEED_PATH), { repositories }) });
    sandbox.bitbucket.server.faults.add({ kind: "latency", ms: LATENCY_MS });
    const owner = sandbox.bitbucket.state.credentials.find((c) => c.id === "owner-api-token");
    if (owner?.kind !== "api_token") throw new Error("the seed has no owner-api-token");
    const client = () =>
      new BitbucketClient({
        credential: BitbucketCredential.apiToken(sandbox.bitbucket.state.users.get(owner.user)!.email, owner.token),
        apiUrl: sandbox.bitbucket.url,
      });
    const measure = async (operation: string, minimum: number, work: (c: BitbucketClient) => Promise<unknown>) => {
      const c = client();
      const started = performance.now();
      await work(c);
      rows.push([repositories, operation, c.counter.total(), minimum, Math.round(performance.now() - started)]);
    };
    try {
      await measure("credential check", 1, (c) =>
        checkCredential(c, { workspace: "acme", webhookSubject: "workspace" }),
      );
      await measure("repository discovery", Math.ceil(repositories / 100), (c) => c.listRepositories("acme"));
      await measure("one project's repositories", Math.ceil(repositories / 10 / 100), (c) =>
        c.listRepositories("acme", { projectKeys: ["P1"] }),
      );
    } finally {
      await sandbox.stop();
    }
  }
  const table = {
    title: `Bitbucket requests per client operation (sandbox, +${LATENCY_MS} ms per request)`,
    columns: ["repositories", "operation", "requests", "minimum", "wall ms"],
    rows,
  };
  return { tables: [table], targets: [], data: { latencyMs: LATENCY_MS, rows } };
}
