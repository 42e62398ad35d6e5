// GG001: a goroutine sends on an unbuffered channel, and the function that should receive can return first
// (early return, a ctx.Done()/timeout select case, nobody receiving at all). The sender then blocks forever.

import { isMakeChan, type ChanFlow, type ChanOp } from '../facts/channels.js';
import { analyzeSenders, type ReceiverLeaves } from '../facts/senders.js';
import { snippet, where, bindingInitializedBy } from './common.js';
import type { GoNode } from '../go/ast.js';
import { PATTERNS } from '../../model/index.js';
import type { Rule, RuleContext, RuleMeta, RuleVisitors } from '../types.js';

export const meta: RuleMeta = {
  id: 'GG001',
  title: PATTERNS.GG001.title,
  severity: 'error',
  explanation:
    'The goroutine sends on a channel nobody will receive from once the function that made it has returned. ' +
    'An unbuffered send waits for a receiver forever, so every call that takes the early way out leaks one ' +
    'goroutine, blocked in `chan send`, holding whatever it captured.',
  fix: PATTERNS.GG001.staticFix,
  docs: 'docs/rules/GG001.md',
  triggers: /\bmake\(\s*chan\b/,
};

export function create(ctx: RuleContext): RuleVisitors {
  return {
    call_expression(call) {
      if (!isMakeChan(call)) return;
      const b = bindingInitializedBy(ctx, call);
      if (!b) return;
      const a = analyzeSenders(ctx.chans.flow(b));
      if (!a || a.manySenders || a.leaves.length === 0) return;
      for (const send of a.sends) {
        ctx.report({
          node: send.node,
          message: `send on \`${b.name}\` (${bufferText(a.flow.capacity)}) blocks forever if ${describe(ctx, a.leaves[0]!, b.name, send)}`,
          createdAt: send.exec.goroutine,
        });
      }
    },
  };
}

function describe(ctx: RuleContext, leave: ReceiverLeaves, name: string, send: ChanOp): string {
  const at: GoNode = leave.at;
  switch (leave.kind) {
    case 'no-receiver':
      return `nobody receives: nothing reads \`${name}\` after the goroutine at ${where(ctx, send.exec.goroutine!)} starts`;
    case 'early-return':
      return `the function returns at ${where(ctx, at)} before receiving`;
    case 'select-leaves':
      return `the receiver takes the \`${snippet(at)}\` case at ${where(ctx, at)} and leaves`;
    case 'range-exits':
    case 'loop-exits':
      return `the receiving loop exits at ${where(ctx, at)} (\`${snippet(at)}\`) while the sender has more to send`;
    case 'takes-first':
      return `the receiver stops after ${where(ctx, at)}`;
  }
}

export function bufferText(capacity: ChanFlow['capacity']): string {
  return capacity === 0 ? 'unbuffered' : `buffer ${String(capacity)}`;
}

export const rule: Rule = { meta, create };
