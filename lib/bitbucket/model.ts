// What the client returns and takes, in the project's own terms; lib/bitbucket/wire.ts maps Bitbucket's JSON to it.

export interface Account {
  readonly uuid: string;
  readonly accountId?: string;
  readonly nickname?: string;
  readonly displayName: string;
}

export interface WorkspaceRef {
  readonly uuid: string;
  readonly slug: string;
}

export interface Workspace extends WorkspaceRef {
  readonly name: string;
  /** The scopes the credential holds, from `X-OAuth-Scopes`. */
  readonly grantedScopes: readonly string[];
}

export interface WorkspacePermission {
  /** The caller's role: `owner`, `create-project`, `member`, … */
  readonly permission: string;
  readonly user: Account;
  readonly workspace: WorkspaceRef;
  /** The scopes the credential holds, from `X-OAuth-Scopes`. */
  readonly grantedScopes: readonly string[];
}

export interface RepositorySummary {
  readonly slug: string;
  readonly name: string;
  readonly uuid: string;
  readonly fullName: string;
  readonly projectKey: string;
}

export interface HookSubject {
  readonly workspace: string;
  /** Absent for a workspace hook. */
  readonly repository?: string;
}

export interface HookInput {
  readonly url: string;
  readonly description: string;
  readonly events: readonly string[];
  readonly active: boolean;
  readonly skipCertVerification: boolean;
  /** On update: undefined keeps the secret, null removes it. */
  readonly secret?: string | null;
}

export interface Hook {
  readonly uuid: string;
  readonly url: string;
  readonly description: string;
  readonly events: readonly string[];
  readonly active: boolean;
  readonly secretSet: boolean;
  readonly skipCertVerification: boolean;
}
