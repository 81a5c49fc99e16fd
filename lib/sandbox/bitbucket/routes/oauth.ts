import { randomBytes } from "node:crypto";
import { readForm } from "../../core";
import { sendError } from "../responses";
import type { BitbucketSimulator } from "../simulator";

/**
 * The OAuth 2.0 token endpoint (bitbucket-cloud.md §1.3): client credentials and refresh-token grants, client
 * authenticated with Basic `client_id:client_secret`. Tokens expire after the consumer's `tokenTtlSeconds`.
 */
export function registerOAuthRoutes(sim: BitbucketSimulator): void {
  sim.server.route("POST", "/site/oauth2/access_token", (req, res) => {
    const [scheme, value = ""] = (req.headers.authorization ?? "").split(" ", 2);
    const decoded = scheme === "Basic" ? Buffer.from(value, "base64").toString("utf8") : "";
    const colon = decoded.indexOf(":");
    const consumer = sim.state.credentials.find(
      (c) =>
        c.kind === "oauth_consumer" &&
        c.clientId === decoded.slice(0, colon) &&
        c.clientSecret === decoded.slice(colon + 1),
    );
    if (consumer?.kind !== "oauth_consumer") {
      res.status(400).json({ error: "invalid_client", error_description: "Invalid OAuth client credentials" });
      return;
    }
    res.locals.credential = consumer.id;
    const form = readForm(req);
    if (form.grant_type === "refresh_token") {
      const previous = [...sim.state.tokens.entries()].find(
        ([, t]) => t.refreshToken === form.refresh_token && t.credential.id === consumer.id,
      );
      if (!previous) {
        res.status(400).json({ error: "invalid_grant", error_description: "Invalid refresh_token" });
        return;
      }
    } else if (form.grant_type !== "client_credentials") {
      sendError(res, 400, `Unsupported grant type ${form.grant_type ?? "(none)"}`);
      return;
    }
    const ttl = consumer.tokenTtlSeconds ?? 7200;
    const accessToken = randomBytes(32).toString("base64url");
    const refreshToken = randomBytes(16).toString("base64url");
    sim.state.tokens.set(accessToken, { credential: consumer, expiresAt: sim.now() + ttl * 1000, refreshToken });
    res.json({
      access_token: accessToken,
      scopes: consumer.scopes.join(" "),
      expires_in: ttl,
      token_type: "bearer",
      state: form.grant_type,
      refresh_token: refreshToken,
    });
  });
}
