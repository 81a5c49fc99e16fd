/**
 * Generates lib/tfplugin/proto/types.ts from lib/tfplugin/proto/descriptors.json: a TypeScript interface for every
 * protocol message as the server sees it (grpc-services.ts decodes with longs as numbers, enums as names, defaults
 * filled in and oneofs named), an `…Init` interface for the messages it sends (every field optional), one
 * server interface per service and the table of their methods. Messages that only group others (`StopProvider`)
 * get no type. Run after generate-proto-descriptors.ts: `npx tsx scripts/generate-proto-types.ts`;
 * a test fails while the output is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { format, resolveConfig } from "prettier";
import { Enum, Field, INamespace, MapField, Namespace, ReflectionObject, Root, Service, Type } from "protobufjs";
import { DESCRIPTORS_PATH } from "./generate-proto-descriptors";

export const PROTO_TYPES_PATH = join(__dirname, "../lib/tfplugin/proto/types.ts");

const SCALARS: Record<string, string> = {
  double: "number",
  float: "number",
  int32: "number",
  uint32: "number",
  sint32: "number",
  fixed32: "number",
  sfixed32: "number",
  int64: "number",
  uint64: "number",
  sint64: "number",
  fixed64: "number",
  sfixed64: "number",
  bool: "boolean",
  string: "string",
  bytes: "Uint8Array",
};

/** `.tfplugin6.Schema.Block` → `SchemaBlock`: the names below the package, joined. */
function typeName(object: ReflectionObject): string {
  const parts: string[] = [];
  for (let o: ReflectionObject | null = object; o && (o instanceof Type || o instanceof Enum); o = o.parent)
    parts.unshift(o.name);
  return parts.join("");
}

function fieldType(field: Field, init: boolean): string {
  const resolved = field.resolvedType;
  if (resolved instanceof Enum) return typeName(resolved);
  if (resolved instanceof Type) return `${typeName(resolved)}${init ? "Init" : ""}`;
  const scalar = SCALARS[field.type];
  if (!scalar) throw new Error(`${field.fullName}: unsupported type ${field.type}`);
  return scalar;
}

/** A decoded message: repeated fields are arrays, maps records, absent messages null, oneof members optional. */
function messageInterface(type: Type): string {
  const lines = type.fieldsArray.map((field) => {
    const value = fieldType(field, false);
    if (field instanceof MapField) return `  readonly ${field.name}: Record<string, ${value}>;`;
    if (field.repeated) return `  readonly ${field.name}: ${value}[];`;
    if (field.partOf) return `  readonly ${field.name}?: ${value};`;
    return `  readonly ${field.name}: ${value}${field.resolvedType instanceof Type ? " | null" : ""};`;
  });
  // proto3 `optional` fields are one-member oneofs; the member being optional says it all.
  for (const oneof of type.oneofsArray.filter((o) => !isSynthetic(o.fieldsArray)))
    lines.push(`  /** Which member of the oneof is set. */\n  readonly ${oneof.name}?: ${union(oneof.oneof)};`);
  return `export interface ${typeName(type)} {\n${lines.join("\n")}\n}`;
}

const isSynthetic = (fields: readonly Field[]) => fields.length === 1 && fields[0].options?.proto3_optional === true;

/** A message to send: every field may be left out (protobuf's default). */
function initInterface(type: Type): string {
  const lines = type.fieldsArray.map((field) => {
    const value = fieldType(field, true);
    if (field instanceof MapField) return `  readonly ${field.name}?: Record<string, ${value}>;`;
    if (field.repeated) return `  readonly ${field.name}?: readonly ${value}[];`;
    return `  readonly ${field.name}?: ${value}${field.resolvedType instanceof Type ? " | null" : ""};`;
  });
  return `export interface ${typeName(type)}Init {\n${lines.join("\n")}\n}`;
}

/**
 * `tfplugin6.Provider` → `Tfplugin6ProviderRpcs`, each method's messages (decoded, and as sent), and `Tfplugin6ProviderServer`, the methods a server implements: a mapped type, so a
 * dispatcher generic in the method name can call any of them.
 */
function serviceInterface(service: Service): string {
  const name = serverName(service).replace(/Server$/, "");
  const methods = service.methodsArray.map((method) => {
    const [request, response] = [typeName(method.resolvedRequestType!), typeName(method.resolvedResponseType!)];
    return `  ${method.name}: { request: ${request}; requestInit: ${request}Init; response: ${response}; responseInit: ${response}Init };`;
  });
  return [
    `/** The messages of each \`${service.fullName.slice(1)}\` method. */`,
    `export interface ${name}Rpcs {\n${methods.join("\n")}\n}`,
    `/** The \`${service.fullName.slice(1)}\` service as a server implements it. */`,
    `export type ${name}Server = {\n  [M in keyof ${name}Rpcs]: (request: ${name}Rpcs[M]["request"]) => ${name}Rpcs[M]["responseInit"] | Promise<${name}Rpcs[M]["responseInit"]>;\n};`,
  ].join("\n");
}

function serverName(service: Service): string {
  const pkg = service.parent instanceof Namespace ? service.parent.name : "";
  return `${pkg.charAt(0).toUpperCase()}${pkg.slice(1)}${service.name}Server`;
}

function services(namespace: Namespace): Service[] {
  return namespace.nestedArray.flatMap((nested) =>
    nested instanceof Service ? [nested] : nested instanceof Namespace ? services(nested) : [],
  );
}

/** Every service's method names by the service's full name: what the server registers and dispatches. */
function methodTable(all: readonly Service[]): string {
  const entries = all.map(
    (s) => `  ${JSON.stringify(s.fullName.slice(1))}: ${JSON.stringify(s.methodsArray.map((m) => m.name))},`,
  );
  return `export const SERVICE_METHODS = {\n${entries.join("\n")}\n} as const;`;
}

const union = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join(" | ");

function declarations(namespace: Namespace): string[] {
  const out: string[] = [];
  for (const nested of namespace.nestedArray) {
    if (nested instanceof Enum) out.push(`export type ${typeName(nested)} = ${union(Object.keys(nested.values))};`);
    else if (nested instanceof Type && nested.fieldsArray.length > 0)
      out.push(messageInterface(nested), initInterface(nested));
    else if (nested instanceof Type && nested.nestedArray.length === 0)
      out.push(
        `export type ${typeName(nested)} = Record<string, never>;`,
        `export type ${typeName(nested)}Init = Record<string, never>;`,
      );
    else if (nested instanceof Service) out.push(serviceInterface(nested));
    if (nested instanceof Namespace) out.push(...declarations(nested));
  }
  return out;
}

/** The generated module, formatted as prettier formats the rest of the code. */
export async function protoTypes(): Promise<string> {
  const root = Root.fromJSON(JSON.parse(readFileSync(DESCRIPTORS_PATH, "utf8")) as INamespace).resolveAll();
  const source = [
    "// Generated by scripts/generate-proto-types.ts from proto/descriptors.json. Do not edit.",
    ...declarations(root),
    methodTable(services(root)),
  ].join("\n\n");
  return format(source, { ...(await resolveConfig(PROTO_TYPES_PATH)), filepath: PROTO_TYPES_PATH });
}

// `--print` writes the module to stdout instead (the staleness test runs it so: prettier cannot load inside jest).
if (require.main === module) {
  void protoTypes().then((text) => {
    if (process.argv.includes("--print")) process.stdout.write(text);
    else {
      writeFileSync(PROTO_TYPES_PATH, text);
      console.log(`wrote ${PROTO_TYPES_PATH}`);
    }
  });
}
