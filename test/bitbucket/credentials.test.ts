import { inspect } from "node:util";
import {
  BitbucketCredential,
  CredentialError,
  DEVDYNAMICS_GRANULAR_SCOPES,
  missingScopes,
  parseCredential,
  parseScopesHeader,
  signWebhookBody,
  verifyWebhookSignature,
} from "../../lib/bitbucket";

const API_TOKEN = "ATATT3xFfGF0abcdefghijklmnopqrstuvwxyz0123456789=0A1B2C3D";
const ACCESS_TOKEN = "ATCTT3xFfGF0abcdefghijklmnopqrstuvwxyz0123456789=0A1B2C3D";
const APP_PASSWORD = "ATBB" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4";

function fails(inputs: Parameters<typeof parseCredential>[0]): CredentialError {
  try {
    parseCredential(inputs);
  } catch (error) {
    expect(error).toBeInstanceOf(CredentialError);
    return error as CredentialError;
  }
  throw new Error("expected a CredentialError");
}

describe("parseCredential", () => {
  it("infers each kind from what is set", () => {
    expect(parseCredential({ email: "ci@acme.example", apiToken: API_TOKEN }).kind).toBe("api_token");
    expect(parseCredential({ accessToken: ACCESS_TOKEN }).kind).toBe("access_token");
    expect(parseCredential({ oauthClientId: "key", oauthClientSecret: "secret-value" }).kind).toBe(
      "oauth_client_credentials",
    );
  });

  it("refuses an app password, saying when they were removed and which API-token scopes to pick", () => {
    for (const error of [
      fails({ email: "ci@acme.example", apiToken: APP_PASSWORD }),
      fails({ accessToken: APP_PASSWORD }),
    ]) {
      expect(error.message).toContain("2026-07-28");
      for (const scope of DEVDYNAMICS_GRANULAR_SCOPES) expect(error.message).toContain(scope);
      expect(error.message).not.toContain(APP_PASSWORD);
    }
  });

  it("names each mix-up with its own fix", () => {
    expect(fails({ apiToken: API_TOKEN })).toMatchObject({
      field: "email",
      message: expect.stringMatching(/account email/),
    });
    expect(fails({ email: "sam", apiToken: API_TOKEN }).message).toMatch(/looks like a Bitbucket username/);
    expect(fails({ email: "sam@", apiToken: API_TOKEN }).message).toMatch(/not a well-formed email/);
    expect(fails({ email: "ci@acme.example", apiToken: ACCESS_TOKEN }).message).toMatch(/access token \(ATCTT…\)/);
    expect(fails({ accessToken: API_TOKEN }).message).toMatch(/Atlassian API token \(ATATT…\)/);
    expect(fails({ accessToken: ACCESS_TOKEN, oauthClientId: "key", oauthClientSecret: "s" }).message).toMatch(
      /Several/,
    );
    expect(fails({ oauthClientId: "key" }).field).toBe("oauth_client_secret");
    expect(fails({}).message).toMatch(/No Bitbucket credential/);
  });

  it("never shows the secret in its label, string, JSON or inspection", () => {
    const credential = BitbucketCredential.apiToken("ci@acme.example", API_TOKEN);
    expect(`${credential} ${JSON.stringify(credential)} ${credential.label} ${inspect(credential)}`).not.toContain(
      API_TOKEN,
    );
    expect(credential.secret).toBe(API_TOKEN);
  });
});

describe("scopes", () => {
  it("expands classic implications but never granular ones", () => {
    expect(missingScopes(["project", "pullrequest"], ["repository"], "classic")).toEqual([]);
    expect(missingScopes(["repository:admin"], ["repository"], "classic")).toEqual(["repository"]);
    expect(missingScopes(["write:webhook:bitbucket"], ["read:webhook:bitbucket"], "granular")).toEqual([
      "read:webhook:bitbucket",
    ]);
  });

  it("reads X-OAuth-Scopes with irregular spacing", () => {
    expect(parseScopesHeader(" account,  email ,webhook")).toEqual(["account", "email", "webhook"]);
    expect(parseScopesHeader(undefined)).toEqual([]);
  });
});

describe("webhook signatures", () => {
  it("verifies Bitbucket's sha256 HMAC of the exact body and rejects others", () => {
    const body = Buffer.from('{"push":{}}');
    const header = signWebhookBody("secret", body);
    expect(verifyWebhookSignature("secret", body, header)).toBe(true);
    expect(verifyWebhookSignature("other", body, header)).toBe(false);
    expect(verifyWebhookSignature("secret", Buffer.from('{"push": {}}'), header)).toBe(false);
    expect(verifyWebhookSignature("secret", body, undefined)).toBe(false);
  });
});
