export * from "./errors";
export * from "./http-client";
export * from "./redact";
export * from "./request-budget";
export * from "./request-counter";
export * from "./request-pacer";
export { measureRateLimitWaits, RateLimitWaitMeter, type RateLimitWaits } from "./rate-limit-waits";
export {
  credentialUrlFailure,
  credentialUrlProblem,
  isLoopbackHost,
  normalizeApiUrl,
  type UrlFailure,
} from "./endpoint";
export { endpointNotFoundError, permanentFailureOf, type EndpointSetting } from "./endpoint-failures";
export { backoffDelayMs, retryAfterMs } from "./backoff";
