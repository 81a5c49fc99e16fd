import { readJson } from "../../core";
import type { FaultRule } from "../../core";
import type { SimulatedEvent } from "../payloads";
import type { BitbucketSimulator } from "../simulator";

/**
 * Test and demo controls under `/_sandbox/` (never `/2.0`): simulate events, read deliveries and the request
 * log, inject faults, set the hourly budget. They are registered on the express app directly, so they are
 * neither logged nor faulted.
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
  app.get(
    "/_sandbox/log",
    (_req, res) => void res.json({ total: sim.server.log.count(), byRoute: sim.server.log.byRoute() }),
  );
  app.post(
    "/_sandbox/faults",
    (req, res) => void res.status(201).json({ id: sim.server.faults.add(readJson(req) as FaultRule) }),
  );
  app.delete("/_sandbox/faults", (_req, res) => {
    sim.server.faults.clear();
    res.status(204).end();
  });
  app.put("/_sandbox/rate-limit", (req, res) => {
    sim.rateLimiter.hourlyBudget = (readJson(req) as { hourlyBudget: number }).hourlyBudget;
    sim.rateLimiter.reset();
    res.status(204).end();
  });
}
