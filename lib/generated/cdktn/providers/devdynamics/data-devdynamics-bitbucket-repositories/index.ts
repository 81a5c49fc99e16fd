// https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/data-sources/bitbucket_repositories
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktn from 'cdktn';

// Configuration

export interface DataDevdynamicsBitbucketRepositoriesConfig extends cdktn.TerraformMetaArguments {
  /**
  * Leave out repositories whose slug matches one of these globs, after the other filters.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/data-sources/bitbucket_repositories#exclude DataDevdynamicsBitbucketRepositories#exclude}
  */
  readonly exclude?: string[];
  /**
  * Only repositories whose slug matches one of these globs (`api-*`, `*-service`). Default: all.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/data-sources/bitbucket_repositories#name_patterns DataDevdynamicsBitbucketRepositories#name_patterns}
  */
  readonly namePatterns?: string[];
  /**
  * Only repositories in these projects (keys such as `PLAT`). Default: every project.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/data-sources/bitbucket_repositories#project_keys DataDevdynamicsBitbucketRepositories#project_keys}
  */
  readonly projectKeys?: string[];
  /**
  * Bitbucket Workspace ID (slug).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/data-sources/bitbucket_repositories#workspace DataDevdynamicsBitbucketRepositories#workspace}
  */
  readonly workspace: string;
}
export interface DataDevdynamicsBitbucketRepositoriesRepositories {
}

export function dataDevdynamicsBitbucketRepositoriesRepositoriesToTerraform(struct?: DataDevdynamicsBitbucketRepositoriesRepositories): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
  }
}


export function dataDevdynamicsBitbucketRepositoriesRepositoriesToHclTerraform(struct?: DataDevdynamicsBitbucketRepositoriesRepositories): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
  };
  return attrs;
}

export class DataDevdynamicsBitbucketRepositoriesRepositoriesOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param complexObjectIndex the index of this item in the list
  * @param complexObjectIsFromSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {
    super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);
  }

  public get internalValue(): DataDevdynamicsBitbucketRepositoriesRepositories | undefined {
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: DataDevdynamicsBitbucketRepositoriesRepositories | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
    }
  }

  // full_name - computed: true, optional: false, required: false
  public get fullName() {
    return this.getStringAttribute('full_name');
  }

  // name - computed: true, optional: false, required: false
  public get name() {
    return this.getStringAttribute('name');
  }

  // project_key - computed: true, optional: false, required: false
  public get projectKey() {
    return this.getStringAttribute('project_key');
  }

  // slug - computed: true, optional: false, required: false
  public get slug() {
    return this.getStringAttribute('slug');
  }

  // uuid - computed: true, optional: false, required: false
  public get uuid() {
    return this.getStringAttribute('uuid');
  }
}

export class DataDevdynamicsBitbucketRepositoriesRepositoriesList extends cdktn.ComplexList {

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  * @param wrapsSet whether the list is wrapping a set (will add tolist() to be able to access an item via an index)
  */
  constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string, wrapsSet: boolean) {
    super(terraformResource, terraformAttribute, wrapsSet);
  }

  /**
  * @param index the index of the item to return
  */
  public get(index: number): DataDevdynamicsBitbucketRepositoriesRepositoriesOutputReference {
    return new DataDevdynamicsBitbucketRepositoriesRepositoriesOutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/data-sources/bitbucket_repositories devdynamics_bitbucket_repositories}
*/
export class DataDevdynamicsBitbucketRepositories extends cdktn.TerraformDataSource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "devdynamics_bitbucket_repositories";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTN code for importing a DataDevdynamicsBitbucketRepositories resource upon running "cdktn plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the DataDevdynamicsBitbucketRepositories to import
  * @param importFromId The id of the existing DataDevdynamicsBitbucketRepositories that should be imported. Refer to the {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/data-sources/bitbucket_repositories#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the DataDevdynamicsBitbucketRepositories to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktn.TerraformProvider) {
        return new cdktn.ImportableResource(scope, importToId, { terraformResourceType: "devdynamics_bitbucket_repositories", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/devdynamics/devdynamics/latest/docs/data-sources/bitbucket_repositories devdynamics_bitbucket_repositories} Data Source
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options DataDevdynamicsBitbucketRepositoriesConfig
  */
  public constructor(scope: Construct, id: string, config: DataDevdynamicsBitbucketRepositoriesConfig) {
    super(scope, id, {
      terraformResourceType: 'devdynamics_bitbucket_repositories',
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
    this._exclude = config.exclude;
    this._namePatterns = config.namePatterns;
    this._projectKeys = config.projectKeys;
    this._workspace = config.workspace;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // exclude - computed: false, optional: true, required: false
  private _exclude?: string[]; 
  public get exclude() {
    return this.getListAttribute('exclude');
  }
  public set exclude(value: string[]) {
    this._exclude = value;
  }
  public resetExclude() {
    this._exclude = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get excludeInput() {
    return this._exclude;
  }

  // name_patterns - computed: false, optional: true, required: false
  private _namePatterns?: string[]; 
  public get namePatterns() {
    return this.getListAttribute('name_patterns');
  }
  public set namePatterns(value: string[]) {
    this._namePatterns = value;
  }
  public resetNamePatterns() {
    this._namePatterns = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get namePatternsInput() {
    return this._namePatterns;
  }

  // project_keys - computed: false, optional: true, required: false
  private _projectKeys?: string[]; 
  public get projectKeys() {
    return cdktn.Fn.tolist(this.getListAttribute('project_keys'));
  }
  public set projectKeys(value: string[]) {
    this._projectKeys = value;
  }
  public resetProjectKeys() {
    this._projectKeys = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get projectKeysInput() {
    return this._projectKeys;
  }

  // repositories - computed: true, optional: false, required: false
  private _repositories = new DataDevdynamicsBitbucketRepositoriesRepositoriesList(this, "repositories", false);
  public get repositories() {
    return this._repositories;
  }

  // repository_uuids - computed: true, optional: false, required: false
  private _repositoryUuids = new cdktn.StringMap(this, "repository_uuids");
  public get repositoryUuids() {
    return this._repositoryUuids;
  }

  // slugs - computed: true, optional: false, required: false
  public get slugs() {
    return this.getListAttribute('slugs');
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
      exclude: cdktn.listMapper(cdktn.stringToTerraform, false)(this._exclude),
      name_patterns: cdktn.listMapper(cdktn.stringToTerraform, false)(this._namePatterns),
      project_keys: cdktn.listMapper(cdktn.stringToTerraform, false)(this._projectKeys),
      workspace: cdktn.stringToTerraform(this._workspace),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      exclude: {
        value: cdktn.listMapperHcl(cdktn.stringToHclTerraform, false)(this._exclude),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      name_patterns: {
        value: cdktn.listMapperHcl(cdktn.stringToHclTerraform, false)(this._namePatterns),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      project_keys: {
        value: cdktn.listMapperHcl(cdktn.stringToHclTerraform, false)(this._projectKeys),
        isBlock: false,
        type: "set",
        storageClassType: "stringList",
      },
      workspace: {
        value: cdktn.stringToHclTerraform(this._workspace),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
