// Small syntax helpers the edit generators share.

import { child, type GoNode } from '../../static/go/ast.js';
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
