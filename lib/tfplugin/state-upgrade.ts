import type { ObjectValue, ResourceDefinition } from "./definitions";
import { DiagnosticError } from "./diagnostics";
import { valueFromJson } from "./msgpack-codec";
import { normalizeObject } from "./plan-rules";
import { impliedType } from "./schema";

/** A JSON value as Terraform stores resource state. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
/** A resource's stored attributes, as JSON. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * Turns a resource's stored state of schema version `v` into version `v + 1`, on the raw JSON (attribute names to
 * values; sets and lists are arrays, write-only attributes null). Steps run in sequence up to the current version.
 */
export type StateUpgrade = (state: JsonObject) => JsonObject;

/**
 * UpgradeResourceState: the stored JSON, upgraded step by step from `storedVersion` to the resource's version,
 * then read against the current schema (attributes it no longer has are dropped, new ones null). A version newer
 * than the resource's, or one it has no upgrade from, is an error that says which versions and what to do.
 */
export function upgradeState<P>(r: ResourceDefinition<P>, storedVersion: number, json: string): ObjectValue {
  const current = r.version ?? 0;
  if (storedVersion > current)
    throw new DiagnosticError(
      `State of ${r.typeName} written by a newer provider`,
      `This ${r.typeName} was stored with schema version ${storedVersion}, and this provider knows versions up to ${current}. Upgrade the provider to the version that wrote the state, or a newer one.`,
    );
  if (json === "")
    throw new DiagnosticError(
      `State of ${r.typeName} in a format this provider cannot read`,
      `This ${r.typeName} was stored in the legacy flatmap format (Terraform < 0.12), which this provider does not read. Remove it from state (terraform state rm) and import it again.`,
    );
  let state = JSON.parse(json) as JsonObject;
  for (let version = storedVersion; version < current; version++) {
    const step = r.upgradeState?.[version];
    if (!step)
      throw new DiagnosticError(
        `No state upgrade for ${r.typeName} from schema version ${version}`,
        `This ${r.typeName} was stored with schema version ${storedVersion}; this provider's schema is version ${current} and has no upgrade from version ${version} to ${version + 1}. Upgrade the provider to a version that can upgrade it, and report this as a bug in the provider.`,
      );
    state = step(state);
  }
  return normalizeObject(r.schema, valueFromJson(state, impliedType(r.schema)) as ObjectValue);
}

/** Checks a definition's upgrade steps: each from a version below the current one. */
export function assertValidUpgrades<P>(r: ResourceDefinition<P>): void {
  for (const key of Object.keys(r.upgradeState ?? {})) {
    const from = Number(key);
    if (!Number.isInteger(from) || from < 0 || from >= (r.version ?? 0))
      throw new Error(`${r.typeName}: upgradeState[${key}] must upgrade from a version in 0..${(r.version ?? 0) - 1}`);
  }
}
