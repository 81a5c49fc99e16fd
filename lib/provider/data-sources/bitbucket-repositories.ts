import picomatch from "picomatch";
import { projectKeyProblem, repositoryPatternProblem, RepositorySummary } from "../../bitbucket";
import { defineDataSource, nestedAttributes } from "../../tfplugin";
import type { ProviderContext } from "../configuration";
import { explained, failOn } from "../problems";
import { workspaceAttribute } from "../workspace-attribute";

/**
 * `devdynamics_bitbucket_repositories`: the repositories webhooks and the connection should cover. ⌈N/100⌉ Bitbucket
 * requests: the project filter is done by Bitbucket (`q=`), the name patterns here (Bitbucket's `q` has no glob). A
 * project key that selects nothing costs one more request, to tell an empty project from one that does not exist.
 */
export const bitbucketRepositories = defineDataSource<ProviderContext>()({
  typeName: "devdynamics_bitbucket_repositories",
  schema: {
    description:
      "Lists a workspace's repositories, filtered by project keys, name patterns and exclusions, sorted by slug. Costs one Bitbucket request per 100 repositories.",
    attributes: {
      workspace: workspaceAttribute(),
      project_keys: {
        type: ["set", "string"],
        optional: true,
        description: "Only repositories in these projects (keys such as `PLAT`). Default: every project.",
        markdown: true,
        validate: (keys: string[]) => keys.map(projectKeyProblem).find(Boolean),
      },
      name_patterns: {
        type: ["list", "string"],
        optional: true,
        description: "Only repositories whose slug matches one of these globs (`api-*`, `*-service`). Default: all.",
        markdown: true,
        validate: (patterns: string[]) => patterns.map(repositoryPatternProblem).find(Boolean),
      },
      exclude: {
        type: ["list", "string"],
        optional: true,
        description: "Leave out repositories whose slug matches one of these globs, after the other filters.",
        validate: (patterns: string[]) => patterns.map(repositoryPatternProblem).find(Boolean),
      },
      repositories: nestedAttributes(
        "list",
        {
          slug: { type: "string", computed: true, description: "Repository slug, unique in the workspace." },
          name: { type: "string", computed: true, description: "Display name." },
          uuid: { type: "string", computed: true, description: "Repository UUID, in braces." },
          full_name: { type: "string", computed: true, description: "`workspace/slug`.", markdown: true },
          project_key: { type: "string", computed: true, description: "Key of the repository's project." },
        },
        { computed: true, description: "The matching repositories, sorted by slug." },
      ),
      slugs: {
        type: ["list", "string"],
        computed: true,
        description: "The matching repositories' slugs, sorted.",
      },
      repository_uuids: {
        type: ["map", "string"],
        computed: true,
        description:
          "The matching repositories' UUIDs, keyed by slug: the selection to give `devdynamics_bitbucket_connection` and `devdynamics_bitbucket_repository_webhooks` (maps of thousands plan in linear time; lists do not).",
        markdown: true,
      },
    },
  },
  async read(config, { provider }) {
    const workspace = config.workspace;
    const projectKeys = config.project_keys ?? [];
    const client = provider.bitbucket();
    const all = await explained(`list the repositories of workspace ${workspace}`, () =>
      client.listRepositories(workspace, { projectKeys }),
    );
    const listed = provider.listedRepositories(client, workspace);
    for (const repository of all) listed.add(repository.slug);
    await checkProjectsExist(provider, workspace, projectKeys, all);
    const selected = selectRepositories(all, {
      namePatterns: config.name_patterns ?? [],
      exclude: config.exclude ?? [],
    });
    return {
      repositories: selected.map((r) => ({
        slug: r.slug,
        name: r.name,
        uuid: r.uuid,
        full_name: r.fullName,
        project_key: r.projectKey,
      })),
      slugs: selected.map((r) => r.slug),
      repository_uuids: Object.fromEntries(selected.map((r) => [r.slug, r.uuid])),
    };
  },
});

/**
 * A project key that selected no repository is either an empty project or a mistake; only the latter fails the plan.
 * Nothing is asked when every key selected something (the steady state).
 */
async function checkProjectsExist(
  provider: ProviderContext,
  workspace: string,
  keys: readonly string[],
  found: readonly RepositorySummary[],
): Promise<void> {
  const empty = keys.filter((key) => !found.some((r) => r.projectKey === key));
  if (empty.length === 0) return;
  const existing = await explained(`list the projects of workspace ${workspace}`, () =>
    provider.bitbucket().existingProjects(workspace, empty),
  );
  const unknown = empty.filter((key) => !existing.has(key));
  failOn(
    () => "Project not found",
    unknown.map((key) => ({
      code: "project_not_found",
      message: `Workspace ${workspace} has no project with the key ${key} (or the credential cannot see it).`,
      fix: "Use the key shown in the project's settings in Bitbucket (Project settings → Key), e.g. PLAT.",
    })),
  );
}

/** Keeps repositories whose slug matches a name pattern (all when there is none) and no exclusion; sorted by slug. */
export function selectRepositories(
  repositories: readonly RepositorySummary[],
  filter: { namePatterns: readonly string[]; exclude: readonly string[] },
): RepositorySummary[] {
  const included = filter.namePatterns.length > 0 ? picomatch([...filter.namePatterns]) : () => true;
  const excluded = filter.exclude.length > 0 ? picomatch([...filter.exclude]) : () => false;
  return repositories
    .filter((r) => included(r.slug) && !excluded(r.slug))
    .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}
