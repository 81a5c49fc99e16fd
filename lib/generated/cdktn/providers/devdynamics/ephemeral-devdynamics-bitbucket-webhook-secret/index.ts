// https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/ephemeral-resources/bitbucket_webhook_secret
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktn from 'cdktn';

// Configuration

export interface EphemeralDevdynamicsBitbucketWebhookSecretConfig extends cdktn.TerraformEphemeralMetaArguments {
  /**
  * The connection's `id`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/ephemeral-resources/bitbucket_webhook_secret#connection_id EphemeralDevdynamicsBitbucketWebhookSecret#connection_id}
  */
  readonly connectionId: string;
  /**
  * Pass the connection's `webhook_secret_revision`: in a plan that rotates the secret it is unknown, so the secret is read at apply, after the rotation. Afterwards: the revision that was read.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/ephemeral-resources/bitbucket_webhook_secret#revision EphemeralDevdynamicsBitbucketWebhookSecret#revision}
  */
  readonly revision?: number;
}

/**
* Represents a {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/ephemeral-resources/bitbucket_webhook_secret devdynamics_bitbucket_webhook_secret}
*/
export class EphemeralDevdynamicsBitbucketWebhookSecret extends cdktn.TerraformEphemeralResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "devdynamics_bitbucket_webhook_secret";

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/ephemeral-resources/bitbucket_webhook_secret devdynamics_bitbucket_webhook_secret} Ephemeral Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options EphemeralDevdynamicsBitbucketWebhookSecretConfig
  */
  public constructor(scope: Construct, id: string, config: EphemeralDevdynamicsBitbucketWebhookSecretConfig) {
    super(scope, id, {
      terraformResourceType: 'devdynamics_bitbucket_webhook_secret',
      terraformGeneratorMetadata: {
        providerName: 'devdynamics',
        providerVersionConstraint: '~> 0.1'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      forEach: config.forEach
    });
    this._connectionId = config.connectionId;
    this._revision = config.revision;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // connection_id - computed: false, optional: false, required: true
  private _connectionId?: string; 
  public get connectionId() {
    return this.getStringAttribute('connection_id');
  }
  public set connectionId(value: string) {
    this._connectionId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get connectionIdInput() {
    return this._connectionId;
  }

  // revision - computed: true, optional: true, required: false
  private _revision?: number; 
  public get revision() {
    return this.getNumberAttribute('revision');
  }
  public set revision(value: number) {
    this._revision = value;
  }
  public resetRevision() {
    this._revision = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get revisionInput() {
    return this._revision;
  }

  // secret - computed: true, optional: false, required: false
  public get secret() {
    return this.getStringAttribute('secret');
  }

  // url - computed: true, optional: false, required: false
  public get url() {
    return this.getStringAttribute('url');
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      connection_id: cdktn.stringToTerraform(this._connectionId),
      revision: cdktn.numberToTerraform(this._revision),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      connection_id: {
        value: cdktn.stringToHclTerraform(this._connectionId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      revision: {
        value: cdktn.numberToHclTerraform(this._revision),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
