// GG020 (WaitGroup.Wait while the children block on the waiter): the catalogue's fix, for the shape where the
// waiter waits, closes the results channel and then ranges over it (fresh declarations may come between) — wait and close in a goroutine of their own
// (`go func() { wg.Wait(); close(ch) }()`), so the loop drains the senders while they finish and ends when the
// last one is done. Code after the loop still runs after every sender finished (the loop ends only at the close).
// The lock variant (the waiter holds a lock the children need) is left to a person: where to release the lock
// depends on what it protects.

import { child, findAll, text, type GoNode } from '../../static/index.js';
import { nodeOnLine, wholeLine } from '../locate.js';
import type { EditGenerator } from './types.js';

const SEND = /^send on `([^`]+)` \(unbuffered\) blocks: its only receiver runs after `([^`]+)\.Wait\(\)`/;

export const generate: EditGenerator = ({ finding, src, decl }) => {
  const m = SEND.exec(finding.message);
  if (!m) {
    return {
      reason:
        'the waiter holds a lock across `Wait` that the goroutines need: where to release it depends on what it protects',
    };
  }
  const ch = m[1]!;
  const waitAt = finding.related?.find((r) => r.message?.startsWith('the waiter blocks here'));
  if (!waitAt || waitAt.file !== finding.location?.file) return { reason: 'the waiting `Wait` is in another file' };
  const wait = nodeOnLine(decl, src, waitAt.line, 'expression_statement', (n) => /\.Wait\(\)$/.test(text(n)));
  if (!wait) return { reason: 'the waiting `Wait` is not in the function that starts the senders' };
  const block = wait.parent;
  const stmts = block?.children ?? [];
  const i = stmts.indexOf(wait);
  const close = stmts[i + 1];
  if (!close || !isClose(close, ch)) {
    return {
      reason: `\`${text(wait)}\` is not followed by \`close(${ch})\`: where the wait belongs depends on how the results are read`,
    };
  }
  // Declarations of fresh values may sit between the close and the loop (`var out []string`): they read nothing
  // the senders write, so running them before the senders finish changes nothing.
  let j = i + 2;
  while (stmts[j] && freshDeclaration(stmts[j]!)) j++;
  const loop = stmts[j];
  if (!loop || !rangesOver(loop, ch)) {
    return {
      reason: `\`close(${ch})\` is not followed by \`for … range ${ch}\`: the statements between would run before the senders finish`,
    };
  }
  const first = wholeLine(src, wait);
  const last = wholeLine(src, close);
  if (!first || !last) return { reason: `\`${text(wait)}\` and \`close(${ch})\` do not stand on lines of their own` };
  const indent = src.slice(first.start, wait.start);
  const body = `go func() {\n${indent}\t${text(wait)}\n${indent}\t${text(close)}\n${indent}}()`;
  return {
    edits: [{ start: wait.start, end: close.end, text: body }],
    summary: `wait and close \`${ch}\` in a goroutine (\`go func() { ${text(wait)}; close(${ch}) }()\`) so the loop drains the senders`,
  };
};

function isClose(stmt: GoNode, ch: string): boolean {
  return stmt.type === 'expression_statement' && text(stmt).replace(/\s+/g, '') === `close(${ch})`;
}

/** `var out []string`, `out := make([]string, 0, 8)`, `seen := map[string]bool{}`: a new value that reads nothing. */
function freshDeclaration(stmt: GoNode): boolean {
  if (stmt.type === 'var_declaration') {
    return findAll(stmt, 'var_spec').every((spec) => {
      const value = child(spec, 'value');
      return !value || value.children.every(freshValue);
    });
  }
  if (stmt.type !== 'short_var_declaration') return false;
  const right = child(stmt, 'right');
  return !!right && right.children.every(freshValue);
}

const LITERAL = /^(int_literal|float_literal|interpreted_string_literal|raw_string_literal|nil|true|false)$/;

function freshValue(v: GoNode): boolean {
  if (LITERAL.test(v.type)) return true;
  if (v.type === 'composite_literal') return (child(v, 'body')?.children.length ?? 0) === 0;
  if (v.type !== 'call_expression' || !/^(make|new)$/.test(text(child(v, 'function') ?? v))) return false;
  const args = child(v, 'arguments')?.children ?? [];
  // The type, then sizes that are literals.
  return args.slice(1).every((a) => LITERAL.test(a.type));
}

function rangesOver(stmt: GoNode, ch: string): boolean {
  if (stmt.type !== 'for_statement') return false;
  const clause = stmt.children.find((c) => c.type === 'range_clause');
  const right = clause && child(clause, 'right');
  return !!right && text(right) === ch;
}
