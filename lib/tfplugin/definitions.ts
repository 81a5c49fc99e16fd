import type { Diagnostic } from "./diagnostics";
import type { Block } from "./schema";

/** A configuration, state or plan object: attribute names to values (see values.ts for their JS forms). */
export type ObjectValue = Record<string, unknown>;
/** Private state: JSON the provider keeps in Terraform's state beside the object, never shown in plans. */
export type PrivateState = Record<string, unknown>;

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

/** What every handler gets: the configured provider, a signal raised by Ctrl-C (StopProvider), a logger. */
export interface HandlerContext<P> {
  readonly provider: P;
  readonly signal: AbortSignal;
  readonly log: Logger;
}

/**
 * What create and update return. `diagnostics` reports problems with an object that exists anyway: Terraform saves
 * the state (a created object with an error is marked tainted) instead of losing track of it.
 */
export interface ApplyResult {
  readonly state: ObjectValue;
  readonly private?: PrivateState;
  readonly diagnostics?: readonly Diagnostic[];
}

export interface ResourceDefinition<P> {
  readonly typeName: string;
  readonly schema: Block;
  /** The schema version stored in state. */
  readonly version?: number;
  /** Checks configuration beyond per-attribute validators; unknown values are left unset (null). Throw DiagnosticError. */
  validate?(config: ObjectValue): void;
  /**
   * Adjusts the plan the framework made from the schema (computed values, private state). Values that are not
   * computed must stay equal to configuration, and write-only ones null: the framework enforces both.
   */
  modifyPlan?(
    args: { config: ObjectValue; prior: ObjectValue | null; planned: ObjectValue; priorPrivate: PrivateState },
    ctx: HandlerContext<P>,
  ): Promise<{ planned: ObjectValue; private?: PrivateState }>;
  create(
    args: { config: ObjectValue; planned: ObjectValue; private: PrivateState },
    ctx: HandlerContext<P>,
  ): Promise<ApplyResult>;
  /** The object as it is now, or null when it is gone (Terraform then plans to create it again). */
  read(
    args: { state: ObjectValue; private: PrivateState },
    ctx: HandlerContext<P>,
  ): Promise<{ state: ObjectValue | null; private?: PrivateState }>;
  update(
    args: { config: ObjectValue; prior: ObjectValue; planned: ObjectValue; private: PrivateState },
    ctx: HandlerContext<P>,
  ): Promise<ApplyResult>;
  delete(args: { state: ObjectValue; private: PrivateState }, ctx: HandlerContext<P>): Promise<void>;
  /** The shape of import IDs, for docs and error messages (e.g. `<workspace>/{<uuid>}`); set with `importState`. */
  readonly importIdFormat?: string;
  /** Turns an import ID into enough state for `read` to find the object. */
  importState?(id: string, ctx: HandlerContext<P>): Promise<{ state: ObjectValue; private?: PrivateState }>;
}

export interface DataSourceDefinition<P> {
  readonly typeName: string;
  readonly schema: Block;
  validate?(config: ObjectValue): void;
  read(config: ObjectValue, ctx: HandlerContext<P>): Promise<ObjectValue>;
}

export interface ProviderDefinition<P> {
  /** The provider type, the prefix of its resource types (`devdynamics`). */
  readonly typeName: string;
  /** Provider configuration; attributes may name an `env` fallback. Never stored in state by Terraform. */
  readonly schema: Block;
  configure(config: ObjectValue, info: { terraformVersion: string }): Promise<P>;
  readonly resources: readonly ResourceDefinition<P>[];
  readonly dataSources: readonly DataSourceDefinition<P>[];
}

/** Type-checks a provider definition (a function so TypeScript infers P). */
export function defineProvider<P>(definition: ProviderDefinition<P>): ProviderDefinition<P> {
  return definition;
}
