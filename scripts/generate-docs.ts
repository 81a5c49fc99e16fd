/**
 * Generates the devdynamics provider's reference docs in the Terraform registry's layout (docs/provider/index.md,
 * resources/<name>.md, data-sources/<name>.md, ephemeral-resources/<name>.md) from the provider definition and the HCL
 * examples in examples/hcl/{provider,resources/<type>,data-sources/<type>,ephemeral-resources/<type>}. Run `npm run generate` after changing a schema or
 * an example; test/provider/generated.test.ts fails while the docs are stale.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { devdynamicsProvider } from "../lib/provider/provider";
import type {
  Attribute,
  Block,
  CtyType,
  DataSourceDefinition,
  EphemeralResourceDefinition,
  ResourceDefinition,
} from "../lib/tfplugin";

export const DOCS_DIR = join(__dirname, "../docs/provider");
export const EXAMPLES_DIR = join(__dirname, "../examples/hcl");

/** A definition or example the docs need is missing; the message says what to add. */
export class DocsInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DocsInputError";
  }
}

/** The examples a page shows, relative to EXAMPLES_DIR (the registry's `examples/` layout). */
export const examplePaths = {
  provider: "provider/provider.tf",
  resource: (type: string) => `resources/${type}/resource.tf`,
  dataSource: (type: string) => `data-sources/${type}/data-source.tf`,
  ephemeralResource: (type: string) => `ephemeral-resources/${type}/ephemeral-resource.tf`,
  import: (type: string) => `resources/${type}/import.sh`,
};

const PROVIDER = devdynamicsProvider.typeName;
const pageName = (type: string) => `${type.replace(`${PROVIDER}_`, "")}.md`;

/** Every page, keyed by its path below DOCS_DIR. Written as prettier formats Markdown, so `prettier --check` passes. */
export function renderDocs(): Map<string, string> {
  const pages = new Map<string, string>();
  pages.set("index.md", providerPage());
  const byType = <T extends { typeName: string }>(defs: readonly T[]) =>
    [...defs].sort((a, b) => (a.typeName < b.typeName ? -1 : 1));
  for (const r of byType(devdynamicsProvider.resources))
    pages.set(`resources/${pageName(r.typeName)}`, resourcePage(r));
  for (const d of byType(devdynamicsProvider.dataSources))
    pages.set(`data-sources/${pageName(d.typeName)}`, dataSourcePage(d));
  for (const e of byType(devdynamicsProvider.ephemeralResources ?? []))
    pages.set(`ephemeral-resources/${pageName(e.typeName)}`, ephemeralResourcePage(e));
  return pages;
}

/** Replaces `dir` with the rendered pages. */
export function writeDocs(dir: string): void {
  const pages = renderDocs();
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of pages) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

function providerPage(): string {
  const schema = devdynamicsProvider.schema;
  return page([
    frontMatter(`${PROVIDER} Provider`, schema),
    `# ${PROVIDER} Provider`,
    markdownOf(schema),
    "## Example Usage",
    fence("terraform", example(examplePaths.provider)),
    ...referenceSections(
      schema,
      "Every argument falls back to the environment variable named with it when it is not set; pass secrets that way.",
    ),
  ]);
}

function resourcePage(r: ResourceDefinition<unknown>): string {
  return page([
    frontMatter(`${r.typeName} Resource - ${PROVIDER}`, r.schema),
    `# ${r.typeName} (Resource)`,
    markdownOf(r.schema),
    "## Example Usage",
    fence("terraform", example(examplePaths.resource(r.typeName))),
    ...referenceSections(r.schema),
    ...(r.importState ? importSection(r) : []),
  ]);
}

function dataSourcePage(d: DataSourceDefinition<unknown>): string {
  return page([
    frontMatter(`${d.typeName} Data Source - ${PROVIDER}`, d.schema),
    `# ${d.typeName} (Data Source)`,
    markdownOf(d.schema),
    "## Example Usage",
    fence("terraform", example(examplePaths.dataSource(d.typeName))),
    ...referenceSections(d.schema),
  ]);
}

function ephemeralResourcePage(e: EphemeralResourceDefinition<unknown>): string {
  return page([
    frontMatter(`${e.typeName} Ephemeral Resource - ${PROVIDER}`, e.schema),
    `# ${e.typeName} (Ephemeral Resource)`,
    markdownOf(e.schema),
    "## Example Usage",
    fence("terraform", example(examplePaths.ephemeralResource(e.typeName))),
    ...referenceSections(e.schema),
  ]);
}

/** Sections separated by blank lines, ending with a newline: the layout prettier gives Markdown. */
const page = (sections: readonly string[]) => `${sections.join("\n\n")}\n`;

function importSection(r: ResourceDefinition<unknown>): string[] {
  if (!r.importIdFormat)
    throw new DocsInputError(`${r.typeName} can be imported but has no importIdFormat: set it beside importState.`);
  return [
    "## Import",
    `Import ID format: \`${r.importIdFormat}\`. For example:`,
    fence("shell", example(examplePaths.import(r.typeName))),
  ];
}

/** Arguments (required, then optional) and read-only attributes, each with the nested schemas they introduce. */
function referenceSections(block: Block, argumentsIntro?: string): string[] {
  // Nested blocks would need their own rendering; the framework's resources use nested attributes instead.
  if (Object.keys(block.blocks ?? {}).length > 0)
    throw new DocsInputError("generate-docs does not render nested blocks yet: use nested attributes.");
  const { required, optional, readOnly } = groups(block.attributes);
  const hasArguments = required.length + optional.length > 0;
  return [
    ...(hasArguments
      ? [
          "## Argument Reference",
          ...(argumentsIntro ? [argumentsIntro] : []),
          ...(required.length > 0 ? ["### Required", list(required)] : []),
          ...(optional.length > 0 ? ["### Optional", list(optional)] : []),
          ...nestedSchemas([...required, ...optional]),
        ]
      : []),
    ...(readOnly.length > 0
      ? [
          "## Attribute Reference",
          ...(hasArguments ? ["In addition to the arguments above, these attributes are exported:"] : []),
          "### Read-Only",
          list(readOnly),
          ...nestedSchemas(readOnly),
        ]
      : []),
  ];
}

type Named = readonly [path: string, attribute: Attribute];

function groups(attributes: Readonly<Record<string, Attribute>>, prefix = "") {
  const sorted: Named[] = Object.keys(attributes)
    .sort()
    .map((name) => [prefix + name, attributes[name]]);
  return {
    required: sorted.filter(([, a]) => a.required),
    optional: sorted.filter(([, a]) => a.optional),
    readOnly: sorted.filter(([, a]) => !a.required && !a.optional),
  };
}

function list(attributes: readonly Named[]): string {
  return attributes.map(item).join("\n");
}

function item([path, a]: Named): string {
  const name = path.split(".").pop();
  const labels = [typeLabel(a), a.sensitive && "Sensitive", a.writeOnly && "Write-only", a.deprecated && "Deprecated"];
  return [
    `- \`${name}\` (${labels.filter(Boolean).join(", ")})`,
    markdownOf(a),
    a.deprecated && `**Deprecated:** ${a.deprecated}`,
    a.env && `Environment variable: \`${a.env}\`.`,
    a.nested && `See [below for nested schema](#${anchor(path)}).`,
  ]
    .filter(Boolean)
    .join(" ");
}

function nestedSchemas(attributes: readonly Named[]): string[] {
  return attributes.flatMap(([path, a]) => {
    if (!a.nested) return [];
    const inner = groups(a.nested.attributes, `${path}.`);
    return [
      `<a id="${anchor(path)}"></a>`,
      `### Nested Schema for \`${path}\``,
      ...(inner.required.length > 0 ? ["Required:", list(inner.required)] : []),
      ...(inner.optional.length > 0 ? ["Optional:", list(inner.optional)] : []),
      ...(inner.readOnly.length > 0 ? ["Read-Only:", list(inner.readOnly)] : []),
      ...nestedSchemas([...inner.required, ...inner.optional, ...inner.readOnly]),
    ];
  });
}

const anchor = (path: string) => `nestedatt--${path.replace(/\./g, "--")}`;

function typeLabel(a: Attribute): string {
  if (a.nested) return a.nested.nesting === "single" ? "Attributes" : `Attributes ${capitalize(a.nested.nesting)}`;
  return ctyLabel(a.type);
}

function ctyLabel(type: CtyType): string {
  if (typeof type === "string") return type === "bool" ? "Boolean" : capitalize(type);
  const [kind, element] = type;
  if (kind === "object" || kind === "tuple") return capitalize(kind);
  return `${capitalize(kind)} of ${ctyLabel(element as CtyType)}`;
}

const capitalize = (word: string) => word[0].toUpperCase() + word.slice(1);

/** A description as Markdown: Markdown ones as written, plain ones with the characters Markdown would act on escaped. */
function markdownOf(described: { description?: string; markdown?: boolean }): string {
  const text = described.description ?? "";
  return described.markdown ? text : text.replace(/[\\`*[\]<]|(?<!\w)_|_(?!\w)/g, "\\$&");
}

function frontMatter(title: string, block: Block): string {
  const description = (block.description ?? "").split("\n").map((line) => `  ${line}`);
  return [
    "---",
    `page_title: ${JSON.stringify(title)}`,
    'subcategory: ""',
    "description: |-",
    ...description,
    "---",
  ].join("\n");
}

function fence(language: string, code: string): string {
  return ["```" + language, code.trimEnd(), "```"].join("\n");
}

function example(path: string): string {
  const file = join(EXAMPLES_DIR, path);
  if (!existsSync(file)) throw new DocsInputError(`Missing example examples/hcl/${path}: every page shows one.`);
  return readFileSync(file, "utf8");
}

if (require.main === module) {
  writeDocs(DOCS_DIR);
  console.log(`wrote ${DOCS_DIR}`);
}
