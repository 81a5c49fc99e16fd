import type { AttributePath } from "./diagnostics";
import type { ObjectValue } from "./definitions";
import { impliedType, type Block } from "./schema";
import { isUnknown, isWhollyKnown, UNKNOWN, valuesEqual } from "./values";

/**
 * Terraform's rules for plans and apply results (terraform-plugin-protocol.md §6), applied by the framework so that
 * resource code cannot break them. Only top-level attributes carry plan modifiers; nested blocks follow config.
 */

/** The plan the schema alone implies, and the attributes whose change forces replacement. */
export function planFromSchema(
  block: Block,
  prior: ObjectValue | null,
  proposed: ObjectValue,
  config: ObjectValue,
): { planned: ObjectValue; requiresReplace: AttributePath[] } {
  const planned: ObjectValue = { ...proposed };
  const configChanged =
    prior !== null &&
    Object.entries(block.attributes).some(
      ([name, a]) => !a.computed && !a.writeOnly && !valuesEqual(config[name] ?? null, prior[name] ?? null, a.type),
    );
  for (const [name, a] of Object.entries(block.attributes)) {
    if (a.writeOnly) planned[name] = null;
    else if (a.computed && (config[name] ?? null) === null) {
      if (prior === null) planned[name] = a.default !== undefined ? a.default : UNKNOWN;
      else if (configChanged && !a.useStateForUnknown && a.default === undefined) planned[name] = UNKNOWN;
      else planned[name] = a.default !== undefined ? a.default : (prior[name] ?? null);
    }
  }
  return { planned, requiresReplace: prior === null ? [] : replacementPaths(block, prior, planned) };
}

/** Attributes marked requiresReplace whose planned value differs from the prior one (or is unknown). */
export function replacementPaths(block: Block, prior: ObjectValue, planned: ObjectValue): AttributePath[] {
  return Object.entries(block.attributes)
    .filter(([name, a]) => a.requiresReplace && !valuesEqual(prior[name] ?? null, planned[name] ?? null, a.type))
    .map(([name]) => [name]);
}

/**
 * Checks a plan that resource code adjusted: values that are not computed must equal configuration, write-only
 * values must be null. Returns a description of the first violation (a provider bug), or undefined.
 */
export function planViolation(block: Block, config: ObjectValue, planned: ObjectValue): string | undefined {
  for (const [name, a] of Object.entries(block.attributes)) {
    if (a.writeOnly && planned[name] !== null && planned[name] !== undefined)
      return `write-only attribute ${name} must be null in the plan`;
    if (!a.computed && !a.writeOnly && !sameOrBothUnknown(config[name], planned[name], a))
      return `attribute ${name} is not computed, so its planned value must equal the configuration`;
  }
  return undefined;
}

function sameOrBothUnknown(a: unknown, b: unknown, attribute: Block["attributes"][string]): boolean {
  if (isUnknown(a) || isUnknown(b)) return isUnknown(a) && isUnknown(b);
  return valuesEqual(a ?? null, b ?? null, attribute.type);
}

/**
 * The state to save after create or update: every value known in the plan as planned (Terraform rejects any
 * change), unknowns filled from what resource code returned, write-only values null. Throws when a value is still
 * unknown, naming it.
 */
export function stateAfterApply(block: Block, planned: ObjectValue, result: ObjectValue): ObjectValue {
  const state: ObjectValue = {};
  for (const name of Object.keys((impliedType(block) as readonly ["object", Record<string, unknown>])[1])) {
    const a = block.attributes[name];
    if (a?.writeOnly) state[name] = null;
    else state[name] = isWhollyKnown(planned[name]) ? (planned[name] ?? null) : (result[name] ?? null);
    if (!isWhollyKnown(state[name])) throw new Error(`the provider left ${name} unknown after apply`);
  }
  return state;
}

/** An object with every attribute of the block present (missing ones null) and write-only values null. */
export function normalizeObject(block: Block, value: ObjectValue): ObjectValue {
  const out: ObjectValue = {};
  for (const [name, a] of Object.entries(block.attributes)) out[name] = a.writeOnly ? null : (value[name] ?? null);
  for (const [name, nested] of Object.entries(block.blocks ?? {})) {
    const inner = value[name];
    out[name] =
      inner ?? (nested.nesting === "list" || nested.nesting === "set" ? [] : nested.nesting === "map" ? {} : null);
  }
  return out;
}
