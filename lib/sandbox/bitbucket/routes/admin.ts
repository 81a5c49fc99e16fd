import { readJson } from "../../core";
import type { SimulatedEvent } from "../payloads";
import type { BitbucketSimulator } from "../simulator";

/**
 * Bitbucket's test and demo controls under `/_sandbox/` (never `/2.0`): simulate events, read deliveries, set the
 * hourly budget. They are registered on the express app directly, so they are neither logged nor faulted; the
 * log and fault routes every simulator has come from `SimulatorServer`.
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
  app.put("/_sandbox/rate-limit", (req, res) => {
    sim.rateLimiter.hourlyBudget = (readJson(req) as { hourlyBudget: number }).hourlyBudget;
    sim.rateLimiter.reset();
    res.status(204).end();
  });
}
