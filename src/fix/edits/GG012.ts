// GG012 (Lock without Unlock on some path). When the region between `mu.Lock()` and its `mu.Unlock()` is the
// function's own body and the unlock ends it (nothing but a call-free `return` after it), the fix is
// `defer mu.Unlock()` after the lock, with the explicit unlocks of that region removed (a second unlock would
// panic). Otherwise — a loop body, or work done after the unlock that must not hold the lock — the exit the
// finding names gets its own `mu.Unlock()` right before it.

import { callee, findAll, isFuncNode, text, type GoNode } from '../../static/index.js';
import { insertLineAfter, insertLineBefore, nodeAt, nodeOnLine, wholeLine } from '../locate.js';
import type { TextEdit } from '../types.js';
import type { EditGenerator } from './types.js';

const MESSAGE = /with `([^`]+)` still locked: (R?Lock) at line (\d+), (R?Unlock) only at line (\d+)/;

export const generate: EditGenerator = ({ finding, src, decl, offset }) => {
  const m = MESSAGE.exec(finding.message);
  if (!m) return { reason: 'the finding does not name the mutex and its Lock/Unlock lines' };
  const [, mu, lock, lockLine, unlock, unlockLine] = m as unknown as [string, string, string, string, string, string];
  const exit = nodeAt(decl, offset, ['return_statement', 'break_statement', 'continue_statement']);
  if (!exit) return { reason: 'no return/break/continue at the reported position' };
  const isCall = (name: string) => (n: GoNode) => {
    const call = n.children[0];
    const c = call && callee(call);
    return !!c && c.name === name && !!c.operand && text(c.operand) === mu;
  };
  const lockStmt = nodeOnLine(decl, src, Number(lockLine), 'expression_statement', isCall(lock));
  const unlockStmt = nodeOnLine(decl, src, Number(unlockLine), 'expression_statement', isCall(unlock));
  if (!lockStmt || !unlockStmt || lockStmt.parent !== unlockStmt.parent) {
    return { reason: `cannot find \`${mu}.${lock}()\` and \`${mu}.${unlock}()\` in one block` };
  }
  const deferred = deferPlan(src, lockStmt, unlockStmt, mu, lock, unlock);
  if (deferred) return deferred;
  const edit = insertLineBefore(src, exit.start, `${mu}.${unlock}()`);
  return { edits: [edit], summary: `unlock \`${mu}\` before the ${exit.type.replace('_statement', '')}` };
};

function deferPlan(src: string, lockStmt: GoNode, unlockStmt: GoNode, mu: string, lock: string, unlock: string) {
  const list = lockStmt.parent!;
  // A defer in a loop body runs at function exit, not at the end of the iteration.
  if (list.type !== 'block' || !list.parent || !isFuncNode(list.parent)) return null;
  const stmts = list.children;
  const after = stmts.slice(stmts.indexOf(unlockStmt) + 1);
  // Code after the unlock would now run holding the lock: only a return of plain values is safe.
  const plainReturn = (s: GoNode) => s.type === 'return_statement' && findAll(s, 'call_expression').length === 0;
  if (after.length > 1 || (after.length === 1 && !plainReturn(after[0]!))) return null;
  const region = stmts.slice(stmts.indexOf(lockStmt) + 1, stmts.indexOf(unlockStmt) + 1);
  const unlocks = region.flatMap((s) =>
    findAll(s, 'call_expression', { skipFuncLits: true }).filter((c) => {
      const k = callee(c);
      return !!k && k.name === unlock && !!k.operand && text(k.operand) === mu;
    }),
  );
  const edits: TextEdit[] = [insertLineAfter(src, lockStmt, `defer ${mu}.${unlock}()`)];
  for (const call of unlocks) {
    // Only whole statements can go; an unlock inside an expression means the code is not the simple shape.
    const stmt = call.parent;
    const span = stmt?.type === 'expression_statement' ? wholeLine(src, stmt) : null;
    if (!span) return null;
    edits.push({ ...span, text: '' });
  }
  return { edits, summary: `\`defer ${mu}.${unlock}()\` right after \`${mu}.${lock}()\`` };
}
