import type { ObjectValue, PrivateState } from "./definitions";
import type { Block } from "./schema";
import type { CtyType, DynamicValue, Unknown } from "./values";

/**
 * The TypeScript types of the values handlers see, derived from a schema literal (`defineResource` and friends
 * infer it with a `const` type parameter). A schema typed as the general `Block` maps to `ObjectValue`, so untyped
 * definitions keep working.
 *
 * | schema                                  | value                       |
 * | --------------------------------------- | --------------------------- |
 * | `"string"`, `"number"`, `"bool"`        | `string`, `number`, `boolean` |
 * | `["list" \| "set", T]`                  | `T[]`                       |
 * | `["map", T]`                            | `Record<string, T>`         |
 * | `["object", {...}]`                     | `{ a: A \| null, ... }`     |
 * | nested attributes / blocks              | objects, arrays or records of objects |
 * | required / optional or computed         | `T` / `T \| null`           |
 * | write-only                              | `null` outside `config`     |
 *
 * Where Terraform may send unknown values, types say `MaybeUnknown<T>`: narrow with `isUnknown`.
 */

/** The JS value of a cty type. */
export type ValueOf<T> = CtyType extends T
  ? unknown
  : T extends "string"
    ? string
    : T extends "number"
      ? number
      : T extends "bool"
        ? boolean
        : T extends "dynamic"
          ? DynamicValue
          : T extends readonly ["list" | "set", infer E]
            ? ValueOf<E>[]
            : T extends readonly ["map", infer E]
              ? Record<string, ValueOf<E>>
              : T extends readonly ["object", infer O]
                ? { -readonly [K in keyof O]: ValueOf<O[K]> | null }
                : T extends readonly ["tuple", infer E]
                  ? { -readonly [I in keyof E]: ValueOf<E[I]> | null }
                  : unknown;

/** A value that may be unknown itself or anywhere inside (plan time). */
export type MaybeUnknown<V> =
  | Unknown
  | (V extends null | string | number | boolean | DynamicValue
      ? V
      : V extends readonly (infer E)[]
        ? MaybeUnknown<E>[]
        : { [K in keyof V]: MaybeUnknown<V[K]> });

/** The value of one attribute, ignoring null: nested attributes become objects or collections of objects. */
export type AttributeValue<A> = A extends {
  readonly nested: { readonly nesting: infer N; readonly attributes: infer I };
}
  ? Nested<N, NestedObject<I>>
  : A extends { readonly type: infer T }
    ? ValueOf<T>
    : unknown;

type Nested<N, O> = N extends "single" | "group" ? O : N extends "map" ? Record<string, O> : O[];

/** An object of nested attributes: required ones set, the others possibly null. */
type NestedObject<I> = { -readonly [K in keyof I]: OrNull<I[K], AttributeValue<I[K]>> };

type OrNull<A, V> = A extends { readonly required: true } ? V : V | null;
type IsComputedOnly<A> = A extends { readonly computed: true }
  ? A extends { readonly optional: true }
    ? false
    : true
  : false;

type AttributesOf<S> = S extends { readonly attributes: infer A } ? A : never;
type BlocksOf<S> = S extends { readonly blocks: infer B } ? B : Record<never, never>;

/** How values of a block look in one situation. */
type Situation = "config" | "validate" | "state";

type AttributeIn<A, M extends Situation> = M extends "state"
  ? A extends { readonly writeOnly: true }
    ? null
    : OrNull<A, AttributeValue<A>>
  : IsComputedOnly<A> extends true
    ? null
    : M extends "validate"
      ? AttributeValue<A> | null
      : OrNull<A, AttributeValue<A>>;

type BlockIn<B, M extends Situation> = B extends { readonly nesting: infer N; readonly block: infer Inner }
  ? N extends "single"
    ? ObjectIn<Inner, M> | null
    : Nested<N, ObjectIn<Inner, M>>
  : unknown;

type ObjectIn<S, M extends Situation> = {
  -readonly [K in keyof AttributesOf<S> | keyof BlocksOf<S>]: K extends keyof AttributesOf<S>
    ? AttributeIn<AttributesOf<S>[K], M>
    : K extends keyof BlocksOf<S>
      ? BlockIn<BlocksOf<S>[K], M>
      : never;
};

/** A schema whose attribute names are not literal (typed as `Block`): its values are plain `ObjectValue`s. */
type Untyped<S> = string extends keyof AttributesOf<S> ? true : false;
type Typed<S, T> = Untyped<S> extends true ? ObjectValue : T;

/** Configuration as handlers see it at apply, in data source reads and in provider configuration: known. */
export type ConfigOf<S> = Typed<S, ObjectIn<S, "config">>;
/** Configuration in `validate`: values not known yet are null, so every attribute may be null. */
export type ValidateConfigOf<S> = Typed<S, ObjectIn<S, "validate">>;
/** Configuration in `modifyPlan`: any value may still be unknown. */
export type PlanConfigOf<S> = Typed<S, { [K in keyof ObjectIn<S, "config">]: MaybeUnknown<ObjectIn<S, "config">[K]> }>;
/** State: known values, write-only attributes null. */
export type StateOf<S> = Typed<S, ObjectIn<S, "state">>;
/** A plan being made (`modifyPlan`): state-shaped, any value possibly unknown. */
export type PlanOf<S> = Typed<S, { [K in keyof ObjectIn<S, "state">]: MaybeUnknown<ObjectIn<S, "state">[K]> }>;
/** The plan at apply: configured values known, computed ones possibly unknown until the handler sets them. */
export type PlannedOf<S> = Typed<
  S,
  {
    [K in keyof ObjectIn<S, "state">]: K extends keyof AttributesOf<S>
      ? AttributesOf<S>[K] extends { readonly computed: true }
        ? MaybeUnknown<ObjectIn<S, "state">[K]>
        : ObjectIn<S, "state">[K]
      : ObjectIn<S, "state">[K];
  }
>;
/**
 * What create, update and import return: any subset of the state. Values known in the plan are saved as planned
 * whatever is returned; computed values unknown in the plan must be returned.
 */
export type StateUpdateOf<S> = Typed<S, Partial<ObjectIn<S, "state">>>;

type ComputedOnlyKeys<S> = {
  [K in keyof AttributesOf<S>]: IsComputedOnly<AttributesOf<S>[K]> extends true ? K : never;
}[keyof AttributesOf<S>];
type OptionalComputedKeys<S> = {
  [K in keyof AttributesOf<S>]: AttributesOf<S>[K] extends { readonly computed: true; readonly optional: true }
    ? K
    : never;
}[keyof AttributesOf<S>];

/**
 * What a data source read or an ephemeral resource open returns: every computed-only attribute (null when there
 * is nothing), optional+computed ones when configuration left them null. Configured values are kept as they are.
 */
export type ResultOf<S> = Typed<
  S,
  { -readonly [K in ComputedOnlyKeys<S>]: ObjectIn<S, "state">[K] } & {
    -readonly [K in OptionalComputedKeys<S>]?: ObjectIn<S, "state">[K];
  }
>;

/**
 * Private state as handlers see it: a typed `Priv` may be missing any field (a new object starts with `{}`);
 * the untyped default stays a plain record.
 */
export type PrivateOf<Priv> = string extends keyof Priv ? Priv : Partial<Priv>;

/**
 * Every type a resource's handlers see, bundled so definitions take one type parameter: `ModelOf<S, Priv>` for a
 * schema literal, `UntypedModel` (plain `ObjectValue`s) by default.
 */
export interface ResourceModel {
  readonly schema: Block;
  readonly validateConfig: ObjectValue;
  readonly planConfig: ObjectValue;
  readonly config: ObjectValue;
  readonly state: ObjectValue;
  readonly plan: ObjectValue;
  readonly planned: ObjectValue;
  readonly stateUpdate: ObjectValue;
  readonly result: ObjectValue;
  readonly private: object;
}

export interface UntypedModel extends ResourceModel {
  readonly private: PrivateState;
}

export interface ModelOf<S extends Block, Priv extends object = PrivateState> {
  readonly schema: S;
  readonly validateConfig: ValidateConfigOf<S>;
  readonly planConfig: PlanConfigOf<S>;
  readonly config: ConfigOf<S>;
  readonly state: StateOf<S>;
  readonly plan: PlanOf<S>;
  readonly planned: PlannedOf<S>;
  readonly stateUpdate: StateUpdateOf<S>;
  readonly result: ResultOf<S>;
  readonly private: PrivateOf<Priv>;
}
