/**
 * Generates docs/constructs.md, the construct library's API reference (laid out like jsii-docgen's API.md), from the
 * exports of lib/constructs/index.ts, read with the TypeScript compiler API. Run `npm run generate` after changing
 * the public API; test/constructs/api.test.ts fails while the file is stale and checks the same API against jsii's rules.
 */
import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

export const ROOT = join(__dirname, "..");
export const ENTRY = join(ROOT, "lib/constructs/index.ts");
export const DOCS_FILE = join(ROOT, "docs/constructs.md");

/** An export the generator cannot render; the message says what to change. */
export class ConstructDocsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConstructDocsError";
  }
}

export type ApiEntryKind = "class" | "interface" | "enum" | "function" | "constant";

/** One export of lib/constructs/index.ts. */
export interface ApiEntry {
  readonly name: string;
  readonly kind: ApiEntryKind;
  readonly declaration: ts.Declaration;
}

export type ApiMemberKind = "constructor" | "property" | "method" | "enum member";

/** One public member of an export: what users (and other jsii languages) can reach. */
export interface ApiMember {
  readonly name: string;
  readonly kind: ApiMemberKind;
  readonly isStatic: boolean;
  /** The node carrying the member's JSDoc and type: a declaration, or a constructor parameter for a parameter property. */
  readonly declaration: ts.Declaration;
}

export interface ConstructApi {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  /** In export order: `export *` statements in order, each module's declarations in source order. */
  readonly entries: readonly ApiEntry[];
}

/** Compiles the entry point (lib/constructs/index.ts unless given) with the project's compiler options; lists its exports. */
export function loadConstructApi(entry = ENTRY): ConstructApi {
  const configFile = ts.readConfigFile(join(ROOT, "tsconfig.json"), (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  const program = ts.createProgram([entry], options);
  const checker = program.getTypeChecker();
  const entryFile = program.getSourceFile(entry)!;
  // The checker lists function declarations first (they are hoisted), so order by statement and position instead.
  const fileOrder = entryFile.statements.map((statement) =>
    ts.isExportDeclaration(statement) && statement.moduleSpecifier
      ? checker.getSymbolAtLocation(statement.moduleSpecifier)?.valueDeclaration?.getSourceFile().fileName
      : entry,
  );
  const rank = (d: ts.Declaration) => {
    const index = fileOrder.indexOf(d.getSourceFile().fileName);
    return [index === -1 ? fileOrder.length : index, d.getStart()];
  };
  const entries = checker
    .getExportsOfModule(checker.getSymbolAtLocation(entryFile)!)
    .map((exported) => {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      return { name: exported.name, declaration: symbol.declarations![0] };
    })
    // `export * as devdynamics` re-exports the generated bindings, documented with the provider (docs/provider).
    .filter(({ declaration }) => !ts.isSourceFile(declaration))
    .map(({ name, declaration }) => ({ name, kind: entryKind(name, declaration), declaration }))
    .sort((a, b) => {
      const [ra, rb] = [rank(a.declaration), rank(b.declaration)];
      return ra[0] - rb[0] || ra[1] - rb[1];
    });
  return { program, checker, entries };
}

function entryKind(name: string, declaration: ts.Declaration): ApiEntryKind {
  if (ts.isClassDeclaration(declaration)) return "class";
  if (ts.isInterfaceDeclaration(declaration)) return "interface";
  if (ts.isEnumDeclaration(declaration)) return "enum";
  if (ts.isFunctionDeclaration(declaration)) return "function";
  if (ts.isVariableDeclaration(declaration)) return "constant";
  throw new ConstructDocsError(
    `${location(declaration)}: ${name} is a ${ts.SyntaxKind[declaration.kind]}; export a class, interface, enum, function or constant instead.`,
  );
}

/** Public members in source order (interfaces: inherited properties too); private, protected and @internal ones left out. */
export function publicMembers(entry: ApiEntry, checker: ts.TypeChecker): ApiMember[] {
  const node = entry.declaration;
  if (ts.isEnumDeclaration(node))
    return node.members.map((m) => ({ name: m.name.getText(), kind: "enum member", isStatic: true, declaration: m }));
  if (ts.isInterfaceDeclaration(node)) {
    const type = checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(node.name)!);
    return checker
      .getPropertiesOfType(type)
      .flatMap((p) => p.declarations?.[0] ?? [])
      .filter(isPublic)
      .map((d) => ({
        name: nameOf(d),
        kind: ts.isMethodSignature(d) ? "method" : "property",
        isStatic: false,
        declaration: d,
      }));
  }
  if (!ts.isClassDeclaration(node)) return [];
  return node.members.flatMap((m): ApiMember[] => {
    const isStatic = hasModifier(m, ts.SyntaxKind.StaticKeyword);
    if (ts.isConstructorDeclaration(m))
      return [
        ...(isPublic(m)
          ? [{ name: "constructor", kind: "constructor" as const, isStatic: false, declaration: m }]
          : []),
        ...m.parameters
          .filter((p) => ts.isParameterPropertyDeclaration(p, m) && isPublic(p))
          .map((p) => ({ name: nameOf(p), kind: "property" as const, isStatic: false, declaration: p })),
      ];
    if (!isPublic(m)) return [];
    if (ts.isPropertyDeclaration(m) || ts.isGetAccessorDeclaration(m))
      return [{ name: nameOf(m), kind: "property", isStatic, declaration: m }];
    if (ts.isMethodDeclaration(m)) return [{ name: nameOf(m), kind: "method", isStatic, declaration: m }];
    return [];
  });
}

const hasModifier = (node: ts.Node, kind: ts.SyntaxKind) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);

// jsii hides `_`-prefixed and @internal members too.
function isPublic(node: ts.Declaration): boolean {
  if (hasModifier(node, ts.SyntaxKind.PrivateKeyword) || hasModifier(node, ts.SyntaxKind.ProtectedKeyword))
    return false;
  const name = ts.getNameOfDeclaration(node);
  if (name && (ts.isPrivateIdentifier(name) || name.getText().startsWith("_"))) return false;
  return !ts.getJSDocTags(node).some((tag) => tag.tagName.text === "internal");
}

const nameOf = (node: ts.Declaration) => ts.getNameOfDeclaration(node)!.getText();

/** `lib/constructs/file.ts:line` of a node. */
export function location(node: ts.Node): string {
  const file = node.getSourceFile();
  const { line } = file.getLineAndCharacterOfPosition(node.getStart());
  return `${relative(ROOT, file.fileName)}:${line + 1}`;
}

/** The JSDoc text of a declaration (for a parameter property, the comment on the parameter); "" when there is none. */
export function docOf(node: ts.Declaration, checker: ts.TypeChecker): string {
  const symbol = symbolOf(node, checker);
  return symbol ? ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() : "";
}

function symbolOf(node: ts.Declaration, checker: ts.TypeChecker): ts.Symbol | undefined {
  if (ts.isParameter(node) && ts.isParameterPropertyDeclaration(node, node.parent))
    return checker.getSymbolsOfParameterPropertyDeclaration(node, nameOf(node))[1];
  const name = ts.getNameOfDeclaration(node);
  return name ? checker.getSymbolAtLocation(name) : undefined;
}

function tagText(node: ts.Declaration, tag: string, checker: ts.TypeChecker): string | undefined {
  const found = symbolOf(node, checker)
    ?.getJsDocTags(checker)
    .find((t) => t.name === tag);
  return found && ts.displayPartsToString(found.text).trim();
}

/** A `@default` tag, else a "Default: …" / "Default …" sentence of the description, which is then left out of it. */
function splitDefault(doc: string, defaultTag: string | undefined): { description: string; default?: string } {
  if (defaultTag !== undefined) return { description: doc, default: defaultTag };
  const match = /(?:^|\s)Default:?\s+(.+?)(?:\.(?=\s|$)|$)/s.exec(doc);
  if (!match) return { description: doc };
  return {
    description: (doc.slice(0, match.index) + doc.slice(match.index + match[0].length)).trim(),
    default: match[1],
  };
}

/** Renders docs/constructs.md. Written as prettier formats Markdown (lists, no tables), so `prettier --check` passes. */
export function renderConstructDocs({ checker, entries }: ConstructApi = loadConstructApi()): string {
  const names = new Set(entries.map((e) => e.name));
  const r = new Renderer(checker, names);
  const sections = [
    "# Construct API Reference",
    "Generated from the exports of `lib/constructs/index.ts` by `npm run generate` " +
      "(`scripts/generate-construct-docs.ts`); do not edit by hand.",
    "## Contents",
    entries.map((e) => `- [${e.name}](#${e.name.toLowerCase()}): ${r.label(e)}`).join("\n"),
    ...entries.flatMap((e) => r.entry(e)),
  ];
  return `${sections.join("\n\n")}\n`;
}

class Renderer {
  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly exported: ReadonlySet<string>,
  ) {}

  label(entry: ApiEntry): string {
    const node = entry.declaration;
    if (ts.isClassDeclaration(node)) return this.extendsConstruct(node) ? "construct" : "class";
    if (ts.isInterfaceDeclaration(node))
      return publicMembers(entry, this.checker).some((m) => m.kind === "method") ? "interface" : "struct";
    return entry.kind;
  }

  entry(entry: ApiEntry): string[] {
    const node = entry.declaration;
    const label = this.label(entry);
    const heritage = ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) ? node.heritageClauses : undefined;
    const extended = (heritage ?? []).flatMap((h) => h.types.map((t) => this.typeLink(t.getText())));
    const members = publicMembers(entry, this.checker);
    const of = (kind: ApiMemberKind, isStatic: boolean) =>
      members.filter((m) => m.kind === kind && m.isStatic === isStatic);
    return [
      `## ${entry.name}`,
      `${label[0].toUpperCase()}${label.slice(1)} in \`${relative(ROOT, node.getSourceFile().fileName)}\`` +
        (extended.length > 0 ? `, extends ${extended.join(", ")}.` : "."),
      ...this.paragraphs(docOf(node, this.checker)),
      ...(ts.isFunctionDeclaration(node) ? [this.signature(node, entry.name), ...this.parameters(node)] : []),
      ...(ts.isVariableDeclaration(node) ? [`- Type: ${this.typeLink(this.typeText(node))}`] : []),
      ...this.section("Initializer", of("constructor", false), (m) => this.callable(m, entry.name)),
      ...this.section("Static factories", of("method", true), (m) => this.callable(m, entry.name)),
      ...this.section("Properties", [...of("property", true), ...of("property", false)], (m) => this.property(m)),
      ...this.section("Methods", of("method", false), (m) => this.callable(m, entry.name)),
      ...this.section("Members", of("enum member", true), (m) => this.enumMember(m)),
    ];
  }

  private section(title: string, members: ApiMember[], render: (m: ApiMember) => string[]): string[] {
    return members.length === 0 ? [] : [`### ${title}`, ...members.flatMap(render)];
  }

  private callable(member: ApiMember, owner: string): string[] {
    const node = member.declaration as ts.SignatureDeclaration;
    return [
      ...(member.kind === "constructor" ? [] : [`#### \`${member.name}\``]),
      this.signature(node, member.kind === "constructor" ? `new ${owner}` : member.name),
      ...this.paragraphs(docOf(node, this.checker)),
      ...this.parameters(node),
    ];
  }

  private signature(node: ts.SignatureDeclaration, name: string): string {
    const isStatic = hasModifier(node, ts.SyntaxKind.StaticKeyword) ? "static " : "";
    const params = node.parameters.map(
      (p) => `${p.name.getText()}${this.isOptional(p) ? "?" : ""}: ${this.typeText(p)}`,
    );
    const returns = ts.isConstructorDeclaration(node) ? "" : `: ${this.returnTypeText(node)}`;
    // An unlabelled fence: prettier would reformat (or fail to parse) a `ts` one.
    return ["```", `${isStatic}${name}(${params.join(", ")})${returns}`, "```"].join("\n");
  }

  private parameters(node: ts.SignatureDeclaration): string[] {
    if (node.parameters.length === 0) return [];
    const params = node.parameters.map((p) => {
      const doc = ts
        .getJSDocParameterTags(p)
        .map((tag) => ts.getTextOfJSDocComment(tag.comment) ?? "")
        .join(" ");
      const required = this.isOptional(p) ? "optional" : "required";
      return `- \`${p.name.getText()}\` (${required}): ${this.typeLink(this.typeText(p))}${this.sentence(doc)}`;
    });
    return ["Parameters:", params.join("\n")];
  }

  private property(member: ApiMember): string[] {
    const node = member.declaration;
    const split = splitDefault(docOf(node, this.checker), tagText(node, "default", this.checker));
    const flags = [member.isStatic && "static", this.isOptional(node) ? "optional" : "required"].filter(Boolean);
    return [
      `#### \`${member.name}\` (${flags.join(", ")})`,
      [
        `- Type: ${this.typeLink(this.typeText(node))}`,
        ...(split.default !== undefined ? [`- Default: ${this.inline(split.default)}`] : []),
      ].join("\n"),
      ...this.paragraphs(split.description),
    ];
  }

  private enumMember(member: ApiMember): string[] {
    const value = this.checker.getConstantValue(member.declaration as ts.EnumMember);
    return [
      `#### \`${member.name}\``,
      `- Value: \`${JSON.stringify(value)}\``,
      ...this.paragraphs(docOf(member.declaration, this.checker)),
    ];
  }

  private isOptional(node: ts.Declaration): boolean {
    if ((ts.isParameter(node) || ts.isPropertySignature(node) || ts.isPropertyDeclaration(node)) && node.questionToken)
      return true;
    if (ts.isParameter(node) && node.initializer) return true;
    const type = this.declaredType(node);
    return type !== undefined && ts.isUnionTypeNode(type) && type.types.some(isUndefined);
  }

  private declaredType(node: ts.Declaration): ts.TypeNode | undefined {
    return ts.isGetAccessorDeclaration(node) ? node.type : (node as { type?: ts.TypeNode }).type;
  }

  /** The declared type as written (inferred when not written), without the `| undefined` that optionality shows. */
  private typeText(node: ts.Declaration): string {
    const type = this.declaredType(node);
    // Widened: a constant's own type is its literal value.
    if (!type)
      return this.checker.typeToString(this.checker.getBaseTypeOfLiteralType(this.checker.getTypeAtLocation(node)));
    const parts = ts.isUnionTypeNode(type) ? type.types.filter((t) => !isUndefined(t)) : [type];
    return parts.map((t) => t.getText().replace(/\s+/g, " ")).join(" | ");
  }

  private returnTypeText(node: ts.SignatureDeclaration): string {
    if (node.type) return node.type.getText().replace(/\s+/g, " ");
    const signature = this.checker.getSignatureFromDeclaration(node)!;
    return this.checker.typeToString(this.checker.getReturnTypeOfSignature(signature));
  }

  /** A type as code, linked to its section when it is one of the exports (or an array of one). */
  private typeLink(type: string): string {
    const element = type.replace(/\[\]$/, "");
    return this.exported.has(element) ? `[\`${type}\`](#${element.toLowerCase()})` : `\`${type}\``;
  }

  private extendsConstruct(node: ts.ClassDeclaration): boolean {
    let type: ts.Type | undefined = this.checker.getTypeAtLocation(node);
    while ((type = type.getBaseTypes?.()?.[0])) if (type.symbol?.name === "Construct") return true;
    return false;
  }

  /** JSDoc text as Markdown paragraphs: wrapped lines joined, blank lines kept as paragraph breaks. */
  private paragraphs(doc: string): string[] {
    return doc
      .split(/\n\s*\n/)
      .map((p) => this.inline(p))
      .filter(Boolean);
  }

  private sentence(doc: string): string {
    const text = this.inline(doc);
    return text ? `. ${text}` : "";
  }

  /** One line of Markdown; `<` outside code spans is escaped so `<workspace-id>` is not taken for HTML. */
  private inline(text: string): string {
    return text
      .replace(/\s+/g, " ")
      .trim()
      .split(/(`[^`]*`)/)
      .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, "\\<")))
      .join("");
  }
}

const isUndefined = (t: ts.TypeNode) => t.kind === ts.SyntaxKind.UndefinedKeyword;

if (require.main === module) {
  writeFileSync(DOCS_FILE, renderConstructDocs());
  console.log(`wrote ${relative(process.cwd(), DOCS_FILE)}`);
}
