import type { WebhookSubject } from "./inputs";
import type { ApiError } from "../http";
import type { Problem } from "../problem";
import type { BitbucketClient } from "./client";
import { credentialKind, CredentialKind, withArticle } from "./credential-kinds";
import { AuthenticationError, MissingScopesError, NotFoundError, PermissionError } from "./errors";
import { isScopeOf, missingScopes } from "./scopes";

/** One thing that keeps the credential from serving DevDynamics, with its fix. */
export interface CredentialProblem extends Problem {
  readonly code:
    | "authentication_failed"
    | "missing_scope"
    | "unknown_scope"
    | "not_workspace_owner"
    | "no_user_identity"
    | "workspace_not_found";
}

export interface CredentialReport {
  readonly credentialKind: CredentialKind;
  /** The account the credential acts as (absent for access tokens). */
  readonly account?: string;
  readonly scopes: readonly string[];
  readonly workspaceUuid?: string;
  /** The account's role in the workspace (`owner`, `member`, …); absent for access tokens. */
  readonly permission?: string;
  /** Every problem found, each with its fix; empty when the credential is fit for DevDynamics. */
  readonly problems: readonly CredentialProblem[];
}

export interface CredentialCheckOptions {
  readonly workspace: string;
  /**
   * Default: the DevDynamics set in the credential's vocabulary. Scopes outside that vocabulary are reported as
   * `unknown_scope` (no fix ever names a scope the credential cannot hold).
   */
  readonly requiredScopes?: readonly string[];
  /** Workspace webhooks need the workspace owner; repository webhooks need repository admin (checked per hook). */
  readonly webhookSubject: WebhookSubject;
}

/**
 * Checks that a credential authenticates, holds the required scopes and may create the webhooks, collecting every
 * problem at once. Bitbucket requests: 1 for API tokens and OAuth consumers (`GET /2.0/user/workspaces/{ws}/permission`
 * answers the user, the workspace, the role and, in `X-OAuth-Scopes`, the scopes; OAuth adds 1 token request per
 * process), 1 for access tokens (`GET /2.0/workspaces/{ws}`: they act as no user and have no role). Repository admin
 * rights are not checked here: that would cost a request per repository, and each hook's own requests show them.
 */
export async function checkCredential(
  client: BitbucketClient,
  options: CredentialCheckOptions,
): Promise<CredentialReport> {
  const kind = client.credential.kind;
  const spec = credentialKind(kind);
  const requested = options.requiredScopes ?? spec.devDynamicsScopes;
  const required = requested.filter((scope) => isScopeOf(scope, spec.vocabulary));
  const problems: CredentialProblem[] = requested
    .filter((scope) => !isScopeOf(scope, spec.vocabulary))
    .map((scope) => unknownScopeProblem(scope, kind));
  const scopeProblems = (granted: readonly string[]) => missingScopeProblems(granted, required, kind);

  try {
    if (!spec.actsAsUser) {
      const workspace = await client.getWorkspace(options.workspace);
      problems.push(...scopeProblems(workspace.grantedScopes));
      if (options.webhookSubject === "workspace") {
        problems.push({
          code: "no_user_identity",
          message: `${capitalized(spec.label)}s act as no user, so they cannot manage workspace webhooks (only workspace owners can).`,
          fix: "Use a workspace owner's API token or OAuth consumer, or choose one webhook per repository.",
        });
      }
      return { credentialKind: kind, scopes: workspace.grantedScopes, workspaceUuid: workspace.uuid, problems };
    }
    const membership = await client.getWorkspacePermission(options.workspace);
    problems.push(...scopeProblems(membership.grantedScopes));
    // DevDynamics reads the workspace with this credential and needs an admin (owner) either way; workspace webhooks
    // need one too.
    if (membership.permission !== "owner") {
      const who = `${membership.user.displayName} is ${membership.permission}, not owner, of workspace ${options.workspace}`;
      problems.push(
        options.webhookSubject === "workspace"
          ? {
              code: "not_workspace_owner",
              message: `${who}; only owners can create workspace webhooks, and DevDynamics needs a workspace admin.`,
              fix: "Use the credential of a workspace owner, or a workspace access token with one webhook per repository.",
            }
          : {
              code: "not_workspace_owner",
              message: `${who}; DevDynamics reads the workspace with this credential and needs a workspace admin.`,
              fix: "Use the credential of a workspace owner, or a workspace access token.",
            },
      );
    }
    return {
      credentialKind: kind,
      account: membership.user.displayName,
      scopes: membership.grantedScopes,
      workspaceUuid: membership.workspace.uuid,
      permission: membership.permission,
      problems,
    };
  } catch (error) {
    return {
      credentialKind: kind,
      scopes: grantedFrom(error),
      problems: [...problems, ...problemsFrom(error as ApiError, kind, options, required)],
    };
  }
}

function grantedFrom(error: unknown): readonly string[] {
  return error instanceof MissingScopesError ? error.granted : [];
}

/** When the check's request itself failed: what that says about the credential. */
function problemsFrom(
  error: ApiError,
  kind: CredentialKind,
  options: CredentialCheckOptions,
  required: readonly string[],
): CredentialProblem[] {
  if (error instanceof AuthenticationError) {
    return [{ code: "authentication_failed", message: error.problem, fix: error.toProblem().fix }];
  }
  if (error instanceof MissingScopesError) {
    // The failed request shows what was granted: report every required scope that is missing, not only its own.
    return missingScopeProblems(error.granted, required, kind);
  }
  if (error instanceof NotFoundError || error instanceof PermissionError) {
    return [
      {
        code: "workspace_not_found",
        message: `Workspace ${options.workspace} does not exist or this credential cannot see it.`,
        fix: "Check the Workspace ID (Bitbucket → workspace settings) and that the credential's account is a member of it.",
      },
    ];
  }
  throw error;
}

function missingScopeProblems(
  granted: readonly string[],
  required: readonly string[],
  kind: CredentialKind,
): CredentialProblem[] {
  const { label, vocabulary, fixes } = credentialKind(kind);
  return missingScopes(granted, required, vocabulary).map((scope) => ({
    code: "missing_scope",
    message: `The ${label} lacks the scope ${scope}.`,
    fix: fixes.missingScope(scope),
  }));
}

/** A required scope the credential's kind cannot hold: another vocabulary's, or none at all. */
function unknownScopeProblem(scope: string, kind: CredentialKind): CredentialProblem {
  const { label, vocabulary } = credentialKind(kind);
  const other = vocabulary === "granular" ? "classic" : "granular";
  return {
    code: "unknown_scope",
    message: isScopeOf(scope, other)
      ? `${scope} is a ${other} scope, which ${withArticle(label)} cannot hold: ${label}s use ${vocabulary} scopes.`
      : `${scope} is not a Bitbucket scope.`,
    fix: `Require ${vocabulary} scopes for ${withArticle(label)}, such as ${credentialKind(kind).devDynamicsScopes.slice(0, 3).join(", ")}.`,
  };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
