// https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/data-sources/bitbucket_credentials
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface DataDevdynamicsBitbucketCredentialsConfig extends cdktf.TerraformMetaArguments {
  /**
  * Scopes the credential must hold, in its own vocabulary. Default: the scopes DevDynamics needs.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/data-sources/bitbucket_credentials#required_scopes DataDevdynamicsBitbucketCredentials#required_scopes}
  */
  readonly requiredScopes?: string[];
  /**
  * Where the webhooks will live: `workspace` (one workspace webhook: needs the workspace owner) or `repository` (a webhook per repository). Default `workspace`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/data-sources/bitbucket_credentials#webhook_subject DataDevdynamicsBitbucketCredentials#webhook_subject}
  */
  readonly webhookSubject?: string;
  /**
  * Bitbucket Workspace ID (slug).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/data-sources/bitbucket_credentials#workspace DataDevdynamicsBitbucketCredentials#workspace}
  */
  readonly workspace: string;
}

/**
* Represents a {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/data-sources/bitbucket_credentials devdynamics_bitbucket_credentials}
*/
export class DataDevdynamicsBitbucketCredentials extends cdktf.TerraformDataSource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "devdynamics_bitbucket_credentials";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a DataDevdynamicsBitbucketCredentials resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the DataDevdynamicsBitbucketCredentials to import
  * @param importFromId The id of the existing DataDevdynamicsBitbucketCredentials that should be imported. Refer to the {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/data-sources/bitbucket_credentials#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the DataDevdynamicsBitbucketCredentials to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "devdynamics_bitbucket_credentials", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/data-sources/bitbucket_credentials devdynamics_bitbucket_credentials} Data Source
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options DataDevdynamicsBitbucketCredentialsConfig
  */
  public constructor(scope: Construct, id: string, config: DataDevdynamicsBitbucketCredentialsConfig) {
    super(scope, id, {
      terraformResourceType: 'devdynamics_bitbucket_credentials',
      terraformGeneratorMetadata: {
        providerName: 'devdynamics',
        providerVersionConstraint: '~> 0.1'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach
    });
    this._requiredScopes = config.requiredScopes;
    this._webhookSubject = config.webhookSubject;
    this._workspace = config.workspace;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // account - computed: true, optional: false, required: false
  public get account() {
    return this.getStringAttribute('account');
  }

  // credential_kind - computed: true, optional: false, required: false
  public get credentialKind() {
    return this.getStringAttribute('credential_kind');
  }

  // permission - computed: true, optional: false, required: false
  public get permission() {
    return this.getStringAttribute('permission');
  }

  // required_scopes - computed: false, optional: true, required: false
  private _requiredScopes?: string[]; 
  public get requiredScopes() {
    return this.getListAttribute('required_scopes');
  }
  public set requiredScopes(value: string[]) {
    this._requiredScopes = value;
  }
  public resetRequiredScopes() {
    this._requiredScopes = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get requiredScopesInput() {
    return this._requiredScopes;
  }

  // scopes - computed: true, optional: false, required: false
  public get scopes() {
    return this.getListAttribute('scopes');
  }

  // webhook_subject - computed: false, optional: true, required: false
  private _webhookSubject?: string; 
  public get webhookSubject() {
    return this.getStringAttribute('webhook_subject');
  }
  public set webhookSubject(value: string) {
    this._webhookSubject = value;
  }
  public resetWebhookSubject() {
    this._webhookSubject = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get webhookSubjectInput() {
    return this._webhookSubject;
  }

  // workspace - computed: false, optional: false, required: true
  private _workspace?: string; 
  public get workspace() {
    return this.getStringAttribute('workspace');
  }
  public set workspace(value: string) {
    this._workspace = value;
  }
  // Temporarily expose input value. Use with caution.
  public get workspaceInput() {
    return this._workspace;
  }

  // workspace_uuid - computed: true, optional: false, required: false
  public get workspaceUuid() {
    return this.getStringAttribute('workspace_uuid');
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      required_scopes: cdktf.listMapper(cdktf.stringToTerraform, false)(this._requiredScopes),
      webhook_subject: cdktf.stringToTerraform(this._webhookSubject),
      workspace: cdktf.stringToTerraform(this._workspace),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      required_scopes: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._requiredScopes),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      webhook_subject: {
        value: cdktf.stringToHclTerraform(this._webhookSubject),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      workspace: {
        value: cdktf.stringToHclTerraform(this._workspace),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
