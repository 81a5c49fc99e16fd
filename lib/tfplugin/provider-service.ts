import type {
  DataSourceDefinition,
  HandlerContext,
  Logger,
  ObjectValue,
  PrivateState,
  ProviderDefinition,
  ResourceDefinition,
} from "./definitions";
import { Diagnostic, diagnosticsOf, DiagnosticError } from "./diagnostics";
import { decodeValue, encodeValue, valueFromJson } from "./msgpack-codec";
import { normalizeObject, planFromSchema, planViolation, replacementPaths, stateAfterApply } from "./plan-rules";
import { assertValidBlock, Block, impliedType } from "./schema";
import { providerSchemaMessages } from "./schema-message";
import { isWhollyKnown } from "./values";

/* eslint-disable @typescript-eslint/no-explicit-any -- protocol messages are plain objects (grpc-services.ts) */
type Msg = any;

/**
 * The tfplugin6 Provider service in terms of a ProviderDefinition: decodes values against the schemas, enforces
 * Terraform's plan and apply rules (plan-rules.ts), and turns every thrown error into diagnostics. It knows
 * nothing of gRPC, so tests can call it directly.
 */
export class ProviderService<P> {
  private provider?: P;
  private readonly stop = new AbortController();
  private readonly resources = new Map<string, ResourceDefinition<P>>();
  private readonly dataSources = new Map<string, DataSourceDefinition<P>>();

  constructor(
    private readonly definition: ProviderDefinition<P>,
    private readonly log: Logger,
  ) {
    assertValidBlock(definition.schema, "provider");
    for (const r of definition.resources) {
      assertValidBlock(r.schema, r.typeName);
      this.resources.set(r.typeName, r);
    }
    for (const d of definition.dataSources) {
      assertValidBlock(d.schema, d.typeName);
      this.dataSources.set(d.typeName, d);
    }
  }

  /** StopProvider (Ctrl-C): handlers see their signal aborted and may finish early; Terraform waits for them. */
  stopRequested(): void {
    this.stop.abort();
  }

  GetProviderSchema(): Msg {
    return {
      ...providerSchemaMessages(this.definition),
      diagnostics: [],
      server_capabilities: { plan_destroy: false, get_provider_schema_optional: true, move_resource_state: false },
    };
  }

  ValidateProviderConfig(req: Msg): Msg {
    const config = decodeObject(req.config, this.definition.schema);
    return { diagnostics: toMessages(validateAttributes(this.definition.schema, config)) };
  }

  async ConfigureProvider(req: Msg): Promise<Msg> {
    return this.guard(async () => {
      const config = withEnvFallbacks(this.definition.schema, decodeObject(req.config, this.definition.schema));
      this.provider = await this.definition.configure(config, { terraformVersion: req.terraform_version });
      return {};
    });
  }

  ValidateResourceConfig(req: Msg): Msg {
    const r = this.resource(req.type_name);
    return this.validate(r.schema, decodeObject(req.config, r.schema), r.validate?.bind(r));
  }

  ValidateDataResourceConfig(req: Msg): Msg {
    const d = this.dataSource(req.type_name);
    return this.validate(d.schema, decodeObject(req.config, d.schema), d.validate?.bind(d));
  }

  UpgradeResourceState(req: Msg): Msg {
    const r = this.resource(req.type_name);
    const stored = JSON.parse(Buffer.from(req.raw_state.json).toString("utf8")) as ObjectValue;
    const value = normalizeObject(r.schema, valueFromJson(stored, impliedType(r.schema)) as ObjectValue);
    return { upgraded_state: encodeObject(value, r.schema), diagnostics: [] };
  }

  async ReadResource(req: Msg): Promise<Msg> {
    const r = this.resource(req.type_name);
    const state = decodeObject(req.current_state, r.schema);
    const priv = decodePrivate(req.private);
    return this.guard(
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

  async PlanResourceChange(req: Msg): Promise<Msg> {
    const r = this.resource(req.type_name);
    const proposed = decodeObject(req.proposed_new_state, r.schema);
    if (isNull(proposed))
      return { planned_state: nullValue(r.schema), planned_private: req.prior_private, diagnostics: [] };
    const prior = nullable(decodeObject(req.prior_state, r.schema));
    const config = decodeObject(req.config, r.schema);
    const priorPrivate = decodePrivate(req.prior_private);
    return this.guard(async () => {
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
    });
  }

  async ApplyResourceChange(req: Msg): Promise<Msg> {
    const r = this.resource(req.type_name);
    const prior = nullable(decodeObject(req.prior_state, r.schema));
    const planned = nullable(decodeObject(req.planned_state, r.schema));
    const config = decodeObject(req.config, r.schema);
    const priv = decodePrivate(req.planned_private);
    const ctx = this.context();
    const fallback = {
      new_state: prior === null ? nullValue(r.schema) : encodeObject(prior, r.schema),
      private: req.planned_private,
    };
    return this.guard(async () => {
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

  async ImportResourceState(req: Msg): Promise<Msg> {
    const r = this.resource(req.type_name);
    return this.guard(async () => {
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
    });
  }

  async ReadDataSource(req: Msg): Promise<Msg> {
    const d = this.dataSource(req.type_name);
    const config = decodeObject(req.config, d.schema);
    return this.guard(async () => {
      const result = normalizeObject(d.schema, { ...config, ...(await d.read(config, this.context())) });
      if (!isWhollyKnown(result))
        throw new DiagnosticError(
          "Provider produced an unknown value",
          `${d.typeName} returned an unknown value. This is a bug in the provider.`,
        );
      return { state: encodeObject(result, d.schema) };
    });
  }

  private validate(block: Block, config: ObjectValue, custom?: (config: ObjectValue) => void): Msg {
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

  /** Runs a handler; a thrown error becomes diagnostics next to `onError` (e.g. the prior state to keep). */
  private async guard(run: () => Promise<Msg>, onError: Msg = {}): Promise<Msg> {
    try {
      return { diagnostics: [], ...(await run()) };
    } catch (error) {
      this.log.debug(`handler failed: ${error instanceof Error ? error.name : "error"}`);
      return { ...onError, diagnostics: toMessages(diagnosticsOf(error)) };
    }
  }
}

function decodeObject(dv: Msg, block: Block): ObjectValue {
  return (decodeValue(dv?.msgpack, impliedType(block)) as ObjectValue) ?? NULL_OBJECT;
}

const NULL_OBJECT: ObjectValue = Object.freeze({}) as ObjectValue;
const isNull = (value: ObjectValue) => value === NULL_OBJECT;
const nullable = (value: ObjectValue) => (isNull(value) ? null : value);

function encodeObject(value: ObjectValue, block: Block): Msg {
  return { msgpack: Buffer.from(encodeValue(value, impliedType(block))) };
}

function nullValue(block: Block): Msg {
  return { msgpack: Buffer.from(encodeValue(null, impliedType(block))) };
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

function toMessages(diagnostics: Diagnostic[]): Msg[] {
  return diagnostics.map((d) => ({
    severity: d.severity === "error" ? "ERROR" : "WARNING",
    summary: d.summary,
    detail: d.detail ?? "",
    attribute: d.path ? pathMessage(d.path) : undefined,
  }));
}

/** Names for attributes, indexes for list elements (map keys are not used by this framework). */
function pathMessage(path: readonly (string | number)[]): Msg {
  return {
    steps: path.map((step) => (typeof step === "number" ? { element_key_int: step } : { attribute_name: step })),
  };
}
