// GG015: N goroutines each send one result on a channel, and the receiver takes fewer than N — the first value,
// or until the first error — then leaves. The other senders block forever on an unbuffered channel.

import { isMakeChan } from '../facts/channels.js';
import { analyzeSenders, type ReceiverLeaves } from '../facts/senders.js';
import { enclosingLoop } from '../facts/exec.js';
import { bindingInitializedBy, snippet, where } from './common.js';
import { PATTERNS } from '../../model/index.js';
import type { Rule, RuleContext, RuleMeta, RuleVisitors } from '../types.js';

export const meta: RuleMeta = {
  id: 'GG015',
  title: PATTERNS.GG015.title,
  severity: 'error',
  explanation:
    'Several goroutines send on the same channel, but the receiving function stops receiving before it has taken ' +
    'every value (it returns the first result, or leaves on the first error or on a timeout). Each remaining ' +
    'sender blocks in `chan send` forever: N−1 goroutines leak per call.',
  fix: PATTERNS.GG015.staticFix,
  docs: 'docs/rules/GG015.md',
  triggers: /\bmake\(\s*chan\b/,
};

export function create(ctx: RuleContext): RuleVisitors {
  return {
    call_expression(call) {
      if (!isMakeChan(call)) return;
      const b = bindingInitializedBy(ctx, call);
      if (!b) return;
      const a = analyzeSenders(ctx.chans.flow(b));
      if (!a || !a.manySenders || a.leaves.length === 0) return;
      const leave = a.leaves[0]!;
      const started = a.goSites
        .map((g) => (enclosingLoop(g, b.func) ? `in a loop at ${where(ctx, g)}` : `at ${where(ctx, g)}`))
        .join(', ');
      for (const send of a.sends) {
        ctx.report({
          node: send.node,
          message: `${a.goSites.length > 1 ? 'several senders' : 'one sender per loop iteration'} (started ${started}) send on \`${b.name}\`, but ${describe(ctx, leave)}; the rest block forever`,
          createdAt: send.exec.goroutine,
        });
      }
    },
  };
}

function describe(ctx: RuleContext, leave: ReceiverLeaves): string {
  switch (leave.kind) {
    case 'no-receiver':
      return 'nothing receives';
    case 'takes-first':
      return `the receiver takes only what it reads up to ${where(ctx, leave.at)}`;
    case 'early-return':
      return `the function can return at ${where(ctx, leave.at)} before receiving`;
    case 'select-leaves':
      return `the receiver can take the \`${snippet(leave.at)}\` case at ${where(ctx, leave.at)} and leave`;
    case 'range-exits':
    case 'loop-exits':
      return `the receiving loop exits early at ${where(ctx, leave.at)} (\`${snippet(leave.at)}\`)`;
  }
}

export const rule: Rule = { meta, create };
