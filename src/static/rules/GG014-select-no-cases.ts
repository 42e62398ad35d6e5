// GG014: `select {}` blocks the goroutine running it forever by design. In main that keeps a server process
// alive; in a goroutine started per request or per object it parks one goroutine each time, never to be woken
// (`select (no cases)` in a dump). Reported when the select runs on a goroutine the package starts.

import { enclosingFunc, type GoNode } from '../go/ast.js';
import { classifyFuncLit } from '../facts/exec.js';
import { inProcessLifetime } from './common.js';
import { PATTERNS } from '../../model/index.js';
import type { Rule, RuleContext, RuleMeta, RuleVisitors } from '../types.js';

export const meta: RuleMeta = {
  id: 'GG014',
  title: PATTERNS.GG014.title,
  severity: 'warning',
  explanation:
    '`select {}` has no cases and never returns. On a goroutine other than main it parks that goroutine for the ' +
    'life of the process, with everything it references; code that starts one per call or per object leaks a ' +
    'goroutine each time.',
  fix: PATTERNS.GG014.staticFix,
  docs: 'docs/rules/GG014.md',
  triggers: /\bselect\s*\{\s*\}/,
};

export function create(ctx: RuleContext): RuleVisitors {
  return {
    select_statement(sel) {
      if (sel.children.length > 0 || inProcessLifetime(ctx, sel)) return;
      const site = goroutineSite(ctx, sel);
      if (!site) return;
      ctx.report({ node: sel, message: '`select {}` parks this goroutine forever', createdAt: site });
    },
  };
}

/** The go statement starting the goroutine that runs `n`: an enclosing `go func(){…}()`, or `go f()` of the named function. */
function goroutineSite(ctx: RuleContext, n: GoNode): GoNode | null {
  for (let f = enclosingFunc(n); f; f = enclosingFunc(f)) {
    if (f.type !== 'func_literal') {
      const decl = ctx.pkg.declOf(f);
      return decl?.name ? namedGoSite(ctx, decl.name) : null;
    }
    const launch = classifyFuncLit(f, ctx.file.imports);
    if (launch.kind === 'go' || launch.kind === 'async') return launch.site;
    if (launch.kind !== 'call' && launch.kind !== 'defer') return null;
  }
  return null;
}

/** A `go name(…)` or `go x.name(…)` statement in this file, if any. */
function namedGoSite(ctx: RuleContext, name: string): GoNode | null {
  const re = new RegExp(`\\bgo\\s+(?:[\\w.]+\\.)?${name}\\(`);
  const m = re.exec(ctx.file.src.text);
  if (!m) return null;
  const at = m.index;
  const decl = ctx.file.decls.find((d) => d.start <= at && at < d.end);
  if (!decl || decl.kind === 'import' || decl.kind === 'other') return null;
  const root = ctx.pkg.nodeOf(decl);
  let found: GoNode | null = null;
  const stack = [root];
  while (stack.length && !found) {
    const cur = stack.pop()!;
    if (cur.type === 'go_statement' && cur.start === at) found = cur;
    else stack.push(...cur.children);
  }
  return found;
}

export const rule: Rule = { meta, create };
