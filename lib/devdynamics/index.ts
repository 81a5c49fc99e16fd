export * from "./client";
export * from "./errors";
export * from "./fingerprint";
export * from "./model";
