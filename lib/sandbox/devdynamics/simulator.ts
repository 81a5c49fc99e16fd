import type { Request, Response } from "express";
import { createHmac, randomBytes } from "node:crypto";
import { rawBody, readJson, SimulatorServer } from "../core";
import { answerError, answerNotFound, DevDynamicsApiError } from "./api-error";
import { checkBitbucketAccess, Problem } from "./bitbucket-check";
import { FixedWindowLimiter, RateLimit } from "./rate-limit";
import type { DevDynamicsSeed } from "./seed";
import { Credential, parseCreateRequest, parsePatchRequest, RepositorySelection } from "./validation";
import { signatureMatches } from "./webhook-signature";

export type IntegrationStatus = "connected" | "pending" | "invalid_credentials" | "missing_permissions";

/** An integration as the simulator stores it, secrets included (sandbox state, for tests). */
export interface Integration {
  readonly id: string;
  readonly organizationId: string;
  readonly workspace: string;
  readonly workspaceUuid?: string;
  readonly credential: Credential;
  /** Keys the credential's fingerprint; chosen anew with every credential (contract change of 2026-12-02). */
  readonly fingerprintSalt: string;
  readonly repositories: RepositorySelection;
  readonly webhookSecret: string;
  /** 1 when created, +1 per rotation. */
  readonly webhookSecretRevision: number;
  readonly status: IntegrationStatus;
  readonly problems: readonly Problem[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A webhook delivery whose signature verified. */
export interface AcceptedEvent {
  readonly integrationId: string;
  readonly eventKey: string;
  readonly hookUuid: string;
  readonly requestUuid: string;
  readonly receivedAt: string;
}

export interface DevDynamicsSimulatorOptions {
  readonly seed: DevDynamicsSeed;
  /** Where `verify` calls Bitbucket (`${bitbucketApiUrl}/2.0/…`). */
  readonly bitbucketApiUrl: string;
  readonly faultSeed?: number;
  /** A fixed-window request limit per organization on the `/v1` API; off by default. */
  readonly rateLimit?: RateLimit;
}

interface Organization {
  readonly id: string;
  readonly name: string;
}

const ROUTE = {
  me: "/v1/me",
  integrations: "/v1/integrations/bitbucket",
  integration: "/v1/integrations/bitbucket/{id}",
  verify: "/v1/integrations/bitbucket/{id}/verify",
  webhookSecret: "/v1/integrations/bitbucket/{id}/webhook-secret",
  rotate: "/v1/integrations/bitbucket/{id}/webhook-secret/rotate",
  webhook: "/v1/webhooks/bitbucket/{id}",
} as const;

/** Crockford's base32 alphabet, lower case: ids without look-alike letters. */
const ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * DevDynamics's integration API on loopback (see devdynamics-api.md): API keys per organization, Bitbucket
 * integrations with one per organization and workspace, `verify` against the Bitbucket API over real HTTP,
 * webhook-secret reads and rotation, and webhook ingestion that checks `X-Hub-Signature` and records what it accepts.
 */
export class DevDynamicsSimulator {
  readonly server: SimulatorServer;
  private baseUrl?: string;
  private readonly organizationsByKey = new Map<string, Organization>();
  private readonly store = new Map<string, Integration>();
  private readonly events: AcceptedEvent[] = [];
  private readonly limiter?: FixedWindowLimiter;

  constructor(private readonly options: DevDynamicsSimulatorOptions) {
    for (const { id, name, apiKeys } of options.seed.organizations) {
      for (const key of apiKeys) this.organizationsByKey.set(key, { id, name });
    }
    if (options.rateLimit) this.limiter = new FixedWindowLimiter(options.rateLimit);
    this.server = new SimulatorServer({
      onError: answerError,
      onNotFound: answerNotFound,
      faultSeed: options.faultSeed,
    });
    this.addApiRoutes();
    this.addAdminRoutes();
  }

  /** Starts listening on 127.0.0.1 (port 0 picks a free one); returns the base URL. */
  async start(port = 0): Promise<string> {
    this.baseUrl = await this.server.listen(port);
    return this.baseUrl;
  }

  /** The API base: clients call `${url}/v1/…`. */
  get url(): string {
    if (!this.baseUrl) throw new Error("The DevDynamics simulator has not been started.");
    return this.baseUrl;
  }

  stop(): Promise<void> {
    return this.server.close();
  }

  /** Every API key the seed gave an organization. */
  apiKeys(): string[] {
    return [...this.organizationsByKey.keys()];
  }

  acceptedEvents(integrationId?: string): readonly AcceptedEvent[] {
    return this.events.filter((e) => integrationId === undefined || e.integrationId === integrationId);
  }

  integrations(): readonly Integration[] {
    return [...this.store.values()];
  }

  private addApiRoutes(): void {
    const { server } = this;
    server.route("GET", ROUTE.me, (req, res) => {
      const { id, name } = this.authenticate(req, res);
      res.json({ organization: { id, name } });
    });
    server.route("POST", ROUTE.integrations, (req, res) => this.create(req, res));
    server.route("GET", ROUTE.integrations, (req, res) => {
      const organization = this.authenticate(req, res);
      const workspace = typeof req.query.workspace === "string" ? req.query.workspace : undefined;
      const values = [...this.store.values()].filter(
        (i) => i.organizationId === organization.id && (workspace === undefined || i.workspace === workspace),
      );
      res.json({ values: values.map((i) => this.render(i)) });
    });
    server.route("GET", ROUTE.integration, (req, res) => {
      res.json(this.render(this.owned(req, res)));
    });
    server.route("PATCH", ROUTE.integration, (req, res) => this.update(req, res));
    server.route("DELETE", ROUTE.integration, (req, res) => {
      this.store.delete(this.owned(req, res).id);
      res.status(204).end();
    });
    server.route("POST", ROUTE.verify, (req, res) => this.verify(req, res));
    server.route("GET", ROUTE.webhookSecret, (req, res) => {
      const integration = this.owned(req, res);
      res.json({ webhook: { ...this.renderWebhook(integration, true), revision: integration.webhookSecretRevision } });
    });
    server.route("POST", ROUTE.rotate, (req, res) => {
      const current = this.owned(req, res);
      const integration = this.save({
        ...current,
        webhookSecret: newWebhookSecret(),
        webhookSecretRevision: current.webhookSecretRevision + 1,
        updatedAt: new Date().toISOString(),
      });
      res.json({ webhook: this.renderWebhook(integration, true) });
    });
    server.route("POST", ROUTE.webhook, (req, res) => this.ingest(req, res));
  }

  /** Inspection and fault control for tests and the CLI; outside `/v1`, unlogged and never faulted. */
  private addAdminRoutes(): void {
    const { app } = this.server;
    app.get("/_sandbox/events", (req, res) => {
      const integration = typeof req.query.integration === "string" ? req.query.integration : undefined;
      res.json({ values: this.acceptedEvents(integration) });
    });
    app.get("/_sandbox/integrations", (_req, res) => {
      res.json({ values: this.integrations().map((i) => ({ organization_id: i.organizationId, ...this.render(i) })) });
    });
  }

  private create(req: Request, res: Response): void {
    const organization = this.authenticate(req, res);
    const input = parseCreateRequest(readJson(req));
    const existing = [...this.store.values()].find(
      (i) => i.organizationId === organization.id && i.workspace === input.workspace,
    );
    if (existing) {
      throw new DevDynamicsApiError(
        409,
        "already_exists",
        `This organization already has a Bitbucket integration for workspace ${input.workspace}.`,
        { existing_id: existing.id },
      );
    }
    const now = new Date().toISOString();
    const integration = this.save({
      id: `bbi_${randomId(26)}`,
      organizationId: organization.id,
      ...input,
      fingerprintSalt: newSalt(),
      webhookSecret: newWebhookSecret(),
      webhookSecretRevision: 1,
      status: "pending",
      problems: [],
      createdAt: now,
      updatedAt: now,
    });
    res.status(201).json(this.render(integration, true));
  }

  private update(req: Request, res: Response): void {
    const integration = this.owned(req, res);
    const patch = parsePatchRequest(readJson(req));
    const credentialChanged =
      patch.credential !== undefined && !sameCredential(patch.credential, integration.credential);
    const updated = this.save({
      ...integration,
      ...(patch.credential && { credential: patch.credential }),
      ...(patch.repositories && { repositories: patch.repositories }),
      ...(credentialChanged && { status: "pending", problems: [], fingerprintSalt: newSalt() }),
      updatedAt: new Date().toISOString(),
    });
    res.json(this.render(updated));
  }

  private async verify(req: Request, res: Response): Promise<void> {
    const checked = this.owned(req, res);
    const { problems, workspaceUuid } = await checkBitbucketAccess(
      this.options.bitbucketApiUrl,
      checked.workspace,
      checked.credential,
      checked.repositories,
    );
    // The integration may have changed while Bitbucket answered: a result about an older credential is stale.
    const current = this.store.get(checked.id);
    if (!current) throw new DevDynamicsApiError(404, "not_found", `Bitbucket integration ${checked.id} was deleted.`);
    if (current.credential !== checked.credential) {
      res.json(this.render(current));
      return;
    }
    const status: IntegrationStatus =
      problems.length === 0
        ? "connected"
        : problems.some((p) => p.code === "invalid_credentials")
          ? "invalid_credentials"
          : "missing_permissions";
    const updated = this.save({
      ...current,
      workspaceUuid: workspaceUuid ?? current.workspaceUuid,
      status,
      problems,
      updatedAt: new Date().toISOString(),
    });
    res.json(this.render(updated));
  }

  private ingest(req: Request, res: Response): void {
    const integration = this.store.get(req.params.id as string);
    if (!integration) throw new DevDynamicsApiError(404, "not_found", "No such integration.");
    if (!signatureMatches(integration.webhookSecret, rawBody(req), req.get("X-Hub-Signature"))) {
      throw new DevDynamicsApiError(401, "bad_signature", "X-Hub-Signature is missing or does not match the body.");
    }
    const eventKey = req.get("X-Event-Key");
    const hookUuid = req.get("X-Hook-UUID");
    const requestUuid = req.get("X-Request-UUID");
    if (!eventKey || !hookUuid || !requestUuid) {
      const given = { "X-Event-Key": eventKey, "X-Hook-UUID": hookUuid, "X-Request-UUID": requestUuid };
      const missing = Object.keys(given).filter((name) => !given[name as keyof typeof given]);
      throw new DevDynamicsApiError(
        400,
        "validation_failed",
        `Missing ${missing.join(", ")}.`,
        Object.fromEntries(missing.map((name) => [name, "is required"])),
      );
    }
    // Bitbucket resends a failed delivery with the same X-Request-UUID: record it once.
    const seen = this.events.some((e) => e.integrationId === integration.id && e.requestUuid === requestUuid);
    if (!seen) {
      this.events.push({
        integrationId: integration.id,
        eventKey,
        hookUuid,
        requestUuid,
        receivedAt: new Date().toISOString(),
      });
    }
    res.status(202).end();
  }

  /** The organization of the request's API key; enforces the rate limit. */
  private authenticate(req: Request, res: Response): Organization {
    const key = /^Bearer (.+)$/.exec(req.get("Authorization") ?? "")?.[1];
    const organization = key === undefined ? undefined : this.organizationsByKey.get(key);
    if (!organization) throw new DevDynamicsApiError(401, "unauthorized", "Missing or unknown API key.");
    res.locals.credential = organization.id;
    this.limiter?.take(organization.id);
    return organization;
  }

  /** The integration named in the path, when it belongs to the caller's organization; otherwise 404. */
  private owned(req: Request, res: Response): Integration {
    const organization = this.authenticate(req, res);
    const integration = this.store.get(req.params.id as string);
    if (!integration || integration.organizationId !== organization.id) {
      throw new DevDynamicsApiError(
        404,
        "not_found",
        `No Bitbucket integration ${req.params.id} in this organization.`,
      );
    }
    return integration;
  }

  private save(integration: Integration): Integration {
    this.store.set(integration.id, integration);
    return integration;
  }

  /** The wire form; the webhook secret only when it was just issued. */
  private render(integration: Integration, withWebhookSecret = false) {
    const { credential } = integration;
    return {
      id: integration.id,
      workspace: integration.workspace,
      ...(integration.workspaceUuid && { workspace_uuid: integration.workspaceUuid }),
      credential: {
        kind: credential.kind,
        ...(credential.username !== undefined && { username: credential.username }),
        fingerprint: `hmac-sha256:${createHmac("sha256", integration.fingerprintSalt).update(credential.secret, "utf8").digest("hex")}`,
        fingerprint_salt: integration.fingerprintSalt,
      },
      repositories: integration.repositories,
      webhook: this.renderWebhook(integration, withWebhookSecret),
      status: integration.status,
      problems: integration.problems,
      created_at: integration.createdAt,
      updated_at: integration.updatedAt,
    };
  }

  private renderWebhook(integration: Integration, withSecret: boolean) {
    return {
      url: `${this.url}/v1/webhooks/bitbucket/${integration.id}`,
      ...(withSecret && { secret: integration.webhookSecret }),
      secret_set: true,
    };
  }
}

function sameCredential(a: Credential, b: Credential): boolean {
  return a.kind === b.kind && a.username === b.username && a.secret === b.secret;
}

function randomId(length: number): string {
  return [...randomBytes(length)].map((byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join("");
}

/** 32 random bytes, base64url: the key of a credential's fingerprint. */
function newSalt(): string {
  return randomBytes(32).toString("base64url");
}

function newWebhookSecret(): string {
  return randomBytes(32).toString("base64url");
}
