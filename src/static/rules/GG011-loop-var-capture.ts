// GG011: before Go 1.22 a `for` loop has one variable for all iterations, so goroutines started in the loop that
// capture it all see whatever value it has when they run (usually the last). Reported only where vet's
// loopclosure check does not look: a go statement (or `g.Go(func…)`) that is not the last statement of the body.

import { child, findAll, type GoNode } from '../go/ast.js';
import { goAtLeast } from '../go/gomod.js';
import { classifyFuncLit } from '../facts/exec.js';
import { where } from './common.js';
import { PATTERNS } from '../../model/index.js';
import type { Rule, RuleContext, RuleMeta, RuleVisitors } from '../types.js';

export const meta: RuleMeta = {
  id: 'GG011',
  title: PATTERNS.GG011.title,
  severity: 'error',
  explanation:
    "Before Go 1.22 (per the module's go.mod), the variables declared by a `for` clause are shared by all " +
    'iterations. A goroutine started in the loop that reads one of them sees the value at the time it runs, ' +
    'not the one of its iteration: several goroutines work on the same item and others are never processed.',
  fix: PATTERNS.GG011.staticFix,
  docs: 'docs/rules/GG011.md',
  triggers: /\bgo\s+func\b|\.Go\(\s*func\b/,
  appliesTo: (v) => !goAtLeast(v, 1, 22),
};

export function create(ctx: RuleContext): RuleVisitors {
  if (goAtLeast(ctx.goVersion, 1, 22)) return {};
  return {
    func_literal(lit) {
      const launch = classifyFuncLit(lit, ctx.file.imports);
      if (launch.kind !== 'go' && launch.kind !== 'async') return;
      const stmt = launch.kind === 'go' ? launch.site : statementOf(launch.site);
      const loop = stmt?.parent?.parent;
      if (!stmt || loop?.type !== 'for_statement') return;
      const body = stmt.parent!;
      // The last statement of the body is what vet's loopclosure already checks.
      if (body.children[body.children.length - 1] === stmt) return;
      const seen = new Set<string>();
      for (const id of findAll(child(lit, 'body')!, 'identifier')) {
        const b = ctx.pkg.bindingOf(id);
        if (!b || !isLoopVar(b.stmt, loop) || seen.has(b.name)) continue;
        seen.add(b.name);
        ctx.report({
          node: id,
          message: `\`${b.name}\` is the loop's variable (${where(ctx, b.id)}), shared by every iteration before Go 1.22: this goroutine may see another iteration's value`,
          createdAt: stmt,
        });
      }
    },
  };
}

/** Declared by this loop's range clause or for-clause initializer. */
function isLoopVar(declStmt: GoNode, loop: GoNode): boolean {
  if (declStmt.type === 'range_clause') return declStmt.parent === loop;
  return (
    declStmt.type === 'short_var_declaration' &&
    declStmt.parent?.type === 'for_clause' &&
    declStmt.parent.parent === loop
  );
}

function statementOf(call: GoNode): GoNode | null {
  return call.parent?.type === 'expression_statement' ? call.parent : null;
}

export const rule: Rule = { meta, create };
