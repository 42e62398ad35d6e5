// GG016 (a lock held across a blocking send): the catalogue's "release the lock before blocking", for the one
// shape where that is mechanical — the send is the last thing the locked region does, in the block that took the
// lock, and sends a plain variable or literal (nothing the lock guards is read after the release). Then the
// unlock moves before the send: an explicit `mu.Unlock()` right after the send swaps with it; a
// `defer mu.Unlock()` right after the lock becomes `mu.Unlock()` before the send when the send ends the function
// and nothing between can return. Receives, waits on a WaitGroup or Cond, and a lock taken in a caller are left to
// a person: what the lock must still cover there is a design decision.

import { callee, child, findAll, text, type GoNode } from '../../static/index.js';
import { insertLineBefore, nodeOnLine, wholeLine } from '../locate.js';
import type { EditGenerator } from './types.js';

const SEND = /^send on `([^`]+)` while holding `([^`]+)`/;
const SAFE_VALUE =
  /^(identifier|int_literal|float_literal|interpreted_string_literal|raw_string_literal|nil|true|false)$/;

export const generate: EditGenerator = ({ finding, src, decl }) => {
  const m = SEND.exec(finding.message);
  if (!m) {
    return {
      reason:
        'only a send is moved out of the lock mechanically; for a receive or a Wait, what the lock must still cover is a design decision',
    };
  }
  const lockedAt = finding.related?.find((r) => / locked here$/.test(r.message ?? ''));
  const callAt = finding.related?.find((r) => r.message === 'called with the lock held');
  if (callAt || !lockedAt || lockedAt.file !== finding.location?.file || lockedAt.func !== finding.location?.func) {
    return { reason: 'the lock is taken in another function: release it there, by hand' };
  }
  const send = nodeOnLine(decl, src, finding.location.line, 'send_statement');
  const lock = nodeOnLine(decl, src, lockedAt.line, 'expression_statement', (n) => isCall(n, /^R?Lock$/));
  const mu = lock && receiver(lock);
  if (!send || !lock || !mu) return { reason: 'cannot find the send and the `Lock()` in one function' };
  if (send.parent !== lock.parent) return { reason: 'the send is not in the block that took the lock' };
  const value = child(send, 'value');
  if (!value || !SAFE_VALUE.test(value.type)) {
    return { reason: 'the value sent is computed at the send: it may read what the lock guards' };
  }
  const unlockName = text(lock).endsWith('.RLock()') ? 'RUnlock' : 'Unlock';
  const unlock = `${mu}.${unlockName}()`;
  const stmts = lock.parent!.children;
  const si = stmts.indexOf(send);
  const sendLine = wholeLine(src, send);
  if (!sendLine) return { reason: 'the send does not stand on a line of its own' };

  const after = stmts[si + 1];
  if (after && after.type === 'expression_statement' && text(after) === unlock) {
    const span = wholeLine(src, after);
    if (!span) return { reason: `\`${unlock}\` does not stand on a line of its own` };
    return {
      edits: [insertLineBefore(src, send.start, unlock), { ...span, text: '' }],
      summary: `\`${unlock}\` before the send on \`${text(child(send, 'channel')!)}\`, so the receiver can take the lock`,
    };
  }
  const deferred = stmts[stmts.indexOf(lock) + 1];
  const body = lock.parent!;
  const endsFunction =
    si === stmts.length - 1 &&
    body.type === 'block' &&
    /^(function_declaration|method_declaration|func_literal)$/.test(body.parent?.type ?? '');
  if (deferred?.type === 'defer_statement' && text(deferred) === `defer ${unlock}` && endsFunction) {
    const between = stmts.slice(stmts.indexOf(deferred) + 1, si);
    const exits = between.some((s) => findAll(s, 'return_statement').some((r) => !insideFuncLit(r, s)));
    const panics = between.some((s) => /\bpanic\(|\.Fatal|\bos\.Exit\(/.test(text(s)));
    const span = wholeLine(src, deferred);
    if (exits || panics || !span) {
      return {
        reason: `the region can leave before the send: keeping \`defer ${unlock}\` is safer, move the send by hand`,
      };
    }
    return {
      edits: [{ ...span, text: '' }, insertLineBefore(src, send.start, unlock)],
      summary: `\`${unlock}\` before the send on \`${text(child(send, 'channel')!)}\` instead of \`defer ${unlock}\`, so the receiver can take the lock`,
    };
  }
  return {
    reason: `the send is not the last thing under \`${mu}\`: what the lock must still cover after it is a design decision`,
  };
};

function isCall(stmt: GoNode, name: RegExp): boolean {
  const call = stmt.children[0];
  const c = call && call.type === 'call_expression' ? callee(call) : null;
  return !!c && name.test(c.name) && !!c.operand;
}

function receiver(stmt: GoNode): string | null {
  const c = stmt.children[0] && callee(stmt.children[0]);
  return c?.operand ? text(c.operand) : null;
}

function insideFuncLit(n: GoNode, stop: GoNode): boolean {
  for (let p = n.parent; p && p !== stop; p = p.parent) if (p.type === 'func_literal') return true;
  return false;
}
