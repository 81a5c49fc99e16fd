export type { Caller } from "./auth";
export { hubSignature } from "./delivery";
export type { Delivery, DeliveryAttempt } from "./delivery";
export { hookEvents } from "./hook-events";
export type { SimulatedEvent } from "./payloads";
export type { RateLimitUsage, ResourceGroup } from "./rate-limit";
export { BitbucketSimulator } from "./simulator";
export type { BitbucketSimulatorOptions } from "./simulator";
export type { BitbucketState, Hook, Repository, Workspace } from "./state";
