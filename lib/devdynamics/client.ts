import { HttpClient, HttpRequest, LogLevel, Redactor, RequestBudget, RequestCounter, RetryPolicy } from "../http";
import { DEVDYNAMICS_API_URL_SETTING, normalizeDevDynamicsApiUrl } from "./api-url";
import { DevDynamicsError, NotFoundError, toDevDynamicsError } from "./errors";
import type {
  BitbucketIntegration,
  CreatedIntegration,
  IntegrationPatch,
  NewIntegration,
  Organization,
  WebhookSecret,
} from "./model";
import {
  integrationFromWire,
  newIntegrationToWire,
  organizationFromWire,
  patchToWire,
  webhookSecretFromWire,
  WireCurrentWebhookSecret,
  WireIntegration,
  WireList,
  WireMe,
  WireWebhookSecret,
} from "./wire";

/** Route templates, named as the API reference names them; the sandbox logs requests under the same names. */
const ROUTES = {
  me: "/v1/me",
  integrations: "/v1/integrations/bitbucket",
  integration: "/v1/integrations/bitbucket/{id}",
  verify: "/v1/integrations/bitbucket/{id}/verify",
  webhookSecret: "/v1/integrations/bitbucket/{id}/webhook-secret",
  rotateWebhookSecret: "/v1/integrations/bitbucket/{id}/webhook-secret/rotate",
} as const;

export interface DevDynamicsClientOptions {
  /** `DEVDYNAMICS_API_URL`; no default host is assumed. A trailing `/v1` is dropped. */
  readonly apiUrl: string;
  /** `DEVDYNAMICS_API_KEY`. */
  readonly apiKey: string;
  readonly retry?: RetryPolicy;
  readonly budget?: RequestBudget;
  /** Cancels every request of this client, in flight or waiting (the provider's stop signal). */
  readonly signal?: AbortSignal;
  /** One debug line per attempt, one warning per retry; never headers, bodies or secrets. */
  readonly log?: (level: LogLevel, message: string) => void;
}

/**
 * The DevDynamics integration API. Retries follow what each operation tolerates being sent twice:
 *
 * - GET, PATCH (sets fields to given values) and DELETE (a repeat answers 404, which counts as done) are
 *   idempotent and are retried after 5xx and resets.
 * - verify re-reads Bitbucket and overwrites status and problems, so a repeat is harmless: retried.
 * - rotate is retried too: a repeat only rotates once more, and the secret in the answer we do receive is the
 *   one in force; a secret from a lost answer was never seen by anyone.
 * - create is not: after a reset we cannot know whether it was applied. The caller re-runs it and handles the
 *   409 `AlreadyExistsError`, whose `existingId` names the integration to adopt.
 *
 * 429 is retried for every request (nothing was applied), honouring `Retry-After`, until the retry deadline.
 * Lookups (`getIntegration`, `findIntegrationByWorkspace`) answer `null` for an absent integration; operations on
 * an integration that is gone throw `NotFoundError`, except `deleteIntegration`, for which gone is done.
 */
export class DevDynamicsClient {
  private readonly http: HttpClient;
  private readonly redactor = new Redactor();

  constructor(options: DevDynamicsClientOptions) {
    this.redactor.add(options.apiKey);
    const authorization = { Authorization: `Bearer ${options.apiKey}` };
    this.http = new HttpClient({
      baseUrl: normalizeDevDynamicsApiUrl(options.apiUrl),
      baseUrlSetting: DEVDYNAMICS_API_URL_SETTING,
      signal: options.signal,
      authorize: async () => authorization,
      toError: (request, response) => toDevDynamicsError(request, response, this.redactor),
      redactor: this.redactor,
      retry: options.retry,
      budget: options.budget,
      log: options.log,
      userAgent: "devdynamics-bitbucket-cdktf",
    });
  }

  /** Requests sent, by `METHOD /route/{template}`, retries included. */
  get counter(): RequestCounter {
    return this.http.counter;
  }

  /** The organization the API key belongs to; checks the key. */
  async getOrganization(): Promise<Organization> {
    return organizationFromWire(await this.send<WireMe>({ method: "GET", route: ROUTES.me }));
  }

  /** Not retried after a 5xx or reset (see the class comment); a 409 throws `AlreadyExistsError`. */
  async createIntegration(input: NewIntegration): Promise<CreatedIntegration> {
    this.redactor.add(input.credential.secret);
    const wire = await this.send<WireIntegration>({
      method: "POST",
      route: ROUTES.integrations,
      body: newIntegrationToWire(input),
    });
    return { integration: integrationFromWire(wire), webhookSecret: this.keepSecret(wire.webhook.secret) };
  }

  /** The organization's integration for a workspace, or null. There is at most one. */
  async findIntegrationByWorkspace(workspace: string): Promise<BitbucketIntegration | null> {
    const { values } = await this.send<WireList>({
      method: "GET",
      route: ROUTES.integrations,
      query: { workspace },
    });
    const match = values.find((v) => v.workspace === workspace);
    return match ? integrationFromWire(match) : null;
  }

  /** The integration, or null when it does not exist. */
  async getIntegration(id: string): Promise<BitbucketIntegration | null> {
    try {
      return integrationFromWire(
        await this.send<WireIntegration>({ method: "GET", route: ROUTES.integration, params: { id } }),
      );
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  /** A new credential makes DevDynamics report `pending` until `verifyIntegration`. */
  async updateIntegration(id: string, patch: IntegrationPatch): Promise<BitbucketIntegration> {
    this.redactor.add(patch.credential?.secret);
    return integrationFromWire(
      await this.send<WireIntegration>({
        method: "PATCH",
        route: ROUTES.integration,
        params: { id },
        body: patchToWire(patch),
      }),
    );
  }

  /** DevDynamics checks the stored credential against Bitbucket and sets `status` and `problems`. */
  async verifyIntegration(id: string): Promise<BitbucketIntegration> {
    return integrationFromWire(
      await this.send<WireIntegration>({ method: "POST", route: ROUTES.verify, params: { id }, idempotent: true }),
    );
  }

  /** Issues a new webhook signing secret and returns it; the old one stops verifying at once. */
  async rotateWebhookSecret(id: string): Promise<string> {
    const { webhook } = await this.send<WireWebhookSecret>({
      method: "POST",
      route: ROUTES.rotateWebhookSecret,
      params: { id },
      idempotent: true,
    });
    return this.keepSecret(webhook.secret);
  }

  /**
   * The current webhook signing secret and its revision, for a caller that keeps the secret nowhere (an ephemeral
   * value read on each run). Throws `NotFoundError` when the integration is gone.
   */
  async getWebhookSecret(id: string): Promise<WebhookSecret> {
    const current = webhookSecretFromWire(
      await this.send<WireCurrentWebhookSecret>({ method: "GET", route: ROUTES.webhookSecret, params: { id } }),
    );
    return { ...current, secret: this.keepSecret(current.secret) };
  }

  /** Deletes the integration; true when it was deleted now, false when it was already gone. */
  async deleteIntegration(id: string): Promise<boolean> {
    try {
      await this.send({ method: "DELETE", route: ROUTES.integration, params: { id } });
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  /**
   * Sends a request. An integration's 404 means it is gone only where the API answers at all: after one, `GET /v1/me`
   * (1 request) tells a deleted integration from a wrong API URL path, whose error it throws instead, so that no
   * caller (a refresh, a destroy, an import) takes a typo for an integration deleted.
   */
  private async send<T>(request: HttpRequest): Promise<T> {
    try {
      return (await this.http.request<T>(request)).data;
    } catch (error) {
      if (error instanceof NotFoundError) await this.getOrganization();
      throw error;
    }
  }

  /** Registers a secret DevDynamics handed us, so it can never leak through this client's errors or logs. */
  private keepSecret(secret: string | undefined): string {
    if (!secret) {
      throw new DevDynamicsError("DevDynamics answered without the webhook secret its contract promises.", {
        fix: "Rotate the webhook secret to obtain one; report it to DevDynamics if that fails too.",
      });
    }
    this.redactor.add(secret);
    return secret;
  }
}
