// GG010: an HTTP response whose Body is not closed on every path. An unclosed body keeps its connection (and the
// transport's readLoop/writeLoop goroutines) alive; a `return` between the error check and the Close leaks one
// pair per call.

import { callee, child, isWithin, text, unparen, type GoNode } from '../go/ast.js';
import type { Binding } from '../go/scope.js';
import { coveredBefore, inNestedFunc, returnsOf, runsBefore } from '../facts/flow.js';
import { bindingInitializedBy, isPkgCall, isPkgRef, lineOf } from './common.js';
import { PATTERNS } from '../../model/index.js';
import type { Rule, RuleContext, RuleMeta, RuleVisitors } from '../types.js';

export const meta: RuleMeta = {
  id: 'GG010',
  title: PATTERNS.GG010.title,
  severity: 'error',
  explanation:
    'Until `resp.Body.Close()` is called, the response keeps its connection out of the pool and the transport ' +
    'keeps a `persistConn` readLoop/writeLoop goroutine pair for it. A path that returns without closing leaks ' +
    'that pair on every call; under load they accumulate per host.',
  fix: PATTERNS.GG010.staticFix,
  docs: 'docs/rules/GG010.md',
  triggers: /\bhttp\.|\.RoundTrip\(|\.Do\(\w/,
};

/** Readers that consume a body without closing it. */
const NON_CLOSING =
  /^(io\.(ReadAll|Copy|CopyN|CopyBuffer|LimitReader|TeeReader|ReadFull)|ioutil\.ReadAll|json\.NewDecoder|xml\.NewDecoder|bufio\.NewReader|bufio\.NewScanner|bufio\.NewReaderSize)$/;

export function create(ctx: RuleContext): RuleVisitors {
  return {
    call_expression(call) {
      if (!returnsResponse(ctx, call)) return;
      const what = `\`${text(child(call, 'function')!)}\``;
      if (call.parent?.type === 'expression_statement') {
        ctx.report({ node: call, message: `the response of ${what} is dropped: its body is never closed` });
        return;
      }
      const b = bindingInitializedBy(ctx, call);
      if (!b) {
        if (firstTargetIsBlank(call)) {
          ctx.report({ node: call, message: `the response of ${what} is assigned to _: its body is never closed` });
        }
        return;
      }
      const use = bodyUse(b);
      if (use.escapes) return;
      if (use.closes.length === 0) {
        ctx.report({ node: call, message: `\`${b.name}.Body\` is never closed` });
        return;
      }
      const firstClose = use.closes.reduce((x, y) => (y.start < x.start ? y : x));
      const errName = errorNameOf(call);
      const stmt = statementOf(call);
      for (const ret of returnsOf(b.func)) {
        if (ret.start < call.end || ret.start > firstClose.start || !runsBefore(stmt, ret)) continue;
        if (returnsValue(ret, b.name) || guardedByError(ret, stmt, errName, b.name)) continue;
        if (coveredBefore(ret, stmt.parent!, 0, (s) => use.closes.some((c) => isWithin(c, s)))) continue;
        ctx.report({
          node: ret,
          message: `returns without closing \`${b.name}.Body\` (it is closed at line ${lineOf(ctx, firstClose)} on the other path)`,
        });
      }
    },
  };
}

/** `http.Get/Post/Head/PostForm(…)`, or `Do/Get/…/RoundTrip` on something declared as an HTTP client or transport. */
function returnsResponse(ctx: RuleContext, call: GoNode): boolean {
  if (isPkgCall(ctx, call, 'net/http', ['Get', 'Post', 'Head', 'PostForm'])) return true;
  const c = callee(call);
  if (!c?.operand) return false;
  const clientCall = ['Do', 'Get', 'Post', 'Head', 'PostForm'].includes(c.name);
  if (!clientCall && c.name !== 'RoundTrip') return false;
  const want = clientCall ? /^\*?(\w+)\.Client$/ : /^(?:\*?(\w+)\.Transport|(\w+)\.RoundTripper)$/;
  const typed = (t: string) => {
    const m = want.exec(t.trim());
    const pkg = m?.[1] ?? m?.[2];
    return !!pkg && ctx.file.imports.get(pkg) === 'net/http';
  };
  const op = unparen(c.operand);
  if (op.type === 'identifier') {
    const b = ctx.pkg.bindingOf(op);
    const decl = b
      ? { typeNode: b.typeNode, value: b.value && !b.value.multi ? b.value.expr : null }
      : ctx.pkg.packageVar(text(op));
    if (!decl) return false;
    if (decl.typeNode) return typed(text(decl.typeNode));
    const v = decl.value ? unparen(decl.value) : null;
    if (!v) return false;
    const lit = v.type === 'unary_expression' && v.op === '&' ? unparen(v.children[0]!) : v;
    if (lit.type === 'composite_literal') return typed(text(child(lit, 'type')!));
    return isDefault(ctx, lit, clientCall ? 'DefaultClient' : 'DefaultTransport');
  }
  if (op.type === 'selector_expression') {
    if (isDefault(ctx, op, clientCall ? 'DefaultClient' : 'DefaultTransport')) return true;
    return ctx.pkg.fields(text(child(op, 'field')!)).some((f) => typed(text(f.type)));
  }
  return false;
}

function isDefault(ctx: RuleContext, n: GoNode, name: string): boolean {
  if (n.type !== 'selector_expression' || text(child(n, 'field')!) !== name) return false;
  const base = unparen(child(n, 'operand')!);
  return base.type === 'identifier' && isPkgRef(ctx, base, 'net/http');
}

interface BodyUse {
  closes: GoNode[];
  escapes: boolean;
}

/** How the response variable is used: `resp.Body.Close()` calls, and uses that hand it (or its body) elsewhere. */
function bodyUse(b: Binding): BodyUse {
  const use: BodyUse = { closes: [], escapes: false };
  for (const ref of b.refs) {
    const p = ref.parent;
    if (p?.type === 'binary_expression') continue;
    if (p?.type !== 'selector_expression' || ref.field !== 'operand') {
      use.escapes = true;
      continue;
    }
    if (inNestedFunc(ref, b.func) && !deferredLiteral(ref, b.func)) {
      use.escapes = true;
      continue;
    }
    if (text(child(p, 'field')!) !== 'Body') continue;
    const outer = p.parent;
    if (outer?.type === 'selector_expression' && text(child(outer, 'field')!) === 'Close') {
      use.closes.push(outer.parent?.type === 'call_expression' ? outer.parent : outer);
      continue;
    }
    if (outer?.type === 'argument_list' && outer.parent?.type === 'call_expression') {
      const fn = child(outer.parent, 'function');
      if (fn && NON_CLOSING.test(text(fn))) continue;
      use.escapes = true;
      continue;
    }
    if (outer?.type === 'selector_expression' || outer?.type === 'binary_expression') continue;
    use.escapes = true;
  }
  return use;
}

function deferredLiteral(ref: GoNode, func: GoNode): boolean {
  for (let p = ref.parent; p && p !== func; p = p.parent) {
    if (p.type === 'func_literal') return p.parent?.parent?.type === 'defer_statement';
  }
  return false;
}

function statementOf(call: GoNode): GoNode {
  let s = call;
  while (
    s.parent &&
    s.parent.type !== 'block' &&
    s.parent.type !== 'communication_case' &&
    !s.parent.type.endsWith('_case')
  ) {
    s = s.parent;
  }
  return s;
}

function errorNameOf(call: GoNode): string | null {
  const list = call.parent;
  const stmt = list?.parent;
  const left = stmt && child(stmt, 'left');
  const second = left?.children[1];
  return second ? text(second) : null;
}

function firstTargetIsBlank(call: GoNode): boolean {
  const stmt = call.parent?.parent;
  const left = stmt && child(stmt, 'left');
  return !!left && left.children.length > 0 && text(left.children[0]!) === '_';
}

/** `return resp, nil`: the response is handed to the caller, who closes it. */
function returnsValue(ret: GoNode, name: string): boolean {
  const values = ret.children[0]?.type === 'expression_list' ? ret.children[0].children : ret.children;
  return values.some((v) => unparen(v).type === 'identifier' && text(unparen(v)) === name);
}

/** A return inside `if err != nil { … }` (or any if testing the response/its error) right after the call. */
function guardedByError(ret: GoNode, stmt: GoNode, errName: string | null, respName: string): boolean {
  for (let p = ret.parent; p && p !== stmt.parent; p = p.parent) {
    if (p.type !== 'if_statement') continue;
    const cond = child(p, 'condition');
    const init = child(p, 'initializer');
    const t = `${cond ? text(cond) : ''} ${init ? text(init) : ''}`;
    if ((errName && new RegExp(`\\b${errName}\\b`).test(t)) || new RegExp(`\\b${respName}\\s*==\\s*nil`).test(t))
      return true;
  }
  return false;
}

export const rule: Rule = { meta, create };
