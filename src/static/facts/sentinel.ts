// A sentinel protocol: the producer's last value tells the consumer it is done, and the consumer's loop leaves
// when it reads that value — `for … { ch <- 1 }; ch <- 0` against `if v := <-ch; v == 0 { break }`, or
// `for i := 0; i <= n; i++ { ch <- i }` against `if v == n { return }`. Such an exit is the producer's decision:
// the consumer stops only once nothing more will be sent. Only a value sent after the producer's loop, or the
// last value of its counting loop, counts; a consumer leaving on other values (`return err`) stops on its own.

import { child, isWithin, text, unparen, type GoNode } from '../go/ast.js';
import type { ChanOp } from './channels.js';
import { enclosingLoop } from './exec.js';

/** Whether `exit` runs only when the value received at `recv` (`v := <-ch`, `v, ok := <-ch`) is a last value. */
export function onSentinel(exit: GoNode, recv: GoNode, sends: readonly ChanOp[]): boolean {
  const decl = recv.parent?.parent;
  if (decl?.type !== 'short_var_declaration' && decl?.type !== 'assignment_statement') return false;
  const names = (child(decl, 'left')?.children ?? []).filter((c) => c.type === 'identifier').map(text);
  const value = names[0];
  if (!value || value === '_') return false;
  const lasts = lastValues(sends);
  if (lasts.size === 0) return false;
  for (let p = exit.parent; p && p !== decl.parent; p = p.parent) {
    if (p.type !== 'block' || p.parent?.type !== 'if_statement' || p.field !== 'consequence') continue;
    const cond = child(p.parent, 'condition');
    if (!cond) continue;
    // Every way into the branch is the closed test (`!ok`) or the sentinel test, and the sentinel test is there.
    const terms = disjuncts(cond);
    const sentinel = (t: GoNode) => {
      if (t.type !== 'binary_expression' || t.op !== '==') return false;
      const [l, r] = [text(child(t, 'left')!).trim(), text(child(t, 'right')!).trim()];
      return (l === value && lasts.has(r)) || (r === value && lasts.has(l));
    };
    const closed = (t: GoNode) => names[1] !== undefined && /^!\s*(\w+)$/.exec(text(t).trim())?.[1] === names[1];
    if (terms.some(sentinel) && terms.every((t) => sentinel(t) || closed(t))) return true;
  }
  return false;
}

/** `a || b || c` → [a, b, c] (parentheses removed). */
function disjuncts(cond: GoNode): GoNode[] {
  const n = unparen(cond);
  if (n.type === 'binary_expression' && n.op === '||') {
    return [...disjuncts(child(n, 'left')!), ...disjuncts(child(n, 'right')!)];
  }
  return [n];
}

/**
 * The values the producers send last, as source text: a send outside any loop of its goroutine that follows a
 * send in a loop there, and the bound `K` of `for i := …; i <= K; i++ { ch <- i }`.
 */
function lastValues(sends: readonly ChanOp[]): Set<string> {
  const out = new Set<string>();
  const loopOf = (s: ChanOp) => {
    const loop = enclosingLoop(s.node);
    return loop && s.exec.goroutine && isWithin(loop, s.exec.goroutine) ? loop : null;
  };
  for (const s of sends) {
    const value = child(s.node, 'value');
    if (!value) continue;
    const loop = loopOf(s);
    if (!loop) {
      const follows = sends.some(
        (o) => o.exec.goroutine === s.exec.goroutine && loopOf(o) && o.node.end < s.node.start,
      );
      if (follows) out.add(text(value).trim());
      continue;
    }
    const clause = loop.children.find((c) => c.type === 'for_clause');
    const cond = clause && child(clause, 'condition');
    if (
      cond?.type === 'binary_expression' &&
      cond.op === '<=' &&
      text(child(cond, 'left')!).trim() === text(value).trim()
    ) {
      out.add(text(child(cond, 'right')!).trim());
    }
  }
  return out;
}
