import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import ts from "typescript";
import {
  ApiEntry,
  ApiMember,
  ConstructApi,
  docOf,
  DOCS_FILE,
  loadConstructApi,
  location,
  publicMembers,
  renderConstructDocs,
  ROOT,
} from "../../scripts/generate-construct-docs";

/**
 * The construct library's public API (the exports of lib/constructs/index.ts) is documented in docs/constructs.md and
 * stays within what jsii can translate to other languages (see the jsii section of the cdktf notes).
 */

// jsii maps these to Array, map, Promise and Date; any other standard-library type has no counterpart.
const JSII_BUILTINS = new Set(["Array", "Record", "Promise", "Date"]);
const UTILITY_TYPES = new Set(["Omit", "Pick", "Partial", "Required", "Readonly", "Exclude", "Extract", "NonNullable"]);

/** Every jsii rule the API breaks, as `file:line Owner.member: problem and fix`. */
function jsiiViolations({ program, checker, entries }: ConstructApi): string[] {
  const violations: string[] = [];
  const exported = new Set(entries.map((e) => checker.getSymbolAtLocation(ts.getNameOfDeclaration(e.declaration)!)));
  const report = (node: ts.Node, where: string, problem: string): void => {
    violations.push(`${location(node)} ${where}: ${problem}`);
  };

  /** Checks a type as written; reports each offending part once. */
  function checkType(node: ts.TypeNode, where: string): void {
    const recurse = (child: ts.TypeNode) => checkType(child, where);
    if (ts.isParenthesizedTypeNode(node)) return recurse(node.type);
    if (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword) return recurse(node.type);
    if (ts.isArrayTypeNode(node)) return recurse(node.elementType);
    if (ts.isUnionTypeNode(node)) {
      const types = node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword);
      if (types.length === 1) return recurse(types[0]);
      return report(node, where, `union type \`${node.getText()}\`; jsii allows only \`T | undefined\` (optional)`);
    }
    if (ts.isFunctionTypeNode(node) || ts.isConstructorTypeNode(node))
      return report(
        node,
        where,
        `function type \`${node.getText()}\`; jsii needs an interface (\`IXxx\`) with one method`,
      );
    if (ts.isTypeLiteralNode(node)) {
      const [only] = node.members;
      if (node.members.length === 1 && ts.isIndexSignatureDeclaration(only)) return recurse(only.type); // a jsii map
      return report(node, where, `anonymous object type \`${node.getText()}\`; declare an exported struct interface`);
    }
    if (ts.isTypeReferenceNode(node)) return checkReference(node, where);
    if (ts.isLiteralTypeNode(node) && node.literal.kind !== ts.SyntaxKind.NullKeyword)
      return report(node, where, `literal type \`${node.getText()}\`; use an enum`);
    if (!(ts.SyntaxKind.FirstKeyword <= node.kind && node.kind <= ts.SyntaxKind.LastKeyword))
      report(node, where, `type \`${node.getText()}\` (${ts.SyntaxKind[node.kind]}) has no jsii counterpart`);
  }

  function checkReference(node: ts.TypeReferenceNode, where: string): void {
    const name = node.typeName.getText();
    if (UTILITY_TYPES.has(name))
      return report(node, where, `utility type \`${node.getText()}\`; jsii cannot express it: declare the interface`);
    let symbol = checker.getSymbolAtLocation(node.typeName);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol?.declarations?.[0];
    if (!symbol || !declaration || ts.isTypeParameterDeclaration(declaration)) return;
    const file = declaration.getSourceFile();
    if (program.isSourceFileDefaultLibrary(file)) {
      if (!JSII_BUILTINS.has(name)) report(node, where, `\`${name}\` has no jsii counterpart`);
      return node.typeArguments?.forEach((t) => checkType(t, where));
    }
    if (ts.isTypeAliasDeclaration(declaration)) {
      const aliased = declaration.type;
      const what = ts.isUnionTypeNode(aliased) ? "a union" : "a type alias";
      return report(
        node,
        where,
        `\`${name}\` is ${what} (\`${aliased.getText()}\`); jsii needs an enum, class or interface`,
      );
    }
    const foreignPackage = packageOf(file.fileName);
    if (foreignPackage !== undefined) {
      if (!isJsiiPackage(foreignPackage))
        report(
          node,
          where,
          `\`${name}\` comes from ${relative(ROOT, foreignPackage)}, not a jsii package; use a jsii type`,
        );
      return;
    }
    // The generated bindings are exported as the namespace `devdynamics` (cdktf generates them for jsii).
    const generated = file.fileName.startsWith(join(ROOT, "lib", "generated"));
    if (!exported.has(symbol) && !generated)
      report(node, where, `\`${name}\` (${location(declaration)}) is not exported from lib/constructs/index.ts`);
  }

  function checkSignature(node: ts.SignatureDeclaration, where: string): void {
    if (node.typeParameters) report(node, where, "generic; jsii has no generics");
    for (const p of node.parameters) {
      if (p.type) checkType(p.type, `${where}(${p.name.getText()})`);
      else checkInferred(p, `${where}(${p.name.getText()})`);
    }
    if (node.type) checkType(node.type, `${where} return type`);
  }

  function checkInferred(node: ts.Node, where: string): void {
    const type = checker.getTypeAtLocation(node);
    const parts = type.isUnion() ? type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined)) : [];
    const enumOrBoolean = parts.every((t) => t.flags & (ts.TypeFlags.EnumLiteral | ts.TypeFlags.BooleanLiteral));
    if (parts.length > 1 && !enumOrBoolean)
      report(node, where, `inferred union type \`${checker.typeToString(type)}\`; declare a jsii type`);
  }

  function checkMember(entry: ApiEntry, member: ApiMember): void {
    const where = `${entry.name}.${member.name}`;
    const node = member.declaration;
    if (ts.isInterfaceDeclaration(entry.declaration) && node.parent !== entry.declaration) return; // checked where declared
    if (member.kind !== "constructor" && !docOf(node, checker)) report(node, where, "no JSDoc");
    if (ts.isParameter(node) || ts.isPropertyDeclaration(node) || ts.isPropertySignature(node)) {
      if (node.type) checkType(node.type, where);
      else checkInferred(node, where);
    } else if (ts.isGetAccessorDeclaration(node) && node.type) checkType(node.type, where);
    else if (ts.isFunctionLike(node)) checkSignature(node, where);
    if (
      ts.isPropertySignature(node) &&
      node.questionToken &&
      !ts.getJSDocTags(node).some((t) => t.tagName.text === "default")
    )
      report(node, where, "optional without `@default`: say what leaving it out means (AWS CDK design guidelines)");
  }

  for (const entry of entries) {
    const node = entry.declaration;
    if (!docOf(node, checker)) report(node, entry.name, "no JSDoc");
    if (entry.kind === "function" || entry.kind === "constant")
      report(
        node,
        entry.name,
        `exported ${entry.kind}; jsii exports only classes, interfaces and enums, so other languages cannot reach it: ` +
          `make it a static ${entry.kind === "function" ? "method" : "readonly property"} of a class`,
      );
    if (ts.isFunctionDeclaration(node)) checkSignature(node, entry.name);
    if (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node)) {
      if (node.typeParameters) report(node, entry.name, "generic; jsii has no generics");
      for (const heritage of node.heritageClauses ?? [])
        for (const base of heritage.types)
          if (UTILITY_TYPES.has(base.expression.getText()))
            report(base, entry.name, `extends utility type \`${base.getText()}\`; declare the properties`);
      for (const m of node.members as ts.NodeArray<ts.ClassElement | ts.TypeElement>)
        if (ts.isIndexSignatureDeclaration(m)) report(m, entry.name, "index signature; jsii has none");
    }
    const members = publicMembers(entry, checker);
    if (ts.isInterfaceDeclaration(node)) {
      const isBehavioral = members.some((m) => m.kind === "method");
      if (isBehavioral && !/^I[A-Z]/.test(entry.name))
        report(node, entry.name, "interface with methods; jsii requires such interfaces to be named `I…`");
      if (!isBehavioral)
        for (const m of members)
          if (!(ts.getCombinedModifierFlags(m.declaration) & ts.ModifierFlags.Readonly))
            report(m.declaration, `${entry.name}.${m.name}`, "struct property is not `readonly`");
    }
    for (const member of members) checkMember(entry, member);
  }
  return violations;
}

/** The directory of the node_modules package a file belongs to; undefined for the project's own files. */
function packageOf(fileName: string): string | undefined {
  const match = /^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(fileName);
  return match?.[1];
}

const isJsiiPackage = (dir: string) => "jsii" in JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));

describe("construct API", () => {
  let api: ConstructApi;
  beforeAll(() => {
    api = loadConstructApi();
  });

  it("is documented in docs/constructs.md, as generated from the code", () => {
    const expected = renderConstructDocs(api);
    const actual = existsSync(DOCS_FILE) ? readFileSync(DOCS_FILE, "utf8") : undefined;
    if (actual === undefined) throw new Error("docs/constructs.md is missing: run `npm run generate` and commit it.");
    if (actual !== expected)
      throw new Error(
        `docs/constructs.md is stale from line ${firstDifferentLine(actual, expected)}: ` +
          "run `npm run generate` and commit the result.",
      );
  });

  it("follows jsii's rules, so other languages can use it", () => {
    const violations = jsiiViolations(api);
    if (violations.length > 0)
      throw new Error(`The construct API breaks ${violations.length} jsii rule(s):\n${violations.join("\n")}`);
  });

  it("fails on each kind of jsii violation", () => {
    const dir = mkdtempSync(join(tmpdir(), "jsii-check-"));
    try {
      const entry = join(dir, "index.ts");
      writeFileSync(entry, VIOLATING_API);
      const found = jsiiViolations(loadConstructApi(entry)).map((v) => v.split(`${relative(ROOT, dir)}/`).join(""));
      expect(found).toEqual([
        "index.ts:5 Box: generic; jsii has no generics",
        "index.ts:5 Box: index signature; jsii has none",
        "index.ts:5 Box.value: no JSDoc",
        "index.ts:8 Props.name: struct property is not `readonly`",
        'index.ts:9 Props.mode: union type `"a" | "b"`; jsii allows only `T | undefined` (optional)',
        "index.ts:9 Props.mode: optional without `@default`: say what leaving it out means (AWS CDK design guidelines)",
        "index.ts:10 Props.rest: utility type `Partial<Box<string>>`; jsii cannot express it: declare the interface",
        "index.ts:11 Props.callback: function type `() => void`; jsii needs an interface (`IXxx`) with one method",
        'index.ts:12 Props.kind: `Kind` is a union (`"x" | "y"`); jsii needs an enum, class or interface',
        "index.ts:13 Props.hidden: `Hidden` (index.ts:3) is not exported from lib/constructs/index.ts",
        'index.ts:16 Narrow: extends utility type `Omit<Props, "name">`; declare the properties',
        "index.ts:18 make: exported function; jsii exports only classes, interfaces and enums, so other languages " +
          "cannot reach it: make it a static method of a class",
        "index.ts:18 make: generic; jsii has no generics",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** One of each violation, documented except where the missing JSDoc is the point. */
const VIOLATING_API = `
type Kind = "x" | "y";
interface Hidden { readonly a: string }
/** Generic, with an index signature and an undocumented member. */
export interface Box<T> { [key: string]: unknown; readonly value: T }
/** A struct breaking the type rules. */
export interface Props {
  /** Mutable. */ name: string;
  /** A union. */ readonly mode?: "a" | "b";
  /** Utility type. */ readonly rest: Partial<Box<string>>;
  /** Callback. */ readonly callback: () => void;
  /** Aliased union. */ readonly kind: Kind;
  /** Unexported type. */ readonly hidden: Hidden;
}
/** Built with Omit. */
export interface Narrow extends Omit<Props, "name"> {}
/** A free generic function. */
export function make<T>(value: T): T { return value; }
`;

function firstDifferentLine(actual: string, expected: string): number {
  const a = actual.split("\n");
  const e = expected.split("\n");
  const index = a.findIndex((line, i) => line !== e[i]);
  return (index === -1 ? a.length : index) + 1;
}
