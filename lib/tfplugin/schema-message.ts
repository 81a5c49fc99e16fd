import type { ProviderDefinition } from "./definitions";
import type * as proto from "./proto/types";
import type { Attribute, Block, NestedAttributes, NestedBlock } from "./schema";
import type { CtyType } from "./values";

/**
 * Our schemas as tfplugin6 `Schema` messages (proto/types.ts: field names as in the .proto, enums as names).
 * GetProviderSchema sends these; schema-json.ts derives Terraform's JSON from them, so both see one mapping.
 */
export interface ProviderSchemaMessages {
  readonly provider: SchemaMessage;
  readonly resource_schemas: Record<string, SchemaMessage>;
  readonly data_source_schemas: Record<string, SchemaMessage>;
  readonly ephemeral_resource_schemas: Record<string, SchemaMessage>;
}

/** The messages as this server makes them: every schema and nested block has its block. */
export interface SchemaMessage extends proto.Schema {
  readonly block: BlockMessage;
}
export interface BlockMessage extends proto.SchemaBlock {
  readonly block_types: NestedBlockMessage[];
}
export interface NestedBlockMessage extends proto.SchemaNestedBlock {
  readonly block: BlockMessage;
}

/** The schema part of GetProviderSchema's response. */
export function providerSchemaMessages<P>(definition: ProviderDefinition<P>): ProviderSchemaMessages {
  const schemas = (defs: readonly { typeName: string; schema: Block; version?: number }[]) =>
    Object.fromEntries(defs.map((d) => [d.typeName, { version: d.version ?? 0, block: blockMessage(d.schema) }]));
  return {
    provider: { version: 0, block: blockMessage(definition.schema) },
    resource_schemas: schemas(definition.resources),
    data_source_schemas: schemas(definition.dataSources),
    ephemeral_resource_schemas: schemas(definition.ephemeralResources ?? []),
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

function attributeMessage(name: string, a: Attribute): proto.SchemaAttribute {
  const description = a.deprecated ? `${a.description} Deprecated: ${a.deprecated}` : a.description;
  return {
    name,
    // Exactly one of type and nested_type: Terraform panics on both or neither.
    type: a.nested ? Buffer.alloc(0) : Buffer.from(JSON.stringify(a.type satisfies CtyType)),
    nested_type: a.nested
      ? {
          attributes: Object.entries(a.nested.attributes).map(([n, inner]) => attributeMessage(n, inner)),
          nesting: OBJECT_NESTING[a.nested.nesting],
        }
      : null,
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
    nesting: BLOCK_NESTING[nested.nesting],
    min_items: nested.minItems ?? 0,
    max_items: nested.maxItems ?? 0,
  };
}

const OBJECT_NESTING = {
  single: "SINGLE",
  list: "LIST",
  set: "SET",
  map: "MAP",
} as const satisfies Record<NestedAttributes["nesting"], proto.SchemaObjectNestingMode>;

const BLOCK_NESTING = {
  single: "SINGLE",
  list: "LIST",
  set: "SET",
  map: "MAP",
  group: "GROUP",
} as const satisfies Record<NestedBlock["nesting"], proto.SchemaNestedBlockNestingMode>;
