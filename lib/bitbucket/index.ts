export * from "./client";
export * from "./credential-check";
export * from "./credential-kinds";
export * from "./credentials";
export * from "./errors";
export * from "./scopes";
export * from "./webhook-signature";
export * from "./inputs";
