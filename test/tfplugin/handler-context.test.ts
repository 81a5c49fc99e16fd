import {
  CallContext,
  ConfigureInfo,
  defineDataSource,
  defineEphemeralResource,
  defineProvider,
  defineResource,
  defineSchema,
  DiagnosticError,
  UNKNOWN,
} from "../../lib/tfplugin";
import { decodeValue, encodeValue } from "../../lib/tfplugin/msgpack-codec";
import { ProviderService } from "../../lib/tfplugin/provider-service";
import { Block, impliedType } from "../../lib/tfplugin/schema";
import { providerRpc } from "./provider-rpc";

/** What handlers get besides values: the stop signal, the logger, warnings; and what their failures become. */
const schema = defineSchema({
  attributes: {
    id: { type: "string", computed: true, description: "Id." },
    mode: { type: "string", required: true, description: "ok, warn, fail or crash." },
  },
});

/** Does what `mode` says: nothing, a warning, a DiagnosticError, or an unexpected TypeError. */
function act(mode: string, ctx: CallContext): void {
  if (mode === "warn" || mode === "fail") ctx.warn("Heads up", `while in mode ${mode}`);
  if (mode === "fail") throw new DiagnosticError("It failed", "As asked.");
  if (mode === "crash") throw new TypeError("Cannot read properties of undefined (reading 'x')");
}

let configured: ConfigureInfo | undefined;
const thing = defineResource<object>()({
  typeName: "ctx_thing",
  schema,
  async modifyPlan({ config, planned }, ctx) {
    if (typeof config.mode === "string") act(config.mode, ctx);
    return { planned };
  },
  async create({ config }, ctx) {
    act(config.mode, ctx);
    return { state: { id: "t1" } };
  },
  async read({ state }, ctx) {
    act(state.mode, ctx);
    return { state };
  },
  async update() {
    return { state: {} };
  },
  /** `partial` leaves part of the object, saying why; `partial-unexplained` leaves part of it silently (a bug). */
  async delete({ state }) {
    if (state.mode === "partial")
      return { remaining: { id: "t1-rest" }, diagnostics: [{ severity: "error", summary: "Half deleted" }] };
    if (state.mode === "partial-unexplained") return { remaining: { id: "t1-rest" }, diagnostics: [] };
    return undefined;
  },
});
const lookup = defineDataSource<object>()({
  typeName: "ctx_lookup",
  schema,
  async read(config, ctx) {
    act(config.mode, ctx);
    return { id: "l1" };
  },
});
const secret = defineEphemeralResource<object>()({
  typeName: "ctx_secret",
  schema,
  async open(config, ctx) {
    act(config.mode, ctx);
    return { result: { id: "s1" } };
  },
});
const provider = defineProvider<object>({
  typeName: "ctx",
  schema: { attributes: {} },
  async configure(_config, info) {
    configured = info;
    info.warn("Configured with defaults");
    return {};
  },
  resources: [thing],
  dataSources: [lookup],
  ephemeralResources: [secret],
});

const dv = (value: unknown, block: Block = schema) => ({ msgpack: encodeValue(value, impliedType(block)) });
const quiet = { debug() {}, info() {}, warn() {} };

describe("aroundCall", () => {
  it("wraps every handler call: what it adds with warn reaches the call's response", async () => {
    const calls: string[] = [];
    const wrapped = defineProvider<object>({
      ...provider,
      async aroundCall(ctx, run) {
        calls.push("before");
        const result = await run();
        ctx.warn("Measured", "after the handler");
        return result;
      },
    });
    const rpc = providerRpc(new ProviderService(wrapped, quiet));
    await rpc("ConfigureProvider", { terraform_version: "1.11.4", config: dv({}, provider.schema) });
    const read = await rpc("ReadDataSource", { type_name: "ctx_lookup", config: dv({ id: null, mode: "warn" }) });
    expect(read.diagnostics.map((d) => d.summary)).toEqual(["Heads up", "Measured"]);
    const opened = await rpc("OpenEphemeralResource", {
      type_name: "ctx_secret",
      config: dv({ id: null, mode: "ok" }),
    });
    expect(opened.diagnostics.map((d) => d.summary)).toEqual(["Measured"]);
    expect(calls).toEqual(["before", "before", "before"]);
  });
});

describe("handler context", () => {
  let call: ReturnType<typeof providerRpc>;
  let service: ProviderService<object>;

  beforeEach(async () => {
    service = new ProviderService(provider, quiet);
    call = providerRpc(service);
    const { diagnostics } = await call("ConfigureProvider", {
      terraform_version: "1.11.4",
      config: dv({}, provider.schema),
    });
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: "WARNING", summary: "Configured with defaults" }),
    ]);
  });

  /** Every RPC that runs a handler, for an object in `mode`. */
  const rpcs = {
    plan: async (mode: string) =>
      call("PlanResourceChange", {
        type_name: "ctx_thing",
        prior_state: dv(null),
        proposed_new_state: dv({ id: null, mode }),
        config: dv({ id: null, mode }),
      }),
    apply: async (mode: string) =>
      call("ApplyResourceChange", {
        type_name: "ctx_thing",
        prior_state: dv(null),
        planned_state: dv({ id: UNKNOWN, mode }),
        config: dv({ id: null, mode }),
      }),
    read: async (mode: string) =>
      call("ReadResource", { type_name: "ctx_thing", current_state: dv({ id: "t1", mode }) }),
    "data source read": async (mode: string) =>
      call("ReadDataSource", { type_name: "ctx_lookup", config: dv({ id: null, mode }) }),
    open: async (mode: string) =>
      call("OpenEphemeralResource", { type_name: "ctx_secret", config: dv({ id: null, mode }) }),
  };
  const operations = {
    plan: "planning ctx_thing",
    apply: "creating ctx_thing",
    read: "reading ctx_thing",
    "data source read": "reading data source ctx_lookup",
    open: "opening ctx_secret",
  };

  it.each(Object.keys(rpcs) as (keyof typeof rpcs)[])(
    "returns a handler's warnings with the %s response",
    async (rpc) => {
      const ok = await rpcs[rpc]("ok");
      expect(ok.diagnostics).toEqual([]);
      const warned = await rpcs[rpc]("warn");
      expect(warned.diagnostics).toEqual([
        expect.objectContaining({ severity: "WARNING", summary: "Heads up", detail: "while in mode warn" }),
      ]);
      const failed = await rpcs[rpc]("fail");
      expect(failed.diagnostics.map((d) => [d.severity, d.summary])).toEqual([
        ["WARNING", "Heads up"],
        ["ERROR", "It failed"],
      ]);
    },
  );

  it.each(Object.keys(rpcs) as (keyof typeof rpcs)[])(
    "names the operation and the type when %s fails unexpectedly, and calls it a bug",
    async (rpc) => {
      const { diagnostics } = await rpcs[rpc]("crash");
      expect(diagnostics).toEqual([
        expect.objectContaining({
          severity: "ERROR",
          summary: `Unexpected error while ${operations[rpc]}`,
          detail: expect.stringMatching(
            /^Cannot read properties of undefined \(reading 'x'\)\n\n.*bug in the provider, please report it/,
          ),
        }),
      ]);
      expect(JSON.stringify(diagnostics)).not.toMatch(/at .*\.ts:\d+/); // never a stack
    },
  );

  it("saves what a delete could not delete, with its errors; a delete that leaves something without an error is a bug", async () => {
    const destroy = (mode: string) =>
      call("ApplyResourceChange", {
        type_name: "ctx_thing",
        prior_state: dv({ id: "t1", mode }),
        planned_state: dv(null),
        config: dv(null),
      });
    const stateOf = (response: Awaited<ReturnType<typeof destroy>>) =>
      decodeValue(response.new_state?.msgpack, impliedType(schema));
    const done = await destroy("ok");
    expect([stateOf(done), done.diagnostics]).toEqual([null, []]);
    const partial = await destroy("partial");
    expect(stateOf(partial)).toEqual({ id: "t1-rest", mode: "partial" });
    expect(partial.diagnostics.map((d) => [d.severity, d.summary])).toEqual([["ERROR", "Half deleted"]]);
    const unexplained = await destroy("partial-unexplained");
    expect(stateOf(unexplained)).toEqual({ id: "t1", mode: "partial-unexplained" }); // the prior state, kept
    expect(unexplained.diagnostics).toEqual([
      expect.objectContaining({
        severity: "ERROR",
        summary: "Unexpected error while destroying ctx_thing",
        detail: expect.stringMatching(/^ctx_thing's delete left part of the object without an error saying why/),
      }),
    ]);
  });

  it("gives configure the process-wide stop signal and the logger, and StopProvider aborts it", async () => {
    expect(configured!.terraformVersion).toBe("1.11.4");
    expect(configured!.log).toBe(quiet);
    expect(configured!.signal.aborted).toBe(false);
    await call("StopProvider", {});
    expect(configured!.signal.aborted).toBe(true);
  });
});
