// GG008: WaitGroup Add/Done that cannot balance. Two shapes vet does not report: a goroutine that calls
// `wg.Done()` at its end, not deferred, with a `return` before it; and `wg.Add(1); go func(){…}()` where the
// goroutine never touches the WaitGroup at all. Either way `wg.Wait()` waits forever.
// (`wg.Add` inside the goroutine is left to vet's waitgroup analyzer.)

import { callArgs, callee, child, findAll, STATEMENT_LISTS, text, unparen, type GoNode } from '../go/ast.js';
import { classifyFuncLit } from '../facts/exec.js';
import { coveredBefore } from '../facts/flow.js';
import { callsOn, lineOf } from './common.js';
import { PATTERNS } from '../../model/index.js';
import type { Rule, RuleContext, RuleMeta, RuleVisitors } from '../types.js';

export const meta: RuleMeta = {
  id: 'GG008',
  title: PATTERNS.GG008.title,
  severity: 'error',
  explanation:
    'Every `wg.Add(n)` must be matched by n `wg.Done()` calls, or `wg.Wait()` blocks forever (in ' +
    '`sync.WaitGroup.Wait`, or `semacquire` on older Go). Here a goroutine counted by `Add` can finish without ' +
    'calling `Done`: it returns early past a non-deferred `Done`, or never calls it at all.',
  fix: PATTERNS.GG008.staticFix,
  docs: 'docs/rules/GG008.md',
  triggers: /^(?=[\s\S]*\bgo\s+func\b)(?=[\s\S]*\.(?:Done\(\)|Add\())/,
};

export function create(ctx: RuleContext): RuleVisitors {
  return {
    func_literal(lit) {
      const launch = classifyFuncLit(lit, ctx.file.imports);
      if (launch.kind !== 'go') return;
      const body = child(lit, 'body');
      if (!body) return;
      earlyReturnPastDone(ctx, body, launch.site);
      addWithoutDone(ctx, launch.site, lit);
    },
  };
}

/** `wg.Done()` as a plain statement at the goroutine's top level, with returns before it that skip it. */
function earlyReturnPastDone(ctx: RuleContext, body: GoNode, goStmt: GoNode): void {
  body.children.forEach((stmt, idx) => {
    const wg = doneOperand(stmt);
    if (!wg || !isWaitGroup(ctx, wg)) return;
    const name = text(wg);
    const covers = (s: GoNode) => findAll(s, 'call_expression').some((c) => isDoneCall(c, name));
    for (const earlier of body.children.slice(0, idx)) {
      if (earlier.type === 'defer_statement' && covers(earlier)) return;
      for (const ret of findAll(earlier, 'return_statement', { skipFuncLits: true })) {
        if (coveredBefore(ret, body, 0, covers)) continue;
        ctx.report({
          node: ret,
          message: `returns before \`${name}.Done()\` at line ${lineOf(ctx, stmt)}: the WaitGroup never reaches zero and \`Wait\` blocks forever`,
          createdAt: goStmt,
          related: waiters(ctx, name, goStmt),
        });
      }
    }
  });
}

/** `wg.Add(1)` immediately before `go func(){…}()` whose body never mentions `wg`. */
function addWithoutDone(ctx: RuleContext, goStmt: GoNode, lit: GoNode): void {
  const list = goStmt.parent;
  if (!list || !STATEMENT_LISTS.has(list.type)) return;
  const prev = list.children[list.children.indexOf(goStmt) - 1];
  const call = prev?.type === 'expression_statement' ? prev.children[0] : undefined;
  const c = call && callee(call);
  if (!call || !c || c.name !== 'Add' || !c.operand || !isWaitGroup(ctx, c.operand)) return;
  const name = text(c.operand);
  // `g.wg.Add(1)` with a literal that calls `g.done()`: the owner may call Done for it. Any mention of the
  // WaitGroup's root variable counts as handling it.
  const base = name.replace(/^&/, '').split('.')[0]!;
  if (new RegExp(`\\b${base}\\b`).test(text(lit))) return;
  // The literal's arguments may pass the WaitGroup in.
  const goCall = goStmt.children[0];
  if (goCall && callArgs(goCall).some((a) => text(a).includes(base))) return;
  ctx.report({
    node: goStmt,
    message: `\`${name}.Add\` at line ${lineOf(ctx, prev!)} counts this goroutine, but it never calls \`${name}.Done()\``,
    createdAt: goStmt,
    related: waiters(ctx, name.replace(/^&/, ''), goStmt),
  });
}

/** The `Wait` calls on the WaitGroup: where the waiter blocks forever. */
function waiters(ctx: RuleContext, name: string, goStmt: GoNode): { node: GoNode; message: string }[] {
  return callsOn(ctx, name, ['Wait'], goStmt).map((node) => ({
    node,
    message: `\`${name}.Wait()\` blocks here forever`,
  }));
}

function doneOperand(stmt: GoNode): GoNode | null {
  if (stmt.type !== 'expression_statement') return null;
  const c = stmt.children[0] && callee(stmt.children[0]);
  return c && c.name === 'Done' && c.operand && callArgs(stmt.children[0]!).length === 0 ? c.operand : null;
}

function isDoneCall(call: GoNode, operand: string): boolean {
  const c = callee(call);
  return !!c && c.name === 'Done' && !!c.operand && text(c.operand) === operand;
}

/** A local or parameter declared as a sync.WaitGroup, or a struct field of that type in this package. */
function isWaitGroup(ctx: RuleContext, operand: GoNode): boolean {
  const n = unparen(operand);
  const isWG = (t: string) => {
    const m = /^\*?(\w+)\.WaitGroup$/.exec(t.trim());
    return !!m && ctx.file.imports.get(m[1]!) === 'sync';
  };
  if (n.type === 'identifier') {
    const b = ctx.pkg.bindingOf(n);
    if (!b) return false;
    if (b.typeNode && isWG(text(b.typeNode))) return true;
    const v = b.value && !b.value.multi ? text(b.value.expr) : '';
    return /^&?\w+\.WaitGroup\{\}$/.test(v) || /^new\(\w+\.WaitGroup\)$/.test(v);
  }
  if (n.type === 'selector_expression') {
    return ctx.pkg.fields(text(child(n, 'field')!)).some((f) => isWG(text(f.type)));
  }
  return false;
}

export const rule: Rule = { meta, create };
