import { Decoder, Encoder, ExtensionCodec } from "@msgpack/msgpack";
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

// One of each for the process: `encode()`/`decode()` would build a new one, with its buffers, for every value.
const encoder = new Encoder({ extensionCodec: extensions, useBigInt64: true });
const decoder = new Decoder({ extensionCodec: extensions, useBigInt64: true });

export function encodeValue(value: unknown, type: CtyType): Uint8Array {
  return encoder.encode(toWire(value, type));
}

export function decodeValue(bytes: Uint8Array | undefined, type: CtyType): unknown {
  if (!bytes || bytes.length === 0) return null;
  return fromWire(decoder.decode(bytes), type);
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
  return mapElements(value, type, toWire);
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
  return mapElements(raw, type, fromWire);
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
  return mapElements(json, type, valueFromJson);
}

/**
 * The value of a collection or structural type with `each` applied to every element, keeping its shape: the
 * shared walk of the three readers and writers above. Objects get exactly the attributes of their type. Plain
 * loops: every value of every RPC goes through here.
 */
function mapElements(
  value: unknown,
  type: Exclude<CtyType, string>,
  each: (element: unknown, type: CtyType) => unknown,
): unknown {
  const [kind, inner] = type;
  switch (kind) {
    case "list":
    case "set":
      return (value as unknown[]).map((v) => each(v, inner));
    case "tuple":
      return (value as unknown[]).map((v, i) => each(v, inner[i]));
    case "map": {
      const out: Record<string, unknown> = {};
      for (const key in value as Record<string, unknown>)
        out[key] = each((value as Record<string, unknown>)[key], inner);
      return out;
    }
    case "object": {
      const out: Record<string, unknown> = {};
      for (const key in inner) out[key] = each((value as Record<string, unknown>)[key], inner[key]);
      return out;
    }
  }
}
