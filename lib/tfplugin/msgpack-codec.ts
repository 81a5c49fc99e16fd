import { decode, encode, ExtensionCodec } from "@msgpack/msgpack";
import { CtyType, DynamicValue, isUnknown, Unknown, UNKNOWN } from "./values";

/**
 * cty's msgpack wire format (terraform-plugin-protocol.md §5): values are encoded against the type the schema
 * implies; an unknown is extension 0 with one byte (`d4 00 00`), a refined unknown arrives as extension 12;
 * a dynamic value is `[bin(type JSON), value]`; numbers that are not exact int64 or float64 arrive as strings.
 */
const extensions = new ExtensionCodec();
extensions.register({
  type: 0,
  encode: (value: unknown) => (isUnknown(value) ? new Uint8Array([0]) : null),
  decode: () => UNKNOWN,
});
extensions.register({
  type: 12,
  encode: () => null,
  decode: (data: Uint8Array) => new Unknown(data),
});

export function encodeValue(value: unknown, type: CtyType): Uint8Array {
  return encode(toWire(value, type), { extensionCodec: extensions, useBigInt64: true });
}

export function decodeValue(bytes: Uint8Array | undefined, type: CtyType): unknown {
  if (!bytes || bytes.length === 0) return null;
  return fromWire(decode(bytes, { extensionCodec: extensions, useBigInt64: true }), type);
}

/** Shapes a JS value for the wire: every object attribute present, dynamic values wrapped. */
function toWire(value: unknown, type: CtyType): unknown {
  if (value === null || value === undefined) return null;
  if (isUnknown(value)) return UNKNOWN;
  if (type === "dynamic") {
    const dynamic = value as DynamicValue;
    return [new TextEncoder().encode(JSON.stringify(dynamic.type)), toWire(dynamic.value, dynamic.type)];
  }
  if (type === "number")
    return typeof value === "string" && /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value))
      ? Number(value)
      : value;
  if (typeof type === "string") return value;
  const [kind, inner] = type;
  switch (kind) {
    case "list":
    case "set":
      return (value as unknown[]).map((v) => toWire(v, inner));
    case "tuple":
      return (value as unknown[]).map((v, i) => toWire(v, inner[i]));
    case "map":
      return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, toWire(v, inner)]));
    case "object":
      return Object.fromEntries(
        Object.entries(inner).map(([k, t]) => [k, toWire((value as Record<string, unknown>)[k], t)]),
      );
  }
}

/** Reads a decoded wire value as a JS value of `type`. */
function fromWire(raw: unknown, type: CtyType): unknown {
  if (raw === null || raw === undefined) return null;
  if (isUnknown(raw)) return raw;
  if (type === "dynamic") {
    const [typeJson, inner] = raw as [Uint8Array, unknown];
    const concrete = JSON.parse(new TextDecoder().decode(typeJson)) as CtyType;
    return { type: concrete, value: fromWire(inner, concrete) } satisfies DynamicValue;
  }
  if (type === "number") {
    if (typeof raw === "bigint") return Number.isSafeInteger(Number(raw)) ? Number(raw) : raw.toString();
    return raw;
  }
  if (typeof type === "string") return raw;
  const [kind, inner] = type;
  switch (kind) {
    case "list":
    case "set":
      return (raw as unknown[]).map((v) => fromWire(v, inner));
    case "tuple":
      return (raw as unknown[]).map((v, i) => fromWire(v, inner[i]));
    case "map":
      return Object.fromEntries(Object.entries(raw as object).map(([k, v]) => [k, fromWire(v, inner)]));
    case "object":
      return Object.fromEntries(
        Object.entries(inner).map(([k, t]) => [k, fromWire((raw as Record<string, unknown>)[k], t)]),
      );
  }
}

/**
 * Reads state JSON (UpgradeResourceState's `raw_state.json`) as a value of `type`: attributes the stored state
 * lacks become null, dynamic values arrive as `{value, type}`.
 */
export function valueFromJson(json: unknown, type: CtyType): unknown {
  if (json === null || json === undefined) return null;
  if (type === "dynamic") {
    const { value, type: concrete } = json as { value: unknown; type: CtyType };
    return { type: concrete, value: valueFromJson(value, concrete) } satisfies DynamicValue;
  }
  if (typeof type === "string") return json;
  const [kind, inner] = type;
  switch (kind) {
    case "list":
    case "set":
      return (json as unknown[]).map((v) => valueFromJson(v, inner));
    case "tuple":
      return (json as unknown[]).map((v, i) => valueFromJson(v, inner[i]));
    case "map":
      return Object.fromEntries(Object.entries(json as object).map(([k, v]) => [k, valueFromJson(v, inner)]));
    case "object":
      return Object.fromEntries(
        Object.entries(inner).map(([k, t]) => [k, valueFromJson((json as Record<string, unknown>)[k], t)]),
      );
  }
}
