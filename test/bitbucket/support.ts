import { BitbucketClient, BitbucketClientOptions, BitbucketCredential, parseCredential } from "../../lib/bitbucket";
import type { RetryPolicy } from "../../lib/http";
import type { Sandbox } from "../../lib/sandbox";
import { seedCredential } from "../support/sandbox";

export const FAST_RETRY: RetryPolicy = { deadlineMs: 5_000, baseDelayMs: 5, maxDelayMs: 20 };

/** A seeded credential as the product's credential (a retired app password throws, as it does for users). */
export function credentialFor(sandbox: Sandbox, id: string): BitbucketCredential {
  const c = seedCredential(sandbox, id);
  switch (c.kind) {
    case "api_token":
      return BitbucketCredential.apiToken(sandbox.bitbucket.state.users.get(c.user)!.email, c.token);
    case "access_token":
      return BitbucketCredential.accessToken(c.token);
    case "oauth_consumer":
      return BitbucketCredential.oauthClientCredentials(c.clientId, c.clientSecret);
    case "app_password":
      // Pasted where the retired guide's username + password went: as an API token with its user's email.
      return parseCredential({ email: sandbox.bitbucket.state.users.get(c.user)!.email, apiToken: c.password });
  }
}

/** The product's client, authenticated as a seeded credential, with fast retries; `log` collects its lines. */
export function clientFor(
  sandbox: Sandbox,
  id: string,
  options: Partial<BitbucketClientOptions> & { lines?: string[] } = {},
): BitbucketClient {
  const { lines, ...overrides } = options;
  return new BitbucketClient({
    credential: credentialFor(sandbox, id),
    apiUrl: sandbox.bitbucket.url,
    retry: FAST_RETRY,
    log: lines ? (level, line) => lines.push(`${level} ${line}`) : undefined,
    ...overrides,
  });
}

/** Every secret of the seed, to check that none leaks. */
export function secretsOf(sandbox: Sandbox): string[] {
  return sandbox.bitbucket.state.credentials.map((c) =>
    c.kind === "api_token" || c.kind === "access_token"
      ? c.token
      : c.kind === "oauth_consumer"
        ? c.clientSecret
        : c.password,
  );
}
