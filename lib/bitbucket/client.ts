import {
  ApiError,
  endpointNotFoundError,
  HttpClient,
  HttpRequest,
  LogLevel,
  Redactor,
  RequestBudget,
  RequestCounter,
  RequestPacer,
  RetryPolicy,
} from "../http";
import { credentialKind } from "./credential-kinds";
import type { BitbucketCredential } from "./credentials";
import { bitbucketErrorMapper, NotFoundError } from "./errors";
import {
  BITBUCKET_API_URL,
  BITBUCKET_API_URL_SETTING,
  BITBUCKET_OAUTH_TOKEN_URL,
  BITBUCKET_OAUTH_TOKEN_URL_SETTING,
  normalizeBitbucketApiUrl,
} from "./inputs";
import type { Hook, HookInput, HookSubject, RepositorySummary, Workspace, WorkspacePermission } from "./model";
import { MAX_PAGELEN, resourceGroupOf, ResourceGroup, ROUTES } from "./routes";
import { parseScopesHeader } from "./scopes";
import {
  hookFromWire,
  hookInputToWire,
  pageFields,
  PROJECT_KEY_FIELDS,
  REPOSITORY_FIELDS,
  repositoryFromWire,
  SLUG_FIELDS,
  WireHook,
  WireOAuthToken,
  WirePage,
  WireProject,
  WireRepository,
  WireWorkspace,
  WireWorkspacePermission,
  workspaceFromWire,
  workspacePermissionFromWire,
} from "./wire";

/** Bitbucket's hourly limit per resource group for most accounts (bitbucket-cloud.md §5). */
export const DEFAULT_HOURLY_REQUEST_LIMIT = 1_000;
/** Refresh OAuth tokens this long before they expire, so no request is sent with a dying token. */
const TOKEN_REFRESH_MARGIN_MS = 60_000;
/** `slug IN (…)` lists: at most this many slugs, and this many URL-encoded characters, so URLs stay under ~4 KB. */
const MAX_SLUGS_PER_QUERY = 50;
const MAX_QUERY_CHARS = 3_000;
/** Slug lookups sent at once. */
const LOOKUP_CONCURRENCY = 4;

export interface BitbucketClientOptions {
  readonly credential: BitbucketCredential;
  /** API origin; default `https://api.bitbucket.org`. A trailing `/2.0` is dropped. */
  readonly apiUrl?: string;
  /** Default: Bitbucket's own for the default API URL, else `<apiUrl>/site/oauth2/access_token`. */
  readonly oauthTokenUrl?: string;
  readonly retry?: RetryPolicy;
  readonly budget?: RequestBudget;
  /** Cancels every request of this client, in flight or waiting (the provider's stop signal). */
  readonly signal?: AbortSignal;
  /**
   * Requests per hour the client allows itself in each of Bitbucket's resource groups (repository data, webhooks),
   * paced so that a long operation never provokes a 429. Default 1,000, Bitbucket's limit for most accounts.
   */
  readonly hourlyRequestLimit?: number;
  /**
   * Requests of the current hour that others already spent, by resource group (e.g. what the plan before an apply
   * read): the client paces itself within what is left.
   */
  readonly spentElsewhere?: Partial<Record<ResourceGroup, number>>;
  /**
   * At a 429 (no `Retry-After`: the hour is spent), throw `HourlyLimitReachedError` with when the budget refills,
   * instead of retrying until the retry deadline. Default false; `CallOptions` override it per call.
   */
  readonly failOnHourlyLimit?: boolean;
  /** One debug line per attempt, one warning per retry or pacing wait; never headers, bodies or secrets. */
  readonly log?: (level: LogLevel, message: string) => void;
}

/** Per-call options. */
export interface CallOptions {
  /** Cancels this call; the client's own signal cancels it too. */
  readonly signal?: AbortSignal;
  /** Epoch ms: rather than wait for hourly budget past this, throw `HourlyLimitReachedError` (with `refillsAt`). */
  readonly pacingDeadline?: number;
  /** Overrides the client's `failOnHourlyLimit`. */
  readonly failOnHourlyLimit?: boolean;
}

/**
 * Bitbucket Cloud REST API 2.0, only the endpoints the provider needs, never the removed ones. The routes live in
 * lib/bitbucket/routes.ts and Bitbucket's JSON in lib/bitbucket/wire.ts; this class composes requests. Every request
 * goes through lib/http: counted by route, within the budget, paced within the hourly limits, retried with backoff,
 * failures typed without secrets.
 */
export class BitbucketClient {
  readonly http: HttpClient;
  readonly credential: BitbucketCredential;
  private readonly oauthTokenUrl: string;
  private readonly redactor = new Redactor();
  private readonly pacers: Readonly<Record<ResourceGroup, RequestPacer>>;
  private oauthToken?: Promise<{ token: string; expiresAt: number }>;

  constructor(options: BitbucketClientOptions) {
    const apiUrl = normalizeBitbucketApiUrl(options.apiUrl ?? BITBUCKET_API_URL);
    this.credential = options.credential;
    this.oauthTokenUrl =
      options.oauthTokenUrl ??
      (apiUrl === BITBUCKET_API_URL ? BITBUCKET_OAUTH_TOKEN_URL : `${apiUrl}${ROUTES.oauthToken}`);
    this.redactor.add(options.credential.secret);
    this.redactor.add(this.basicAuthorization());
    const hourlyLimit = options.hourlyRequestLimit ?? DEFAULT_HOURLY_REQUEST_LIMIT;
    this.pacers = {
      repositories: new RequestPacer({
        hourlyLimit,
        name: "Bitbucket repository data",
        spentElsewhere: options.spentElsewhere?.repositories,
      }),
      webhooks: new RequestPacer({
        hourlyLimit,
        name: "Bitbucket webhooks",
        spentElsewhere: options.spentElsewhere?.webhooks,
      }),
    };
    this.http = new HttpClient({
      baseUrl: apiUrl,
      baseUrlSetting: BITBUCKET_API_URL_SETTING,
      redactor: this.redactor,
      toError: bitbucketErrorMapper(options.credential.kind, this.redactor, apiUrl),
      authorize: () => this.authorization(),
      retry: options.retry,
      budget: options.budget,
      signal: options.signal,
      pacerFor: (request) => {
        const group = resourceGroupOf(request.route);
        return group && this.pacers[group];
      },
      failOnHourlyLimit: options.failOnHourlyLimit,
      log: options.log,
      userAgent: "devdynamics-bitbucket-cdktf",
    });
  }

  /** Requests sent, by `METHOD /route/{template}`, retries and OAuth token requests included. */
  get counter(): RequestCounter {
    return this.http.counter;
  }

  // --- workspace and permissions -----------------------------------------------------------------------------

  /** The caller's role in a workspace, with the workspace, the user and the granted scopes: one request. */
  async getWorkspacePermission(workspace: string, options: CallOptions = {}): Promise<WorkspacePermission> {
    const { data, headers } = await this.http.request<WireWorkspacePermission>({
      method: "GET",
      route: ROUTES.workspacePermission,
      params: { workspace },
      ...options,
    });
    return workspacePermissionFromWire(data, parseScopesHeader(headers["x-oauth-scopes"]));
  }

  /** The workspace, with the scopes granted (`X-OAuth-Scopes`); works for access tokens too. */
  async getWorkspace(workspace: string, options: CallOptions = {}): Promise<Workspace> {
    const { data, headers } = await this.http.request<WireWorkspace>({
      method: "GET",
      route: ROUTES.workspace,
      params: { workspace },
      ...options,
    });
    return workspaceFromWire(data, parseScopesHeader(headers["x-oauth-scopes"]));
  }

  // --- projects and repositories -----------------------------------------------------------------------------

  /**
   * The workspace's repositories, optionally only those of some projects, sorted by slug: ⌈N/100⌉ requests, with
   * the project filter done by Bitbucket (`q=`) and only the fields we use (`fields=`).
   */
  async listRepositories(
    workspace: string,
    filter: { projectKeys?: readonly string[] } = {},
    options: CallOptions = {},
  ): Promise<RepositorySummary[]> {
    const keys = filter.projectKeys ?? [];
    const values = await this.listAll<WireRepository>({
      method: "GET",
      route: ROUTES.repositories,
      params: { workspace },
      query: {
        pagelen: MAX_PAGELEN,
        sort: "slug",
        q: keys.length > 0 ? `project.key IN ${quotedList(keys)}` : undefined,
        fields: pageFields(REPOSITORY_FIELDS),
      },
      ...options,
    });
    return values.map(repositoryFromWire);
  }

  /**
   * Which of `slugs` are repositories of the workspace (that the credential can see): about ⌈N/50⌉ requests of
   * `q=slug IN (…)`, each asking for the slugs only, a few at a time.
   */
  async existingRepositories(
    workspace: string,
    slugs: readonly string[],
    options: CallOptions = {},
  ): Promise<Set<string>> {
    const found = new Set<string>();
    await forEachLimited(slugQueries([...new Set(slugs)]), LOOKUP_CONCURRENCY, async (chunk) => {
      const values = await this.listAll<Pick<WireRepository, "slug">>({
        method: "GET",
        route: ROUTES.repositories,
        params: { workspace },
        query: { pagelen: MAX_PAGELEN, q: `slug IN ${quotedList(chunk)}`, fields: pageFields(SLUG_FIELDS) },
        ...options,
      });
      for (const { slug } of values) found.add(slug);
    });
    return found;
  }

  /**
   * Which of `keys` are project keys of the workspace: the spec declares no `q` for the projects listing, so this
   * lists the keys, ⌈P/100⌉ requests for P projects (none when `keys` is empty).
   */
  async existingProjects(workspace: string, keys: readonly string[], options: CallOptions = {}): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const values = await this.listAll<WireProject>({
      method: "GET",
      route: ROUTES.projects,
      params: { workspace },
      query: { pagelen: MAX_PAGELEN, fields: pageFields(PROJECT_KEY_FIELDS) },
      ...options,
    });
    const existing = new Set(values.map((p) => p.key));
    return new Set(keys.filter((k) => existing.has(k)));
  }

  // --- webhooks ----------------------------------------------------------------------------------------------

  /** Every hook on a repository or workspace: one request for up to 100 hooks. */
  async listHooks(subject: HookSubject, options: CallOptions = {}): Promise<Hook[]> {
    const values = await this.listAll<WireHook>({
      method: "GET",
      ...hookRoute(subject, "collection"),
      query: { pagelen: MAX_PAGELEN },
      ...options,
    });
    return values.map(hookFromWire);
  }

  /** Not resent after a lost answer: `OutcomeUnknownError` then says the hook may exist (list before retrying). */
  async createHook(subject: HookSubject, input: HookInput, options: CallOptions = {}): Promise<Hook> {
    const { data } = await this.http.request<WireHook>({
      method: "POST",
      ...hookRoute(subject, "collection"),
      body: hookInputToWire(input),
      ...options,
    });
    return hookFromWire(data);
  }

  /** Updates a hook. `secret` is sent only when given: Bitbucket keeps the secret when the field is omitted. */
  async updateHook(subject: HookSubject, uuid: string, input: HookInput, options: CallOptions = {}): Promise<Hook> {
    const { data } = await this.http.request<WireHook>({
      method: "PUT",
      ...hookRoute(subject, "item", uuid),
      body: hookInputToWire(input),
      ...options,
    });
    return hookFromWire(data);
  }

  /** Deletes a hook; false when it was already gone. */
  async deleteHook(subject: HookSubject, uuid: string, options: CallOptions = {}): Promise<boolean> {
    try {
      await this.http.request({ method: "DELETE", ...hookRoute(subject, "item", uuid), ...options });
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  // --- plumbing ----------------------------------------------------------------------------------------------

  /** Follows `next` links (opaque: they already carry our query) until the last page. */
  private async listAll<T>(first: HttpRequest): Promise<T[]> {
    const values: T[] = [];
    let request: HttpRequest | undefined = first;
    while (request) {
      const { data }: { data: WirePage<T> } = await this.http.request<WirePage<T>>(request);
      values.push(...data.values);
      request = data.next ? { ...first, url: data.next, query: undefined } : undefined;
    }
    return values;
  }

  private basicAuthorization(): string {
    const { username, secret } = this.credential;
    return `Basic ${Buffer.from(`${username}:${secret}`).toString("base64")}`;
  }

  private async authorization(): Promise<Record<string, string>> {
    switch (credentialKind(this.credential.kind).authorization) {
      case "basic":
        return { Authorization: this.basicAuthorization() };
      case "bearer":
        return { Authorization: `Bearer ${this.credential.secret}` };
      case "oauth_client_credentials":
        return { Authorization: `Bearer ${await this.currentOAuthToken()}` };
    }
  }

  /** One token request shared by concurrent callers, renewed shortly before it expires. */
  private async currentOAuthToken(): Promise<string> {
    const cached = this.oauthToken && (await this.oauthToken.catch(() => undefined));
    if (!cached || cached.expiresAt - TOKEN_REFRESH_MARGIN_MS <= Date.now()) {
      this.oauthToken = this.requestOAuthToken();
      this.oauthToken.catch(() => undefined);
    }
    return (await this.oauthToken!).token;
  }

  private async requestOAuthToken(): Promise<{ token: string; expiresAt: number }> {
    const { data } = await this.http
      .request<WireOAuthToken>({
        method: "POST",
        route: ROUTES.oauthToken,
        url: this.oauthTokenUrl,
        urlSetting: BITBUCKET_OAUTH_TOKEN_URL_SETTING,
        form: { grant_type: "client_credentials" },
        headers: { Authorization: this.basicAuthorization() },
        skipAuthorization: true,
        // Asking for a token changes nothing, so resending it is safe.
        idempotent: true,
      })
      .catch((error: unknown) => {
        // No token endpoint there means a wrong URL, not a missing workspace or repository (nor a wrong API URL).
        if (error instanceof ApiError && error.status === 404)
          throw endpointNotFoundError(this.oauthTokenUrl, BITBUCKET_OAUTH_TOKEN_URL_SETTING, error.route);
        throw error;
      });
    this.redactor.add(data.access_token);
    return { token: data.access_token, expiresAt: Date.now() + data.expires_in * 1000 };
  }
}

/** The route and parameters of a subject's hooks, or of one of them. */
function hookRoute(
  subject: HookSubject,
  which: "collection" | "item",
  uid?: string,
): Pick<HttpRequest, "route" | "params"> {
  const onRepository = subject.repository !== undefined;
  const route =
    which === "collection"
      ? onRepository
        ? ROUTES.repositoryHooks
        : ROUTES.workspaceHooks
      : onRepository
        ? ROUTES.repositoryHook
        : ROUTES.workspaceHook;
  return {
    route,
    params: {
      workspace: subject.workspace,
      ...(onRepository ? { repo_slug: subject.repository! } : {}),
      ...(uid !== undefined ? { uid } : {}),
    },
  };
}

/** `("a","b")`: a `q=` list of strings. */
function quotedList(values: readonly string[]): string {
  return `(${values.map((v) => JSON.stringify(v)).join(",")})`;
}

/** Splits slugs into `IN` lists short enough for a URL. */
function slugQueries(slugs: readonly string[]): string[][] {
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let chars = 0;
  for (const slug of slugs) {
    const cost = encodeURIComponent(JSON.stringify(slug)).length + 3; // and an encoded comma
    if (chunk.length === MAX_SLUGS_PER_QUERY || (chunk.length > 0 && chars + cost > MAX_QUERY_CHARS)) {
      chunks.push(chunk);
      chunk = [];
      chars = 0;
    }
    chunk.push(slug);
    chars += cost;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** Runs `work` on every item, at most `limit` at a time; the first failure rejects. */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
