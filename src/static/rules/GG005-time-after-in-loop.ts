// GG005: `time.After` in a select inside a loop. Every iteration creates a timer; before Go 1.23 each one lives
// until it fires, so a hot loop with a long timeout piles up timers (and their memory) by the thousand.

import { goAtLeast } from '../go/gomod.js';
import { enclosingLoop } from '../facts/exec.js';
import { isPkgCall, snippet } from './common.js';
import type { GoNode } from '../go/ast.js';
import { PATTERNS } from '../../model/index.js';
import type { Rule, RuleContext, RuleMeta, RuleVisitors } from '../types.js';

export const meta: RuleMeta = {
  id: 'GG005',
  title: PATTERNS.GG005.title,
  severity: 'warning',
  explanation:
    '`time.After(d)` allocates a new timer on every loop iteration. When another case wins the select, that timer ' +
    'is not stopped, and before Go 1.23 it is not collected until it fires: a loop that iterates faster than `d` ' +
    'accumulates live timers. From Go 1.23 (per go.mod) unreferenced timers are collected at once, and this rule ' +
    'stays quiet.',
  fix: PATTERNS.GG005.staticFix,
  docs: 'docs/rules/GG005.md',
  triggers: /\btime\.After\b/,
  appliesTo: (v) => !goAtLeast(v, 1, 23),
};

export function create(ctx: RuleContext): RuleVisitors {
  return {
    call_expression(call) {
      if (goAtLeast(ctx.goVersion, 1, 23) || !isPkgCall(ctx, call, 'time', ['After'])) return;
      const clause = selectClauseOf(call);
      if (!clause || clause.parent!.children.length < 2) return;
      const loop = enclosingLoop(clause);
      if (!loop) return;
      ctx.report({
        node: call,
        message: `\`${snippet(call)}\` creates a timer on every iteration of the loop; before Go 1.23 each one lives until it fires`,
      });
    },
  };
}

/** The select case whose communication contains `call`. */
function selectClauseOf(call: GoNode): GoNode | null {
  for (let p: GoNode | null = call; p; p = p.parent) {
    if (p.type === 'func_literal' || p.type === 'block') return null;
    if (p.field === 'communication' && p.parent?.type === 'communication_case') return p.parent;
  }
  return null;
}

export const rule: Rule = { meta, create };
