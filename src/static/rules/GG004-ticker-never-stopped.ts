// GG004: a `time.NewTicker` nobody stops, or a goroutine ranging over a ticker channel forever. Before Go 1.23 an
// unstopped ticker is never collected; in every version `for range t.C` never ends, because Stop does not close
// the channel.

import { child, text, unparen, type GoNode } from '../go/ast.js';
import { goAtLeast } from '../go/gomod.js';
import type { Binding } from '../go/scope.js';
import { loopExits } from '../facts/flow.js';
import { bindingInitializedBy, inProcessLifetime, isPkgCall } from './common.js';
import { PATTERNS } from '../../model/index.js';
import type { Rule, RuleContext, RuleMeta, RuleVisitors } from '../types.js';

export const meta: RuleMeta = {
  id: 'GG004',
  title: PATTERNS.GG004.title,
  severity: 'warning',
  explanation:
    'A `time.Ticker` keeps firing until `Stop` is called. Before Go 1.23 an unstopped ticker is never garbage ' +
    'collected; and in every version a goroutine doing `for range t.C` never ends, because `Stop` does not close ' +
    'the channel. Each such goroutine sits in `chan receive` (or `select`) for the life of the process.',
  fix: PATTERNS.GG004.staticFix,
  docs: 'docs/rules/GG004.md',
  triggers: /\bNewTicker\b|\btime\.Tick(?:er)?\b/,
};

export function create(ctx: RuleContext): RuleVisitors {
  return {
    call_expression(call) {
      if (!isPkgCall(ctx, call, 'time', ['NewTicker'])) return;
      if (goAtLeast(ctx.goVersion, 1, 23)) return;
      const b = bindingInitializedBy(ctx, call);
      if (!b) return;
      const use = tickerUse(b);
      if (use.stopped || use.escapes) return;
      ctx.report({
        node: call,
        message: `ticker \`${b.name}\` is never stopped; before Go 1.23 (this module says ${ctx.goVersion.major}.${ctx.goVersion.minor}) it is never collected`,
      });
    },
    range_clause(clause) {
      const right = child(clause, 'right');
      const loop = clause.parent;
      if (!right || !loop || loopExits(loop).length > 0 || inProcessLifetime(ctx, loop)) return;
      const r = unparen(right);
      const isTick = r.type === 'call_expression' && isPkgCall(ctx, r, 'time', ['Tick']);
      if (!isTick && !isTickerC(ctx, r)) return;
      ctx.report({
        node: loop,
        message: `\`range ${text(r)}\` never ends: a ticker channel is never closed (not even by Stop) and the loop has no exit`,
      });
    },
  };
}

/** `t.C` where `t` is a local initialised by `time.NewTicker`, or declared `*time.Ticker`. */
function isTickerC(ctx: RuleContext, n: GoNode): boolean {
  if (n.type !== 'selector_expression' || text(child(n, 'field')!) !== 'C') return false;
  const operand = unparen(child(n, 'operand')!);
  if (operand.type === 'identifier') {
    const b = ctx.pkg.bindingOf(operand);
    if (!b) return false;
    if (b.typeNode && /^\*?time\.Ticker$/.test(text(b.typeNode))) return true;
    const v = b.value && !b.value.multi ? unparen(b.value.expr) : null;
    return !!v && v.type === 'call_expression' && isPkgCall(ctx, v, 'time', ['NewTicker']);
  }
  if (operand.type === 'selector_expression') {
    const field = text(child(operand, 'field')!);
    return ctx.pkg.fields(field).some((f) => /^\*?time\.Ticker$/.test(text(f.type)));
  }
  return false;
}

function tickerUse(b: Binding): { stopped: boolean; escapes: boolean } {
  let stopped = false;
  let escapes = false;
  for (const ref of b.refs) {
    const p = ref.parent;
    if (p?.type === 'selector_expression' && ref.field === 'operand') {
      const field = text(child(p, 'field')!);
      if (field === 'Stop' && p.parent?.type === 'call_expression') stopped = true;
      else if (field !== 'C' && field !== 'Reset') escapes = true;
      continue;
    }
    if (p?.type === 'binary_expression') continue;
    escapes = true;
  }
  return { stopped, escapes };
}

export const rule: Rule = { meta, create };
