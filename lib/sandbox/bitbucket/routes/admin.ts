import { readJson } from "../../core";
import type { SimulatedEvent } from "../payloads";
import { RESOURCE_GROUPS, ResourceGroup } from "../rate-limit";
import { BitbucketHttpError } from "../responses";
import type { BitbucketSimulator } from "../simulator";

/**
 * Bitbucket's test and demo controls under `/_sandbox/` (never `/2.0`): simulate events, read deliveries, rate
 * limits, the clock and request counts. They are registered on the express app directly, so they are neither
 * logged nor faulted; the log and fault routes every simulator has come from `SimulatorServer`.
 */
export function registerAdminRoutes(sim: BitbucketSimulator): void {
  const app = sim.server.app;
  app.post("/_sandbox/events", async (req, res, next) => {
    try {
      res.json({ deliveries: await sim.simulateEvent(readJson(req) as SimulatedEvent) });
    } catch (error) {
      next(error);
    }
  });
  app.get("/_sandbox/deliveries", (_req, res) => void res.json({ deliveries: sim.deliveries }));

  app.get("/_sandbox/rate-limit", (_req, res) => {
    const budgets = Object.fromEntries(RESOURCE_GROUPS.map((g) => [g, sim.rateLimiter.budget(g)]));
    res.json({ hourly_budget: budgets, usage: sim.rateLimitUsage() });
  });
  app.put("/_sandbox/rate-limit", (req, res) => {
    const body = (readJson(req) ?? {}) as { hourlyBudget?: unknown; group?: unknown };
    const group = body.group as ResourceGroup | undefined;
    if (group !== undefined && !RESOURCE_GROUPS.includes(group))
      throw new BitbucketHttpError(400, `group is one of ${RESOURCE_GROUPS.join(", ")}`);
    if (!Number.isInteger(body.hourlyBudget) || (body.hourlyBudget as number) < 0)
      throw new BitbucketHttpError(400, "hourlyBudget (a whole number ≥ 0) is required");
    sim.setHourlyBudget(body.hourlyBudget as number, group);
    sim.resetRateLimits();
    res.status(204).end();
  });
  app.delete("/_sandbox/rate-limit", (_req, res) => {
    sim.resetRateLimits();
    res.status(204).end();
  });

  app.post("/_sandbox/clock", (req, res) => {
    const { advanceSeconds } = (readJson(req) ?? {}) as { advanceSeconds?: unknown };
    if (typeof advanceSeconds !== "number" || advanceSeconds < 0)
      throw new BitbucketHttpError(400, "advanceSeconds (a number ≥ 0) is required");
    sim.advanceClock(advanceSeconds * 1000);
    res.json({ now: new Date(sim.now()).toISOString() });
  });

  app.get("/_sandbox/request-counts", (_req, res) => void res.json({ by_credential: sim.requestCounts() }));
}
