import type { Request, Response } from "express";
import type { SeedCredential } from "../seed";
import { BitbucketHttpError, sendBareUnauthorized, sendError } from "./responses";
import { missingScopes, ScopeRequirement } from "./scope-rules";
import type { BitbucketState, User } from "./state";

/** Who is calling, as far as Bitbucket can tell from the Authorization header. */
export interface Caller {
  readonly credential: SeedCredential;
  /** The user the credential acts as; access tokens act as no user. */
  readonly user?: User;
  readonly scopes: readonly string[];
  readonly vocabulary: "classic" | "granular";
  /** The `X-Credential-Type` Bitbucket reports. */
  readonly credentialType: string;
  /** For access tokens: what the token is bound to. */
  readonly binding?: { readonly workspace: string; readonly project?: string; readonly repository?: string };
  /** For API tokens restricted to some workspaces. */
  readonly workspaces?: readonly string[];
}

const BEARER_API_TOKEN_MESSAGE = "Token is invalid, expired, or not supported for this endpoint.";

/**
 * Authenticates a request the way Bitbucket Cloud does (bitbucket-cloud.md §1, §10): API tokens over Basic with
 * the account email; access and OAuth tokens over Bearer; app passwords, usernames instead of emails and unknown
 * secrets get a bare 401; an API token sent as Bearer gets the "Token is invalid…" 401.
 * Answers the failure itself and returns undefined, or returns the caller.
 */
export function authenticate(req: Request, res: Response, state: BitbucketState, now: number): Caller | undefined {
  const header = req.headers.authorization ?? "";
  const [scheme, value = ""] = header.split(" ", 2);
  if (scheme === "Basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const [login, secret] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    const credential = state.credentials.find((c) => c.kind === "api_token" && c.token === secret);
    if (credential?.kind === "api_token") {
      const user = state.users.get(credential.user);
      if (user && user.email === login) {
        res.locals.credential = credential.id;
        return describe(credential, user);
      }
    }
    const appPassword = state.credentials.find((c) => c.kind === "app_password" && c.password === secret);
    if (appPassword) res.locals.credential = appPassword.id;
    sendBareUnauthorized(res);
    return undefined;
  }
  if (scheme === "Bearer") {
    const accessToken = state.credentials.find((c) => c.kind === "access_token" && c.token === value);
    if (accessToken) {
      res.locals.credential = accessToken.id;
      return describe(accessToken, undefined);
    }
    const issued = state.tokens.get(value);
    if (issued && issued.expiresAt > now) {
      res.locals.credential = issued.credential.id;
      return describe(issued.credential, state.users.get(issued.credential.user));
    }
    if (state.credentials.some((c) => c.kind === "api_token" && c.token === value)) {
      sendError(res, 401, BEARER_API_TOKEN_MESSAGE);
      return undefined;
    }
    sendError(res, 401, issued ? "Access token expired." : BEARER_API_TOKEN_MESSAGE);
    return undefined;
  }
  sendBareUnauthorized(res);
  return undefined;
}

function describe(credential: SeedCredential, user: User | undefined): Caller {
  switch (credential.kind) {
    case "api_token":
      return {
        credential,
        user,
        scopes: credential.scopes,
        vocabulary: "granular",
        credentialType: "api_token",
        workspaces: credential.workspaces,
      };
    case "access_token": {
      const level = credential.repository ? "repo" : credential.project ? "project" : "workspace";
      return {
        credential,
        scopes: credential.scopes,
        vocabulary: "classic",
        credentialType: `${level}_access_token`,
        binding: { workspace: credential.workspace, project: credential.project, repository: credential.repository },
      };
    }
    case "oauth_consumer":
      return { credential, user, scopes: credential.scopes, vocabulary: "classic", credentialType: "oauth2" };
    case "app_password":
      throw new Error("app passwords never authenticate");
  }
}

/** Sends the scope headers Bitbucket puts on every authenticated response, errors included. */
export function sendScopeHeaders(res: Response, caller: Caller, requirement: ScopeRequirement): void {
  res.set("X-OAuth-Scopes", caller.scopes.join(", "));
  res.set("X-Credential-Type", caller.credentialType);
  if (requirement.classic.length > 0) res.set("X-Accepted-OAuth-Scopes", requirement.classic.join(", "));
}

/** Throws the 403 missing-scope error, with `detail.granted`/`detail.required`, when the caller lacks a scope. */
export function requireScopes(
  caller: Caller,
  requirement: ScopeRequirement,
  extra: ScopeRequirement = { classic: [], granular: [] },
): void {
  const full: ScopeRequirement = {
    classic: [...new Set([...requirement.classic, ...extra.classic])],
    granular: [...new Set([...requirement.granular, ...extra.granular])],
  };
  if (missingScopes(caller.scopes, caller.vocabulary, full).length > 0) {
    throw new BitbucketHttpError(403, "Your credentials lack one or more required privilege scopes.", {
      detail: { granted: [...caller.scopes], required: [...full[caller.vocabulary]] },
    });
  }
}

/** Access tokens have no user: user endpoints answer 403 (with the scope headers still present). */
export function requireUser(caller: Caller): User {
  if (!caller.user) throw new BitbucketHttpError(403, "This API is not accessible by this authentication mechanism.");
  return caller.user;
}
