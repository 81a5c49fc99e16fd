import { providerEnvironment } from "./environment";
import type { Sandbox } from "./index";
import type { SeedCredential } from "./seed";

export interface HandOffOptions {
  /** The seeded credential whose environment variables to print (default `owner-api-token`, else the first). */
  readonly credential?: string;
  /** Print secrets (tokens, the OAuth client secret, the DevDynamics API key) instead of placeholders. */
  readonly showSecrets?: boolean;
}

/** The credential `npm run sandbox` hands off when none is named. */
export const DEFAULT_HAND_OFF_CREDENTIAL = "owner-api-token";

const SHOW_SECRETS = "npm run sandbox -- --show-secrets";

/**
 * What `npm run sandbox` prints: ready-to-paste `export` lines that point the provider, `npm start` and the examples
 * at the sandbox as one seeded credential (API origins, as the provider expects them: no `/2.0`, no `/v1`), then the
 * workspaces and every credential. Secret values become commented placeholders unless `showSecrets` is set.
 */
export function describeSandbox(sandbox: Sandbox, options: HandOffOptions = {}): string {
  const { bitbucket, devdynamics } = sandbox;
  const credential = handOffCredential(bitbucket.state.credentials, options.credential);
  const secrets = new Set([...bitbucket.state.credentials.map(secretOf), ...devdynamics.apiKeys()]);
  const environment = Object.entries({
    ...providerEnvironment(sandbox, credential.id),
    BITBUCKET_WORKSPACE: workspaceOf(sandbox, credential),
  });
  // Plain values first, then secrets: without --show-secrets those are placeholders that say how to get them.
  const exports = [
    ...environment.filter(([, value]) => !secrets.has(value)),
    ...environment.filter(([, value]) => secrets.has(value)),
  ].map(([name, value]) =>
    secrets.has(value) && !options.showSecrets
      ? `# export ${name}=…   (a secret: \`${SHOW_SECRETS}\` prints it)`
      : `export ${name}=${shellQuoted(value)}`,
  );
  const lines = [
    `# Bitbucket Cloud and DevDynamics simulators on loopback, as credential ${credential.id}. Paste into a shell:`,
    ...exports,
    "",
    `Bitbucket Cloud API   ${bitbucket.url}/2.0/…   (OAuth tokens: ${bitbucket.oauthTokenUrl})`,
    `DevDynamics API       ${devdynamics.url}/v1/…`,
    `Admin routes          ${bitbucket.url}/_sandbox/{events,deliveries,log,faults,rate-limit,clock,request-counts}`,
    `                      ${devdynamics.url}/_sandbox/{events,integrations,log,faults}`,
    `Rate limit            ${bitbucket.rateLimiter.budget("repository")} repository-data and ${bitbucket.rateLimiter.budget("webhooks")} webhook requests per hour, per user (API tokens), access token or OAuth consumer`,
    "",
  ];
  for (const w of bitbucket.state.workspaces.values()) {
    const members = [...w.members].map(([nickname, role]) => `${nickname} (${role})`).join(", ");
    lines.push(
      `workspace ${w.slug}: ${w.projects.length} projects, ${w.repositories.size} repositories, members ${members}`,
    );
  }
  lines.push("", "credentials (hand off another with --credential <id>):");
  for (const c of bitbucket.state.credentials) {
    lines.push(`  ${c.id.padEnd(36)} ${c.kind.padEnd(15)} ${describeCredential(sandbox, c)}`);
  }
  lines.push(`DevDynamics: ${devdynamics.apiKeys().length} API key(s)`);
  if (!options.showSecrets) lines.push("", `Secrets are hidden: \`${SHOW_SECRETS}\` prints them.`);
  lines.push("", "Ctrl-C stops the sandbox and prints the request counts.");
  return lines.join("\n");
}

/** The credential to hand off; an unknown id is an error that lists the known ones. */
export function handOffCredential(credentials: readonly SeedCredential[], id: string | undefined): SeedCredential {
  const found = id
    ? credentials.find((c) => c.id === id)
    : (credentials.find((c) => c.id === DEFAULT_HAND_OFF_CREDENTIAL) ?? credentials[0]);
  if (!found)
    throw new Error(`No credential ${id ?? ""} in the seed. Choose one of: ${credentials.map((c) => c.id).join(", ")}`);
  return found;
}

function secretOf(c: SeedCredential): string {
  switch (c.kind) {
    case "api_token":
    case "access_token":
      return c.token;
    case "oauth_consumer":
      return c.clientSecret;
    case "app_password":
      return c.password;
  }
}

/** The workspace an access token is bound to; for the others the seed's first workspace. */
function workspaceOf(sandbox: Sandbox, c: SeedCredential): string {
  return c.kind === "access_token" ? c.workspace : [...sandbox.bitbucket.state.workspaces.keys()][0];
}

/** Who a credential is, with its user's email (not a secret: API tokens authenticate with it), and its scopes. */
function describeCredential(sandbox: Sandbox, c: SeedCredential): string {
  const scopes = `scopes=${c.scopes.join(",")}`;
  if (c.kind === "access_token")
    return `bound to ${[c.workspace, c.project, c.repository].filter(Boolean).join("/")} ${scopes}`;
  const user = `${c.user} <${sandbox.bitbucket.state.users.get(c.user)?.email ?? "no such user"}>`;
  switch (c.kind) {
    case "api_token":
      return `${user} ${scopes}`;
    case "oauth_consumer":
      return `${user} client_id=${c.clientId} ${scopes}`;
    case "app_password":
      return `${user} (retired: Bitbucket answers 401)`;
  }
}

/** A value as a POSIX shell word: bare when it is safe, else single-quoted. */
function shellQuoted(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
