export * from "./bitbucket-credentials";
export * from "./integration";
export * from "./local-provider";
export * from "./repository-selection";
export * from "./secret-value";
export * as devdynamics from "../generated/providers/devdynamics";
