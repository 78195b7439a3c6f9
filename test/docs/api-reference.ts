/**
 * Reads the public API the way the package exports it: every export of the entry points, its
 * TSDoc, and the `@example` blocks in it. Used by the doc tests; TypeScript's compiler API does
 * the reading, so what is checked is what an integrator's editor shows.
 */
import path from 'node:path';
import ts from 'typescript';

/** The package's entry points: subpath -> source file. Mirrors package.json "exports". */
export const ENTRY_POINTS: Readonly<Record<string, string>> = {
  'samsung-auth-kit': 'src/index.ts',
  'samsung-auth-kit/express': 'src/express.ts',
  'samsung-auth-kit/galaxy': 'src/galaxy/index.ts',
  'samsung-auth-kit/sandbox': 'src/sandbox/sandbox.ts',
};

export interface PublicExport {
  name: string;
  /** Entry point subpaths exporting it. */
  entries: string[];
  /** True for values (functions, classes, constants), false for types only. */
  isValue: boolean;
  /** Function or class: expected to carry an `@example`. */
  isCallable: boolean;
  hasDoc: boolean;
  examples: DocExample[];
  /** Where it is declared, e.g. `src/galaxy/token-manager.ts:42`. */
  where: string;
}

export interface DocExample {
  /** The owner, e.g. `GalaxyTokenManager` or `GalaxyTokenManager.withAccessToken`. */
  owner: string;
  code: string;
  /** File and line of the `@example` tag. */
  where: string;
}

export function loadCompilerOptions(root: string): ts.CompilerOptions {
  const configPath = path.join(root, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile.bind(ts.sys));
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(config.config, ts.sys, root, undefined, configPath).options;
}

export function readPublicApi(root: string): PublicExport[] {
  const options = loadCompilerOptions(root);
  const program = ts.createProgram(Object.values(ENTRY_POINTS).map((f) => path.join(root, f)), { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const byName = new Map<string, PublicExport>();
  for (const [entry, file] of Object.entries(ENTRY_POINTS)) {
    const source = program.getSourceFile(path.join(root, file));
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`cannot read ${file}`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const name = exported.getName();
      const known = byName.get(name);
      if (known) {
        known.entries.push(entry);
        continue;
      }
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declarations = symbol.getDeclarations() ?? [];
      const first = declarations[0];
      const isCallable = Boolean(symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class));
      byName.set(name, {
        name,
        entries: [entry],
        isValue: Boolean(symbol.flags & ts.SymbolFlags.Value),
        isCallable,
        hasDoc: declarations.some((d) => ts.getJSDocCommentsAndTags(d).length > 0) || symbol.getDocumentationComment(checker).length > 0,
        examples: declarations.flatMap((d) => examplesOf(d, name, root)).concat(
          isCallable && symbol.flags & ts.SymbolFlags.Class ? memberExamples(symbol, name, root) : [],
        ),
        where: first ? position(first, root) : file,
      });
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function memberExamples(symbol: ts.Symbol, owner: string, root: string): DocExample[] {
  const out: DocExample[] = [];
  symbol.members?.forEach((member, key) => {
    for (const d of member.getDeclarations() ?? []) out.push(...examplesOf(d, `${owner}.${String(key)}`, root));
  });
  symbol.exports?.forEach((member, key) => {
    for (const d of member.getDeclarations() ?? []) out.push(...examplesOf(d, `${owner}.${String(key)}`, root));
  });
  return out;
}

function examplesOf(node: ts.Node, owner: string, root: string): DocExample[] {
  const out: DocExample[] = [];
  for (const tag of ts.getJSDocTags(node)) {
    if (tag.tagName.text !== 'example') continue;
    const text = typeof tag.comment === 'string' ? tag.comment : ts.getTextOfJSDocComment(tag.comment) ?? '';
    for (const match of text.matchAll(/```(?:ts|typescript)\n([\s\S]*?)```/g)) {
      out.push({ owner, code: match[1] ?? '', where: position(tag, root) });
    }
  }
  return out;
}

function position(node: ts.Node, root: string): string {
  const source = node.getSourceFile();
  const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
  return `${path.relative(root, source.fileName)}:${line + 1}`;
}

/** Property names of exported interfaces (inherited ones included), by interface name. */
export function propertiesOf(root: string, interfaceNames: readonly string[]): Map<string, string[]> {
  const program = ts.createProgram([path.join(root, ENTRY_POINTS['samsung-auth-kit']!)], { ...loadCompilerOptions(root), noEmit: true });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(path.join(root, ENTRY_POINTS['samsung-auth-kit']!))!)!;
  const exports = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.getName(), s]));
  const out = new Map<string, string[]>();
  for (const name of interfaceNames) {
    const exported = exports.get(name);
    if (!exported) throw new Error(`${name} is not exported`);
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    out.set(name, checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol)).map((p) => p.getName()));
  }
  return out;
}

/** The members of the ErrorCode union, read from src/errors.ts. */
export function errorCodes(root: string): string[] {
  const program = ts.createProgram([path.join(root, 'src/errors.ts')], { ...loadCompilerOptions(root), noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path.join(root, 'src/errors.ts'))!;
  const alias = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).find((s) => s.getName() === 'ErrorCode')!;
  const type = checker.getDeclaredTypeOfSymbol(alias);
  return (type.isUnion() ? type.types : [type]).map((t) => (t as ts.StringLiteralType).value).sort();
}
