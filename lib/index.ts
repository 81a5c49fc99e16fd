// The package's entry: the constructs cdktf users import, and the preflight check for scripts.
export * from "./constructs";
export { runPreflight } from "./cli/preflight";
export type { PreflightCheck, PreflightOptions, PreflightReport } from "./cli/preflight";
