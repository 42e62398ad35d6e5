// Parses Go source with tree-sitter (wasm) into a `GoFile`: an index of top-level declarations whose syntax trees
// are copied into plain `GoNode`s on first use. Declarations that no enabled rule can care about (decided by a
// text pre-filter) are never copied, which keeps the scan of a large tree fast.

import { createRequire } from 'node:module';
import { Language, Parser, type Node as TSNode, type Tree } from 'web-tree-sitter';
import { convertSubtree, type GoNode, type GrammarTables } from './ast.js';
import { readImports, type ImportMap } from './imports.js';
import { SourceText } from './source.js';

export type DeclKind = 'func' | 'method' | 'type' | 'var' | 'const' | 'import' | 'other';

export interface Decl {
  readonly kind: DeclKind;
  /** Function or method name; '' for other declarations. */
  readonly name: string;
  /** Base type name of a method's receiver (`Server` for `(s *Server[T])`). */
  readonly receiver: string | null;
  readonly start: number;
  readonly end: number;
  readonly file: GoFile;
  /** The declaration's syntax tree, copied on first call. */
  node(): GoNode;
}

export interface GoFile {
  /** Path as reported in findings. */
  readonly path: string;
  readonly src: SourceText;
  readonly packageName: string;
  readonly imports: ImportMap;
  readonly decls: readonly Decl[];
  /** 1-based line of the first syntax error, if the file does not parse. */
  readonly syntaxErrorLine: number | null;
  /** Frees the wasm tree; `Decl.node()` of a declaration not yet copied throws afterwards. */
  dispose(): void;
}

export interface GoParser {
  parse(path: string, source: string): GoFile;
}

// The wasm runtime is process-wide by design of web-tree-sitter: initialise it once per thread.
let runtime: Promise<{ language: Language; tables: GrammarTables }> | null = null;

function loadRuntime(): Promise<{ language: Language; tables: GrammarTables }> {
  runtime ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const language = await Language.load(require.resolve('tree-sitter-go/tree-sitter-go.wasm'));
    const types: string[] = [];
    const named: boolean[] = [];
    for (let i = 0; i < language.nodeTypeCount; i++) {
      types.push(language.nodeTypeForId(i) ?? 'ERROR');
      named.push(language.nodeTypeIsNamed(i));
    }
    const fields: (string | null)[] = [null];
    for (let i = 1; i <= language.fieldCount; i++) fields.push(language.fieldNameForId(i));
    return { language, tables: { types, fields, named } };
  })();
  return runtime;
}

export async function createGoParser(): Promise<GoParser> {
  const { language, tables } = await loadRuntime();
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    parse(path: string, source: string): GoFile {
      const tree = parser.parse(source);
      if (!tree) throw new Error(`tree-sitter returned no tree for ${path}`);
      return indexFile(path, source, tree, tables);
    },
  };
}

const DECL_KIND: Readonly<Record<string, DeclKind>> = {
  function_declaration: 'func',
  method_declaration: 'method',
  type_declaration: 'type',
  var_declaration: 'var',
  const_declaration: 'const',
  import_declaration: 'import',
};

function indexFile(path: string, source: string, tree: Tree, tables: GrammarTables): GoFile {
  const src = new SourceText(source);
  const cursor = tree.walk();
  const raw: { kind: DeclKind; ts: TSNode; start: number; end: number }[] = [];
  let packageName = '';
  let syntaxErrorLine: number | null = null;
  if (cursor.gotoFirstChild()) {
    do {
      const type = tables.types[cursor.nodeTypeId] ?? 'ERROR';
      if (type === 'comment') continue;
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      if (type === 'package_clause') {
        packageName = source
          .slice(start, end)
          .replace(/^package\s+/, '')
          .trim();
        continue;
      }
      raw.push({ kind: DECL_KIND[type] ?? 'other', ts: cursor.currentNode, start, end });
    } while (cursor.gotoNextSibling());
  }
  cursor.delete();
  if (tree.rootNode.hasError) syntaxErrorLine = firstErrorLine(tree.rootNode);

  let disposed = false;
  const file: { -readonly [K in keyof GoFile]: GoFile[K] } = {
    path,
    src,
    packageName,
    imports: new Map(),
    decls: [],
    syntaxErrorLine,
    dispose() {
      if (!disposed) tree.delete();
      disposed = true;
    },
  };
  const decls: Decl[] = raw.map((r) => {
    let converted: GoNode | null = null;
    const header = r.kind === 'func' || r.kind === 'method' ? parseFuncHeader(source.slice(r.start, r.end)) : null;
    return {
      kind: r.kind,
      name: header?.name ?? '',
      receiver: header?.receiver ?? null,
      start: r.start,
      end: r.end,
      file,
      node(): GoNode {
        if (converted) return converted;
        if (disposed) throw new Error(`${path}: declaration read after its tree was freed`);
        const c = tree.walk();
        c.reset(r.ts);
        converted = convertSubtree(c, tables, source);
        c.delete();
        return converted;
      },
    };
  });
  file.decls = decls;
  file.imports = readImports(decls.filter((d) => d.kind === 'import').map((d) => d.node()));
  return file;
}

function firstErrorLine(root: TSNode): number {
  let node: TSNode | null = root;
  // Descend towards the first child that carries the error.
  while (node) {
    if (node.isError || node.isMissing) return node.startPosition.row + 1;
    let next: TSNode | null = null;
    for (const c of node.children) {
      if (c && (c.hasError || c.isMissing || c.isError)) {
        next = c;
        break;
      }
    }
    if (!next) return node.startPosition.row + 1;
    node = next;
  }
  return 1;
}

/** Name and receiver base type from a function declaration's text (`func (s *Server[T]) Serve(…)`). */
function parseFuncHeader(decl: string): { name: string; receiver: string | null } {
  const m = /^func\s*(?:\(\s*(?:[A-Za-z_]\w*\s+)?\*?\s*([A-Za-z_]\w*)[^)]*\)\s*)?([A-Za-z_]\w*)/.exec(decl);
  return { name: m?.[2] ?? '', receiver: m?.[1] ?? null };
}
