// GG009: HTTP requests with no overall deadline: an `http.Client{}` without `Timeout`, the package-level
// `http.Get`/`Post`/`Head`/`PostForm` and `http.DefaultClient`, which have none. A peer that stops answering
// keeps the calling goroutine (and the transport's read/write loops) waiting forever.

import { callee, child, findAll, text, unparen, type GoNode } from '../go/ast.js';
import { bindingInitializedBy, isPkgCall, isPkgRef, topFunc } from './common.js';
import { PATTERNS } from '../../model/index.js';
import type { Rule, RuleContext, RuleMeta, RuleVisitors } from '../types.js';

export const meta: RuleMeta = {
  id: 'GG009',
  title: PATTERNS.GG009.title,
  severity: 'warning',
  explanation:
    'An `http.Client` with no `Timeout` (including `http.DefaultClient`, used by `http.Get`, `http.Post`, ' +
    '`http.Head` and `http.PostForm`) waits for a slow or silent server forever unless each request carries a ' +
    'context deadline. The caller blocks, and the transport keeps a `persistConn` readLoop/writeLoop pair alive ' +
    'in `IO wait` for it.',
  fix: PATTERNS.GG009.staticFix,
  docs: 'docs/rules/GG009.md',
  triggers: /\bhttp\.(?:Client|Get|Post|Head|PostForm|DefaultClient)\b/,
};

const CLIENT_METHODS = ['Do', 'Get', 'Post', 'Head', 'PostForm'];

export function create(ctx: RuleContext): RuleVisitors {
  // In tests `go test -timeout` bounds every request, and the server is usually an in-process httptest one.
  if (ctx.file.path.endsWith('_test.go')) return {};
  return {
    composite_literal(lit) {
      const type = child(lit, 'type');
      if (type?.type !== 'qualified_type') return;
      const pkg = child(type, 'package');
      const name = child(type, 'name');
      if (!pkg || !name || text(name) !== 'Client' || ctx.file.imports.get(text(pkg)) !== 'net/http') return;
      const keys = findAll(child(lit, 'body')!, 'keyed_element').map((k) => text(child(k, 'key')!).trim());
      // A client with its own Transport is configured on purpose (dial and header timeouts, in-memory conns).
      if (keys.includes('Timeout') || keys.includes('Transport') || configuredLater(ctx, lit)) return;
      ctx.report({ node: lit, message: '`http.Client` without `Timeout`: requests through it can hang forever' });
    },
    call_expression(call) {
      if (isPkgCall(ctx, call, 'net/http', ['Get', 'Post', 'Head', 'PostForm'])) {
        const c = callee(call)!;
        ctx.report({
          node: call,
          message: `\`http.${c.name}\` uses http.DefaultClient, which has no timeout: the request can hang forever`,
        });
        return;
      }
      const c = callee(call);
      if (!c || !c.operand || !CLIENT_METHODS.includes(c.name)) return;
      const op = c.operand;
      if (op.type !== 'selector_expression' || text(child(op, 'field')!) !== 'DefaultClient') return;
      const base = unparen(child(op, 'operand')!);
      if (base.type !== 'identifier' || !isPkgRef(ctx, base, 'net/http')) return;
      ctx.report({
        node: call,
        message: `\`http.DefaultClient.${c.name}\` has no timeout: the request can hang forever`,
      });
    },
  };
}

/** `c := &http.Client{}` (or `s.client = …`) followed by `c.Timeout = …` or `c.Transport = …` in the same function. */
function configuredLater(ctx: RuleContext, lit: GoNode): boolean {
  let expr = lit;
  if (lit.parent?.type === 'unary_expression' && lit.parent.op === '&') expr = lit.parent;
  const b = bindingInitializedBy(ctx, expr);
  let target: string | null = b ? b.name : null;
  if (!target && expr.parent?.type === 'expression_list' && expr.parent.parent?.type === 'assignment_statement') {
    const left = child(expr.parent.parent, 'left')?.children[expr.parent.children.indexOf(expr)];
    target = left ? text(left) : null;
  }
  const fn = topFunc(lit);
  if (!target || !fn) return false;
  const escaped = target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\b${escaped}\\.(Timeout|Transport)\\s*=[^=]`).test(text(fn));
}

export const rule: Rule = { meta, create };
