import type {
  DataSourceDefinition,
  EphemeralResourceDefinition,
  HandlerContext,
  Logger,
  ObjectValue,
  PrivateState,
  ProviderDefinition,
  ResourceDefinition,
} from "./definitions";
import { Diagnostic, diagnosticsOf, DiagnosticError } from "./diagnostics";
import { decodeValue, encodeValue } from "./msgpack-codec";
import { normalizeObject, planFromSchema, planViolation, replacementPaths, stateAfterApply } from "./plan-rules";
import { assertValidBlock, Block, impliedType } from "./schema";
import { providerSchemaMessages } from "./schema-message";
import { assertValidUpgrades, upgradeState } from "./state-upgrade";
import { isWhollyKnown } from "./values";
import type * as proto from "./proto/types";

/**
 * The tfplugin6 Provider service in terms of a ProviderDefinition: decodes values against the schemas, enforces
 * Terraform's plan and apply rules (plan-rules.ts), and turns every thrown error into diagnostics. It knows
 * nothing of gRPC, so tests can call it directly.
 */
export class ProviderService<P> implements proto.Tfplugin6ProviderServer {
  private provider?: P;
  private readonly stop = new AbortController();
  private readonly resources = new Map<string, ResourceDefinition<P>>();
  private readonly dataSources = new Map<string, DataSourceDefinition<P>>();
  private readonly ephemeralResources = new Map<string, EphemeralResourceDefinition<P>>();

  constructor(
    private readonly definition: ProviderDefinition<P>,
    private readonly log: Logger,
  ) {
    assertValidBlock(definition.schema, "provider");
    for (const r of definition.resources) {
      assertValidBlock(r.schema, r.typeName);
      assertValidUpgrades(r);
      this.resources.set(r.typeName, r);
    }
    for (const d of definition.dataSources) {
      assertValidBlock(d.schema, d.typeName);
      this.dataSources.set(d.typeName, d);
    }
    for (const e of definition.ephemeralResources ?? []) {
      assertValidBlock(e.schema, e.typeName);
      this.ephemeralResources.set(e.typeName, e);
    }
  }

  /** StopProvider (Ctrl-C): handlers see their signal aborted and may finish early; Terraform waits for them. */
  StopProvider(): proto.StopProviderResponseInit {
    this.stop.abort();
    return { Error: "" };
  }

  GetProviderSchema(): proto.GetProviderSchemaResponseInit {
    return {
      ...providerSchemaMessages(this.definition),
      diagnostics: [],
      server_capabilities: { plan_destroy: false, get_provider_schema_optional: true, move_resource_state: false },
    };
  }

  ValidateProviderConfig(req: proto.ValidateProviderConfigRequest): proto.ValidateProviderConfigResponseInit {
    const config = decodeObject(req.config, this.definition.schema);
    return { diagnostics: toMessages(validateAttributes(this.definition.schema, config)) };
  }

  async ConfigureProvider(req: proto.ConfigureProviderRequest): Promise<proto.ConfigureProviderResponseInit> {
    return this.guard<proto.ConfigureProviderResponseInit>(async () => {
      const config = withEnvFallbacks(this.definition.schema, decodeObject(req.config, this.definition.schema));
      this.provider = await this.definition.configure(config, { terraformVersion: req.terraform_version });
      return {};
    }, {});
  }

  ValidateResourceConfig(req: proto.ValidateResourceConfigRequest): proto.ValidateResourceConfigResponseInit {
    const r = this.resource(req.type_name);
    return this.validate(r.schema, decodeObject(req.config, r.schema), r.validate?.bind(r));
  }

  ValidateDataResourceConfig(
    req: proto.ValidateDataResourceConfigRequest,
  ): proto.ValidateDataResourceConfigResponseInit {
    const d = this.dataSource(req.type_name);
    return this.validate(d.schema, decodeObject(req.config, d.schema), d.validate?.bind(d));
  }

  async UpgradeResourceState(req: proto.UpgradeResourceStateRequest): Promise<proto.UpgradeResourceStateResponseInit> {
    const r = this.resource(req.type_name);
    const json = Buffer.from(req.raw_state?.json ?? []).toString("utf8");
    return this.guard<proto.UpgradeResourceStateResponseInit>(
      async () => ({ upgraded_state: encodeObject(upgradeState(r, req.version, json), r.schema) }),
      {},
    );
  }

  async ReadResource(req: proto.ReadResourceRequest): Promise<proto.ReadResourceResponseInit> {
    const r = this.resource(req.type_name);
    const state = decodeObject(req.current_state, r.schema);
    const priv = decodePrivate(req.private);
    return this.guard<proto.ReadResourceResponseInit>(
      async () => {
        const result = await r.read({ state, private: priv }, this.context());
        return {
          new_state:
            result.state === null
              ? nullValue(r.schema)
              : encodeObject(normalizeObject(r.schema, result.state), r.schema),
          private: encodePrivate(result.private ?? priv),
        };
      },
      { new_state: encodeObject(state, r.schema), private: req.private },
    );
  }

  async PlanResourceChange(req: proto.PlanResourceChangeRequest): Promise<proto.PlanResourceChangeResponseInit> {
    const r = this.resource(req.type_name);
    const proposed = decodeObject(req.proposed_new_state, r.schema);
    if (isNull(proposed))
      return { planned_state: nullValue(r.schema), planned_private: req.prior_private, diagnostics: [] };
    const prior = nullable(decodeObject(req.prior_state, r.schema));
    const config = decodeObject(req.config, r.schema);
    const priorPrivate = decodePrivate(req.prior_private);
    return this.guard<proto.PlanResourceChangeResponseInit>(async () => {
      let { planned } = planFromSchema(r.schema, prior, proposed, config);
      let plannedPrivate = priorPrivate;
      if (r.modifyPlan) {
        const modified = await r.modifyPlan({ config, prior, planned, priorPrivate }, this.context());
        planned = modified.planned;
        plannedPrivate = modified.private ?? priorPrivate;
        const violation = planViolation(r.schema, config, planned);
        if (violation)
          throw new DiagnosticError(
            "Provider produced an invalid plan",
            `${r.typeName}: ${violation}. This is a bug in the provider.`,
          );
      }
      return {
        planned_state: encodeObject(planned, r.schema),
        requires_replace: prior === null ? [] : replacementPaths(r.schema, prior, planned).map(pathMessage),
        planned_private: encodePrivate(plannedPrivate),
      };
    }, {});
  }

  async ApplyResourceChange(req: proto.ApplyResourceChangeRequest): Promise<proto.ApplyResourceChangeResponseInit> {
    const r = this.resource(req.type_name);
    const prior = nullable(decodeObject(req.prior_state, r.schema));
    const planned = nullable(decodeObject(req.planned_state, r.schema));
    const config = decodeObject(req.config, r.schema);
    const priv = decodePrivate(req.planned_private);
    const fallback = {
      new_state: prior === null ? nullValue(r.schema) : encodeObject(prior, r.schema),
      private: req.planned_private,
    };
    return this.guard<proto.ApplyResourceChangeResponseInit>(async () => {
      const ctx = this.context();
      if (planned === null) {
        await r.delete({ state: prior!, private: priv }, ctx);
        return { new_state: nullValue(r.schema) };
      }
      const result =
        prior === null
          ? await r.create({ config, planned, private: priv }, ctx)
          : await r.update({ config, prior, planned, private: priv }, ctx);
      return {
        new_state: encodeObject(stateAfterApply(r.schema, planned, normalizeObject(r.schema, result.state)), r.schema),
        private: encodePrivate(result.private ?? priv),
        diagnostics: toMessages([...(result.diagnostics ?? [])]),
      };
    }, fallback);
  }

  async ImportResourceState(req: proto.ImportResourceStateRequest): Promise<proto.ImportResourceStateResponseInit> {
    const r = this.resource(req.type_name);
    return this.guard<proto.ImportResourceStateResponseInit>(async () => {
      if (!r.importState) throw new DiagnosticError("Import not supported", `${r.typeName} cannot be imported.`);
      const imported = await r.importState(req.id, this.context());
      return {
        imported_resources: [
          {
            type_name: r.typeName,
            state: encodeObject(normalizeObject(r.schema, imported.state), r.schema),
            private: encodePrivate(imported.private ?? {}),
          },
        ],
      };
    }, {});
  }

  async ReadDataSource(req: proto.ReadDataSourceRequest): Promise<proto.ReadDataSourceResponseInit> {
    const d = this.dataSource(req.type_name);
    const config = decodeObject(req.config, d.schema);
    return this.guard<proto.ReadDataSourceResponseInit>(async () => {
      const result = await d.read(config, this.context());
      return { state: encodeObject(wholeResult(d, config, result), d.schema) };
    }, {});
  }

  ValidateEphemeralResourceConfig(
    req: proto.ValidateEphemeralResourceConfigRequest,
  ): proto.ValidateEphemeralResourceConfigResponseInit {
    const e = this.ephemeralResource(req.type_name);
    return this.validate(e.schema, decodeObject(req.config, e.schema), e.validate?.bind(e));
  }

  async OpenEphemeralResource(
    req: proto.OpenEphemeralResourceRequest,
  ): Promise<proto.OpenEphemeralResourceResponseInit> {
    const e = this.ephemeralResource(req.type_name);
    const config = decodeObject(req.config, e.schema);
    return this.guard<proto.OpenEphemeralResourceResponseInit>(async () => {
      const opened = await e.open(config, this.context());
      if (opened.renewAt && !e.renew)
        throw new DiagnosticError(
          "Provider asked for a renewal it cannot do",
          `${e.typeName} set renewAt but has no renew handler. This is a bug in the provider.`,
        );
      return {
        result: encodeObject(wholeResult(e, config, opened.result), e.schema),
        renew_at: opened.renewAt ? timestamp(opened.renewAt) : null,
        private: encodePrivate(opened.private ?? {}),
      };
    }, {});
  }

  async RenewEphemeralResource(
    req: proto.RenewEphemeralResourceRequest,
  ): Promise<proto.RenewEphemeralResourceResponseInit> {
    const e = this.ephemeralResource(req.type_name);
    const priv = decodePrivate(req.private);
    return this.guard<proto.RenewEphemeralResourceResponseInit>(async () => {
      if (!e.renew) return { private: req.private };
      const renewed = await e.renew({ private: priv }, this.context());
      return {
        renew_at: renewed.renewAt ? timestamp(renewed.renewAt) : null,
        private: encodePrivate(renewed.private ?? priv),
      };
    }, {});
  }

  async CloseEphemeralResource(
    req: proto.CloseEphemeralResourceRequest,
  ): Promise<proto.CloseEphemeralResourceResponseInit> {
    const e = this.ephemeralResource(req.type_name);
    return this.guard<proto.CloseEphemeralResourceResponseInit>(async () => {
      await e.close?.({ private: decodePrivate(req.private) }, this.context());
      return {};
    }, {});
  }

  private validate(
    block: Block,
    config: ObjectValue,
    custom?: (config: ObjectValue) => void,
  ): { diagnostics: proto.DiagnosticInit[] } {
    const diagnostics = validateAttributes(block, config);
    if (custom && diagnostics.length === 0) {
      try {
        custom(knownOnly(config));
      } catch (error) {
        diagnostics.push(...diagnosticsOf(error));
      }
    }
    return { diagnostics: toMessages(diagnostics) };
  }

  private context(): HandlerContext<P> {
    if (this.provider === undefined)
      throw new DiagnosticError("Provider not configured", "Terraform called the provider before configuring it.");
    return { provider: this.provider, signal: this.stop.signal, log: this.log };
  }

  private resource(typeName: string): ResourceDefinition<P> {
    const r = this.resources.get(typeName);
    if (!r) throw new Error(`unknown resource type ${typeName}`);
    return r;
  }

  private dataSource(typeName: string): DataSourceDefinition<P> {
    const d = this.dataSources.get(typeName);
    if (!d) throw new Error(`unknown data source ${typeName}`);
    return d;
  }

  private ephemeralResource(typeName: string): EphemeralResourceDefinition<P> {
    const e = this.ephemeralResources.get(typeName);
    if (!e) throw new Error(`unknown ephemeral resource ${typeName}`);
    return e;
  }

  /** Runs a handler; a thrown error becomes diagnostics next to `onError` (e.g. the prior state to keep). */
  private async guard<R extends { readonly diagnostics?: readonly proto.DiagnosticInit[] }>(
    run: () => Promise<R>,
    onError: R,
  ): Promise<R> {
    try {
      return { diagnostics: [], ...(await run()) };
    } catch (error) {
      this.log.debug(`handler failed: ${error instanceof Error ? error.name : "error"}`);
      return { ...onError, diagnostics: toMessages(diagnosticsOf(error)) };
    }
  }
}

function decodeObject(dv: proto.DynamicValue | null, block: Block): ObjectValue {
  return (decodeValue(dv?.msgpack, impliedType(block)) as ObjectValue) ?? NULL_OBJECT;
}

const NULL_OBJECT: ObjectValue = Object.freeze({}) as ObjectValue;
const isNull = (value: ObjectValue) => value === NULL_OBJECT;
const nullable = (value: ObjectValue) => (isNull(value) ? null : value);

function encodeObject(value: ObjectValue, block: Block): proto.DynamicValueInit {
  return { msgpack: Buffer.from(encodeValue(value, impliedType(block))) };
}

function nullValue(block: Block): proto.DynamicValueInit {
  return { msgpack: Buffer.from(encodeValue(null, impliedType(block))) };
}

/**
 * What a data source read or an ephemeral resource open returns, completed with its configuration: it must be
 * wholly known, since Terraform keeps it as the object's value.
 */
function wholeResult(
  definition: { typeName: string; schema: Block },
  config: ObjectValue,
  result: ObjectValue,
): ObjectValue {
  const whole = normalizeObject(definition.schema, { ...config, ...result });
  if (!isWhollyKnown(whole))
    throw new DiagnosticError(
      "Provider produced an unknown value",
      `${definition.typeName} returned an unknown value. This is a bug in the provider.`,
    );
  return whole;
}

/** google.protobuf.Timestamp of a date. */
function timestamp(date: Date): proto.TimestampInit {
  const ms = date.getTime();
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}

function decodePrivate(bytes: Uint8Array | undefined): PrivateState {
  return bytes && bytes.length > 0 ? (JSON.parse(Buffer.from(bytes).toString("utf8")) as PrivateState) : {};
}

function encodePrivate(priv: PrivateState): Buffer {
  return Buffer.from(JSON.stringify(priv));
}

/** Provider configuration: attributes left null take their environment variable, when one is named and set. */
function withEnvFallbacks(block: Block, config: ObjectValue): ObjectValue {
  const out = { ...config };
  for (const [name, a] of Object.entries(block.attributes)) {
    if ((out[name] ?? null) === null && a.env && process.env[a.env] !== undefined) {
      out[name] =
        a.type === "number"
          ? Number(process.env[a.env])
          : a.type === "bool"
            ? process.env[a.env] === "true"
            : process.env[a.env];
    }
  }
  return out;
}

/** Per-attribute validators on known values, each failure pointing at its attribute. */
function validateAttributes(block: Block, config: ObjectValue): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [name, a] of Object.entries(block.attributes)) {
    const value = config[name];
    if (!a.validate || value === null || value === undefined || !isWhollyKnown(value)) continue;
    const problem = a.validate(value);
    if (problem) diagnostics.push({ severity: "error", summary: `Invalid ${name}`, detail: problem, path: [name] });
  }
  return diagnostics;
}

/** Configuration with values not wholly known as null, for validators that run before values are known. */
function knownOnly(config: ObjectValue): ObjectValue {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, isWhollyKnown(v) ? v : null]));
}

function toMessages(diagnostics: readonly Diagnostic[]): proto.DiagnosticInit[] {
  return diagnostics.map((d) => ({
    severity: d.severity === "error" ? "ERROR" : "WARNING",
    summary: d.summary,
    detail: d.detail ?? "",
    attribute: d.path ? pathMessage(d.path) : undefined,
  }));
}

/** Names for attributes, indexes for list elements (map keys are not used by this framework). */
function pathMessage(path: readonly (string | number)[]): proto.AttributePathInit {
  return {
    steps: path.map((step) => (typeof step === "number" ? { element_key_int: step } : { attribute_name: step })),
  };
}
