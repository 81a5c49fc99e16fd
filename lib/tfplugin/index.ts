export * from "./definitions";
export * from "./diagnostics";
export * from "./schema";
export * from "./values";
export { serve } from "./server";
