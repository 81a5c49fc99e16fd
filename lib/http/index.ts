export * from "./errors";
export * from "./http-client";
export * from "./redact";
export * from "./request-budget";
export * from "./request-counter";
export { backoffDelayMs, retryAfterMs } from "./backoff";
