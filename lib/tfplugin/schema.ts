import type { CtyType } from "./values";

/** How an attribute's value is planned when it is not set in configuration (see plan-rules.ts). */
export interface PlanModifiers {
  /** Changing the value replaces the resource instead of updating it. */
  readonly requiresReplace?: boolean;
  /** Keep the prior value of a computed attribute instead of planning it as unknown on update. */
  readonly useStateForUnknown?: boolean;
  /** The value planned when configuration leaves an optional+computed attribute null. */
  readonly default?: unknown;
}

/** Attributes nested inside an attribute (protocol 6 `nested_type`), e.g. a list of objects with their own docs. */
export interface NestedAttributes {
  readonly nesting: "single" | "list" | "set" | "map";
  readonly attributes: Readonly<Record<string, Attribute>>;
}

export interface Attribute extends PlanModifiers {
  /** The value type; for nested attributes use `nestedAttributes(...)`, which derives it. */
  readonly type: CtyType;
  /** Set when the attribute's value is an object (or collection of objects) whose attributes are documented. */
  readonly nested?: NestedAttributes;
  readonly description: string;
  /** The description is Markdown rather than plain text. */
  readonly markdown?: boolean;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  /** Terraform hides the value in plans and output. */
  readonly sensitive?: boolean;
  /** Sent on plan and apply, never stored: null in plans, state and reads (Terraform ≥ 1.11). */
  readonly writeOnly?: boolean;
  /** A deprecation message; the attribute is marked deprecated. */
  readonly deprecated?: string;
  /** Provider configuration only: read this environment variable when the attribute is not set. */
  readonly env?: string;
  /** Checks a known value; returns a message naming the fix, or undefined. Typed by `defineResource` and friends. */
  validate?(value: unknown): string | undefined;
}

export type BlockNesting = "single" | "list" | "set" | "map" | "group";

export interface NestedBlock {
  readonly nesting: BlockNesting;
  readonly block: Block;
  readonly minItems?: number;
  readonly maxItems?: number;
}

export interface Block {
  readonly description?: string;
  readonly markdown?: boolean;
  readonly deprecated?: string;
  readonly attributes: Readonly<Record<string, Attribute>>;
  readonly blocks?: Readonly<Record<string, NestedBlock>>;
}

/**
 * An attribute whose value is described by nested attributes; its cty type is derived from them. The literal
 * arguments are kept, so typed definitions see the nested objects' shape.
 */
export function nestedAttributes<
  const N extends NestedAttributes["nesting"],
  const A extends Readonly<Record<string, Attribute>>,
  const O extends Omit<Attribute, "type" | "nested">,
>(
  nesting: N,
  attributes: A,
  options: O,
): O & { readonly type: CtyType; readonly nested: { nesting: N; attributes: A } } {
  const object: CtyType = ["object", Object.fromEntries(Object.entries(attributes).map(([name, a]) => [name, a.type]))];
  return { ...options, type: nesting === "single" ? object : [nesting, object], nested: { nesting, attributes } };
}

const impliedTypes = new WeakMap<Block, CtyType>();

/** The object type of a block's values: one key for every attribute and every nested block type. */
export function impliedType(block: Block): CtyType {
  let type = impliedTypes.get(block); // every value of every RPC is read and written against it
  if (!type) impliedTypes.set(block, (type = objectType(block)));
  return type;
}

function objectType(block: Block): CtyType {
  const members: Record<string, CtyType> = {};
  for (const [name, attribute] of Object.entries(block.attributes)) members[name] = attribute.type;
  for (const [name, nested] of Object.entries(block.blocks ?? {})) {
    const inner = impliedType(nested.block);
    members[name] = nested.nesting === "single" || nested.nesting === "group" ? inner : [nested.nesting, inner];
  }
  return ["object", members];
}

/** Checks what Terraform would otherwise panic or error on (terraform-plugin-protocol.md §4 schema validation). */
export function assertValidBlock(block: Block, path = "schema"): void {
  for (const [name, a] of Object.entries(block.attributes)) {
    const where = `${path}.${name}`;
    if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`${where}: names are lower-case letters, digits and underscores`);
    const modes = [a.required, a.optional, a.computed].filter(Boolean).length;
    if (modes === 0 || (a.required && (a.optional || a.computed)))
      throw new Error(`${where}: set required, or optional and/or computed`);
    if (a.writeOnly && (a.computed || (a.required === undefined && a.optional === undefined)))
      throw new Error(`${where}: write-only needs optional or required and no computed`);
    if (!a.description) throw new Error(`${where}: every attribute needs a description (it becomes the docs)`);
    if (a.nested) assertValidBlock({ attributes: a.nested.attributes }, where);
  }
  for (const [name, nested] of Object.entries(block.blocks ?? {})) {
    if (name in block.attributes) throw new Error(`${path}.${name}: used as both an attribute and a block`);
    assertValidBlock(nested.block, `${path}.${name}`);
  }
}
