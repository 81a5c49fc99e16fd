import type {
  BitbucketIntegration,
  CredentialInput,
  CredentialKind,
  IntegrationPatch,
  IntegrationStatus,
  NewIntegration,
  Organization,
  ProblemCode,
  RepositorySelection,
  WebhookSecret,
} from "./model";
import { integrationProblemFix } from "./problem-fixes";
import { DevDynamicsError } from "./errors";

// The snake_case JSON of the DevDynamics API, and the only place it is translated to and from the model.

/** `credential.kind` on the wire. */
type WireCredentialKind = "api_token" | "access_token" | "oauth_client_credentials";

/** What DevDynamics calls each of the registry's credential kinds. */
const WIRE_CREDENTIAL_KINDS = {
  api_token: "api_token",
  access_token: "access_token",
  oauth_client_credentials: "oauth_client_credentials",
} as const satisfies Record<CredentialKind, WireCredentialKind>;

const KINDS_BY_WIRE = new Map<string, CredentialKind>(
  Object.entries(WIRE_CREDENTIAL_KINDS).map(([kind, wire]) => [wire, kind as CredentialKind]),
);

/** The registry's kind for a wire kind; a kind this client does not know is an error, never a guess. */
function kindFromWire(wire: string): CredentialKind {
  const kind = KINDS_BY_WIRE.get(wire);
  if (!kind) {
    throw new DevDynamicsError(`DevDynamics reported a Bitbucket credential kind this client does not know: ${wire}.`, {
      fix: "Update the provider to a version that knows it.",
    });
  }
  return kind;
}

type WireRepositories = { mode: "all" } | { mode: "selected"; slugs: string[] };

interface WireCredentialInput {
  kind: WireCredentialKind;
  username?: string;
  secret: string;
}

export interface WireIntegration {
  id: string;
  workspace: string;
  workspace_uuid?: string;
  credential: { kind: string; username?: string; fingerprint: string; fingerprint_salt: string };
  repositories: WireRepositories;
  webhook: { url: string; secret_set: boolean; secret?: string };
  status: IntegrationStatus;
  problems?: { code: string; message: string }[];
  created_at: string;
  updated_at: string;
}

export interface WireMe {
  organization: { id: string; name: string };
}

export interface WireList {
  values: WireIntegration[];
}

/** What create and rotate answer. */
export interface WireWebhookSecret {
  webhook: { url: string; secret: string; secret_set: boolean };
}

/** What `GET …/webhook-secret` answers: the current secret and its revision. */
export interface WireCurrentWebhookSecret {
  webhook: { url: string; secret: string; secret_set: boolean; revision: number };
}

/** `{"error": {"code", "message", "details"}}` */
export interface WireError {
  error?: { code?: string; message?: string; details?: Record<string, unknown> };
}

export function organizationFromWire(wire: WireMe): Organization {
  return { id: wire.organization.id, name: wire.organization.name };
}

export function integrationFromWire(wire: WireIntegration): BitbucketIntegration {
  return {
    id: wire.id,
    workspace: wire.workspace,
    ...(wire.workspace_uuid !== undefined && { workspaceUuid: wire.workspace_uuid }),
    credential: {
      kind: kindFromWire(wire.credential.kind),
      ...(wire.credential.username !== undefined && { username: wire.credential.username }),
      fingerprint: wire.credential.fingerprint,
      fingerprintSalt: wire.credential.fingerprint_salt,
    },
    repositories: copySelection(wire.repositories),
    webhook: { url: wire.webhook.url, secretSet: wire.webhook.secret_set },
    status: wire.status,
    problems: (wire.problems ?? []).map((p) => ({
      code: p.code as ProblemCode,
      message: p.message,
      fix: integrationProblemFix(p.code),
    })),
    createdAt: wire.created_at,
    updatedAt: wire.updated_at,
  };
}

export function webhookSecretFromWire(wire: WireCurrentWebhookSecret): WebhookSecret {
  return { url: wire.webhook.url, secret: wire.webhook.secret, revision: wire.webhook.revision };
}

export function newIntegrationToWire(input: NewIntegration) {
  return {
    workspace: input.workspace,
    credential: credentialToWire(input.credential),
    repositories: copySelection(input.repositories),
  };
}

export function patchToWire(patch: IntegrationPatch) {
  return {
    ...(patch.credential && { credential: credentialToWire(patch.credential) }),
    ...(patch.repositories && { repositories: copySelection(patch.repositories) }),
  };
}

function credentialToWire(credential: CredentialInput): WireCredentialInput {
  return {
    kind: WIRE_CREDENTIAL_KINDS[credential.kind],
    ...(credential.username !== undefined && { username: credential.username }),
    secret: credential.secret,
  };
}

/** The selection has the same shape on both sides; copying drops anything else a caller attached. */
function copySelection(selection: RepositorySelection | WireRepositories): WireRepositories {
  return selection.mode === "all" ? { mode: "all" } : { mode: "selected", slugs: [...selection.slugs] };
}
