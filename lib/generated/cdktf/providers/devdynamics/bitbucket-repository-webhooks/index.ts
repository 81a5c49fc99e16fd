// https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_repository_webhooks
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface BitbucketRepositoryWebhooksConfig extends cdktf.TerraformMetaArguments {
  /**
  * Whether Bitbucket delivers events. Default true.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_repository_webhooks#active BitbucketRepositoryWebhooks#active}
  */
  readonly active?: boolean | cdktf.IResolvable;
  /**
  * Shown in Bitbucket's webhook list. Default `DevDynamics`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_repository_webhooks#description BitbucketRepositoryWebhooks#description}
  */
  readonly description?: string;
  /**
  * Event keys to deliver, checked against Bitbucket's keys for repository webhooks. Default: what DevDynamics needs for pull-request and deployment metrics (repo:push, repo:commit_status_created, repo:commit_status_updated, pullrequest:created, pullrequest:updated, pullrequest:approved, pullrequest:unapproved, pullrequest:fulfilled, pullrequest:rejected, pullrequest:comment_created).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_repository_webhooks#events BitbucketRepositoryWebhooks#events}
  */
  readonly events?: string[];
  /**
  * The repositories that get a hook, keyed by slug (e.g. the `repository_uuids` of `devdynamics_bitbucket_repositories`; the values are not used). A map, so Terraform plans thousands in linear time.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_repository_webhooks#repositories BitbucketRepositoryWebhooks#repositories}
  */
  readonly repositories: { [key: string]: string };
  /**
  * Signing secret: the `secret` of the `devdynamics_bitbucket_webhook_secret` ephemeral resource. Bitbucket signs each delivery with HMAC-SHA256 of it. Write-only: never stored in state; a change is noticed through a salted fingerprint in private state.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_repository_webhooks#secret_wo BitbucketRepositoryWebhooks#secret_wo}
  */
  readonly secretWo?: string;
  /**
  * Where Bitbucket delivers events: the connection's `webhook_url`. Must be https (http only for loopback addresses), and not an internal address: Bitbucket refuses those.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_repository_webhooks#url BitbucketRepositoryWebhooks#url}
  */
  readonly url: string;
  /**
  * Whether Bitbucket verifies the receiver's TLS certificate. Default true; keep it on.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_repository_webhooks#verify_tls BitbucketRepositoryWebhooks#verify_tls}
  */
  readonly verifyTls?: boolean | cdktf.IResolvable;
  /**
  * Bitbucket Workspace ID (slug). Changing it replaces every hook.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_repository_webhooks#workspace BitbucketRepositoryWebhooks#workspace}
  */
  readonly workspace: string;
}

/**
* Represents a {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_repository_webhooks devdynamics_bitbucket_repository_webhooks}
*/
export class BitbucketRepositoryWebhooks extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "devdynamics_bitbucket_repository_webhooks";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a BitbucketRepositoryWebhooks resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the BitbucketRepositoryWebhooks to import
  * @param importFromId The id of the existing BitbucketRepositoryWebhooks that should be imported. Refer to the {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_repository_webhooks#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the BitbucketRepositoryWebhooks to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "devdynamics_bitbucket_repository_webhooks", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/resources/bitbucket_repository_webhooks devdynamics_bitbucket_repository_webhooks} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options BitbucketRepositoryWebhooksConfig
  */
  public constructor(scope: Construct, id: string, config: BitbucketRepositoryWebhooksConfig) {
    super(scope, id, {
      terraformResourceType: 'devdynamics_bitbucket_repository_webhooks',
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
    this._active = config.active;
    this._description = config.description;
    this._events = config.events;
    this._repositories = config.repositories;
    this._secretWo = config.secretWo;
    this._url = config.url;
    this._verifyTls = config.verifyTls;
    this._workspace = config.workspace;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // active - computed: true, optional: true, required: false
  private _active?: boolean | cdktf.IResolvable; 
  public get active() {
    return this.getBooleanAttribute('active');
  }
  public set active(value: boolean | cdktf.IResolvable) {
    this._active = value;
  }
  public resetActive() {
    this._active = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get activeInput() {
    return this._active;
  }

  // description - computed: true, optional: true, required: false
  private _description?: string; 
  public get description() {
    return this.getStringAttribute('description');
  }
  public set description(value: string) {
    this._description = value;
  }
  public resetDescription() {
    this._description = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get descriptionInput() {
    return this._description;
  }

  // events - computed: true, optional: true, required: false
  private _events?: string[]; 
  public get events() {
    return cdktf.Fn.tolist(this.getListAttribute('events'));
  }
  public set events(value: string[]) {
    this._events = value;
  }
  public resetEvents() {
    this._events = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get eventsInput() {
    return this._events;
  }

  // hooks - computed: true, optional: false, required: false
  private _hooks = new cdktf.StringMap(this, "hooks");
  public get hooks() {
    return this._hooks;
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // repositories - computed: false, optional: false, required: true
  private _repositories?: { [key: string]: string }; 
  public get repositories() {
    return this.getStringMapAttribute('repositories');
  }
  public set repositories(value: { [key: string]: string }) {
    this._repositories = value;
  }
  // Temporarily expose input value. Use with caution.
  public get repositoriesInput() {
    return this._repositories;
  }

  // secret_revision - computed: true, optional: false, required: false
  public get secretRevision() {
    return this.getNumberAttribute('secret_revision');
  }

  // secret_wo - computed: false, optional: true, required: false
  private _secretWo?: string; 
  public get secretWo() {
    return this.getStringAttribute('secret_wo');
  }
  public set secretWo(value: string) {
    this._secretWo = value;
  }
  public resetSecretWo() {
    this._secretWo = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get secretWoInput() {
    return this._secretWo;
  }

  // url - computed: false, optional: false, required: true
  private _url?: string; 
  public get url() {
    return this.getStringAttribute('url');
  }
  public set url(value: string) {
    this._url = value;
  }
  // Temporarily expose input value. Use with caution.
  public get urlInput() {
    return this._url;
  }

  // verify_tls - computed: true, optional: true, required: false
  private _verifyTls?: boolean | cdktf.IResolvable; 
  public get verifyTls() {
    return this.getBooleanAttribute('verify_tls');
  }
  public set verifyTls(value: boolean | cdktf.IResolvable) {
    this._verifyTls = value;
  }
  public resetVerifyTls() {
    this._verifyTls = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get verifyTlsInput() {
    return this._verifyTls;
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
      active: cdktf.booleanToTerraform(this._active),
      description: cdktf.stringToTerraform(this._description),
      events: cdktf.listMapper(cdktf.stringToTerraform, false)(this._events),
      repositories: cdktf.hashMapper(cdktf.stringToTerraform)(this._repositories),
      secret_wo: cdktf.stringToTerraform(this._secretWo),
      url: cdktf.stringToTerraform(this._url),
      verify_tls: cdktf.booleanToTerraform(this._verifyTls),
      workspace: cdktf.stringToTerraform(this._workspace),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      active: {
        value: cdktf.booleanToHclTerraform(this._active),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      description: {
        value: cdktf.stringToHclTerraform(this._description),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      events: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._events),
        isBlock: false,
        type: "set",
        storageClassType: "stringList",
      },
      repositories: {
        value: cdktf.hashMapperHcl(cdktf.stringToHclTerraform)(this._repositories),
        isBlock: false,
        type: "map",
        storageClassType: "stringMap",
      },
      secret_wo: {
        value: cdktf.stringToHclTerraform(this._secretWo),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      url: {
        value: cdktf.stringToHclTerraform(this._url),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      verify_tls: {
        value: cdktf.booleanToHclTerraform(this._verifyTls),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
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
