// Small syntax helpers the edit generators share.

import { child, childrenOf, isFuncNode, text, type GoNode } from '../../static/index.js';
import { insertLineBefore, lineStartOf } from '../locate.js';
import type { TextEdit } from '../types.js';

/** The nearest enclosing node of `type`, `n` excluded. */
export function ancestor(n: GoNode, type: string): GoNode | null {
  for (let p = n.parent; p; p = p.parent) if (p.type === type) return p;
  return null;
}

/** An edit that makes `stmt` the first statement of the function literal `lit`. */
export function prependToBody(src: string, lit: GoNode, stmt: string): TextEdit | null {
  const body = child(lit, 'body');
  const first = body?.children[0];
  if (!body || !first) return null;
  // `func() { work() }` on one line: keep it one line rather than splitting the statement off the brace.
  if (lineStartOf(src, first.start) === lineStartOf(src, body.start)) {
    return { start: first.start, end: first.start, text: `${stmt}; ` };
  }
  return insertLineBefore(src, first.start, stmt);
}

export function enclosingFn(n: GoNode): GoNode | null {
  for (let p = n.parent; p; p = p.parent) if (isFuncNode(p)) return p;
  return null;
}

/** Name of a `context.Context` parameter of the innermost enclosing function that has one. */
export function contextInScope(n: GoNode): string | null {
  for (let f = enclosingFn(n); f; f = enclosingFn(f)) {
    const params = child(f, 'parameters');
    for (const p of params?.children ?? []) {
      if (p.type !== 'parameter_declaration' || text(child(p, 'type') ?? p) !== 'context.Context') continue;
      const names = childrenOf(p, 'name');
      const name = names[names.length - 1];
      if (name && text(name) !== '_') return text(name);
    }
  }
  return null;
}
