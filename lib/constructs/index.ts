export * from "./bitbucket-credentials";
export * from "./integration";
export * from "./local-provider";
export * from "./repository-selection";
export * from "./secret-value";
export { devdynamics } from "./framework";
