import type { BitbucketClient } from "../bitbucket";
import type { ProviderContext } from "./configuration";
import { explained } from "./problems";

/**
 * The slugs that name no repository of the workspace, or none the client's credential can see: ⌈N/50⌉ Bitbucket
 * requests for the slugs this process has not already seen listed with the same credential (the repositories data
 * source lists them in the same plan, so a selection it produced costs nothing more).
 */
export async function missingRepositories(
  provider: ProviderContext,
  client: BitbucketClient,
  workspace: string,
  slugs: readonly string[],
): Promise<string[]> {
  const listed = provider.listedRepositories(client, workspace);
  const unseen = slugs.filter((slug) => !listed.has(slug));
  if (unseen.length === 0) return [];
  const existing = await explained(`check the repositories of workspace ${workspace}`, () =>
    client.existingRepositories(workspace, unseen),
  );
  return unseen.filter((slug) => !existing.has(slug));
}
