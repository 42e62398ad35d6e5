// Finding positions back to syntax: the offset of a 1-based line/column, the declaration around it, the node a
// finding points at, and the whole-line spans that edits insert before or delete.

import { walk, type GoNode } from '../static/index.js';
import type { GoFile } from '../static/index.js';

export function lineStarts(src: string): number[] {
  const starts = [0];
  for (let i = src.indexOf('\n'); i !== -1; i = src.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Offset of 1-based `line`, `column` (UTF-16 columns, as findings carry them). */
export function offsetOf(src: string, line: number, column = 1): number {
  const starts = lineStarts(src);
  const start = starts[line - 1];
  return start === undefined ? -1 : start + column - 1;
}

/** The syntax tree of the top-level declaration containing `offset`. */
export function declAt(file: GoFile, offset: number): GoNode | null {
  const d = file.decls.find((x) => x.start <= offset && offset < x.end);
  return d ? d.node() : null;
}

/** The outermost node of one of `types` that starts exactly at `offset` (the node a finding reports). */
export function nodeAt(root: GoNode, offset: number, types: readonly string[]): GoNode | null {
  let found: GoNode | null = null;
  walk(root, (n) => {
    if (found || n.end <= offset || n.start > offset) return false;
    if (n.start === offset && types.includes(n.type)) {
      found = n;
      return false;
    }
    return true;
  });
  return found;
}

/** First node of `type` under `root` on 1-based `line` whose text satisfies `ok`. */
export function nodeOnLine(
  root: GoNode,
  src: string,
  line: number,
  type: string,
  ok: (n: GoNode) => boolean = () => true,
): GoNode | null {
  const starts = lineStarts(src);
  const from = starts[line - 1] ?? -1;
  const to = starts[line] ?? src.length;
  let found: GoNode | null = null;
  walk(root, (n) => {
    if (found || n.end <= from || n.start >= to) return false;
    if (n.type === type && n.start >= from && ok(n)) {
      found = n;
      return false;
    }
    return true;
  });
  return found;
}

/** The indentation of the line `offset` is on. */
export function indentAt(src: string, offset: number): string {
  const start = src.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(src.slice(start))![0];
}

/** Start of the line `offset` is on. */
export function lineStartOf(src: string, offset: number): number {
  return src.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * The span that deletes the statement `n` with its line, when it stands alone on its line (null otherwise:
 * deleting part of a line is not a minimal, readable edit).
 */
export function wholeLine(src: string, n: GoNode): { start: number; end: number } | null {
  const start = lineStartOf(src, n.start);
  if (src.slice(start, n.start).trim() !== '') return null;
  const nl = src.indexOf('\n', n.end);
  const end = nl < 0 ? src.length : nl + 1;
  if (src.slice(n.end, end).trim() !== '') return null;
  return { start, end };
}

/** Inserts `stmt` as a new line before the statement starting at `offset`, at its indentation. */
export function insertLineBefore(
  src: string,
  offset: number,
  stmt: string,
): { start: number; end: number; text: string } {
  const start = lineStartOf(src, offset);
  return { start, end: start, text: `${indentAt(src, offset)}${stmt}\n` };
}

/** Inserts `stmt` as a new line after the statement `n` (which ends its line). */
export function insertLineAfter(src: string, n: GoNode, stmt: string): { start: number; end: number; text: string } {
  const nl = src.indexOf('\n', n.end);
  const at = nl < 0 ? src.length : nl + 1;
  return { start: at, end: at, text: `${indentAt(src, n.start)}${stmt}\n` };
}
