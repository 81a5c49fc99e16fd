import { ApiError, EndpointError, EndpointFailure } from "./errors";
import { quotedUrl, URL_FAILURES, UrlFailure } from "./endpoint";

/**
 * System error codes that retrying cannot fix, by what they mean. Everything else (resets, timeouts, `EAI_AGAIN`,
 * a DNS server that did not answer) is transient and retried while that is safe.
 */
const PERMANENT_CODES: Readonly<Record<string, EndpointFailure>> = {
  ERR_INVALID_URL: "invalid_url",
  ENOTFOUND: "dns",
  ECONNREFUSED: "refused",
  EPROTO: "tls_protocol",
  ERR_SSL_WRONG_VERSION_NUMBER: "tls_protocol",
  DEPTH_ZERO_SELF_SIGNED_CERT: "tls_certificate",
  SELF_SIGNED_CERT_IN_CHAIN: "tls_certificate",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "tls_certificate",
  UNABLE_TO_GET_ISSUER_CERT: "tls_certificate",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "tls_certificate",
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: "tls_certificate",
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: "tls_certificate",
  CERT_SIGNATURE_FAILURE: "tls_certificate",
  CERT_NOT_YET_VALID: "tls_certificate",
  CERT_HAS_EXPIRED: "tls_certificate",
  ERROR_IN_CERT_NOT_BEFORE_FIELD: "tls_certificate",
  ERROR_IN_CERT_NOT_AFTER_FIELD: "tls_certificate",
  CERT_CHAIN_TOO_LONG: "tls_certificate",
  CERT_REVOKED: "tls_certificate",
  INVALID_CA: "tls_certificate",
  PATH_LENGTH_EXCEEDED: "tls_certificate",
  INVALID_PURPOSE: "tls_certificate",
  CERT_UNTRUSTED: "tls_certificate",
  CERT_REJECTED: "tls_certificate",
  HOSTNAME_MISMATCH: "tls_certificate",
  ERR_TLS_CERT_ALTNAME_INVALID: "tls_certificate",
};

/** The permanent failure a system error code means, or undefined when retrying may help. */
export function permanentFailureOf(code: string): EndpointFailure | undefined {
  return Object.hasOwn(PERMANENT_CODES, code) ? PERMANENT_CODES[code] : undefined;
}

/** Where the endpoint comes from and what a correct value looks like, for the messages. */
export interface EndpointSetting {
  /** How users set it, e.g. `bitbucket_api_url (BITBUCKET_API_URL)`. */
  readonly setting: string;
  /** A correct value, e.g. `https://api.bitbucket.org`. */
  readonly example: string;
}

type ConnectionFailure = Exclude<EndpointFailure, UrlFailure>;

/** What each failure of a connection attempt means and what to do about it. */
const CONNECTION_FAILURES: Readonly<Record<ConnectionFailure, (code: string, setting: string) => Explanation>> = {
  dns: (code, setting) => ({
    said: `the host name does not resolve (${code})`,
    fix: `Check the host name in ${setting} for typos, and that this machine's DNS knows it.`,
  }),
  refused: (code, setting) => ({
    said: `nothing accepts connections at that host and port (${code})`,
    fix: `Check the host and port in ${setting}, and that the service runs there.`,
  }),
  tls_certificate: (code, setting) => ({
    said: `its TLS certificate is not trusted (${code})`,
    fix: `Check that ${setting} names the real service; behind a proxy that re-signs TLS, give Node its CA with NODE_EXTRA_CA_CERTS.`,
  }),
  tls_protocol: (code, setting) => ({
    said: `the server does not speak TLS on that port (${code})`,
    fix: `Check the scheme and port in ${setting}: https:// to a plain-http port fails like this.`,
  }),
};

interface Explanation {
  readonly said: string;
  readonly fix: string;
}

function explain(failure: EndpointFailure, code: string | undefined, where: EndpointSetting): Explanation {
  if (failure in URL_FAILURES) {
    const { said, fix } = URL_FAILURES[failure as UrlFailure];
    return { said: `it ${said}`, fix: `Correct ${where.setting}: ${fix(where.example)}.` };
  }
  return CONNECTION_FAILURES[failure as ConnectionFailure](code ?? "unknown", where.setting);
}

/** The typed error for a permanent failure of `url`, naming its setting and (non-secret) value. */
export function endpointError(
  failure: EndpointFailure,
  url: string,
  where: EndpointSetting,
  details: { route?: string; code?: string } = {},
): EndpointError {
  const { said, fix } = explain(failure, details.code, where);
  return new EndpointError(
    `Cannot use ${where.setting} = ${quotedUrl(url)}: ${said}.`,
    { route: details.route, fix },
    failure,
    where.setting,
    details.code,
  );
}

/**
 * The error for a separately configured endpoint (an OAuth token URL) that answered 404: its setting is wrong, which
 * callers must not take for a missing workspace or repository.
 */
export function endpointNotFoundError(url: string, where: EndpointSetting, route?: string): ApiError {
  return new ApiError(`Cannot use ${where.setting} = ${quotedUrl(url)}: the server has no such endpoint (404).`, {
    status: 404,
    route,
    fix: `Correct ${where.setting}: use one such as ${where.example}.`,
  });
}
