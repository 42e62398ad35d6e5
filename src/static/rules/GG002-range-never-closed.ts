// GG002: a goroutine ranges over (or waits on) a channel that nothing ever closes. Once the senders are done the
// range never ends; a receive on a channel nobody sends to or closes never returns.

import { child, text } from '../go/ast.js';
import { isMakeChan, type ChanFlow } from '../facts/channels.js';
import { chanFieldTrigger, selectorField } from '../facts/fields.js';
import { loopExits } from '../facts/flow.js';
import { bindingInitializedBy, inProcessLifetime } from './common.js';
import { PATTERNS } from '../../model/index.js';
import type { Rule, RuleContext, RuleMeta, RuleVisitors } from '../types.js';

export const meta: RuleMeta = {
  id: 'GG002',
  title: PATTERNS.GG002.title,
  severity: 'error',
  explanation:
    '`for v := range ch` ends only when `ch` is closed, and a bare `<-ch` returns only when a value arrives or the ' +
    'channel is closed. The channel is made here, never leaves this function, and nothing closes it, so once the ' +
    'senders are done the receiving goroutine waits in `chan receive` forever.',
  fix: PATTERNS.GG002.staticFix,
  docs: 'docs/rules/GG002.md',
  triggers: /\bmake\(\s*chan\b/,
  packageTrigger: chanFieldTrigger,
};

export function create(ctx: RuleContext): RuleVisitors {
  return {
    range_clause(clause) {
      const right = child(clause, 'right');
      const loop = clause.parent;
      const name = right ? selectorField(right) : null;
      if (!name || !loop) return;
      const f = ctx.fields.field(name);
      // Never assigned is GG013's nil channel; assigned from anything but make may be closed under another name.
      if (!f || f.assigned.length === 0 || !f.makeOnly || f.escapes.length > 0) return;
      if (f.ops.some((o) => o.kind === 'close') || loopExits(loop).length > 0 || inProcessLifetime(ctx, loop)) return;
      ctx.report({
        node: loop,
        message: `\`range ${text(right!)}\` never ends: nothing in this package closes the \`${name}\` field, and the loop has no other exit`,
      });
    },
    call_expression(call) {
      if (!isMakeChan(call)) return;
      const b = bindingInitializedBy(ctx, call);
      if (!b) return;
      const flow = ctx.chans.flow(b);
      if (!closedNowhere(flow)) return;
      const sends = flow.ops.filter((o) => o.kind === 'send');
      for (const o of flow.ops) {
        if (o.exec.opaque || inProcessLifetime(ctx, o.node)) continue;
        if (o.kind === 'range' && loopExits(o.node).length === 0) {
          ctx.report({
            node: o.node,
            message: `\`range ${b.name}\` never ends: nothing closes \`${b.name}\`, and the loop has no other exit`,
            createdAt: o.exec.goroutine,
          });
        } else if (o.kind === 'recv' && o.select === null && sends.length === 0) {
          ctx.report({
            node: o.node,
            message: `receive from \`${b.name}\` never returns: nothing sends on or closes \`${b.name}\``,
            createdAt: o.exec.goroutine,
          });
        }
      }
    },
  };
}

/** Made here, never escapes, never reassigned, and no close anywhere it reaches. */
function closedNowhere(flow: ChanFlow): boolean {
  return (
    flow.make !== null &&
    flow.escapes.length === 0 &&
    flow.reassigned.length === 0 &&
    !flow.ops.some((o) => o.kind === 'close')
  );
}

export const rule: Rule = { meta, create };
