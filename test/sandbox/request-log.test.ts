import axios from "axios";
import { Sandbox, startSandbox } from "../../lib/sandbox";
import { rawBitbucket } from "../support/sandbox";

describe("sandbox request log", () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.stop());

  it("records requests that match no route, so a count of writes misses none", async () => {
    const owner = await rawBitbucket(sandbox, "owner-api-token");
    expect((await owner.post("/2.0/repositories/acme/api-gateway/hook", {})).status).toBe(404);
    expect((await owner.patch("/2.0/user", {})).status).toBe(404);
    expect((await owner.get("/2.0/nowhere")).status).toBe(404);
    expect((await owner.get("/2.0/user")).status).toBe(200);
    const log = sandbox.bitbucket.server.log;
    expect(log.entries({ writesOnly: true })).toEqual([
      expect.objectContaining({
        method: "POST",
        route: "(unrouted)",
        path: "/2.0/repositories/acme/api-gateway/hook",
        status: 404,
      }),
      expect.objectContaining({ method: "PATCH", route: "(unrouted)", path: "/2.0/user", status: 404 }),
    ]);
    expect(log.byRoute()).toEqual({
      "GET (unrouted)": 1,
      "GET /2.0/user": 1,
      "PATCH (unrouted)": 1,
      "POST (unrouted)": 1,
    });
    expect((await axios.get(`${sandbox.bitbucket.url}/_sandbox/log`)).data.by_route).toEqual(log.byRoute());

    const devdynamics = sandbox.devdynamics;
    await axios.delete(`${devdynamics.url}/v1/integrations`, { validateStatus: () => true });
    expect(devdynamics.server.log.count({ writesOnly: true, route: "(unrouted)" })).toBe(1);
  });
});
