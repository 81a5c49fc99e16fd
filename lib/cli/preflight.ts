import {
  BitbucketClient,
  BitbucketCredential,
  checkCredential,
  CredentialError,
  looksLikeSecret,
  CredentialProblem,
  CredentialReport,
  devDynamicsScopes,
  parseCredential,
  WebhookSubject,
  workspaceIdProblem,
} from "../bitbucket";
import { DevDynamicsClient } from "../devdynamics";
import { credentialFieldSetting, credentialInputsFrom } from "../bitbucket/credential-kinds";
import { PROVIDER_SETTINGS } from "../provider/settings";
import { ApiError, Redactor } from "../http";

/** The environment variable the provider reads for one of its settings (lib/provider/settings.ts). */
function variableOf(setting: keyof typeof PROVIDER_SETTINGS.attributes): string {
  return PROVIDER_SETTINGS.attributes[setting].env;
}

export type CheckStatus = "passed" | "failed" | "skipped";
export type CheckId = "credential" | "authentication" | "scopes" | "workspace_permission" | "devdynamics_api_key";

export interface PreflightCheck {
  readonly id: CheckId;
  readonly name: string;
  readonly status: CheckStatus;
  /** What was found; for a skipped check, why it could not run. */
  readonly detail: string;
  /** What to do about it; only on failed checks. */
  readonly fix?: string;
}

export interface PreflightReport {
  readonly workspace: string;
  readonly webhookSubject: WebhookSubject;
  /** True when every check passed. */
  readonly passed: boolean;
  readonly checks: readonly PreflightCheck[];
  /** Bitbucket requests sent, an OAuth consumer's token request included. */
  readonly bitbucketRequests: number;
}

export interface PreflightOptions {
  /** Bitbucket Workspace ID (slug). */
  readonly workspace: string;
  /** `workspace`: one workspace webhook, needs the workspace owner; `repository`: a webhook per repository. */
  readonly webhookSubject: WebhookSubject;
  /** Where the provider's variables are read from, usually `process.env`. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The workspace given is not a Workspace ID; nothing was sent. */
export class InvalidWorkspaceError extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = "InvalidWorkspaceError";
  }
}

const NAMES: Readonly<Record<CheckId, string>> = {
  credential: "Bitbucket credential recognised",
  authentication: "Bitbucket accepts the credential",
  scopes: "Scopes DevDynamics needs",
  workspace_permission: "Workspace permission",
  devdynamics_api_key: "DevDynamics API key",
};

/**
 * Runs the checks of the provider's plan-time data sources without Terraform: the credential as `parseCredential`
 * reads it (nothing is sent for a malformed or retired one), `checkCredential` (1 Bitbucket request, 2 for an OAuth
 * consumer) and the DevDynamics key (`GET /v1/me`). Every problem is reported at once; no secret is in the report.
 */
export async function runPreflight(options: PreflightOptions): Promise<PreflightReport> {
  const problem = workspaceIdProblem(options.workspace);
  if (problem) throw new InvalidWorkspaceError(problem);
  // Pipelines often pass unset variables as empty strings: treat those as unset.
  const env = (name: string) => options.env[name] || undefined;

  const recognised = recogniseCredential(env);
  const client =
    recognised.credential &&
    new BitbucketClient({
      credential: recognised.credential,
      apiUrl: env(variableOf("bitbucket_api_url")),
      oauthTokenUrl: env(variableOf("bitbucket_oauth_token_url")),
    });
  const [bitbucket, devdynamics] = await Promise.all([
    client ? checkBitbucket(client, options) : notChecked("the Bitbucket credential is not recognised"),
    checkDevDynamicsKey(env),
  ]);

  const redactor = new Redactor();
  for (const setting of Object.values(PROVIDER_SETTINGS.attributes)) {
    const value = env(setting.env);
    if (value && (("sensitive" in setting && setting.sensitive) || looksLikeSecret(value))) redactor.add(value);
  }
  const checks = [recognised.check, ...bitbucket, devdynamics].map((c) => ({
    ...c,
    detail: redactor.redact(c.detail),
    ...(c.fix === undefined ? {} : { fix: redactor.redact(c.fix) }),
  }));
  return {
    workspace: options.workspace,
    webhookSubject: options.webhookSubject,
    passed: checks.every((c) => c.status === "passed"),
    checks,
    bitbucketRequests: client?.counter.total() ?? 0,
  };
}

function recogniseCredential(env: (name: string) => string | undefined): {
  check: PreflightCheck;
  credential?: BitbucketCredential;
} {
  try {
    const credential = parseCredential(credentialInputsFrom((setting) => env(setting.env)));
    return { check: passed("credential", credential.label), credential };
  } catch (error) {
    if (!(error instanceof CredentialError)) throw error;
    // Name the variable to change, when one input is at fault.
    const field = error.field;
    const variable = field === "credential" ? undefined : credentialFieldSetting(field).env;
    const detail = error.problem;
    return { check: failed("credential", variable ? `${variable}: ${detail}` : detail, error.fix) };
  }
}

async function checkBitbucket(client: BitbucketClient, options: PreflightOptions): Promise<PreflightCheck[]> {
  let report: CredentialReport;
  try {
    report = await checkCredential(client, { workspace: options.workspace, webhookSubject: options.webhookSubject });
  } catch (error) {
    // Answers checkCredential cannot judge (network, 5xx, rate limit): the credential is neither good nor bad yet.
    if (!(error instanceof ApiError)) throw error;
    return [
      failed("authentication", error.problem, error.fix ?? "Re-run the check."),
      ...notChecked("the Bitbucket request failed", AFTER_AUTHENTICATION),
    ];
  }
  const of = (...codes: CredentialProblem["code"][]) => report.problems.filter((p) => codes.includes(p.code));
  const rejected = of("authentication_failed");
  if (rejected.length > 0) {
    return [
      fromProblems("authentication", rejected),
      ...notChecked("Bitbucket did not accept the credential", AFTER_AUTHENTICATION),
    ];
  }
  // Without the workspace in the answer the request failed, so what it would have shown is unknown.
  const answered = report.workspaceUuid !== undefined;
  const missing = of("missing_scope");
  const permission = of("workspace_not_found", "not_workspace_owner", "no_user_identity");
  return [
    passed("authentication", report.account ? `acts as ${report.account}` : `the ${client.credential.label} is valid`),
    missing.length > 0
      ? fromProblems("scopes", missing)
      : answered
        ? passed("scopes", `holds all ${devDynamicsScopes(report.credentialKind).length} required scopes`)
        : skipped("scopes", "not checked: the workspace could not be read"),
    permission.length > 0
      ? fromProblems("workspace_permission", permission)
      : answered
        ? passed("workspace_permission", permissionDetail(report, options))
        : skipped("workspace_permission", "not checked: Bitbucket refused the request for missing scopes"),
  ];
}

function permissionDetail(report: CredentialReport, options: PreflightOptions): string {
  const who = report.permission
    ? `${report.account} is ${report.permission} of workspace ${options.workspace}`
    : `the access token reaches workspace ${options.workspace}`;
  return options.webhookSubject === "workspace"
    ? `${who}: may create the workspace webhook`
    : `${who}: DevDynamics may read it; repository admin is checked by each repository webhook at apply`;
}

const BITBUCKET_CHECKS: readonly CheckId[] = ["authentication", "scopes", "workspace_permission"];
const AFTER_AUTHENTICATION: readonly CheckId[] = ["scopes", "workspace_permission"];

/** Bitbucket checks that could not run because an earlier step failed. */
function notChecked(reason: string, ids = BITBUCKET_CHECKS): PreflightCheck[] {
  return ids.map((id) => skipped(id, `not checked: ${reason}`));
}

async function checkDevDynamicsKey(env: (name: string) => string | undefined): Promise<PreflightCheck> {
  const apiUrl = env(variableOf("devdynamics_api_url"));
  const apiKey = env(variableOf("devdynamics_api_key"));
  if (!apiUrl) return failed("devdynamics_api_key", "DevDynamics API URL missing.", "Set DEVDYNAMICS_API_URL.");
  if (!apiKey) {
    return failed(
      "devdynamics_api_key",
      "DevDynamics API key missing.",
      "Set DEVDYNAMICS_API_KEY (Settings → API keys in DevDynamics).",
    );
  }
  try {
    const organization = await new DevDynamicsClient({ apiUrl, apiKey }).getOrganization();
    return passed("devdynamics_api_key", `belongs to ${organization.name} (${organization.id})`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return failed("devdynamics_api_key", error.problem, error.fix ?? "Re-run the check.");
  }
}

function fromProblems(id: CheckId, problems: readonly CredentialProblem[]): PreflightCheck {
  return failed(id, problems.map((p) => p.message).join(" "), [...new Set(problems.map((p) => p.fix))].join(" "));
}

function passed(id: CheckId, detail: string): PreflightCheck {
  return { id, name: NAMES[id], status: "passed", detail };
}

function failed(id: CheckId, detail: string, fix: string): PreflightCheck {
  return { id, name: NAMES[id], status: "failed", detail, fix };
}

function skipped(id: CheckId, detail: string): PreflightCheck {
  return { id, name: NAMES[id], status: "skipped", detail };
}
