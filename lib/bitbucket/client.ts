import { HttpClient, HttpRequest, HttpResponse, LogLevel, Redactor, RequestBudget, RetryPolicy } from "../http";
import type { BitbucketCredential } from "./credentials";
import { bitbucketErrorMapper, NotFoundError } from "./errors";
import { parseScopesHeader } from "./scopes";

export const BITBUCKET_API_URL = "https://api.bitbucket.org";
export const BITBUCKET_OAUTH_TOKEN_URL = "https://bitbucket.org/site/oauth2/access_token";

/** Page sizes: Bitbucket allows 100 items a page, 50 for pull requests (bitbucket-cloud.md §4.1). */
const MAX_PAGELEN = 100;
const MAX_PULL_REQUEST_PAGELEN = 50;
/** Refresh OAuth tokens this long before they expire, so no request is sent with a dying token. */
const TOKEN_REFRESH_MARGIN_MS = 60_000;

export interface BitbucketClientOptions {
  readonly credential: BitbucketCredential;
  /** API origin; default `https://api.bitbucket.org`. */
  readonly apiUrl?: string;
  /** Default: Bitbucket's own for the default API URL, else `<apiUrl>/site/oauth2/access_token`. */
  readonly oauthTokenUrl?: string;
  readonly retry?: RetryPolicy;
  readonly budget?: RequestBudget;
  readonly log?: (level: LogLevel, message: string) => void;
}

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

export interface WorkspacePermission {
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

interface Page<T> {
  readonly values: T[];
  readonly next?: string;
}

type WireHook = {
  uuid: string;
  url: string;
  description?: string;
  events: string[];
  active: boolean;
  secret_set?: boolean;
  skip_cert_verification?: boolean;
};

/**
 * Bitbucket Cloud REST API 2.0, only the endpoints DevDynamics needs, never the removed ones. Every request goes
 * through lib/http: counted by route, within the budget, retried with backoff, failures typed without secrets.
 */
export class BitbucketClient {
  readonly http: HttpClient;
  readonly credential: BitbucketCredential;
  private readonly oauthTokenUrl: string;
  private oauthToken?: Promise<{ token: string; expiresAt: number }>;

  constructor(options: BitbucketClientOptions) {
    const apiUrl = (options.apiUrl ?? BITBUCKET_API_URL).replace(/\/+$/, "");
    this.credential = options.credential;
    this.oauthTokenUrl =
      options.oauthTokenUrl ??
      (apiUrl === BITBUCKET_API_URL ? BITBUCKET_OAUTH_TOKEN_URL : `${apiUrl}/site/oauth2/access_token`);
    const redactor = new Redactor();
    redactor.add(options.credential.secret);
    redactor.add(this.basicAuthorization());
    this.http = new HttpClient({
      baseUrl: apiUrl,
      redactor,
      toError: bitbucketErrorMapper(options.credential.kind, redactor),
      authorize: () => this.authorization(redactor),
      retry: options.retry,
      budget: options.budget,
      log: options.log,
      userAgent: "devdynamics-bitbucket-cdktf",
    });
  }

  get counter() {
    return this.http.counter;
  }

  // --- identity and permissions ------------------------------------------------------------------------------

  async getCurrentUser(): Promise<Account> {
    const { data } = await this.get<WireAccount>("/2.0/user");
    return account(data);
  }

  async listEmails(): Promise<{ email: string; isPrimary: boolean; isConfirmed: boolean }[]> {
    const values = await this.listAll<{ email: string; is_primary: boolean; is_confirmed: boolean }>({
      method: "GET",
      route: "/2.0/user/emails",
      query: { pagelen: MAX_PAGELEN },
    });
    return values.map((e) => ({ email: e.email, isPrimary: e.is_primary, isConfirmed: e.is_confirmed }));
  }

  async listUserWorkspaces(): Promise<{ workspace: WorkspaceRef; administrator: boolean }[]> {
    const values = await this.listAll<{ administrator: boolean; workspace: WorkspaceRef }>({
      method: "GET",
      route: "/2.0/user/workspaces",
      query: { pagelen: MAX_PAGELEN },
    });
    return values.map((v) => ({
      workspace: { uuid: v.workspace.uuid, slug: v.workspace.slug },
      administrator: v.administrator,
    }));
  }

  /** The caller's role in a workspace, with the workspace, the user and the granted scopes: one request. */
  async getWorkspacePermission(workspace: string): Promise<WorkspacePermission> {
    const { data, headers } = await this.get<{ permission: string; user: WireAccount; workspace: WorkspaceRef }>(
      "/2.0/user/workspaces/{workspace}/permission",
      { workspace },
    );
    return {
      permission: data.permission,
      user: account(data.user),
      workspace: { uuid: data.workspace.uuid, slug: data.workspace.slug },
      grantedScopes: parseScopesHeader(headers["x-oauth-scopes"]),
    };
  }

  async listRepositoryPermissions(workspace: string): Promise<{ repository: string; permission: string }[]> {
    const values = await this.listAll<{ permission: string; repository: { full_name: string } }>({
      method: "GET",
      route: "/2.0/user/workspaces/{workspace}/permissions/repositories",
      params: { workspace },
      query: { pagelen: MAX_PAGELEN, fields: "next,values.permission,values.repository.full_name" },
    });
    return values.map((v) => ({ repository: v.repository.full_name.split("/")[1], permission: v.permission }));
  }

  /** The workspace, with the scopes granted (`X-OAuth-Scopes`); works for access tokens too. */
  async getWorkspace(workspace: string): Promise<WorkspaceRef & { name: string; grantedScopes: string[] }> {
    const { data, headers } = await this.get<{ uuid: string; slug: string; name: string }>(
      "/2.0/workspaces/{workspace}",
      {
        workspace,
      },
    );
    return {
      uuid: data.uuid,
      slug: data.slug,
      name: data.name,
      grantedScopes: parseScopesHeader(headers["x-oauth-scopes"]),
    };
  }

  // --- projects, repositories, pull requests -----------------------------------------------------------------

  async listProjects(workspace: string): Promise<{ key: string; name: string; uuid: string }[]> {
    return this.listAll({
      method: "GET",
      route: "/2.0/workspaces/{workspace}/projects",
      params: { workspace },
      query: { pagelen: MAX_PAGELEN, fields: "next,values.key,values.name,values.uuid" },
    });
  }

  /**
   * The workspace's repositories, optionally only those of some projects, sorted by slug: ⌈N/100⌉ requests, with
   * the project filter done by Bitbucket (`q=`) and only the fields we use (`fields=`).
   */
  async listRepositories(
    workspace: string,
    filter: { projectKeys?: readonly string[] } = {},
  ): Promise<RepositorySummary[]> {
    const keys = filter.projectKeys ?? [];
    const values = await this.listAll<{
      slug: string;
      name: string;
      uuid: string;
      full_name: string;
      project: { key: string };
    }>({
      method: "GET",
      route: "/2.0/repositories/{workspace}",
      params: { workspace },
      query: {
        pagelen: MAX_PAGELEN,
        sort: "slug",
        q: keys.length > 0 ? keys.map((k) => `project.key=${JSON.stringify(k)}`).join(" OR ") : undefined,
        fields: "next,values.slug,values.name,values.uuid,values.full_name,values.project.key",
      },
    });
    return values.map((r) => ({
      slug: r.slug,
      name: r.name,
      uuid: r.uuid,
      fullName: r.full_name,
      projectKey: r.project.key,
    }));
  }

  async getRepository(workspace: string, repository: string): Promise<RepositorySummary> {
    const { data: r } = await this.get<{
      slug: string;
      name: string;
      uuid: string;
      full_name: string;
      project: { key: string };
    }>(
      "/2.0/repositories/{workspace}/{repo_slug}",
      { workspace, repo_slug: repository },
      { fields: "slug,name,uuid,full_name,project.key" },
    );
    return { slug: r.slug, name: r.name, uuid: r.uuid, fullName: r.full_name, projectKey: r.project.key };
  }

  async listPullRequests(
    workspace: string,
    repository: string,
  ): Promise<{ id: number; title: string; state: string }[]> {
    return this.listAll({
      method: "GET",
      route: "/2.0/repositories/{workspace}/{repo_slug}/pullrequests",
      params: { workspace, repo_slug: repository },
      query: { pagelen: MAX_PULL_REQUEST_PAGELEN, fields: "next,values.id,values.title,values.state" },
    });
  }

  // --- webhooks ----------------------------------------------------------------------------------------------

  /** Every hook on a repository or workspace: one request for up to 100 hooks. */
  async listHooks(subject: HookSubject): Promise<Hook[]> {
    const values = await this.listAll<WireHook>({
      method: "GET",
      route: hooksRoute(subject),
      params: hookParams(subject),
      query: { pagelen: MAX_PAGELEN },
    });
    return values.map(hook);
  }

  /** The hook, or undefined when it is gone. */
  async getHook(subject: HookSubject, uuid: string): Promise<Hook | undefined> {
    try {
      const { data } = await this.get<WireHook>(`${hooksRoute(subject)}/{uid}`, { ...hookParams(subject), uid: uuid });
      return hook(data);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async createHook(subject: HookSubject, input: HookInput): Promise<Hook> {
    const { data } = await this.http.request<WireHook>({
      method: "POST",
      route: hooksRoute(subject),
      params: hookParams(subject),
      body: hookBody(input),
    });
    return hook(data);
  }

  /** Updates a hook. `secret` is sent only when given: Bitbucket keeps the secret when the field is omitted. */
  async updateHook(subject: HookSubject, uuid: string, input: HookInput): Promise<Hook> {
    const { data } = await this.http.request<WireHook>({
      method: "PUT",
      route: `${hooksRoute(subject)}/{uid}`,
      params: { ...hookParams(subject), uid: uuid },
      body: hookBody(input),
    });
    return hook(data);
  }

  /** Deletes a hook; false when it was already gone. */
  async deleteHook(subject: HookSubject, uuid: string): Promise<boolean> {
    try {
      await this.http.request({
        method: "DELETE",
        route: `${hooksRoute(subject)}/{uid}`,
        params: { ...hookParams(subject), uid: uuid },
      });
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }

  /** The event keys a subject's hooks may subscribe to (a public endpoint). */
  async listHookEvents(subjectType: "repository" | "workspace"): Promise<string[]> {
    const values = await this.listAll<{ event: string }>({
      method: "GET",
      route: "/2.0/hook_events/{subject_type}",
      params: { subject_type: subjectType },
      query: { pagelen: MAX_PAGELEN },
      skipAuthorization: true,
    });
    return values.map((e) => e.event);
  }

  // --- plumbing ----------------------------------------------------------------------------------------------

  private get<T>(
    route: string,
    params?: Record<string, string>,
    query?: HttpRequest["query"],
  ): Promise<HttpResponse<T>> {
    return this.http.request<T>({ method: "GET", route, params, query });
  }

  /** Follows `next` links (opaque: they already carry our query) until the last page. */
  private async listAll<T>(first: HttpRequest): Promise<T[]> {
    const values: T[] = [];
    let request: HttpRequest | undefined = first;
    while (request) {
      const { data }: HttpResponse<Page<T>> = await this.http.request<Page<T>>(request);
      values.push(...data.values);
      request = data.next
        ? { method: first.method, route: first.route, url: data.next, skipAuthorization: first.skipAuthorization }
        : undefined;
    }
    return values;
  }

  private basicAuthorization(): string {
    const { username, secret } = this.credential;
    return `Basic ${Buffer.from(`${username}:${secret}`).toString("base64")}`;
  }

  private async authorization(redactor: Redactor): Promise<Record<string, string>> {
    switch (this.credential.kind) {
      case "api_token":
        return { Authorization: this.basicAuthorization() };
      case "access_token":
        return { Authorization: `Bearer ${this.credential.secret}` };
      case "oauth_client_credentials": {
        const token = await this.currentOAuthToken(redactor);
        return { Authorization: `Bearer ${token}` };
      }
    }
  }

  /** One token request shared by concurrent callers, renewed shortly before it expires. */
  private async currentOAuthToken(redactor: Redactor): Promise<string> {
    const cached = this.oauthToken && (await this.oauthToken.catch(() => undefined));
    if (!cached || cached.expiresAt - TOKEN_REFRESH_MARGIN_MS <= Date.now()) {
      this.oauthToken = this.requestOAuthToken(redactor);
      this.oauthToken.catch(() => undefined);
    }
    return (await this.oauthToken!).token;
  }

  private async requestOAuthToken(redactor: Redactor): Promise<{ token: string; expiresAt: number }> {
    const { data } = await this.http.request<{ access_token: string; expires_in: number }>({
      method: "POST",
      route: "/site/oauth2/access_token",
      url: this.oauthTokenUrl,
      form: { grant_type: "client_credentials" },
      headers: { Authorization: this.basicAuthorization() },
      skipAuthorization: true,
      // Asking for a token changes nothing, so resending it is safe.
      idempotent: true,
    });
    redactor.add(data.access_token);
    return { token: data.access_token, expiresAt: Date.now() + data.expires_in * 1000 };
  }
}

interface WireAccount {
  uuid: string;
  account_id?: string;
  nickname?: string;
  display_name: string;
}

function account(a: WireAccount): Account {
  return { uuid: a.uuid, accountId: a.account_id, nickname: a.nickname, displayName: a.display_name };
}

function hooksRoute(subject: HookSubject): string {
  return subject.repository === undefined
    ? "/2.0/workspaces/{workspace}/hooks"
    : "/2.0/repositories/{workspace}/{repo_slug}/hooks";
}

function hookParams(subject: HookSubject): Record<string, string> {
  return subject.repository === undefined
    ? { workspace: subject.workspace }
    : { workspace: subject.workspace, repo_slug: subject.repository };
}

function hookBody(input: HookInput): Record<string, unknown> {
  return {
    url: input.url,
    description: input.description,
    events: [...input.events],
    active: input.active,
    skip_cert_verification: input.skipCertVerification,
    ...(input.secret !== undefined ? { secret: input.secret } : {}),
  };
}

function hook(h: WireHook): Hook {
  return {
    uuid: h.uuid,
    url: h.url,
    description: h.description ?? "",
    events: h.events,
    active: h.active,
    secretSet: h.secret_set ?? false,
    skipCertVerification: h.skip_cert_verification ?? false,
  };
}
