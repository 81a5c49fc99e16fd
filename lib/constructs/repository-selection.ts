/** Filters for `RepositorySelection.matching`. Each list may be a Terraform token (a variable, another resource's attribute). */
export interface RepositoryFilter {
  /**
   * Only repositories in these projects (keys such as `PLAT`).
   * @default - every project
   */
  readonly projectKeys?: string[];
  /**
   * Only repositories whose slug matches one of these globs (`api-*`).
   * @default - every slug
   */
  readonly namePatterns?: string[];
  /**
   * Leave out repositories whose slug matches one of these globs.
   * @default - none left out
   */
  readonly exclude?: string[];
}

/**
 * Which repositories DevDynamics analyses (and, in per-repository mode, which get a webhook). Filters are applied by
 * the `devdynamics_bitbucket_repositories` data source at plan time, so a repository created later is picked up by
 * the next deploy with no code change.
 */
export class RepositorySelection {
  /** Every repository of the workspace, including ones created later. */
  public static all(): RepositorySelection {
    return new RepositorySelection({}, undefined);
  }

  /** The repositories of these projects (keys, or a Terraform token for a list of keys). */
  public static projects(projectKeys: string[]): RepositorySelection {
    return new RepositorySelection({ projectKeys }, undefined);
  }

  /** Exactly these repositories, by slug (or a Terraform token for a list of slugs, e.g. another provider's repositories). */
  public static slugs(slugs: string[]): RepositorySelection {
    return new RepositorySelection({}, slugs);
  }

  /** Repositories matching project keys, name patterns and exclusions together. */
  public static matching(filter: RepositoryFilter): RepositorySelection {
    return new RepositorySelection(filter, undefined);
  }

  private constructor(
    /** Project keys, name patterns and exclusions; empty for `all()` and `slugs()`. */
    public readonly filter: RepositoryFilter,
    /** Set for an explicit list of slugs. */
    public readonly explicitSlugs: string[] | undefined,
  ) {}

  /** True for `all()`: no filter and no list. */
  public get isAll(): boolean {
    return (
      this.explicitSlugs === undefined &&
      !this.filter.projectKeys?.length &&
      !this.filter.namePatterns?.length &&
      !this.filter.exclude?.length
    );
  }
}

/**
 * Where the webhooks that feed DevDynamics live: Bitbucket's own word for it is the hook's subject.
 */
export enum WebhookSubject {
  /**
   * One webhook on the workspace covers every repository, including future ones; a steady-state plan costs 2
   * Bitbucket requests whatever the repository count. Needs a workspace owner's API token or OAuth consumer.
   */
  WORKSPACE = "workspace",
  /**
   * One webhook per selected repository: works with workspace access tokens too, and sends only the selected
   * repositories' events; repository hooks are verified a few at a time per plan (docs/design/provider.md).
   */
  REPOSITORY = "repository",
}

/**
 * How Bitbucket's events reach DevDynamics.
 * @deprecated use WebhookSubject (same values) and the `webhookSubject` prop
 */
export enum WebhookMode {
  /**
   * One workspace webhook.
   * @deprecated use WebhookSubject.WORKSPACE
   */
  WORKSPACE = "workspace",
  /**
   * One webhook per repository.
   * @deprecated use WebhookSubject.REPOSITORY
   */
  PER_REPOSITORY = "repository",
}
