import type { ObjectValue } from "./definitions";
import type { Diagnostic } from "./diagnostics";
import type { Attribute, Block } from "./schema";
import { isWhollyKnown } from "./values";

/**
 * The provider's configuration as configure sees it: attributes left null take their `env` fallback, parsed to the
 * attribute's type, and every value — configured or from the environment — goes through the attribute's
 * validator. The same function serves ValidateProviderConfig (where values not known yet are skipped) and
 * ConfigureProvider (where they are refused), so `terraform validate` refuses what configure would.
 */
export function providerSettings(
  block: Block,
  config: ObjectValue,
  stage: "validate" | "configure",
  env: NodeJS.ProcessEnv = process.env,
): { values: ObjectValue; diagnostics: Diagnostic[] } {
  const values: ObjectValue = {};
  const diagnostics: Diagnostic[] = [];
  for (const [name, a] of Object.entries(block.attributes)) {
    const configured = config[name] ?? null;
    values[name] = configured;
    if (!isWhollyKnown(configured)) {
      values[name] = null;
      if (stage === "configure") diagnostics.push(notKnown(name, a));
      continue;
    }
    const raw = configured === null && a.env ? env[a.env] : undefined;
    if (raw !== undefined && raw !== "") {
      const parsed = parseEnv(name, a, a.env!, raw);
      if ("problem" in parsed) {
        diagnostics.push({ severity: "error", summary: `Invalid ${name}`, detail: parsed.problem });
        values[name] = null;
        continue;
      }
      values[name] = parsed.value;
    }
    const problem = values[name] === null ? undefined : a.validate?.(values[name]);
    if (problem)
      diagnostics.push(
        configured === null
          ? { severity: "error", summary: `Invalid ${name}`, detail: `${problem} (from environment variable ${a.env})` }
          : { severity: "error", summary: `Invalid ${name}`, detail: problem, path: [name] },
      );
  }
  return { values, diagnostics };
}

/** Checks that `env` fallbacks are only on attributes an environment variable can hold. */
export function assertValidEnvFallbacks(block: Block): void {
  for (const [name, a] of Object.entries(block.attributes))
    if (a.env && a.type !== "string" && a.type !== "number" && a.type !== "bool")
      throw new Error(`provider.${name}: env fallbacks need a string, number or bool attribute`);
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** An environment variable's text as the attribute's type, or what is wrong with it (naming the variable). */
function parseEnv(name: string, a: Attribute, variable: string, raw: string): { value: unknown } | { problem: string } {
  const text = raw.trim();
  // Values of sensitive attributes are never repeated; others are quoted, cut short if long.
  const shown = a.sensitive
    ? variable
    : `${variable}=${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)}`;
  const origin = `(environment variable for ${name})`;
  if (a.type === "number") {
    const value = Number(text);
    return NUMBER.test(text) && Number.isFinite(value)
      ? { value }
      : { problem: `${shown} is not a number ${origin}: set it to a number, or unset it.` };
  }
  if (a.type === "bool") {
    const lower = text.toLowerCase();
    if (lower === "true" || lower === "1") return { value: true };
    if (lower === "false" || lower === "0") return { value: false };
    return { problem: `${shown} is not true or false ${origin}: set it to true or false, or unset it.` };
  }
  return { value: raw };
}

function notKnown(name: string, a: Attribute): Diagnostic {
  return {
    severity: "error",
    summary: `${name} is not known until apply`,
    detail: `The provider needs its configuration to plan. Set ${name} from a variable${a.env ? ` or ${a.env}` : ""}, not from a resource or data source that is read only at apply.`,
    path: [name],
  };
}
