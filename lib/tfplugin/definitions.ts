import type { Diagnostic } from "./diagnostics";
import type { AttributeValue, ModelOf, ResourceModel, UntypedModel } from "./model";
import type { Block } from "./schema";
import type { StateUpgrade } from "./state-upgrade";

/** A configuration, state or plan object: attribute names to values (see values.ts for their JS forms). */
export type ObjectValue = Record<string, unknown>;
/** Private state: JSON the provider keeps in Terraform's state beside the object, never shown in plans. */
export type PrivateState = Record<string, unknown>;

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

/** What configure and every handler get, besides the configured provider. */
export interface CallContext {
  /**
   * Aborted when Terraform sends StopProvider (Ctrl-C), for the whole process: pass it to API clients so waits
   * and requests end early. Terraform still waits for running calls, so return what was done.
   */
  readonly signal: AbortSignal;
  /** Writes to Terraform's log (stderr, `TF_LOG_PROVIDER`); never log attribute values. */
  readonly log: Logger;
  /** Adds a warning diagnostic to this call's response, which does not fail it. */
  warn(summary: string, detail?: string): void;
}

/** What every handler gets: the configured provider, the stop signal, the logger and warnings. */
export interface HandlerContext<P> extends CallContext {
  readonly provider: P;
}

/**
 * What create and update return. `diagnostics` reports problems with an object that exists anyway: Terraform saves
 * the state (a created object with an error is marked tainted) instead of losing track of it.
 */
export interface ApplyResult<M extends ResourceModel = UntypedModel> {
  readonly state: M["stateUpdate"];
  readonly private?: M["private"];
  readonly diagnostics?: readonly Diagnostic[];
}

/** What is left of an object a delete could not finish: its state, and at least one error diagnostic. */
export interface PartialDelete<M extends ResourceModel = UntypedModel> {
  readonly remaining: M["stateUpdate"];
  readonly private?: M["private"];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * A managed resource. Made with `defineResource<P>()({...})`, its handler arguments are typed from the schema
 * literal (`ModelOf`, model.ts); the default model is the untyped `ObjectValue` view.
 */
export interface ResourceDefinition<P, M extends ResourceModel = UntypedModel> {
  readonly typeName: string;
  readonly schema: M["schema"];
  /** The schema version stored in state; raise it when stored state needs an `upgradeState` step. Default 0. */
  readonly version?: number;
  /**
   * State upgrades by the version they upgrade from: `{ 0: (v0) => v1, 1: (v1) => v2 }`, run in sequence on the
   * stored JSON up to `version` before it is read against the current schema.
   */
  readonly upgradeState?: Readonly<Record<number, StateUpgrade>>;
  /** Checks configuration beyond per-attribute validators; values not known yet are null. Throw DiagnosticError. */
  validate?(config: M["validateConfig"]): void;
  /**
   * Adjusts the plan the framework made from the schema (computed values, private state). Values that are not
   * computed must stay equal to configuration, and write-only ones null: the framework enforces both.
   */
  modifyPlan?(
    args: { config: M["planConfig"]; prior: M["state"] | null; planned: M["plan"]; priorPrivate: M["private"] },
    ctx: HandlerContext<P>,
  ): Promise<{ planned: M["plan"]; private?: M["private"] }>;
  create(
    args: { config: M["config"]; planned: M["planned"]; private: M["private"] },
    ctx: HandlerContext<P>,
  ): Promise<ApplyResult<M>>;
  /** The object as it is now, or null when it is gone (Terraform then plans to create it again). */
  read(
    args: { state: M["state"]; private: M["private"] },
    ctx: HandlerContext<P>,
  ): Promise<{ state: M["state"] | null; private?: M["private"] }>;
  update(
    args: { config: M["config"]; prior: M["state"]; planned: M["planned"]; private: M["private"] },
    ctx: HandlerContext<P>,
  ): Promise<ApplyResult<M>>;
  /**
   * Deletes the object. One that could delete only part of it returns what is left, with the errors saying why:
   * Terraform keeps that instead of the prior state, so the next destroy finishes the rest.
   */
  delete(args: { state: M["state"]; private: M["private"] }, ctx: HandlerContext<P>): Promise<void | PartialDelete<M>>;
  /** The shape of import IDs, for docs and error messages (e.g. `<workspace>/{<uuid>}`); set with `importState`. */
  readonly importIdFormat?: string;
  /**
   * Turns an import ID into enough state for `read` to find the object; `read` then gets it with every other
   * attribute null, whatever the schema says.
   */
  importState?(id: string, ctx: HandlerContext<P>): Promise<{ state: M["stateUpdate"]; private?: M["private"] }>;
}

/** A data source: `read` gets known configuration and returns the computed attributes. */
export interface DataSourceDefinition<P, M extends ResourceModel = UntypedModel> {
  readonly typeName: string;
  readonly schema: M["schema"];
  validate?(config: M["validateConfig"]): void;
  read(config: M["config"], ctx: HandlerContext<P>): Promise<M["result"]>;
}

/**
 * An ephemeral resource (Terraform ≥ 1.10): opened at plan and at apply for a value that is never stored (a
 * secret to pass into a write-only attribute), renewed while in use if `open` set `renewAt`, then closed. Terraform
 * opens it only with known configuration: while its configuration is unknown at plan, its result is unknown and it
 * is opened at apply. `private` is handed from open to renew and close, never stored.
 */
export interface EphemeralResourceDefinition<P, M extends ResourceModel = UntypedModel> {
  readonly typeName: string;
  readonly schema: M["schema"];
  validate?(config: M["validateConfig"]): void;
  open(
    config: M["config"],
    ctx: HandlerContext<P>,
  ): Promise<{ result: M["result"]; renewAt?: Date; private?: M["private"] }>;
  /** Called at `renewAt` while Terraform still uses the result; required when open sets `renewAt`. */
  renew?(args: { private: M["private"] }, ctx: HandlerContext<P>): Promise<{ renewAt?: Date; private?: M["private"] }>;
  close?(args: { private: M["private"] }, ctx: HandlerContext<P>): Promise<void>;
}

/** What configure gets besides configuration: keep `signal` and `log` for the API clients it creates. */
export interface ConfigureInfo extends CallContext {
  readonly terraformVersion: string;
}

export interface ProviderDefinition<P, M extends ResourceModel = UntypedModel> {
  /** The provider type, the prefix of its resource types (`devdynamics`). */
  readonly typeName: string;
  /** Provider configuration; attributes may name an `env` fallback. Never stored in state by Terraform. */
  readonly schema: M["schema"];
  configure(config: M["config"], info: ConfigureInfo): Promise<P>;
  readonly resources: readonly ResourceDefinition<P>[];
  readonly dataSources: readonly DataSourceDefinition<P>[];
  readonly ephemeralResources?: readonly EphemeralResourceDefinition<P>[];
  /**
   * Wraps every handler call (plan, apply, read, import, data source read, ephemeral open…): for what a provider
   * does around each operation, e.g. measuring it and adding a warning with `call.warn`.
   */
  aroundCall?<R>(call: CallContext, run: () => Promise<R>): Promise<R>;
}

/**
 * Checks that each top-level attribute's `validate` takes the attribute's value type. TypeScript cannot type a
 * validator's parameter from its sibling `type` while it infers the schema, so annotate it — `validate: (v:
 * string[]) => …` — and this check refuses an annotation that does not match the attribute.
 */
export type CheckedValidators<S> = {
  readonly schema: {
    readonly attributes: {
      readonly [K in keyof AttributesOf<S>]: {
        validate?(value: AttributeValue<AttributesOf<S>[K]>): string | undefined;
      };
    };
  };
};
type AttributesOf<S> = S extends { readonly attributes: infer A } ? A : never;

/**
 * A provider definition; with the schema written inline (or made by `defineSchema`), `configure` gets typed
 * configuration. `defineProvider<P>(...)` with an explicit P keeps the untyped view.
 */
export function defineProvider<P, const S extends Block = Block>(
  definition: ProviderDefinition<P, ModelOf<S>> & CheckedValidators<S>,
): ProviderDefinition<P, ModelOf<S>> {
  return definition;
}

/**
 * A resource whose handlers are typed from its schema literal: `defineResource<ProviderContext>()({ typeName,
 * schema: {...}, create({ config, planned }, ctx) {...}, ... })`. Curried so that P is given and the schema is
 * inferred. `Priv` types private state.
 */
export function defineResource<P, Priv extends object = PrivateState>() {
  return <const S extends Block>(
    definition: ResourceDefinition<P, ModelOf<S, Priv>> & CheckedValidators<S>,
  ): ResourceDefinition<P, ModelOf<S, Priv>> => definition;
}

/** A data source whose `read` is typed from its schema literal: `defineDataSource<P>()({...})`. */
export function defineDataSource<P>() {
  return <const S extends Block>(
    definition: DataSourceDefinition<P, ModelOf<S>> & CheckedValidators<S>,
  ): DataSourceDefinition<P, ModelOf<S>> => definition;
}

/** An ephemeral resource whose handlers are typed from its schema literal: `defineEphemeralResource<P>()({...})`. */
export function defineEphemeralResource<P, Priv extends object = PrivateState>() {
  return <const S extends Block>(
    definition: EphemeralResourceDefinition<P, ModelOf<S, Priv>> & CheckedValidators<S>,
  ): EphemeralResourceDefinition<P, ModelOf<S, Priv>> => definition;
}

/** A schema declared on its own (shared, or built by a function) that keeps its literal types. */
export function defineSchema<const S extends Block>(schema: S & CheckedValidators<S>["schema"]): S {
  return schema;
}
