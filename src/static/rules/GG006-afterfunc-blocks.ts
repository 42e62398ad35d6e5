// GG006: a `time.AfterFunc` callback that sends on an unbuffered channel the waiting function may have stopped
// receiving from. The callback runs on its own goroutine; when the send has no receiver it blocks there forever.

import { isMakeChan } from '../facts/channels.js';
import { analyzeSenders } from '../facts/senders.js';
import { bindingInitializedBy, snippet, where } from './common.js';
import { PATTERNS } from '../../model/index.js';
import type { Rule, RuleContext, RuleMeta, RuleVisitors } from '../types.js';

export const meta: RuleMeta = {
  id: 'GG006',
  title: PATTERNS.GG006.title,
  severity: 'error',
  explanation:
    'A `time.AfterFunc` callback runs on a goroutine of its own when the timer fires. This one sends on an ' +
    'unbuffered channel that the function waiting for it may have stopped reading (it returned through another ' +
    'case, or never reads), so the callback goroutine blocks in `chan send` forever.',
  fix: PATTERNS.GG006.staticFix,
  docs: 'docs/rules/GG006.md',
  triggers: /^(?=[\s\S]*\bAfterFunc\b)(?=[\s\S]*\bmake\(\s*chan\b)/,
};

export function create(ctx: RuleContext): RuleVisitors {
  return {
    call_expression(call) {
      if (!isMakeChan(call)) return;
      const b = bindingInitializedBy(ctx, call);
      if (!b) return;
      const a = analyzeSenders(ctx.chans.flow(b), true);
      if (!a || a.leaves.length === 0) return;
      const leave = a.leaves[0]!;
      for (const send of a.sends) {
        const reason =
          leave.kind === 'no-receiver'
            ? 'nothing receives from it'
            : `the waiter can leave at ${where(ctx, leave.at)} (\`${snippet(leave.at)}\`) without receiving`;
        ctx.report({
          node: send.node,
          message: `the AfterFunc callback's send on \`${b.name}\` blocks forever if ${reason}`,
          createdAt: send.exec.goroutine,
        });
      }
    },
  };
}

export const rule: Rule = { meta, create };
