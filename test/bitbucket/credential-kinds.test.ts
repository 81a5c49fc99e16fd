import {
  CREDENTIAL_FIELD_SETTINGS,
  CREDENTIAL_KIND_NAMES,
  credentialFieldSetting,
  credentialInputsFrom,
  credentialKind,
  CredentialError,
  parseCredential,
  SCOPE_VOCABULARIES,
} from "../../lib/bitbucket";

const API_TOKEN = "ATATT3xFfGF0abcdefghijklmnopqrstuvwxyz0123456789=0A1B2C3D";
const ACCESS_TOKEN = "ATCTT3xFfGF0abcdefghijklmnopqrstuvwxyz0123456789=0A1B2C3D";

describe("the credential-kind registry", () => {
  it("derives every name of a field from the field's", () => {
    expect(credentialFieldSetting("oauth_client_id")).toEqual({
      field: "oauth_client_id",
      attribute: "bitbucket_oauth_client_id",
      env: "BITBUCKET_OAUTH_CLIENT_ID",
      prop: "bitbucketOauthClientId",
      input: "oauthClientId",
      secret: false,
      description: expect.stringMatching(/OAuth consumer key/),
    });
    expect(CREDENTIAL_FIELD_SETTINGS.filter((s) => s.secret).map((s) => s.env)).toEqual([
      "BITBUCKET_API_TOKEN",
      "BITBUCKET_ACCESS_TOKEN",
      "BITBUCKET_OAUTH_CLIENT_SECRET",
    ]);
  });

  it("asks only for scopes of each kind's own vocabulary", () => {
    for (const kind of CREDENTIAL_KIND_NAMES) {
      const { vocabulary, devDynamicsScopes } = credentialKind(kind);
      const known: readonly string[] = SCOPE_VOCABULARIES[vocabulary];
      expect(devDynamicsScopes.filter((s) => !known.includes(s))).toEqual([]);
    }
  });

  it("reads settings into the inputs parseCredential takes, empty values as unset", () => {
    const env: Record<string, string> = {
      BITBUCKET_EMAIL: "ci@acme.example",
      BITBUCKET_ACCESS_TOKEN: ACCESS_TOKEN,
      BITBUCKET_API_TOKEN: "",
    };
    const credential = parseCredential(credentialInputsFrom((setting) => env[setting.env]));
    expect(credential.kind).toBe("access_token");
    // A globally set email does not make an access token ambiguous, and is not kept.
    expect(credential.username).toBeUndefined();
  });

  it("names the variable of a missing field in its fix", () => {
    const error = (() => {
      try {
        return parseCredential({ oauthClientId: "key" });
      } catch (e) {
        return e;
      }
    })() as CredentialError;
    expect(error).toMatchObject({
      field: "oauth_client_secret",
      fix: expect.stringContaining("BITBUCKET_OAUTH_CLIENT_SECRET"),
    });
    expect(error.toProblem()).toEqual({ code: "invalid_credential", message: error.problem, fix: error.fix });
  });

  it("recognises every kind's secret given as another kind", () => {
    expect(() => parseCredential({ oauthClientId: "key", oauthClientSecret: API_TOKEN })).toThrow(
      /looks like an Atlassian API token \(ATATT…\), not an OAuth consumer/,
    );
  });

  it("lists every kind, with its variables, when none or several are configured", () => {
    expect(() => parseCredential({})).toThrow(
      "Set an API token (BITBUCKET_EMAIL, BITBUCKET_API_TOKEN), an access token (BITBUCKET_ACCESS_TOKEN), or an OAuth consumer (BITBUCKET_OAUTH_CLIENT_ID, BITBUCKET_OAUTH_CLIENT_SECRET).",
    );
    expect(() => parseCredential({ email: "ci@acme.example", apiToken: API_TOKEN, accessToken: ACCESS_TOKEN })).toThrow(
      /Several Bitbucket credentials are configured \(an API token, an access token\)/,
    );
  });
});
