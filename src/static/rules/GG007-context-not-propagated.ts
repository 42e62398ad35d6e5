// GG007: a goroutine started with `context.Background()`/`TODO()` inside a function that has a request context
// in hand. The goroutine is cut off from cancellation and outlives the request that started it.

import { callArgs, findAll, text, unparen, type GoNode } from '../go/ast.js';
import type { Binding } from '../go/scope.js';
import { isPkgCall, where } from './common.js';
import { PATTERNS } from '../../model/index.js';
import type { Rule, RuleContext, RuleMeta, RuleVisitors } from '../types.js';

export const meta: RuleMeta = {
  id: 'GG007',
  title: PATTERNS.GG007.title,
  severity: 'warning',
  explanation:
    'The function receives a context (or an `*http.Request`), but the goroutine it starts uses ' +
    '`context.Background()`/`context.TODO()` instead. Cancelling the request no longer reaches that goroutine, ' +
    'so anything it blocks on (a channel, a dial, a query) can outlive the request indefinitely.',
  fix: PATTERNS.GG007.staticFix,
  docs: 'docs/rules/GG007.md',
  triggers: /^(?=[\s\S]*\bcontext\.(?:Background|TODO)\()(?=[\s\S]*\bgo\s)/,
};

export function create(ctx: RuleContext): RuleVisitors {
  return {
    go_statement(stmt) {
      const inScope = contextInScope(ctx, stmt);
      if (!inScope) return;
      for (const call of findAll(stmt, 'call_expression')) {
        if (!isPkgCall(ctx, call, 'context', ['Background', 'TODO'])) continue;
        ctx.report({
          node: call,
          message: `goroutine uses \`${text(call)}\` although \`${inScope.name}\` (${inScope.what}) is in scope: cancelling the caller will not stop it`,
          createdAt: stmt,
        });
      }
      // `ctx, cancel := context.WithCancel(context.Background())` earlier in the function, handed to the goroutine.
      const seen = new Set<Binding>();
      for (const id of findAll(stmt, 'identifier')) {
        const b = ctx.pkg.bindingOf(id);
        if (!b || seen.has(b) || b.kind !== 'var' || !b.value || b.value.index !== 0) continue;
        seen.add(b);
        const root = detachedRoot(ctx, b.value.expr);
        if (!root) continue;
        ctx.report({
          node: root,
          message: `\`${b.name}\` is derived from \`${text(root)}\` and handed to the goroutine at ${where(ctx, stmt)}, although \`${inScope.name}\` (${inScope.what}) is in scope: cancelling the caller will not stop it`,
          createdAt: stmt,
        });
      }
    },
  };
}

/** `context.WithX(context.Background(), …)` (possibly nested): the Background/TODO call at its root. */
function detachedRoot(ctx: RuleContext, expr: GoNode): GoNode | null {
  let e = unparen(expr);
  for (let depth = 0; depth < 4 && e.type === 'call_expression'; depth++) {
    if (isPkgCall(ctx, e, 'context', ['Background', 'TODO'])) return e;
    if (
      !isPkgCall(ctx, e, 'context', [
        'WithCancel',
        'WithTimeout',
        'WithDeadline',
        'WithValue',
        'WithCancelCause',
        'WithTimeoutCause',
        'WithDeadlineCause',
      ])
    )
      return null;
    const first = callArgs(e)[0];
    if (!first) return null;
    e = unparen(first);
  }
  return null;
}

/** A parameter of the enclosing functions typed `context.Context` or `*http.Request`. */
function contextInScope(ctx: RuleContext, n: GoNode): { name: string; what: string } | null {
  const resolution = ctx.pkg.resolutionOf(n);
  for (const b of resolution.bindings) {
    if (b.kind !== 'param' || !containsNode(b.func, n)) continue;
    const kind = contextKind(ctx, b);
    if (kind)
      return {
        name: kind === 'request' ? `${b.name}.Context()` : b.name,
        what: kind === 'request' ? 'the request' : 'a context.Context',
      };
  }
  return null;
}

function contextKind(ctx: RuleContext, b: Binding): 'ctx' | 'request' | null {
  const t = b.typeNode ? text(b.typeNode) : '';
  const pkgOf = (name: string) => ctx.file.imports.get(name);
  const m = /^(\*?)(\w+)\.(\w+)$/.exec(t);
  if (!m) return null;
  if (m[1] === '' && m[3] === 'Context' && pkgOf(m[2]!) === 'context') return 'ctx';
  if (m[1] === '*' && m[3] === 'Request' && pkgOf(m[2]!) === 'net/http') return 'request';
  return null;
}

function containsNode(outer: GoNode, n: GoNode): boolean {
  for (let p: GoNode | null = n; p; p = p.parent) if (p === outer) return true;
  return false;
}

export const rule: Rule = { meta, create };
