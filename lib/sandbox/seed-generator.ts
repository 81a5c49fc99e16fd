import type { SandboxSeed, SeedRepository } from "./seed";

export interface LargeSeedOptions {
  /** How many repositories the workspace holds. */
  readonly repositories: number;
  /** How many projects they are spread over (default 10). */
  readonly projects?: number;
}

/**
 * A seed for load tests and benchmarks: the shipped seed's users and credentials, with its workspace
 * grown to `repositories` repositories spread evenly over `projects` projects.
 */
export function generateLargeSeed(base: SandboxSeed, options: LargeSeedOptions): SandboxSeed {
  const projectCount = options.projects ?? 10;
  const width = String(options.repositories).length;
  const [workspace, ...others] = base.bitbucket.workspaces;
  const projects = Array.from({ length: projectCount }, (_, i) => ({ key: `P${i + 1}`, name: `Project ${i + 1}` }));
  const repositories: SeedRepository[] = Array.from({ length: options.repositories }, (_, i) => ({
    slug: `repo-${String(i + 1).padStart(width, "0")}`,
    project: projects[i % projectCount].key,
  }));
  return {
    ...base,
    bitbucket: { ...base.bitbucket, workspaces: [{ ...workspace, projects, repositories }, ...others] },
  };
}
