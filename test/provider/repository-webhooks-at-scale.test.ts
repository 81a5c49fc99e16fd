import { DEFAULT_SEED_PATH, generateLargeSeed, loadSeed, Sandbox, startSandbox } from "../../lib/sandbox";
import { AcceptanceSteps } from "../support/acceptance";
import { installDevDynamicsProvider, PROVIDER_REQUIREMENT, providerWorkspace } from "../support/provider";

const REPOSITORIES = 1000;
const ADDRESS = "devdynamics_bitbucket_repository_webhooks.all";

/** Every repository of the workspace, one hook each, as the construct synthesizes it for WebhookSubject.REPOSITORY. */
const CONFIG = `${PROVIDER_REQUIREMENT}
data "devdynamics_bitbucket_repositories" "all" {
  workspace = "acme"
}
resource "devdynamics_bitbucket_connection" "acme" {
  workspace    = "acme"
  repositories = data.devdynamics_bitbucket_repositories.all.repository_uuids
}
ephemeral "devdynamics_bitbucket_webhook_secret" "acme" {
  connection_id = devdynamics_bitbucket_connection.acme.id
  revision      = devdynamics_bitbucket_connection.acme.webhook_secret_revision
}
resource "devdynamics_bitbucket_repository_webhooks" "all" {
  workspace    = "acme"
  repositories = data.devdynamics_bitbucket_repositories.all.repository_uuids
  url          = devdynamics_bitbucket_connection.acme.webhook_url
  secret_wo    = ephemeral.devdynamics_bitbucket_webhook_secret.acme.secret
}
`;

/**
 * `devdynamics_bitbucket_repository_webhooks` over 1,000 repositories, the sizes where Bitbucket's hourly budget
 * matters: steady plans read a rolling window of hooks, repairs are found within the documented number of refreshes,
 * and a first apply cut short by the budget resumes without duplicates or orphans. Request counts come from the
 * sandbox's log; no timing is asserted.
 */
describe(`devdynamics provider: repository webhooks of ${REPOSITORIES} repositories`, () => {
  let sandbox: Sandbox;
  let cliConfig: string;
  const hooks = () => sandbox.bitbucket.state.workspace("acme")!.hooks;
  const log = () => sandbox.bitbucket.server.log;
  /** Each repository's hooks with our URL, keyed by slug (a repository with two would be a duplicate). */
  const oursBySlug = () => {
    const url = sandbox.devdynamics.integrations()[0]?.id;
    const counts = new Map<string, number>();
    for (const h of hooks())
      if (h.repository && url && h.url.endsWith(url)) counts.set(h.repository, (counts.get(h.repository) ?? 0) + 1);
    return counts;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: generateLargeSeed(loadSeed(DEFAULT_SEED_PATH), { repositories: REPOSITORIES }),
    });
    ({ cliConfig } = await installDevDynamicsProvider());
  });
  afterAll(() => sandbox.stop());

  async function steps(env: Record<string, string>): Promise<AcceptanceSteps> {
    return new AcceptanceSteps(providerWorkspace(sandbox, cliConfig, "owner-api-token", env)).configure(CONFIG);
  }

  describe("with budget to spare", () => {
    const VERIFIED_PER_REFRESH = 250;
    let acme: AcceptanceSteps;

    beforeAll(async () => {
      sandbox.bitbucket.setHourlyBudget(100_000);
      acme = await steps({
        BITBUCKET_HOURLY_REQUEST_LIMIT: "100000",
        DEVDYNAMICS_WEBHOOK_VERIFICATION_BUDGET: String(VERIFIED_PER_REFRESH),
      });
    });
    afterAll(async () => {
      await acme.destroy();
      expect(hooks()).toEqual([]);
      sandbox.bitbucket.resetRateLimits();
    });

    it("creates one hook per repository, each listed first (crash safety), in one apply", async () => {
      log().clear();
      await acme.ws.okAsync(["apply", "-auto-approve", "-input=false", "-no-color"]);
      expect(oursBySlug().size).toBe(REPOSITORIES);
      expect([...oursBySlug().values()].every((n) => n === 1)).toBe(true);
      const counts = log().byRoute({ route: "/2.0/repositories/{workspace}/{repo_slug}/hooks" });
      expect(counts).toEqual({
        "GET /2.0/repositories/{workspace}/{repo_slug}/hooks": REPOSITORIES,
        "POST /2.0/repositories/{workspace}/{repo_slug}/hooks": REPOSITORIES,
      });
      await acme.expectNoChanges();
    });

    it("a steady plan with the default budget sends under 100 Bitbucket requests: 1 + ⌈N/100⌉ listing + 50 hook reads", async () => {
      log().clear();
      expect(
        (
          await acme.ws.runAsync(["plan", "-input=false", "-no-color", "-detailed-exitcode"], {
            DEVDYNAMICS_WEBHOOK_VERIFICATION_BUDGET: "",
          })
        ).code,
      ).toBe(0);
      expect(log().byRoute()).toEqual({
        "GET /2.0/repositories/{workspace}": REPOSITORIES / 100,
        "GET /2.0/repositories/{workspace}/{repo_slug}/hooks": 50,
      });
      expect(log().count()).toBeLessThanOrEqual(100);
    });

    it(`finds a deleted and an edited hook within ⌈N/budget⌉ = ${REPOSITORIES / VERIFIED_PER_REFRESH} applies, and repairs them`, async () => {
      const [deleted, edited] = [hooks()[123], hooks()[876]];
      sandbox.bitbucket.state.workspace("acme")!.hooks.splice(hooks().indexOf(deleted), 1);
      edited.events = ["repo:push"];
      let applies = 0;
      const repaired = () =>
        oursBySlug().get(deleted.repository!) === 1 && hooks().find((h) => h.uuid === edited.uuid)!.events.length > 1;
      while (!repaired() && applies < REPOSITORIES / VERIFIED_PER_REFRESH) {
        await acme.ws.okAsync(["apply", "-auto-approve", "-input=false", "-no-color"]);
        applies++;
      }
      expect(repaired()).toBe(true);
      expect(applies).toBeLessThanOrEqual(REPOSITORIES / VERIFIED_PER_REFRESH);
      expect([...oursBySlug().values()].every((n) => n === 1)).toBe(true);
    });

    it("DEVDYNAMICS_FULL_WEBHOOK_VERIFICATION reads every repository's hooks in one plan", async () => {
      log().clear();
      await acme.ws.okAsync(["plan", "-input=false", "-no-color"], { DEVDYNAMICS_FULL_WEBHOOK_VERIFICATION: "true" });
      expect(log().count({ route: "/2.0/repositories/{workspace}/{repo_slug}/hooks" })).toBe(REPOSITORIES);
    });
  });

  it("a first apply cut short by the hourly budget saves what it made; the next apply, an hour later, finishes it: no 429, no duplicate, no orphan; a destroy cut short keeps only what it did not delete", async () => {
    const budget = 600;
    sandbox.bitbucket.resetRateLimits();
    sandbox.bitbucket.setHourlyBudget(budget);
    const acme = await steps({
      BITBUCKET_HOURLY_REQUEST_LIMIT: String(budget),
      DEVDYNAMICS_RETRY_DEADLINE_SECONDS: "5",
    });
    log().clear();
    const first = await acme.ws.okAsync(["apply", "-auto-approve", "-input=false", "-no-color"]);
    expect(first).toMatch(/Warning: Stopped setting up repository webhooks: \d+ left/);
    expect(first).toMatch(/Fix: Run terraform apply again after \d{4}-\d\d-\d\dT/);
    const made = oursBySlug().size;
    expect(made).toBeGreaterThan(0);
    expect(made).toBeLessThan(REPOSITORIES);
    expect(
      log()
        .entries()
        .filter((e) => e.status === 429),
    ).toEqual([]);

    let applies = 1;
    while (oursBySlug().size < REPOSITORIES && applies < 6) {
      sandbox.bitbucket.advanceClock(3_600_000); // an hour passes: Bitbucket's rolling budget is whole again
      await acme.ws.okAsync(["apply", "-auto-approve", "-input=false", "-no-color"]);
      applies++;
    }
    expect(oursBySlug().size).toBe(REPOSITORIES);
    expect([...oursBySlug().values()].every((n) => n === 1)).toBe(true);
    expect(
      log()
        .entries()
        .filter((e) => e.status === 429),
    ).toEqual([]);

    sandbox.bitbucket.advanceClock(3_600_000);
    await acme.expectNoChanges();

    // A destroy cut short by the same budget keeps only the hooks it did not delete; the next, an hour later, deletes
    // the rest. Every hook gets exactly one DELETE, and none meets a 429.
    sandbox.bitbucket.advanceClock(3_600_000);
    log().clear();
    const cut = await acme.expectFailure(["destroy", "-auto-approve", "-input=false", "-no-color"]);
    expect(cut.output).toMatch(/Error: Could not delete every repository webhook/);
    const left = Object.keys((await acme.valuesOf(ADDRESS)).hooks as Record<string, string>).length;
    expect(left).toBe(oursBySlug().size);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(REPOSITORIES);
    let destroys = 1;
    while (hooks().length > 0 && destroys < 6) {
      sandbox.bitbucket.advanceClock(3_600_000);
      await acme.ws.runAsync(["destroy", "-auto-approve", "-input=false", "-no-color"]);
      destroys++;
    }
    expect(hooks()).toEqual([]);
    expect(sandbox.devdynamics.integrations()).toEqual([]);
    const deletes = log()
      .entries()
      .filter((e) => e.method === "DELETE");
    expect(deletes.length).toBe(REPOSITORIES);
    expect(deletes.filter((e) => e.status !== 204)).toEqual([]);
  });
});
