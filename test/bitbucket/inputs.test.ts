import {
  bitbucketApiUrlProblem,
  CREDENTIAL_KIND_NAMES,
  credentialKind,
  DEVDYNAMICS_HOOK_EVENTS,
  hookEventKeys,
  hookEventsProblem,
  normalizeBitbucketApiUrl,
  oauthTokenUrlProblem,
  projectKeyProblem,
  repositoryPatternProblem,
  requiredScopesProblem,
  SCOPE_VOCABULARIES,
  unknownScopes,
  webhookSecretProblem,
  webhookUrlProblem,
  workspaceIdProblem,
} from "../../lib/bitbucket";
import { devDynamicsApiUrlProblem, normalizeDevDynamicsApiUrl } from "../../lib/devdynamics";

const LONG = "x".repeat(10_000);

describe("offline input checks", () => {
  it("accepts Workspace IDs and braced UUIDs, and never echoes a long value", () => {
    expect(workspaceIdProblem("acme")).toBeUndefined();
    expect(workspaceIdProblem("{0b3c2a8e-1f4d-4c6b-9a7e-2d5f8c1b3a90}")).toBeUndefined();
    expect(workspaceIdProblem("Acme Corp")).toMatch(/^"Acme Corp" is not a Bitbucket Workspace ID: use the slug/);
    const message = workspaceIdProblem(`${LONG}A`)!;
    expect(message.length).toBeLessThan(300);
    expect(message).toContain(`"${"x".repeat(40)}…"`);
  });

  it("says project keys are upper case, and refuses names", () => {
    expect(projectKeyProblem("PLAT")).toBeUndefined();
    expect(projectKeyProblem("WEB_2")).toBeUndefined();
    expect(projectKeyProblem("plat")).toBe("project keys are upper case: use PLAT");
    expect(projectKeyProblem("Platform team")).toMatch(/is not a project key: use the key shown/);
    expect(projectKeyProblem(LONG + " ")!.length).toBeLessThan(200);
  });

  it.each([
    ["api-*", undefined],
    ["*-service", undefined],
    ["{web,app}-*", undefined],
    ["[a-c]*", undefined],
    ["!legacy-*", undefined],
    ["repo-\\*", undefined],
    ["", /must not be empty/],
    ["acme/api", /contains "\/": patterns match repository slugs/],
    ["api-[", /opens a "\[" class that never closes/],
    ["api-]", /closes a "\]" that was never opened/],
    ["{web,app-*", /opens a "\{" that never closes/],
    ["web}-*", /unbalanced "\}"/],
    ["@(a|b", /opens a "\(" that never closes/],
    ["api-\\", /ends with "\\": escape a character after it/],
    ["API-*", /slugs are lower case: use "api-\*"/],
    ["api *", /contains " ", which no repository slug holds/],
  ])("repository pattern %p", (pattern, expected) => {
    const problem = repositoryPatternProblem(pattern);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });

  it.each([
    ["https://hooks.example.com/dd", undefined],
    ["http://127.0.0.1:8080/dd", undefined],
    ["http://localhost/dd", undefined],
    ["http://[::1]/dd", undefined],
    ["https://[::ffff:127.0.0.1]/dd", undefined],
    ["http://hooks.example.com/dd", /must use https/],
    ["not a url", /is not an absolute URL/],
    ["https://10.0.0.5/dd", /internal, non-routable address \(10\.0\.0\.5\)/],
    ["https://172.20.1.1/", /non-routable/],
    ["https://192.168.1.10/", /non-routable/],
    ["https://169.254.169.254/latest", /non-routable/],
    ["https://100.64.0.1/", /non-routable/],
    ["https://0.0.0.0/", /non-routable/],
    ["https://167772165/", /non-routable address \(10\.0\.0\.5\)/],
    ["https://[::]/", /non-routable/],
    ["https://[fd00::1]/", /non-routable/],
    ["https://[fe80::1]/", /non-routable/],
    ["https://[::ffff:10.0.0.1]/", /non-routable/],
  ])("webhook URL %p", (url, expected) => {
    const problem = webhookUrlProblem(url);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });

  it("keeps webhook secrets within Bitbucket's 128 characters, never quoting them", () => {
    expect(webhookSecretProblem("s".repeat(128))).toBeUndefined();
    const problem = webhookSecretProblem("secret-".repeat(30))!;
    expect(problem).toBe(
      "the webhook secret has 210 characters, and Bitbucket accepts at most 128: use a shorter secret",
    );
  });

  it("refuses unknown scopes, suggesting only scopes that exist", () => {
    expect(unknownScopes(["read:repository:bitbucket", "webhook", "read:repo", "Repository"])).toEqual([
      "read:repo",
      "Repository",
    ]);
    expect(requiredScopesProblem(["webhook", "read:repository:bitbucket"])).toBeUndefined();
    const problem = requiredScopesProblem(["read:repository", "Repository", "read:everything:bitbucket"])!;
    expect(problem).toMatch(/^unknown scopes "read:repository", "Repository", "read:everything:bitbucket"/);
    expect(problem).toContain('did you mean "read:repository" → read:repository:bitbucket, "Repository" → repository?');
    // Every scope-shaped word a message or fix names exists.
    const known = new Set<string>([...SCOPE_VOCABULARIES.granular, ...SCOPE_VOCABULARIES.classic]);
    const named = (text: string) => (text.match(/\b[a-z]+:[a-z-]+:bitbucket\b/g) ?? []).filter((s) => !known.has(s));
    const suggestions = problem.slice(problem.indexOf("did you mean"));
    expect(named(suggestions)).toEqual([]);
    for (const kind of CREDENTIAL_KIND_NAMES) expect(named(credentialKind(kind).fixes.missingScope("x"))).toEqual([]);
  });

  it("checks URLs that carry a credential, and normalizes the version segment away", () => {
    expect(bitbucketApiUrlProblem("https://api.bitbucket.org/2.0")).toBeUndefined();
    expect(bitbucketApiUrlProblem("http://127.0.0.1:7990")).toBeUndefined();
    expect(bitbucketApiUrlProblem("http://bitbucket.corp.example")).toMatch(/clear text: use https/);
    expect(bitbucketApiUrlProblem("::garbage::")).toMatch(
      /is not an absolute https URL: use one such as https:\/\/api\.bitbucket\.org/,
    );
    expect(oauthTokenUrlProblem("https://user:pw@bitbucket.org/site/oauth2/access_token")).toMatch(
      /^"https:\/\/bitbucket\.org\/site\/oauth2\/access_token" holds a user name or password/,
    );
    expect(devDynamicsApiUrlProblem("http://10.1.2.3/v1")).toMatch(/clear text/);
    expect(normalizeBitbucketApiUrl("https://api.bitbucket.org/2.0/")).toBe("https://api.bitbucket.org");
    expect(normalizeBitbucketApiUrl("https://proxy.example/bitbucket/")).toBe("https://proxy.example/bitbucket");
    expect(normalizeDevDynamicsApiUrl("https://dd.example/v1")).toBe("https://dd.example");
  });

  it("no longer offers the issue:* events Bitbucket removed, and says why", () => {
    expect(hookEventKeys("workspace").filter((e) => e.startsWith("issue:"))).toEqual([]);
    expect(hookEventsProblem(["repo:push", "issue:created"], "repository")).toBe(
      "issue:created: Bitbucket removed its issue tracker and the issue:* events on 2026-08-20; remove it",
    );
    expect(hookEventsProblem([...DEVDYNAMICS_HOOK_EVENTS], "repository")).toBeUndefined();
    expect(hookEventsProblem([LONG], "repository")!.length).toBeLessThan(1_000);
  });
});
