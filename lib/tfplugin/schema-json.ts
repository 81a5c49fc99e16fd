import type { ProviderDefinition } from "./definitions";
import type { ProviderAddress } from "./packaging";
import type * as proto from "./proto/types";
import { BlockMessage, NestedBlockMessage, providerSchemaMessages, SchemaMessage } from "./schema-message";
import type { CtyType } from "./values";

/**
 * The document `terraform providers schema -json` prints, as Terraform's jsonprovider package writes it: false
 * flags, empty strings, zero counts and empty maps are left out (Go's `omitempty`), `description_kind` never is.
 */
export interface ProvidersSchemaJson {
  readonly format_version: "1.0";
  readonly provider_schemas: Record<string, ProviderSchemaJson>;
}

export interface ProviderSchemaJson {
  readonly provider: SchemaJson;
  readonly resource_schemas?: Record<string, SchemaJson>;
  readonly data_source_schemas?: Record<string, SchemaJson>;
  readonly ephemeral_resource_schemas?: Record<string, SchemaJson>;
}

export interface SchemaJson {
  readonly version: number;
  readonly block: BlockJson;
}

export type DescriptionKind = "plain" | "markdown";

export interface BlockJson {
  readonly attributes?: Record<string, AttributeJson>;
  readonly block_types?: Record<string, BlockTypeJson>;
  readonly description?: string;
  readonly description_kind: DescriptionKind;
  readonly deprecated?: true;
}

export interface AttributeJson {
  readonly type?: CtyType;
  readonly nested_type?: { readonly attributes: Record<string, AttributeJson>; readonly nesting_mode: string };
  readonly description?: string;
  readonly description_kind: DescriptionKind;
  readonly deprecated?: true;
  readonly required?: true;
  readonly optional?: true;
  readonly computed?: true;
  readonly sensitive?: true;
  readonly write_only?: true;
}

export interface BlockTypeJson {
  readonly nesting_mode: string;
  readonly block: BlockJson;
  readonly min_items?: number;
  readonly max_items?: number;
}

/**
 * What `terraform providers schema -json` prints for this provider alone, computed without running it: input for
 * code generators (cdktf bindings) and docs. It goes through the GetProviderSchema messages, as Terraform does.
 */
export function providerSchemaJson<P>(
  definition: ProviderDefinition<P>,
  address: Pick<ProviderAddress, "hostname" | "namespace" | "type">,
): ProvidersSchemaJson {
  const messages = providerSchemaMessages(definition);
  return {
    format_version: "1.0",
    provider_schemas: {
      [`${address.hostname}/${address.namespace}/${address.type}`]: {
        provider: schemaJson(messages.provider),
        ...nonEmpty("resource_schemas", mapValues(messages.resource_schemas, schemaJson)),
        ...nonEmpty("data_source_schemas", mapValues(messages.data_source_schemas, schemaJson)),
        ...nonEmpty("ephemeral_resource_schemas", mapValues(messages.ephemeral_resource_schemas, schemaJson)),
      },
    },
  };
}

function schemaJson(schema: SchemaMessage): SchemaJson {
  return { version: schema.version, block: blockJson(schema.block) };
}

function blockJson(block: BlockMessage): BlockJson {
  return {
    ...nonEmpty(
      "attributes",
      byName(block.attributes, (a) => a.name, attributeJson),
    ),
    ...nonEmpty(
      "block_types",
      byName(block.block_types, (b) => b.type_name, blockTypeJson),
    ),
    ...(block.description ? { description: block.description } : {}),
    description_kind: descriptionKind(block.description_kind),
    ...flag("deprecated", block.deprecated),
  };
}

function attributeJson(a: proto.SchemaAttribute): AttributeJson {
  return {
    ...(a.nested_type
      ? {
          nested_type: {
            attributes: byName(a.nested_type.attributes, (inner) => inner.name, attributeJson),
            nesting_mode: a.nested_type.nesting.toLowerCase(),
          },
        }
      : { type: JSON.parse(Buffer.from(a.type).toString("utf8")) as CtyType }),
    ...(a.description ? { description: a.description } : {}),
    description_kind: descriptionKind(a.description_kind),
    ...flag("deprecated", a.deprecated),
    ...flag("required", a.required),
    ...flag("optional", a.optional),
    ...flag("computed", a.computed),
    ...flag("sensitive", a.sensitive),
    ...flag("write_only", a.write_only),
  };
}

function blockTypeJson(b: NestedBlockMessage): BlockTypeJson {
  return {
    nesting_mode: b.nesting.toLowerCase(),
    block: blockJson(b.block),
    ...(b.min_items > 0 ? { min_items: b.min_items } : {}),
    ...(b.max_items > 0 ? { max_items: b.max_items } : {}),
  };
}

const descriptionKind = (kind: proto.StringKind): DescriptionKind => (kind === "MARKDOWN" ? "markdown" : "plain");

const flag = <K extends string>(key: K, value: boolean) => (value ? ({ [key]: true } as Record<K, true>) : {});

const nonEmpty = <K extends string, V>(key: K, map: Record<string, V>) =>
  Object.keys(map).length > 0 ? ({ [key]: map } as Record<K, Record<string, V>>) : {};

const mapValues = <A, B>(map: Record<string, A>, f: (a: A) => B): Record<string, B> =>
  Object.fromEntries(Object.entries(map).map(([k, v]) => [k, f(v)]));

const byName = <A, B>(items: readonly A[], name: (a: A) => string, f: (a: A) => B): Record<string, B> =>
  Object.fromEntries(items.map((item) => [name(item), f(item)]));
