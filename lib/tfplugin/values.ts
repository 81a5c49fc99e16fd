/**
 * Terraform's values as they reach resource code. Types are cty type JSON (`"string"`, `["list","string"]`,
 * `["object",{...}]`). Numbers are JS numbers, or decimal strings where a double would lose precision.
 */
export type CtyType =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | readonly ["list" | "set" | "map", CtyType]
  | readonly ["object", Readonly<Record<string, CtyType>>]
  | readonly ["tuple", readonly CtyType[]];

/** A value not known until apply. `refinements` keeps what Terraform said about it (opaque here). */
export class Unknown {
  constructor(readonly refinements?: Uint8Array) {}
}

/** The plain unknown the server sends. */
export const UNKNOWN = new Unknown();

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

/** A value of type `dynamic`, with the concrete type it has. */
export interface DynamicValue {
  readonly type: CtyType;
  readonly value: unknown;
}

/** True when the value, and everything inside it, is known. */
export function isWhollyKnown(value: unknown): boolean {
  if (isUnknown(value)) return false;
  if (Array.isArray(value)) return value.every(isWhollyKnown);
  if (value !== null && typeof value === "object") return Object.values(value).every(isWhollyKnown);
  return true;
}

/** Structural equality as Terraform sees it: numbers by value, sets regardless of order, unknowns never equal. */
export function valuesEqual(a: unknown, b: unknown, type: CtyType): boolean {
  if (isUnknown(a) || isUnknown(b)) return false;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (type === "number") return Number(a) === Number(b);
  if (type === "string" || type === "bool") return a === b;
  if (type === "dynamic") return JSON.stringify(a) === JSON.stringify(b);
  const [kind, inner] = type;
  if (kind === "list" || kind === "tuple") {
    const [xs, ys] = [a as unknown[], b as unknown[]];
    return (
      xs.length === ys.length &&
      xs.every((x, i) => valuesEqual(x, ys[i], kind === "list" ? (inner as CtyType) : (inner as CtyType[])[i]))
    );
  }
  if (kind === "set") {
    const [xs, ys] = [a as unknown[], b as unknown[]];
    return xs.length === ys.length && xs.every((x) => ys.some((y) => valuesEqual(x, y, inner as CtyType)));
  }
  const [xs, ys] = [a as Record<string, unknown>, b as Record<string, unknown>];
  if (kind === "map") {
    const keys = Object.keys(xs);
    return (
      keys.length === Object.keys(ys).length &&
      keys.every((k) => k in ys && valuesEqual(xs[k], ys[k], inner as CtyType))
    );
  }
  return Object.entries(inner as Record<string, CtyType>).every(([k, t]) =>
    valuesEqual(xs[k] ?? null, ys[k] ?? null, t),
  );
}
