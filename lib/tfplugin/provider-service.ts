import type {
  CallContext,
  DataSourceDefinition,
  EphemeralResourceDefinition,
  HandlerContext,
  Logger,
  ObjectValue,
  ProviderDefinition,
  ResourceDefinition,
} from "./definitions";
import { Diagnostic, diagnosticsOf, DiagnosticError } from "./diagnostics";
import { normalizeObject, planFromSchema, planViolation, replacementPaths, stateAfterApply } from "./plan-rules";
import type * as proto from "./proto/types";
import { assertValidBlock, Block } from "./schema";
import { assertValidEnvFallbacks, providerSettings } from "./provider-config";
import { providerSchemaMessages } from "./schema-message";
import { assertValidUpgrades, upgradeState } from "./state-upgrade";
import { isWhollyKnown } from "./values";
import {
  decodeObject,
  decodePrivate,
  encodeObject,
  encodePrivate,
  isNull,
  nullable,
  nullValue,
  pathMessage,
  timestamp,
  toMessages,
} from "./wire-values";

type Response = { readonly diagnostics?: readonly proto.DiagnosticInit[] };

/**
 * The tfplugin6 Provider service in terms of a ProviderDefinition: decodes values against the schemas, enforces
 * Terraform's plan and apply rules (plan-rules.ts), gives handlers their context (stop signal, log, warnings) and
 * turns every thrown error into diagnostics. It knows nothing of gRPC, so tests can call it directly.
 */
export class ProviderService<P> implements proto.Tfplugin6ProviderServer {
  private provider?: P;
  private readonly stop = new AbortController();
  private readonly resources = new Map<string, ResourceDefinition<P>>();
  private readonly dataSources = new Map<string, DataSourceDefinition<P>>();
  private readonly ephemeralResources = new Map<string, EphemeralResourceDefinition<P>>();
  /** Whether this process reported the provider's settings (configured and from the environment) already. */
  private providerSettingsChecked = false;

  constructor(
    private readonly definition: ProviderDefinition<P>,
    private readonly log: Logger,
  ) {
    assertValidBlock(definition.schema, "provider");
    assertValidEnvFallbacks(definition.schema);
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

  /**
   * StopProvider (Ctrl-C): aborts the signal every handler and configure got. Handlers that listen finish early;
   * those that do not still finish, since Terraform waits for running calls.
   */
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

  /** Configuration and its environment fallbacks, as configure will see them (provider-config.ts). */
  ValidateProviderConfig(req: proto.ValidateProviderConfigRequest): proto.ValidateProviderConfigResponseInit {
    this.providerSettingsChecked = true;
    const config = decodeObject(req.config, this.definition.schema);
    return { diagnostics: toMessages(providerSettings(this.definition.schema, config, "validate").diagnostics) };
  }

  async ConfigureProvider(req: proto.ConfigureProviderRequest): Promise<proto.ConfigureProviderResponseInit> {
    this.providerSettingsChecked = true;
    const config = decodeObject(req.config, this.definition.schema);
    const settings = providerSettings(this.definition.schema, config, "configure");
    if (settings.diagnostics.length > 0) return { diagnostics: toMessages(settings.diagnostics) };
    return this.call<proto.ConfigureProviderResponseInit>(
      `configuring the ${this.definition.typeName} provider`,
      async (call) => {
        const info = { ...call, terraformVersion: req.terraform_version };
        this.provider = await this.definition.configure(settings.values, info);
        return {};
      },
      {},
    );
  }

  ValidateResourceConfig(req: proto.ValidateResourceConfigRequest): proto.ValidateResourceConfigResponseInit {
    const r = this.resource(req.type_name);
    return this.validate(r, decodeObject(req.config, r.schema), r.validate?.bind(r));
  }

  ValidateDataResourceConfig(
    req: proto.ValidateDataResourceConfigRequest,
  ): proto.ValidateDataResourceConfigResponseInit {
    const d = this.dataSource(req.type_name);
    return this.validate(d, decodeObject(req.config, d.schema), d.validate?.bind(d));
  }

  ValidateEphemeralResourceConfig(
    req: proto.ValidateEphemeralResourceConfigRequest,
  ): proto.ValidateEphemeralResourceConfigResponseInit {
    const e = this.ephemeralResource(req.type_name);
    return this.validate(e, decodeObject(req.config, e.schema), e.validate?.bind(e));
  }

  async UpgradeResourceState(req: proto.UpgradeResourceStateRequest): Promise<proto.UpgradeResourceStateResponseInit> {
    const r = this.resource(req.type_name);
    const json = Buffer.from(req.raw_state?.json ?? []).toString("utf8");
    return this.call<proto.UpgradeResourceStateResponseInit>(
      `upgrading the state of ${r.typeName}`,
      async () => ({ upgraded_state: encodeObject(upgradeState(r, req.version, json), r.schema) }),
      {},
    );
  }

  async ReadResource(req: proto.ReadResourceRequest): Promise<proto.ReadResourceResponseInit> {
    const r = this.resource(req.type_name);
    const state = decodeObject(req.current_state, r.schema);
    const priv = decodePrivate(req.private);
    return this.call<proto.ReadResourceResponseInit>(
      `reading ${r.typeName}`,
      async (call) => {
        const result = await r.read({ state, private: priv }, this.handlerContext(call));
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
    return this.call<proto.PlanResourceChangeResponseInit>(
      `planning ${r.typeName}`,
      async (call) => {
        let { planned } = planFromSchema(r.schema, prior, proposed, config);
        let plannedPrivate = priorPrivate;
        if (r.modifyPlan) {
          const modified = await r.modifyPlan({ config, prior, planned, priorPrivate }, this.handlerContext(call));
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
      },
      {},
    );
  }

  async ApplyResourceChange(req: proto.ApplyResourceChangeRequest): Promise<proto.ApplyResourceChangeResponseInit> {
    const r = this.resource(req.type_name);
    const prior = nullable(decodeObject(req.prior_state, r.schema));
    const planned = nullable(decodeObject(req.planned_state, r.schema));
    const config = decodeObject(req.config, r.schema);
    const priv = decodePrivate(req.planned_private);
    const action = planned === null ? "destroying" : prior === null ? "creating" : "updating";
    const fallback = {
      new_state: prior === null ? nullValue(r.schema) : encodeObject(prior, r.schema),
      private: req.planned_private,
    };
    return this.call<proto.ApplyResourceChangeResponseInit>(
      `${action} ${r.typeName}`,
      async (call) => {
        const ctx = this.handlerContext(call);
        if (planned === null) {
          const left = await r.delete({ state: prior!, private: priv }, ctx);
          if (!left) return { new_state: nullValue(r.schema) };
          if (!left.diagnostics.some((d) => d.severity === "error"))
            throw new Error(`${r.typeName}'s delete left part of the object without an error saying why`);
          return {
            new_state: encodeObject(normalizeObject(r.schema, { ...prior!, ...left.remaining }), r.schema),
            private: encodePrivate(left.private ?? priv),
            diagnostics: toMessages(left.diagnostics),
          };
        }
        const result =
          prior === null
            ? await r.create({ config, planned, private: priv }, ctx)
            : await r.update({ config, prior, planned, private: priv }, ctx);
        const state = stateAfterApply(r.schema, planned, normalizeObject(r.schema, result.state));
        return {
          new_state: encodeObject(state, r.schema),
          private: encodePrivate(result.private ?? priv),
          diagnostics: toMessages(result.diagnostics ?? []),
        };
      },
      fallback,
    );
  }

  async ImportResourceState(req: proto.ImportResourceStateRequest): Promise<proto.ImportResourceStateResponseInit> {
    const r = this.resource(req.type_name);
    return this.call<proto.ImportResourceStateResponseInit>(
      `importing ${r.typeName}`,
      async (call) => {
        if (!r.importState)
          throw new DiagnosticError(
            "Import not supported",
            `${r.typeName} cannot be imported.\nFix: Remove the import command or import block; apply creates it, and its documentation says how it treats objects that exist already.`,
          );
        const imported = await r.importState(req.id, this.handlerContext(call));
        return {
          imported_resources: [
            {
              type_name: r.typeName,
              state: encodeObject(normalizeObject(r.schema, imported.state), r.schema),
              private: encodePrivate(imported.private ?? {}),
            },
          ],
        };
      },
      {},
    );
  }

  async ReadDataSource(req: proto.ReadDataSourceRequest): Promise<proto.ReadDataSourceResponseInit> {
    const d = this.dataSource(req.type_name);
    const config = decodeObject(req.config, d.schema);
    return this.call<proto.ReadDataSourceResponseInit>(
      `reading data source ${d.typeName}`,
      async (call) => {
        const result = await d.read(config, this.handlerContext(call));
        return { state: encodeObject(wholeResult(d, config, result), d.schema) };
      },
      {},
    );
  }

  async OpenEphemeralResource(
    req: proto.OpenEphemeralResourceRequest,
  ): Promise<proto.OpenEphemeralResourceResponseInit> {
    const e = this.ephemeralResource(req.type_name);
    const config = decodeObject(req.config, e.schema);
    return this.call<proto.OpenEphemeralResourceResponseInit>(
      `opening ${e.typeName}`,
      async (call) => {
        const opened = await e.open(config, this.handlerContext(call));
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
      },
      {},
    );
  }

  async RenewEphemeralResource(
    req: proto.RenewEphemeralResourceRequest,
  ): Promise<proto.RenewEphemeralResourceResponseInit> {
    const e = this.ephemeralResource(req.type_name);
    const priv = decodePrivate(req.private);
    return this.call<proto.RenewEphemeralResourceResponseInit>(
      `renewing ${e.typeName}`,
      async (call) => {
        if (!e.renew) return { private: req.private };
        const renewed = await e.renew({ private: priv }, this.handlerContext(call));
        return {
          renew_at: renewed.renewAt ? timestamp(renewed.renewAt) : null,
          private: encodePrivate(renewed.private ?? priv),
        };
      },
      {},
    );
  }

  async CloseEphemeralResource(
    req: proto.CloseEphemeralResourceRequest,
  ): Promise<proto.CloseEphemeralResourceResponseInit> {
    const e = this.ephemeralResource(req.type_name);
    return this.call<proto.CloseEphemeralResourceResponseInit>(
      `closing ${e.typeName}`,
      async (call) => {
        await e.close?.({ private: decodePrivate(req.private) }, this.handlerContext(call));
        return {};
      },
      {},
    );
  }

  private validate(
    definition: { typeName: string; schema: Block },
    config: ObjectValue,
    custom?: (config: ObjectValue) => void,
  ): { diagnostics: proto.DiagnosticInit[] } {
    const diagnostics = [...this.environmentProblems(), ...validateAttributes(definition.schema, config)];
    if (custom && diagnostics.length === 0) {
      try {
        custom(knownOnly(config));
      } catch (error) {
        diagnostics.push(...diagnosticsOf(error, `validating ${definition.typeName}`));
      }
    }
    return { diagnostics: toMessages(diagnostics) };
  }

  /**
   * Terraform skips ValidateProviderConfig when the provider block is empty or absent — configuration from the
   * environment, as in CI — so the first resource, data source or ephemeral resource validated in this process
   * reports what is wrong with the environment variables instead, and `terraform validate` still refuses them.
   */
  private environmentProblems(): Diagnostic[] {
    if (this.providerSettingsChecked) return [];
    this.providerSettingsChecked = true;
    return providerSettings(this.definition.schema, {}, "validate").diagnostics;
  }

  /**
   * Runs one call's handler with its own context: the response gets the warnings it added (on success and on
   * failure) and a thrown error becomes diagnostics next to `onError` (e.g. the prior state to keep).
   */
  private async call<R extends Response>(
    operation: string,
    run: (call: CallContext) => Promise<R>,
    onError: R,
  ): Promise<R> {
    const warnings: Diagnostic[] = [];
    const call: CallContext = {
      signal: this.stop.signal,
      log: this.log,
      warn: (summary, detail) => warnings.push({ severity: "warning", summary, detail }),
    };
    try {
      const around = this.definition.aroundCall;
      const response = around ? await around(call, () => run(call)) : await run(call);
      return { ...response, diagnostics: [...(response.diagnostics ?? []), ...toMessages(warnings)] };
    } catch (error) {
      this.log.debug(`${operation} failed: ${error instanceof Error ? error.name : "error"}`);
      return { ...onError, diagnostics: toMessages([...warnings, ...diagnosticsOf(error, operation)]) };
    }
  }

  private handlerContext(call: CallContext): HandlerContext<P> {
    if (this.provider === undefined)
      throw new DiagnosticError("Provider not configured", "Terraform called the provider before configuring it.");
    return { ...call, provider: this.provider };
  }

  private resource(typeName: string): ResourceDefinition<P> {
    return definitionOf(this.resources, typeName, "resource type");
  }

  private dataSource(typeName: string): DataSourceDefinition<P> {
    return definitionOf(this.dataSources, typeName, "data source");
  }

  private ephemeralResource(typeName: string): EphemeralResourceDefinition<P> {
    return definitionOf(this.ephemeralResources, typeName, "ephemeral resource type");
  }
}

/** A definition by type name; an unknown one means Terraform and this provider disagree on the schema. */
function definitionOf<D>(definitions: ReadonlyMap<string, D>, typeName: string, kind: string): D {
  const definition = definitions.get(typeName);
  if (!definition) throw new Error(`unknown ${kind} ${typeName}`);
  return definition;
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
