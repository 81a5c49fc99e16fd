import {
  defineDataSource,
  defineProvider,
  defineResource,
  defineSchema,
  DynamicValue,
  isUnknown,
  nestedAttributes,
  ResourceDefinition,
  Unknown,
  UNKNOWN,
} from "../../lib/tfplugin";
import { decodeValue, encodeValue } from "../../lib/tfplugin/msgpack-codec";
import { ProviderService } from "../../lib/tfplugin/provider-service";
import { impliedType } from "../../lib/tfplugin/schema";
import { providerRpc } from "./provider-rpc";

/**
 * Handler arguments typed from schema literals. The type-level half is checked by `tsc` (npm run typecheck):
 * `Expect<Equal<…>>` fails to compile when an inferred type differs, `@ts-expect-error` when a mistake compiles.
 * The runtime half shows the values that reach handlers have the shapes the types promise.
 */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectType = <T extends true>(_proof: T) => undefined;

const schema = defineSchema({
  attributes: {
    id: { type: "string", computed: true, description: "Id." },
    name: { type: "string", required: true, description: "Name.", validate: (v: string) => (v ? undefined : "empty") },
    size: { type: "number", optional: true, computed: true, default: 1, description: "Size." },
    on: { type: "bool", optional: true, description: "On." },
    tags: { type: ["map", "string"], optional: true, description: "Tags." },
    ports: { type: ["set", "number"], optional: true, description: "Ports." },
    shape: { type: ["object", { x: "string", y: ["list", "number"] }], optional: true, description: "Shape." },
    anything: { type: "dynamic", optional: true, description: "Anything." },
    secret_wo: { type: "string", optional: true, writeOnly: true, description: "Secret." },
    rules: nestedAttributes(
      "list",
      {
        port: { type: "number", required: true, description: "Port." },
        protocol: { type: "string", optional: true, description: "Protocol." },
      },
      { optional: true, description: "Rules." },
    ),
    owner: nestedAttributes(
      "single",
      { email: { type: "string", required: true, description: "Email." } },
      { required: true, description: "Owner." },
    ),
  },
  blocks: {
    settings: {
      nesting: "single",
      block: { attributes: { mode: { type: "string", optional: true, description: "Mode." } } },
    },
    rule: {
      nesting: "list",
      block: { attributes: { cidr: { type: "string", required: true, description: "CIDR." } } },
    },
  },
});

interface Known {
  id: string | null;
  name: string;
  size: number | null;
  on: boolean | null;
  tags: Record<string, string> | null;
  ports: number[] | null;
  shape: { x: string | null; y: number[] | null } | null;
  anything: DynamicValue | null;
  rules: { port: number; protocol: string | null }[] | null;
  owner: { email: string };
  settings: { mode: string | null } | null;
  rule: { cidr: string }[];
}

/** What each handler saw, for the runtime half. */
const seen: Record<string, unknown> = {};

const probe = defineResource<{ region: string }, { etag: string }>()({
  typeName: "typed_probe",
  schema,
  validate(config) {
    expectType<Equal<typeof config.name, string | null>>(true); // unknown values arrive as null here
    expectType<Equal<typeof config.secret_wo, string | null>>(true);
    expectType<Equal<typeof config.id, null>>(true); // computed-only: never configured
    seen.validate = config;
  },
  async modifyPlan({ config, prior, planned, priorPrivate }) {
    expectType<Equal<typeof config.name, string | Unknown>>(true);
    expectType<Equal<typeof config.tags, Record<string, string | Unknown> | Unknown | null>>(true);
    expectType<Equal<NonNullable<typeof prior>["secret_wo"], null>>(true); // write-only: null outside config
    expectType<Equal<NonNullable<typeof prior>["rules"], Known["rules"]>>(true);
    expectType<Equal<typeof planned.id, string | Unknown | null>>(true);
    expectType<Equal<typeof priorPrivate, { etag?: string }>>(true);
    // @ts-expect-error a value that may be unknown must be narrowed first
    const name: string = config.name;
    void name;
    seen.modifyPlan = { config, planned, prior, priorPrivate };
    return { planned: { ...planned, id: isUnknown(config.name) ? UNKNOWN : `id-${config.name}` } };
  },
  async create({ config, planned, private: priv }, ctx) {
    expectType<Equal<typeof config.name, string>>(true);
    expectType<Equal<typeof config.secret_wo, string | null>>(true); // the one place write-only values are seen
    expectType<Equal<typeof config.rules, Known["rules"]>>(true);
    expectType<Equal<typeof config.owner, Known["owner"]>>(true);
    expectType<Equal<typeof config.settings, Known["settings"]>>(true);
    expectType<Equal<typeof config.rule, Known["rule"]>>(true);
    expectType<Equal<typeof config.shape, Known["shape"]>>(true);
    expectType<Equal<typeof config.anything, Known["anything"]>>(true);
    expectType<Equal<typeof planned.name, string>>(true); // configured: known at apply
    expectType<Equal<typeof planned.id, string | Unknown | null>>(true); // computed: may still be unknown
    expectType<Equal<typeof planned.secret_wo, null>>(true);
    expectType<Equal<typeof ctx.provider, { region: string }>>(true);
    expectType<Equal<typeof priv.etag, string | undefined>>(true);
    seen.create = { config, planned, priv, region: ctx.provider.region };
    return { state: { id: isUnknown(planned.id) ? "made" : planned.id }, private: { etag: "e1" } };
  },
  async read({ state, private: priv }) {
    expectType<Equal<typeof state.name, string>>(true);
    expectType<Equal<typeof state.secret_wo, null>>(true);
    seen.read = { state, priv };
    return { state };
  },
  async update() {
    return { state: {} };
  },
  async delete() {},
});

const lookup = defineDataSource<{ region: string }>()({
  typeName: "typed_lookup",
  schema: {
    attributes: {
      name: { type: "string", required: true, description: "Name." },
      label: { type: "string", optional: true, computed: true, description: "Label." },
      size: { type: "number", computed: true, description: "Size." },
    },
  },
  async read(config) {
    expectType<Equal<typeof config.name, string>>(true);
    expectType<Equal<typeof config.size, null>>(true);
    return { size: config.name.length };
  },
});

type ProbeUpdate = Awaited<ReturnType<typeof probe.create>>["state"];
// @ts-expect-error state values have their attribute's type
export const wrongState: ProbeUpdate = { size: "big" };
// @ts-expect-error a data source returns every computed-only attribute
export const missingResult: Awaited<ReturnType<typeof lookup.read>> = { label: "x" };

const provider = defineProvider({
  typeName: "typed",
  schema: {
    attributes: {
      region: { type: "string", optional: true, env: "TYPED_REGION", description: "Region." },
      retries: { type: "number", required: true, description: "Retries." },
    },
  },
  async configure(config) {
    expectType<Equal<typeof config.region, string | null>>(true);
    expectType<Equal<typeof config.retries, number>>(true);
    return { region: config.region ?? "eu" };
  },
  resources: [probe],
  dataSources: [lookup],
});

// Untyped definitions (the default type parameters) keep their ObjectValue view.
const untyped: ResourceDefinition<unknown> = {
  typeName: "typed_untyped",
  schema: { attributes: { id: { type: "string", computed: true, description: "Id." } } },
  async create({ planned }) {
    expectType<Equal<typeof planned, Record<string, unknown>>>(true);
    return { state: planned };
  },
  async read({ state }) {
    return { state };
  },
  async update({ planned }) {
    return { state: planned };
  },
  async delete() {},
};

defineResource<unknown>()({
  typeName: "typed_wrong_validator",
  schema: {
    attributes: {
      // @ts-expect-error a validator's annotated parameter must match its attribute's type
      count: { type: "number", optional: true, description: "Count.", validate: (v: string) => v },
    },
  },
  async create() {
    return { state: {} };
  },
  async read({ state }) {
    return { state };
  },
  async update() {
    return { state: {} };
  },
  async delete() {},
});

describe("typed definitions", () => {
  const type = impliedType(schema);
  const dv = (value: unknown) => ({ msgpack: Buffer.from(encodeValue(value, type)), json: Buffer.alloc(0) });
  const config = {
    id: null,
    name: "alpha",
    size: null,
    on: true,
    tags: { team: "platform" },
    ports: [443, 80],
    shape: { x: "x", y: [1, 2] },
    anything: { type: ["list", "string"], value: ["a"] },
    secret_wo: "s3cret",
    rules: [{ port: 22, protocol: null }],
    owner: { email: "a@example.com" },
    settings: null,
    rule: [{ cidr: "10.0.0.0/8" }],
  };

  it("hands resources values of the types their schema declares", async () => {
    const call = providerRpc(new ProviderService(provider, { debug() {}, info() {}, warn() {} }));
    const configure = await call("ConfigureProvider", {
      terraform_version: "1.11.4",
      config: {
        msgpack: Buffer.from(encodeValue({ region: "us", retries: 3 }, impliedType(provider.schema))),
        json: Buffer.alloc(0),
      },
    });
    expect(configure.diagnostics).toEqual([]);

    const validation = await call("ValidateResourceConfig", {
      type_name: "typed_probe",
      config: dv({ ...config, name: UNKNOWN }),
    });
    expect(validation.diagnostics).toEqual([]);
    expect(seen.validate).toMatchObject({ name: null, tags: { team: "platform" } });

    const plan = await call("PlanResourceChange", {
      type_name: "typed_probe",
      prior_state: dv(null),
      proposed_new_state: dv(config),
      config: dv(config),
      prior_private: Buffer.alloc(0),
    });
    expect(plan.diagnostics).toEqual([]);
    const planned = decodeValue(plan.planned_state!.msgpack, type) as Record<string, unknown>;
    expect(planned).toMatchObject({ id: "id-alpha", size: 1, secret_wo: null });

    const apply = await call("ApplyResourceChange", {
      type_name: "typed_probe",
      prior_state: dv(null),
      planned_state: plan.planned_state,
      config: dv(config),
      planned_private: plan.planned_private,
    });
    expect(apply.diagnostics).toEqual([]);
    const { config: applied } = seen.create as { config: typeof config };
    expect(applied).toEqual({ ...config, anything: { type: ["list", "string"], value: ["a"] } });
    expect(typeof applied.on).toBe("boolean");
    expect(Array.isArray(applied.ports)).toBe(true);
    expect(decodeValue(apply.new_state!.msgpack, type)).toMatchObject({ id: "id-alpha", secret_wo: null });

    await call("ReadResource", {
      type_name: "typed_probe",
      current_state: apply.new_state,
      private: apply.private,
    });
    expect(seen.read).toMatchObject({ state: { name: "alpha", secret_wo: null }, priv: { etag: "e1" } });
  });

  it("keeps untyped definitions usable", () => {
    expect(untyped.typeName).toBe("typed_untyped");
  });
});
