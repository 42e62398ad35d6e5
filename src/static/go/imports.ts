// Which local name refers to which imported package in one file, so `time.After` is recognised as the standard
// library's only when `time` really is "time" (and not a local variable or another package named time).

import { child, text, type GoNode } from './ast.js';

/** local name → import path. Dot and blank imports are left out: their names cannot qualify a call. */
export type ImportMap = ReadonlyMap<string, string>;

export function readImports(importDecls: readonly GoNode[]): ImportMap {
  const out = new Map<string, string>();
  for (const decl of importDecls) {
    for (const spec of specs(decl)) {
      const pathNode = child(spec, 'path');
      if (!pathNode) continue;
      const path = text(pathNode).replace(/^["`]|["`]$/g, '');
      const nameNode = child(spec, 'name');
      if (nameNode) {
        if (nameNode.type === 'package_identifier') out.set(text(nameNode), path);
        continue;
      }
      out.set(defaultName(path), path);
    }
  }
  return out;
}

function specs(decl: GoNode): GoNode[] {
  const out: GoNode[] = [];
  for (const c of decl.children) {
    if (c.type === 'import_spec') out.push(c);
    else if (c.type === 'import_spec_list') out.push(...c.children.filter((s) => s.type === 'import_spec'));
  }
  return out;
}

/** The package name Go assumes for an import path: its last element, minus a `/vN` major-version suffix. */
function defaultName(path: string): string {
  const parts = path.split('/');
  let last = parts[parts.length - 1] ?? path;
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2]!;
  return last.replace(/^go-/, '').replace(/[.-].*$/, '');
}
