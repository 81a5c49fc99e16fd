export { DevDynamicsApiError } from "./api-error";
export type { Problem, ProblemCode } from "./bitbucket-check";
export type { DevDynamicsSeed } from "./seed";
export * from "./simulator";
export type { Credential, CredentialKind, RepositorySelection } from "./validation";
