/**
 * Extracts from Atlassian's Bitbucket Cloud OpenAPI spec the response schemas of the endpoints the sandbox
 * simulates (and every schema they reference) into test/fixtures, so the conformance test runs without the
 * 1.2 MB spec. Usage: tsx scripts/extract-openapi-subset.ts ../shared/reference/bitbucket-cloud-openapi.json
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const SIMULATED_SCHEMAS = [
  "account",
  "paginated_workspace_access",
  "workspace_membership",
  "paginated_repository_permissions",
  "workspace",
  "paginated_projects",
  "paginated_repositories",
  "repository",
  "paginated_pullrequests",
  "paginated_webhook_subscriptions",
  "webhook_subscription",
  "paginated_hook_events",
  "error",
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function collectRefs(value: Json, found: Set<string>): void {
  if (Array.isArray(value)) value.forEach((v) => collectRefs(v, found));
  else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string") found.add(child.replace("#/components/schemas/", ""));
      else collectRefs(child, found);
    }
  }
}

const [specPath = "../shared/reference/bitbucket-cloud-openapi.json"] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, "utf8")) as {
  components: { schemas: Record<string, Json> };
  info: Json;
};
const wanted = new Set(SIMULATED_SCHEMAS);
for (let size = 0; size !== wanted.size;) {
  size = wanted.size;
  for (const name of [...wanted]) collectRefs(spec.components.schemas[name], wanted);
}
const schemas = Object.fromEntries([...wanted].sort().map((name) => [name, spec.components.schemas[name]]));
const out = resolve(__dirname, "../test/fixtures/bitbucket-openapi-schemas.json");
writeFileSync(
  out,
  JSON.stringify({ source: "bitbucket-cloud-openapi.json (June 2026 revision)", schemas }, null, 1) + "\n",
);
console.log(`wrote ${out}: ${wanted.size} schemas`);
