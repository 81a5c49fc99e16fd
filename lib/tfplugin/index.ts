export * from "./definitions";
export * from "./diagnostics";
export type * from "./model";
export * from "./schema";
export * from "./values";
export { serve } from "./server";
