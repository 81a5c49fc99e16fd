// https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_connection
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface BitbucketConnectionConfig extends cdktf.TerraformMetaArguments {
  /**
  * Kind of the Bitbucket credential DevDynamics uses: `api_token`, `access_token`, `oauth_client_credentials`. Leave the three credential attributes unset to give DevDynamics the provider's own credential.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_connection#credential_kind BitbucketConnection#credential_kind}
  */
  readonly credentialKind?: string;
  /**
  * The token or client secret (from an ephemeral variable). Write-only: sent to DevDynamics, never stored in state; changes are noticed through `credential_fingerprint`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_connection#credential_secret_wo BitbucketConnection#credential_secret_wo}
  */
  readonly credentialSecretWo?: string;
  /**
  * Atlassian account email for an `api_token`, client id for `oauth_client_credentials`; unset for an access token.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_connection#credential_username BitbucketConnection#credential_username}
  */
  readonly credentialUsername?: string;
  /**
  * Repositories DevDynamics analyses, keyed by slug (e.g. the `repository_uuids` of `devdynamics_bitbucket_repositories`; the values are not used). A map, so Terraform plans thousands in linear time. Leave unset for every repository, including ones created later.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_connection#repositories BitbucketConnection#repositories}
  */
  readonly repositories?: { [key: string]: string };
  /**
  * Any value; changing it from one value to another makes DevDynamics issue a new webhook signing secret, which the webhook resources then send to Bitbucket in the same apply. Setting it for the first time (or after an import) records it without rotating.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_connection#webhook_secret_rotation BitbucketConnection#webhook_secret_rotation}
  */
  readonly webhookSecretRotation?: string;
  /**
  * Bitbucket Workspace ID (slug). Changing it replaces the connection.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_connection#workspace BitbucketConnection#workspace}
  */
  readonly workspace: string;
}
export interface BitbucketConnectionProblems {
}

export function bitbucketConnectionProblemsToTerraform(struct?: BitbucketConnectionProblems): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
  }
}


export function bitbucketConnectionProblemsToHclTerraform(struct?: BitbucketConnectionProblems): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
  };
  return attrs;
}

export class BitbucketConnectionProblemsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectIndex the index of this item in the list
  * @param complexObjectIsFromSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {
    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
  }

  public get internalValue(): BitbucketConnectionProblems | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: BitbucketConnectionProblems | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // code - computed: true, optional: false, required: false
  public get code() {
    return this.getStringAttribute('code');
  }

  // message - computed: true, optional: false, required: false
  public get message() {
    return this.getStringAttribute('message');
  }
}

export class BitbucketConnectionProblemsList extends cdktf.ComplexList {

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param wrapsSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  constructor(protected terraformResource: cdktf.IInterpolatingParent, protected terraformAttribute: string, protected wrapsSet: boolean) {
    super(terraformResource, terraformAttribute, wrapsSet)
  }

  /**
  * @param index the index of the item to return
  */
  public get(index: number): BitbucketConnectionProblemsOutputReference {
    return new BitbucketConnectionProblemsOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_connection devdynamics_bitbucket_connection}
*/
export class BitbucketConnection extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "devdynamics_bitbucket_connection";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a BitbucketConnection resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the BitbucketConnection to import
  * @param importFromId The id of the existing BitbucketConnection that should be imported. Refer to the {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_connection#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the BitbucketConnection to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "devdynamics_bitbucket_connection", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_connection devdynamics_bitbucket_connection} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options BitbucketConnectionConfig
  */
  public constructor(scope: Construct, id: string, config: BitbucketConnectionConfig) {
    super(scope, id, {
      terraformResourceType: 'devdynamics_bitbucket_connection',
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
    this._credentialKind = config.credentialKind;
    this._credentialSecretWo = config.credentialSecretWo;
    this._credentialUsername = config.credentialUsername;
    this._repositories = config.repositories;
    this._webhookSecretRotation = config.webhookSecretRotation;
    this._workspace = config.workspace;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // credential_fingerprint - computed: true, optional: false, required: false
  public get credentialFingerprint() {
    return this.getStringAttribute('credential_fingerprint');
  }

  // credential_kind - computed: true, optional: true, required: false
  private _credentialKind?: string; 
  public get credentialKind() {
    return this.getStringAttribute('credential_kind');
  }
  public set credentialKind(value: string) {
    this._credentialKind = value;
  }
  public resetCredentialKind() {
    this._credentialKind = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get credentialKindInput() {
    return this._credentialKind;
  }

  // credential_secret_wo - computed: false, optional: true, required: false
  private _credentialSecretWo?: string; 
  public get credentialSecretWo() {
    return this.getStringAttribute('credential_secret_wo');
  }
  public set credentialSecretWo(value: string) {
    this._credentialSecretWo = value;
  }
  public resetCredentialSecretWo() {
    this._credentialSecretWo = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get credentialSecretWoInput() {
    return this._credentialSecretWo;
  }

  // credential_username - computed: true, optional: true, required: false
  private _credentialUsername?: string; 
  public get credentialUsername() {
    return this.getStringAttribute('credential_username');
  }
  public set credentialUsername(value: string) {
    this._credentialUsername = value;
  }
  public resetCredentialUsername() {
    this._credentialUsername = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get credentialUsernameInput() {
    return this._credentialUsername;
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // problems - computed: true, optional: false, required: false
  private _problems = new BitbucketConnectionProblemsList(this, "problems", false);
  public get problems() {
    return this._problems;
  }

  // repositories - computed: false, optional: true, required: false
  private _repositories?: { [key: string]: string }; 
  public get repositories() {
    return this.getStringMapAttribute('repositories');
  }
  public set repositories(value: { [key: string]: string }) {
    this._repositories = value;
  }
  public resetRepositories() {
    this._repositories = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get repositoriesInput() {
    return this._repositories;
  }

  // status - computed: true, optional: false, required: false
  public get status() {
    return this.getStringAttribute('status');
  }

  // webhook_secret_revision - computed: true, optional: false, required: false
  public get webhookSecretRevision() {
    return this.getNumberAttribute('webhook_secret_revision');
  }

  // webhook_secret_rotation - computed: false, optional: true, required: false
  private _webhookSecretRotation?: string; 
  public get webhookSecretRotation() {
    return this.getStringAttribute('webhook_secret_rotation');
  }
  public set webhookSecretRotation(value: string) {
    this._webhookSecretRotation = value;
  }
  public resetWebhookSecretRotation() {
    this._webhookSecretRotation = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get webhookSecretRotationInput() {
    return this._webhookSecretRotation;
  }

  // webhook_url - computed: true, optional: false, required: false
  public get webhookUrl() {
    return this.getStringAttribute('webhook_url');
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

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      credential_kind: cdktf.stringToTerraform(this._credentialKind),
      credential_secret_wo: cdktf.stringToTerraform(this._credentialSecretWo),
      credential_username: cdktf.stringToTerraform(this._credentialUsername),
      repositories: cdktf.hashMapper(cdktf.stringToTerraform)(this._repositories),
      webhook_secret_rotation: cdktf.stringToTerraform(this._webhookSecretRotation),
      workspace: cdktf.stringToTerraform(this._workspace),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      credential_kind: {
        value: cdktf.stringToHclTerraform(this._credentialKind),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      credential_secret_wo: {
        value: cdktf.stringToHclTerraform(this._credentialSecretWo),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      credential_username: {
        value: cdktf.stringToHclTerraform(this._credentialUsername),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      repositories: {
        value: cdktf.hashMapperHcl(cdktf.stringToHclTerraform)(this._repositories),
        isBlock: false,
        type: "map",
        storageClassType: "stringMap",
      },
      webhook_secret_rotation: {
        value: cdktf.stringToHclTerraform(this._webhookSecretRotation),
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
