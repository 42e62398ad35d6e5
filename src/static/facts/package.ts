// One Go package as the rules see it: its files, its functions and methods by name (to follow a value into a
// same-package callee), its struct fields' declared types, and memoised per-declaration name resolution.

import { child, childrenOf, findAll, text, type GoNode } from '../go/ast.js';
import type { GoVersion } from '../go/gomod.js';
import type { ImportMap } from '../go/imports.js';
import type { Decl, GoFile } from '../go/parser.js';
import { resolve, type Binding, type Resolution } from '../go/scope.js';

export interface FieldDecl {
  /** Struct type name. */
  owner: string;
  name: string;
  type: GoNode;
  file: GoFile;
}

export class GoPackage {
  private readonly declByRoot = new Map<GoNode, Decl>();
  private readonly resolutions = new Map<GoNode, Resolution>();
  private funcIndex: Map<string, Decl[]> | null = null;
  private methodIndex: Map<string, Decl[]> | null = null;
  private fieldIndex: Map<string, FieldDecl[]> | null = null;

  constructor(
    readonly files: readonly GoFile[],
    /** Import path of the package (module path + directory), when known. */
    readonly importPath: string | null,
    readonly goVersion: GoVersion,
  ) {}

  /** The declaration's syntax tree, registered so nodes can be traced back to it. */
  nodeOf(decl: Decl): GoNode {
    const n = decl.node();
    this.declByRoot.set(n, decl);
    return n;
  }

  /** The top-level declaration containing `n`. */
  declOf(n: GoNode): Decl | undefined {
    let root = n;
    while (root.parent) root = root.parent;
    return this.declByRoot.get(root);
  }

  fileOf(n: GoNode): GoFile | undefined {
    return this.declOf(n)?.file;
  }

  importsOf(n: GoNode): ImportMap {
    return this.fileOf(n)?.imports ?? new Map();
  }

  bindingOf(ident: GoNode): Binding | undefined {
    return this.resolutionOf(ident).bindingOf(ident);
  }

  resolutionOf(n: GoNode): Resolution {
    let root = n;
    while (root.parent) root = root.parent;
    let r = this.resolutions.get(root);
    if (!r) {
      r = resolve(root);
      this.resolutions.set(root, r);
    }
    return r;
  }

  /** Package-level functions named `name` (more than one only across build-tagged files). */
  funcs(name: string): Decl[] {
    this.funcIndex ??= this.index('func');
    return this.funcIndex.get(name) ?? [];
  }

  /** Methods named `name`, on any receiver type. */
  methods(name: string): Decl[] {
    this.methodIndex ??= this.index('method');
    return this.methodIndex.get(name) ?? [];
  }

  /** Struct fields named `name` declared in this package. */
  fields(name: string): FieldDecl[] {
    this.fieldIndex ??= this.indexFields();
    return this.fieldIndex.get(name) ?? [];
  }

  /** The package-level `var name …` spec, if exactly one declares `name`. */
  packageVar(name: string): { typeNode: GoNode | null; value: GoNode | null } | null {
    const found: { typeNode: GoNode | null; value: GoNode | null }[] = [];
    const re = new RegExp(`\\b${name}\\b`);
    for (const f of this.files) {
      for (const d of f.decls) {
        if (d.kind !== 'var' || !re.test(f.src.text.slice(d.start, d.end))) continue;
        for (const spec of findAll(this.nodeOf(d), 'var_spec')) {
          const names = childrenOf(spec, 'name');
          const i = names.findIndex((n) => text(n) === name);
          if (i < 0) continue;
          const values = child(spec, 'value')?.children ?? [];
          found.push({
            typeNode: child(spec, 'type') ?? null,
            value: values.length === names.length ? values[i]! : null,
          });
        }
      }
    }
    return found.length === 1 ? found[0]! : null;
  }

  private index(kind: 'func' | 'method'): Map<string, Decl[]> {
    const m = new Map<string, Decl[]>();
    for (const f of this.files) {
      for (const d of f.decls) {
        if (d.kind !== kind || !d.name) continue;
        const list = m.get(d.name) ?? [];
        list.push(d);
        m.set(d.name, list);
      }
    }
    return m;
  }

  private indexFields(): Map<string, FieldDecl[]> {
    const m = new Map<string, FieldDecl[]>();
    for (const f of this.files) {
      for (const d of f.decls) {
        if (d.kind !== 'type') continue;
        const body = f.src.text.slice(d.start, d.end);
        // Only struct declarations with a field type a rule asks about are worth copying.
        if (!/\bchan\b|\bhttp\.|\bsync\.|\bRoundTripper\b/.test(body)) continue;
        for (const spec of findAll(this.nodeOf(d), 'type_spec')) {
          const owner = child(spec, 'name');
          const st = child(spec, 'type');
          if (!owner || st?.type !== 'struct_type') continue;
          for (const fd of findAll(st, 'field_declaration')) {
            const type = child(fd, 'type');
            if (!type) continue;
            for (const nm of childrenOf(fd, 'name')) {
              const list = m.get(text(nm)) ?? [];
              list.push({ owner: text(owner), name: text(nm), type, file: f });
              m.set(text(nm), list);
            }
          }
        }
      }
    }
    return m;
  }
}
