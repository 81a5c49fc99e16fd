import type { Request, Response } from "express";
import { readForm, SimulatorServer } from "../../lib/sandbox/core";

// A loopback stand-in for the three Bitbucket endpoints DevDynamics's verify calls, answering the way
// bitbucket-cloud.md describes them. It goes away once the Bitbucket simulator (lib/sandbox/index.ts) lands.

export interface StubCredential {
  readonly id: string;
  /** `Basic …` or `Bearer …` as sent to /2.0, or `Basic client:secret` to the token endpoint for OAuth. */
  readonly authorization: string;
  readonly oauth?: boolean;
  readonly scopes: readonly string[];
  readonly user?: string;
}

export interface StubWorkspace {
  readonly slug: string;
  readonly uuid: string;
  readonly owners: readonly string[];
  readonly members: readonly string[];
  readonly repositories: readonly string[];
}

export async function startBitbucketStub(workspaces: readonly StubWorkspace[], credentials: readonly StubCredential[]) {
  const issued = new Map<string, StubCredential>();
  const server = new SimulatorServer({
    onError: (_error, _req, res) => void res.status(500).json({ type: "error", error: { message: "error" } }),
    onNotFound: (_req, res) => void res.status(404).json({ type: "error", error: { message: "not found" } }),
  });
  const caller = (req: Request, res: Response): StubCredential | undefined => {
    const header = req.get("Authorization") ?? "";
    const found = credentials.find((c) => !c.oauth && c.authorization === header) ?? issued.get(header);
    if (found) {
      res.locals.credential = found.id;
      res.set("X-OAuth-Scopes", found.scopes.join(", "));
    } else res.status(401).set("WWW-Authenticate", 'Basic realm="Bitbucket.org HTTP"').json({ type: "error" });
    return found;
  };
  const may = (credential: StubCredential, granular: string, classic: readonly string[], res: Response) => {
    const ok = credential.scopes.includes(granular) || classic.some((s) => credential.scopes.includes(s));
    if (!ok)
      res
        .status(403)
        .json({ type: "error", error: { message: "Your credentials lack one or more required privilege scopes." } });
    return ok;
  };
  server.route("POST", "/site/oauth2/access_token", (req, res) => {
    const consumer = credentials.find((c) => c.oauth && c.authorization === req.get("Authorization"));
    if (!consumer || readForm(req).grant_type !== "client_credentials")
      return void res.status(400).json({ error: "invalid_client" });
    const token = `oauth-${consumer.id}-${issued.size}`;
    issued.set(`Bearer ${token}`, consumer);
    res.json({ access_token: token, token_type: "bearer", expires_in: 7200, scopes: consumer.scopes.join(" ") });
  });
  server.route("GET", "/2.0/user/workspaces/{workspace}/permission", (req, res) => {
    const credential = caller(req, res);
    if (!credential || !may(credential, "read:workspace:bitbucket", ["account"], res)) return;
    const workspace = workspaces.find((w) => w.slug === req.params.workspace);
    const user = credential.user ?? "";
    if (!workspace || ![...workspace.owners, ...workspace.members].includes(user))
      return void res.status(404).json({ type: "error" });
    res.json({
      type: "workspace_membership",
      permission: workspace.owners.includes(user) ? "owner" : "member",
      workspace: { type: "workspace_base", slug: workspace.slug, uuid: workspace.uuid },
    });
  });
  server.route("GET", "/2.0/repositories/{workspace}", (req, res) => {
    const credential = caller(req, res);
    if (!credential || !may(credential, "read:repository:bitbucket", ["repository", "project", "pullrequest"], res))
      return;
    const workspace = workspaces.find((w) => w.slug === req.params.workspace);
    if (!workspace) return void res.status(404).json({ type: "error" });
    res.json({ pagelen: 100, values: workspace.repositories.map((slug) => ({ type: "repository", slug })) });
  });
  const url = await server.listen();
  return { url, server, stop: () => server.close() };
}
