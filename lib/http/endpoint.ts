import { BlockList, isIP } from "node:net";
import { quoted } from "../problem";

// Checks of the URLs credentials are sent to. Imports nothing heavy: the constructs use it at synth.

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/** Whether a URL's host stays on this machine: `localhost` (and `*.localhost`), 127.0.0.0/8 (also IPv4-mapped), `::1`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = bareHost(hostname).toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  const version = isIP(host);
  return version !== 0 && LOOPBACK.check(host, version === 4 ? "ipv4" : "ipv6");
}

/** `[::1]` → `::1`: `URL.hostname` keeps the brackets of IPv6 literals. */
export function bareHost(hostname: string): string {
  return hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
}

/** Why a URL cannot carry a credential. */
export type UrlFailure =
  /** Not an absolute http(s) URL. */
  | "invalid_url"
  /** Plain http to another machine: the credential would travel in clear text. */
  | "insecure_url"
  /** A user name or password in the URL itself. */
  | "credentials_in_url";

/**
 * What keeps a URL that a credential (or API key) is sent to from being used, or undefined when it can be: it must be
 * absolute, https (plain http only on loopback, for local tests), and hold no user name or password of its own.
 */
export function credentialUrlFailure(url: string): UrlFailure | undefined {
  if (!URL.canParse(url)) return "invalid_url";
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "invalid_url";
  if (parsed.username || parsed.password) return "credentials_in_url";
  if (parsed.protocol === "http:" && !isLoopbackHost(parsed.hostname)) return "insecure_url";
  return undefined;
}

/** `credentialUrlFailure` as a message naming the fix; `example` is a correct value. */
export function credentialUrlProblem(url: string, example: string): string | undefined {
  const failure = credentialUrlFailure(url);
  if (!failure) return undefined;
  const { said, fix } = URL_FAILURES[failure];
  return `${quotedUrl(url)} ${said}: ${fix(example)}`;
}

/** What each failure means, and what to do about it. */
export const URL_FAILURES: Readonly<Record<UrlFailure, { said: string; fix: (example: string) => string }>> = {
  invalid_url: { said: "is not an absolute https URL", fix: (example) => `use one such as ${example}` },
  insecure_url: {
    said: "would send the credential in clear text",
    fix: () => "use https (plain http is accepted only for localhost, 127.0.0.1 and [::1])",
  },
  credentials_in_url: {
    said: "holds a user name or password",
    fix: () => "leave them out of the URL and configure the credential in its own settings",
  },
};

/**
 * An API base URL as the clients use it: without trailing slashes and without the API's version segment, which
 * users often copy along (`https://api.bitbucket.org/2.0` → `https://api.bitbucket.org`), since every route
 * starts with it.
 */
export function normalizeApiUrl(url: string, versionSegment: string): string {
  const trimmed = url.trim().replace(/\/+$/, "");
  return trimmed.endsWith(versionSegment) ? trimmed.slice(0, -versionSegment.length).replace(/\/+$/, "") : trimmed;
}

/** A URL quoted for messages: without any user name or password, shortened to 80 characters. */
export function quotedUrl(url: string): string {
  return quoted(url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1"), 80);
}
