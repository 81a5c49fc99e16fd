import { TerraformResult, TerraformWorkspace } from "./terraform";

const APPLY = ["apply", "-auto-approve", "-input=false", "-no-color"];
const PLAN = ["plan", "-input=false", "-no-color", "-detailed-exitcode"];

/** A resource's attribute values as `terraform show -json` has them. */
type Values = Record<string, unknown>;
interface ShownState {
  values?: { root_module?: { resources?: { address: string; values: Values }[] } };
}

/**
 * Acceptance steps in the manner of terraform-plugin-testing, on the real terraform binary: every apply is followed by
 * a plan that must be empty (what apply made is what the configuration says, and reading it back changes nothing),
 * and an import is checked against the state apply made.
 */
export class AcceptanceSteps {
  constructor(readonly ws: TerraformWorkspace) {}

  /** Writes `main.tf` (and `terraform init`s the first time). */
  async configure(config: string): Promise<this> {
    const first = !this.configured;
    this.ws.write({ "main.tf": config });
    this.configured = true;
    if (first) await this.ws.okAsync(["init", "-input=false", "-no-color"]);
    return this;
  }
  private configured = false;

  /**
   * `terraform apply`, then a plan that must show no changes. `inspect` runs in between, for what only the apply
   * must account for (its requests, say). Returns apply's output.
   */
  async apply(extra: readonly string[] = [], inspect?: () => void | Promise<void>): Promise<string> {
    const applied = await this.ws.okAsync([...APPLY, ...extra]);
    await inspect?.();
    await this.expectNoChanges(variableArguments(extra));
    return applied;
  }

  /**
   * `terraform plan -out=<file>`, for `applySaved` later: what changes in between (in Bitbucket, in DevDynamics) is
   * what the plan could not see.
   */
  async savePlan(file: string, extra: readonly string[] = []): Promise<string> {
    return this.ws.okAsync([...PLAN, `-out=${file}`, ...extra].filter((a) => a !== "-detailed-exitcode"));
  }

  /** Applies a saved plan, then a plan (with these `-var`s) that must show no changes. Returns apply's output. */
  async applySaved(file: string, planVars: readonly string[] = []): Promise<string> {
    const applied = await this.ws.okAsync([...APPLY.filter((a) => a !== "-auto-approve"), file]);
    await this.expectNoChanges(planVars);
    return applied;
  }

  /** A plan that must show no changes (exit code 0 of `-detailed-exitcode`). */
  async expectNoChanges(extra: readonly string[] = []): Promise<void> {
    const plan = await this.ws.runAsync([...PLAN, ...extra]);
    if (plan.code !== 0)
      throw new Error(`the plan after apply is not empty (exit ${plan.code}):\n${plan.stdout}\n${plan.stderr}`);
  }

  /** A plan that must show changes; returns its output. */
  async expectChanges(extra: readonly string[] = []): Promise<string> {
    const plan = await this.ws.runAsync([...PLAN, ...extra]);
    if (plan.code !== 2) throw new Error(`expected changes, got exit ${plan.code}:\n${plan.stdout}\n${plan.stderr}`);
    return plan.stdout;
  }

  /** A command that must fail; returns what it printed (stdout and stderr). */
  async expectFailure(args: readonly string[]): Promise<TerraformResult & { output: string }> {
    const result = await this.ws.runAsync(args);
    if (result.code === 0)
      throw new Error(`terraform ${args.join(" ")} succeeded, but should have failed:\n${result.stdout}`);
    return { ...result, output: `${result.stdout}\n${result.stderr}` };
  }

  /** Attribute values of one resource in the current state. */
  async valuesOf(address: string): Promise<Values> {
    return valuesIn(await this.ws.okAsync(["show", "-json", "-no-color"]), address);
  }

  /**
   * Imports `address` by `id` into a fresh state (same configuration, same environment) and checks that it holds
   * the same attribute values as this state, but for `ignore` (values an import cannot know, each said why by the
   * caller).
   */
  async importVerifies(address: string, id: string, ignore: readonly string[] = []): Promise<Values> {
    const expected = await this.valuesOf(address);
    const fresh = new TerraformWorkspace(this.ws.env.TF_CLI_CONFIG_FILE!, this.ws.env);
    const imported = new AcceptanceSteps(fresh);
    await imported.configure(this.ws.read("main.tf"));
    await fresh.okAsync(["import", "-input=false", "-no-color", address, id]);
    const actual = await imported.valuesOf(address);
    const without = (values: Values) => Object.fromEntries(Object.entries(values).filter(([k]) => !ignore.includes(k)));
    expect(without(actual)).toEqual(without(expected));
    return actual;
  }

  async destroy(): Promise<string> {
    return this.ws.okAsync(["destroy", "-auto-approve", "-input=false", "-no-color"]);
  }
}

function valuesIn(shown: string, address: string): Values {
  const state = JSON.parse(shown) as ShownState;
  const resource = state.values?.root_module?.resources?.find((r) => r.address === address);
  if (!resource) throw new Error(`no ${address} in the state`);
  return resource.values;
}

/** The `-var`/`-var-file` arguments among apply's, with their values: what the next plan needs too. */
function variableArguments(args: readonly string[]): string[] {
  return args.flatMap((arg, i) =>
    arg === "-var" || arg === "-var-file"
      ? [arg, args[i + 1]]
      : arg.startsWith("-var=") || arg.startsWith("-var-file=")
        ? [arg]
        : [],
  );
}
