export * from "./faults";
export * from "./request-log";
export * from "./simulator-server";
