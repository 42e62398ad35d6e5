// GG015 (N senders, one receiver): buffer the channel to the number of senders — `len(items)` for one sender per
// `range items` iteration, `n` for `for i := 0; i < n; i++`, the count of go statements otherwise.

import { child, text, type GoNode } from '../../static/index.js';
import { nodeAt, offsetOf } from '../locate.js';
import { bufferChannel } from './buffer.js';
import { ancestor } from './common.js';
import { withCtxSend } from './send.js';
import type { EditGenerator } from './types.js';

const NAME = /send on `([^`]+)`/;

export const generate: EditGenerator = (input) => {
  const { finding, src, decl, offset } = input;
  const name = NAME.exec(finding.message)?.[1];
  if (!name) return { reason: 'the finding does not name the channel' };
  const started = /\(started ([^)]*)\)/.exec(finding.message)?.[1] ?? '';
  if (started.startsWith('in a loop')) {
    const at = finding.createdAt;
    const go = at ? nodeAt(decl, offsetOf(src, at.line, at.column ?? 1), ['go_statement']) : null;
    const loop = go && ancestor(go, 'for_statement');
    const n = loop && loopCount(loop);
    if (!n) return { reason: 'cannot tell how many times the loop starts a sender' };
    return withCtxSend(bufferChannel(decl, name, offset, n), input);
  }
  const sites = started.split(',').length;
  return withCtxSend(bufferChannel(decl, name, offset, String(sites)), input);
};

/** How many iterations a loop makes, as a Go expression: `len(xs)` for `range xs`, `n` for `i < n` from 0. */
function loopCount(loop: GoNode): string | null {
  const range = loop.children.find((c) => c.type === 'range_clause');
  if (range) {
    const right = child(range, 'right');
    if (!right) return null;
    // Go 1.22 `for i := range n` ranges over an int; an int literal is the count itself.
    return /^\d+$/.test(text(right)) ? text(right) : `len(${text(right)})`;
  }
  const clause = loop.children.find((c) => c.type === 'for_clause');
  const init = clause && child(clause, 'initializer');
  const cond = clause && child(clause, 'condition');
  if (!init || !cond || cond.type !== 'binary_expression' || cond.op !== '<') return null;
  if (!/:=\s*0$/.test(text(init))) return null;
  const right = child(cond, 'right');
  return right ? text(right) : null;
}
