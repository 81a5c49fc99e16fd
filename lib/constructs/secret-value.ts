import type { Construct } from "constructs";
import { TerraformStack, TerraformVariable } from "./framework";

/**
 * Where a secret (a Bitbucket token or client secret, the DevDynamics API key) comes from. There is deliberately no
 * factory for a literal: a secret in code would end up in the synthesized JSON, in git and in CI logs.
 */
export class SecretValue {
  /**
   * The provider reads the secret from its standard environment variable when Terraform runs (BITBUCKET_API_TOKEN,
   * BITBUCKET_ACCESS_TOKEN, BITBUCKET_OAUTH_CLIENT_SECRET or DEVDYNAMICS_API_KEY): nothing about it is synthesized.
   */
  public static fromEnvironment(): SecretValue {
    return new SecretValue(undefined);
  }

  /**
   * An ephemeral, sensitive Terraform variable of this name, set with `TF_VAR_<name>` or a `.tfvars` file when
   * Terraform runs: the synthesized JSON holds only `${var.<name>}`, and Terraform keeps the value out of saved plans
   * and state (ephemeral variables, Terraform ≥ 1.10). Use it to give several integrations different credentials.
   */
  public static fromTerraformVariable(name: string): SecretValue {
    return new SecretValue(name);
  }

  private constructor(
    /** The Terraform variable's name; undefined for the environment. */
    public readonly variableName: string | undefined,
  ) {}

  /** The value to put in the provider block: undefined (environment) or a reference to the variable. */
  public resolve(scope: Construct, description: string): string | undefined {
    if (this.variableName === undefined) return undefined;
    // One variable per name and stack, so integrations may share a secret.
    const stack = TerraformStack.of(scope);
    const id = `variable-${this.variableName}`;
    let variable = stack.node.tryFindChild(id) as TerraformVariable | undefined;
    if (!variable) {
      variable = new TerraformVariable(stack, id, { type: "string", sensitive: true, nullable: false, description });
      // Neither framework's variable config has `ephemeral` yet.
      variable.addOverride("ephemeral", true);
      variable.overrideLogicalId(this.variableName);
    }
    return variable.stringValue;
  }
}
