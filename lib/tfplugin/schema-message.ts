import type { ProviderDefinition } from "./definitions";
import type { Attribute, Block, NestedBlock } from "./schema";
import type { CtyType } from "./values";

/**
 * Our schemas as tfplugin6 `Schema` messages (field names as in the .proto, enums as strings). GetProviderSchema
 * sends these; schema-json.ts derives Terraform's JSON from them, so both see one mapping.
 */
export type StringKind = "PLAIN" | "MARKDOWN";

export interface AttributeMessage {
  readonly name: string;
  /** The cty type as JSON; empty when `nested_type` is set. */
  readonly type: Buffer;
  readonly nested_type?: { readonly attributes: AttributeMessage[]; readonly nesting: string };
  readonly description: string;
  readonly required: boolean;
  readonly optional: boolean;
  readonly computed: boolean;
  readonly sensitive: boolean;
  readonly description_kind: StringKind;
  readonly deprecated: boolean;
  readonly write_only: boolean;
}

export interface BlockMessage {
  readonly version: number;
  readonly attributes: AttributeMessage[];
  readonly block_types: NestedBlockMessage[];
  readonly description: string;
  readonly description_kind: StringKind;
  readonly deprecated: boolean;
}

export interface NestedBlockMessage {
  readonly type_name: string;
  readonly block: BlockMessage;
  readonly nesting: string;
  readonly min_items: number;
  readonly max_items: number;
}

export interface SchemaMessage {
  readonly version: number;
  readonly block: BlockMessage;
}

export interface ProviderSchemaMessages {
  readonly provider: SchemaMessage;
  readonly resource_schemas: Record<string, SchemaMessage>;
  readonly data_source_schemas: Record<string, SchemaMessage>;
}

/** The schema part of GetProviderSchema's response. */
export function providerSchemaMessages<P>(definition: ProviderDefinition<P>): ProviderSchemaMessages {
  const schemas = (defs: readonly { typeName: string; schema: Block; version?: number }[]) =>
    Object.fromEntries(defs.map((d) => [d.typeName, { version: d.version ?? 0, block: blockMessage(d.schema) }]));
  return {
    provider: { version: 0, block: blockMessage(definition.schema) },
    resource_schemas: schemas(definition.resources),
    data_source_schemas: schemas(definition.dataSources),
  };
}

export function blockMessage(block: Block): BlockMessage {
  return {
    version: 0,
    attributes: Object.entries(block.attributes).map(([name, a]) => attributeMessage(name, a)),
    block_types: Object.entries(block.blocks ?? {}).map(([name, nested]) => nestedBlockMessage(name, nested)),
    description: block.description ?? "",
    description_kind: block.markdown ? "MARKDOWN" : "PLAIN",
    deprecated: block.deprecated !== undefined,
  };
}

function attributeMessage(name: string, a: Attribute): AttributeMessage {
  const description = a.deprecated ? `${a.description} Deprecated: ${a.deprecated}` : a.description;
  return {
    name,
    // Exactly one of type and nested_type: Terraform panics on both or neither.
    type: a.nested ? Buffer.alloc(0) : Buffer.from(JSON.stringify(a.type satisfies CtyType)),
    nested_type: a.nested
      ? {
          attributes: Object.entries(a.nested.attributes).map(([n, inner]) => attributeMessage(n, inner)),
          nesting: a.nested.nesting.toUpperCase(),
        }
      : undefined,
    description,
    required: a.required ?? false,
    optional: a.optional ?? false,
    computed: a.computed ?? false,
    sensitive: a.sensitive ?? false,
    description_kind: a.markdown ? "MARKDOWN" : "PLAIN",
    deprecated: a.deprecated !== undefined,
    write_only: a.writeOnly ?? false,
  };
}

function nestedBlockMessage(name: string, nested: NestedBlock): NestedBlockMessage {
  return {
    type_name: name,
    block: blockMessage(nested.block),
    nesting: nested.nesting.toUpperCase(),
    min_items: nested.minItems ?? 0,
    max_items: nested.maxItems ?? 0,
  };
}
