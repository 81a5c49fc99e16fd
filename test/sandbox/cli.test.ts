import axios from "axios";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { Sandbox, startSandbox } from "../../lib/sandbox";
import { describeSandbox } from "../../lib/sandbox/hand-off";
import { outputOf } from "../../lib/sandbox/run-child";

/** The `export NAME=value` lines of the hand-off, as a shell would set them (values here never need unquoting). */
function exported(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/^export (\w+)=(.*)$/gm)].map(([, name, value]) => [name, value]));
}

describe("npm run sandbox hand-off", () => {
  let sandbox: Sandbox;
  let secrets: string[];
  beforeAll(async () => {
    sandbox = await startSandbox();
    secrets = [
      ...sandbox.bitbucket.state.credentials.map((c) =>
        c.kind === "oauth_consumer" ? c.clientSecret : c.kind === "app_password" ? c.password : c.token,
      ),
      ...sandbox.devdynamics.apiKeys(),
    ];
  });
  afterAll(() => sandbox.stop());

  it("prints API origins, the workspace and the owner's email, with placeholders for secrets", () => {
    const text = describeSandbox(sandbox);
    expect(exported(text)).toEqual({
      BITBUCKET_API_URL: sandbox.bitbucket.url,
      BITBUCKET_OAUTH_TOKEN_URL: `${sandbox.bitbucket.url}/site/oauth2/access_token`,
      DEVDYNAMICS_API_URL: sandbox.devdynamics.url,
      BITBUCKET_WORKSPACE: "acme",
      BITBUCKET_EMAIL: "sam.rivera@acme.example",
    });
    expect(sandbox.bitbucket.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const name of ["BITBUCKET_API_TOKEN", "DEVDYNAMICS_API_KEY"])
      expect(text).toMatch(new RegExp(`^# export ${name}=….*--show-secrets`, "m"));
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it("lists every credential, with its user's email where it has a user", () => {
    const text = describeSandbox(sandbox);
    for (const c of sandbox.bitbucket.state.credentials) {
      const line = text.split("\n").find((l) => l.trimStart().startsWith(`${c.id} `));
      expect(line).toBeDefined();
      if (c.kind !== "access_token") expect(line).toContain(sandbox.bitbucket.state.users.get(c.user)!.email);
    }
  });

  it("hands off secrets that work against the sandbox when asked to show them", async () => {
    const env = exported(describeSandbox(sandbox, { showSecrets: true }));
    const workspace = await axios.get(`${env.BITBUCKET_API_URL}/2.0/workspaces/${env.BITBUCKET_WORKSPACE}`, {
      auth: { username: env.BITBUCKET_EMAIL, password: env.BITBUCKET_API_TOKEN },
    });
    expect(workspace.data.slug).toBe("acme");
    const me = await axios.get(`${env.DEVDYNAMICS_API_URL}/v1/me`, {
      headers: { Authorization: `Bearer ${env.DEVDYNAMICS_API_KEY}` },
    });
    expect(me.status).toBe(200);
    const token = await axios.post(env.BITBUCKET_OAUTH_TOKEN_URL, "grant_type=client_credentials", {
      auth: exportedOAuth(describeSandbox(sandbox, { credential: "oauth-consumer", showSecrets: true })),
    });
    expect(token.data.access_token).toEqual(expect.any(String));
  });

  it("hands off the credential asked for, its secrets still hidden by default", () => {
    const oauth = describeSandbox(sandbox, { credential: "oauth-consumer" });
    expect(exported(oauth)).toMatchObject({ BITBUCKET_OAUTH_CLIENT_ID: expect.any(String) });
    expect(oauth).toMatch(/^# export BITBUCKET_OAUTH_CLIENT_SECRET=…/m);
    const accessToken = exported(
      describeSandbox(sandbox, { credential: "repository-access-token", showSecrets: true }),
    );
    expect(accessToken).toMatchObject({ BITBUCKET_ACCESS_TOKEN: expect.stringMatching(/^ATCTT/) });
    expect(accessToken).not.toHaveProperty("BITBUCKET_EMAIL");
    expect(() => describeSandbox(sandbox, { credential: "nobody" })).toThrow(/Choose one of: owner-api-token, /);
  });

  it("runs as a command until Ctrl-C, then prints the request counts", async () => {
    const tsx = join(__dirname, "../../node_modules/.bin/tsx");
    const child = spawn(tsx, [join(__dirname, "../../lib/sandbox/cli.ts"), "--credential", "admin-api-token"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const done = outputOf(child);
    let printed = "";
    await new Promise<void>((resolve) =>
      child.stdout!.on("data", (chunk: Buffer) => {
        printed += chunk.toString();
        if (printed.includes("Ctrl-C")) resolve();
      }),
    );
    child.kill("SIGINT");
    const result = await done;
    expect(result.code).toBe(0);
    expect(exported(result.stdout)).toMatchObject({
      BITBUCKET_API_URL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      BITBUCKET_EMAIL: "alex.chen@acme.example",
    });
    expect(result.stdout).toContain("requests in all");

    const unknown = await outputOf(
      spawn(tsx, [join(__dirname, "../../lib/sandbox/cli.ts"), "--credential", "nobody"], { stdio: "pipe" }),
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No credential nobody in the seed. Choose one of:");
  });
});

function exportedOAuth(text: string): { username: string; password: string } {
  const env = exported(text);
  return { username: env.BITBUCKET_OAUTH_CLIENT_ID, password: env.BITBUCKET_OAUTH_CLIENT_SECRET };
}
