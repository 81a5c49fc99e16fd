import type { AttributePath, Diagnostic } from "./diagnostics";
import type { ObjectValue, PrivateState } from "./definitions";
import { decodeValue, encodeValue } from "./msgpack-codec";
import type * as proto from "./proto/types";
import { impliedType, type Block } from "./schema";

/** Protocol messages to and from the framework's values: objects of a block, private state, diagnostics. */

/** An object of the block, or `NULL_OBJECT` for a null (a create's prior state, a delete's plan). */
export function decodeObject(dv: proto.DynamicValue | null, block: Block): ObjectValue {
  return (decodeValue(dv?.msgpack, impliedType(block)) as ObjectValue | null) ?? NULL_OBJECT;
}

const NULL_OBJECT: ObjectValue = Object.freeze({});
export const isNull = (value: ObjectValue) => value === NULL_OBJECT;
export const nullable = (value: ObjectValue) => (isNull(value) ? null : value);

export function encodeObject(value: ObjectValue, block: Block): proto.DynamicValueInit {
  return { msgpack: Buffer.from(encodeValue(value, impliedType(block))) };
}

export function nullValue(block: Block): proto.DynamicValueInit {
  return { msgpack: Buffer.from(encodeValue(null, impliedType(block))) };
}

export function decodePrivate(bytes: Uint8Array | undefined): PrivateState {
  return bytes && bytes.length > 0 ? (JSON.parse(Buffer.from(bytes).toString("utf8")) as PrivateState) : {};
}

export function encodePrivate(priv: object): Buffer {
  return Buffer.from(JSON.stringify(priv));
}

/** google.protobuf.Timestamp of a date. */
export function timestamp(date: Date): proto.TimestampInit {
  const ms = date.getTime();
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}

export function toMessages(diagnostics: readonly Diagnostic[]): proto.DiagnosticInit[] {
  return diagnostics.map((d) => ({
    severity: d.severity === "error" ? "ERROR" : "WARNING",
    summary: d.summary,
    detail: d.detail ?? "",
    attribute: d.path ? pathMessage(d.path) : undefined,
  }));
}

/** Names for attributes, indexes for list elements (map keys are not used by this framework). */
export function pathMessage(path: AttributePath): proto.AttributePathInit {
  return {
    steps: path.map((step) => (typeof step === "number" ? { element_key_int: step } : { attribute_name: step })),
  };
}
