export * from "./definitions";
export * from "./diagnostics";
export type * from "./model";
export * from "./schema";
export type { JsonObject, JsonValue, StateUpgrade } from "./state-upgrade";
export * from "./values";
export { serve } from "./server";
