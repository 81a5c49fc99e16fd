import type { CredentialKind } from "../bitbucket/credential-kinds";
import type { Problem } from "../problem";

/** How DevDynamics authenticates to Bitbucket Cloud: the Bitbucket credential kinds' registry. */
export type { CredentialKind };

/** A Bitbucket credential as sent to DevDynamics. */
export interface CredentialInput {
  readonly kind: CredentialKind;
  /** Atlassian account email for `api_token`, client id for `oauth_client_credentials`, absent for `access_token`. */
  readonly username?: string;
  /** The token or client secret. Only ever sent; DevDynamics reports its fingerprint instead. */
  readonly secret: string;
}

/** A stored credential as DevDynamics reports it: the secret is replaced by its fingerprint. */
export interface StoredCredential {
  readonly kind: CredentialKind;
  readonly username?: string;
  /** `hmac-sha256:<hex>`; compare with `credentialFingerprint(secret, fingerprintSalt)` (or `holdsSecret`). */
  readonly fingerprint: string;
  /** The key of the fingerprint, chosen by DevDynamics per integration and credential. */
  readonly fingerprintSalt: string;
}

export type RepositorySelection =
  { readonly mode: "all" } | { readonly mode: "selected"; readonly slugs: readonly string[] };

export type IntegrationStatus = "connected" | "pending" | "invalid_credentials" | "missing_permissions";

export type ProblemCode = "missing_scope" | "not_workspace_admin" | "invalid_credentials" | "no_repositories";

/** A problem DevDynamics' verification found, with what to do about it (this client's knowledge, not the API's). */
export interface IntegrationProblem extends Problem {
  readonly code: ProblemCode;
}

export interface BitbucketIntegration {
  /** `bbi_…` */
  readonly id: string;
  /** Bitbucket Workspace ID (slug). */
  readonly workspace: string;
  /** As Bitbucket reports it, once DevDynamics has seen it. */
  readonly workspaceUuid?: string;
  readonly credential: StoredCredential;
  readonly repositories: RepositorySelection;
  readonly webhook: {
    /** Where Bitbucket must deliver events. */
    readonly url: string;
    readonly secretSet: boolean;
  };
  readonly status: IntegrationStatus;
  readonly problems: readonly IntegrationProblem[];
  /** RFC 3339 UTC. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Organization {
  readonly id: string;
  readonly name: string;
}

export interface NewIntegration {
  readonly workspace: string;
  readonly credential: CredentialInput;
  readonly repositories: RepositorySelection;
}

export interface IntegrationPatch {
  /** Replaces the stored credential; DevDynamics then reports `pending` until verified. */
  readonly credential?: CredentialInput;
  readonly repositories?: RepositorySelection;
}

export interface CreatedIntegration {
  readonly integration: BitbucketIntegration;
  /** The webhook signing secret: returned only on create and on rotation, so keep it now. */
  readonly webhookSecret: string;
}

/** The current webhook signing secret, read when needed instead of kept anywhere. */
export interface WebhookSecret {
  /** Where Bitbucket must deliver events. */
  readonly url: string;
  readonly secret: string;
  /** 1 on create, +1 per rotation: a changed revision means the secret was rotated. */
  readonly revision: number;
}
