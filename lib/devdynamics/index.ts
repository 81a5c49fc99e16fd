export * from "./api-url";
export * from "./client";
export * from "./errors";
export * from "./fingerprint";
export * from "./model";
export * from "./problem-fixes";
