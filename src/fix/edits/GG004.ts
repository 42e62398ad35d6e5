// GG004 (ticker never stopped; goroutine ranging over ticker.C forever). `for range t.C { body }` becomes
// `for { select { case <-ctx.Done(): return; case <-t.C: body } } }` with a context.Context parameter in scope,
// and a ticker made in the same function gets `defer t.Stop()`. Both findings a ticker can have (never stopped,
// ranged forever) get the same edit, so they become one patch. A ticker that is only never stopped (no loop over
// it) gets just the `defer t.Stop()`.

import { child, findAll, isFuncNode, text, unparen, type GoNode } from '../../static/index.js';
import { insertLineAfter, nodeAt } from '../locate.js';
import type { TextEdit } from '../types.js';
import { contextInScope, enclosingFn } from './common.js';
import type { EditGenerator } from './types.js';

export const generate: EditGenerator = ({ src, decl, offset }) => {
  const at = nodeAt(decl, offset, ['for_statement', 'call_expression']);
  if (!at) return { reason: 'no ticker or loop at the reported position' };
  const ticker = at.type === 'call_expression' ? tickerStmt(at) : null;
  const name = ticker ? tickerName(ticker) : null;
  const loop = at.type === 'for_statement' ? at : name ? rangeLoopOver(decl, `${name}.C`) : null;
  const edits: TextEdit[] = [];
  if (loop) {
    const rewrite = rewriteLoop(src, loop);
    if ('reason' in rewrite) return rewrite;
    edits.push(rewrite);
  }
  const source = ticker ?? (loop ? tickerOfLoop(decl, loop) : null);
  const stopName = source && tickerName(source);
  const sameFn = !loop || (source && enclosingFn(source) === enclosingFn(loop));
  if (source && stopName && sameFn && !new RegExp(`\\b${stopName}\\.Stop\\(\\)`).test(text(decl))) {
    const list = source.parent;
    if (list?.type === 'block' && list.parent && isFuncNode(list.parent)) {
      edits.push(insertLineAfter(src, source, `defer ${stopName}.Stop()`));
    }
  }
  if (edits.length === 0) return { reason: 'the ticker is not made in a function body where a defer can stop it' };
  const what = [
    loop ? 'a `ctx.Done()` exit for the ticker loop' : '',
    stopName && edits.length > (loop ? 1 : 0) ? `\`defer ${stopName}.Stop()\`` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  return { edits, summary: what };
};

/** The `t := time.NewTicker(…)` statement a call is the right-hand side of. */
function tickerStmt(call: GoNode): GoNode | null {
  const stmt = call.parent?.parent;
  return stmt && stmt.type === 'short_var_declaration' ? stmt : null;
}

function tickerName(stmt: GoNode): string | null {
  const left = child(stmt, 'left')?.children[0];
  return left?.type === 'identifier' ? text(left) : null;
}

function rangeClause(loop: GoNode): GoNode | undefined {
  return loop.children.find((c) => c.type === 'range_clause');
}

function rangeLoopOver(decl: GoNode, expr: string): GoNode | null {
  return (
    findAll(decl, 'for_statement').find((l) => {
      const right = rangeClause(l) && child(rangeClause(l)!, 'right');
      return !!right && text(unparen(right)) === expr;
    }) ?? null
  );
}

function tickerOfLoop(decl: GoNode, loop: GoNode): GoNode | null {
  const right = child(rangeClause(loop)!, 'right');
  const m = right && /^(\w+)\.C$/.exec(text(unparen(right)));
  if (!m) return null;
  return (
    findAll(decl, 'short_var_declaration').find(
      (s) => tickerName(s) === m[1] && /time\.NewTicker\(/.test(text(s)) && s.start < loop.start,
    ) ?? null
  );
}

function rewriteLoop(src: string, loop: GoNode): TextEdit | { reason: string } {
  const clause = rangeClause(loop);
  const right = clause && child(clause, 'right');
  const body = child(loop, 'body');
  if (!clause || !right || !body) return { reason: 'the loop is not a `for … range` over the ticker channel' };
  const ctx = contextInScope(loop);
  if (!ctx) return { reason: 'no context.Context parameter in scope to stop the loop: add one by hand' };
  const fn = enclosingFn(loop);
  if (fn && child(fn, 'result')) return { reason: 'the function returns values: choose what to return on cancel' };
  const left = child(clause, 'left');
  const recv = left ? `${text(left)} := <-${text(right)}` : `<-${text(right)}`;
  const inner = src.slice(body.start + 1, body.end - 1);
  const text_ = `for {\nselect {\ncase <-${ctx}.Done():\nreturn\ncase ${recv}:${inner}}\n}`;
  return { start: loop.start, end: loop.end, text: text_ };
}
