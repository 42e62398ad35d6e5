// The ctx-aware send, the other fix for GG001/GG015: `ch <- v` becomes
// `select { case ch <- v: case <-ctx.Done(): return }`, so the sender gives up with its context instead of
// completing into a buffer. Offered after the buffer, for code that relies on the send completing only when
// someone receives (a counter moved after the send, a handoff).

import { child, type GoNode } from '../../static/index.js';
import { nodeAt } from '../locate.js';
import type { EditPlan } from '../types.js';
import { contextInScope, enclosingFn } from './common.js';
import type { EditInput } from './types.js';

export function ctxSend({ src, decl, offset }: EditInput): EditPlan {
  const send: GoNode | null = nodeAt(decl, offset, ['send_statement']);
  if (!send || send.parent?.type === 'communication_case') return { reason: 'the send is already a select case' };
  const ctx = contextInScope(send);
  if (!ctx) return { reason: 'no context.Context parameter in scope for a ctx-aware send' };
  const fn = enclosingFn(send);
  if (fn && child(fn, 'result')) return { reason: 'the sender returns values: choose what to return on cancel' };
  const text = `select {\ncase ${src.slice(send.start, send.end)}:\ncase <-${ctx}.Done():\nreturn\n}`;
  return {
    edits: [{ start: send.start, end: send.end, text }],
    summary: `send with \`select { case … <- …: case <-${ctx}.Done(): return }\` so the sender leaves with its context`,
  };
}

/** The first plan, then the ctx-aware send when one can be made. */
export function withCtxSend(first: EditPlan, input: EditInput): EditPlan | EditPlan[] {
  const alt = ctxSend(input);
  if ('reason' in alt) return first;
  return 'reason' in first ? alt : [first, alt];
}
