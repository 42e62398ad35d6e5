// GG013: a send, receive or range on a channel variable that is declared and never assigned: it is nil, and an
// operation on a nil channel blocks forever (`chan send (nil chan)` / `chan receive (nil chan)` in a dump).

import { child, type GoNode } from '../go/ast.js';
import { chanFieldTrigger, selectorField } from '../facts/fields.js';
import type { Binding } from '../go/scope.js';
import { PATTERNS } from '../../model/index.js';
import type { Rule, RuleContext, RuleMeta, RuleVisitors } from '../types.js';

export const meta: RuleMeta = {
  id: 'GG013',
  title: PATTERNS.GG013.title,
  severity: 'error',
  explanation:
    'The channel variable is declared without `make` and never assigned, so it is nil. Sending to or receiving ' +
    'from a nil channel blocks forever, and ranging over one never starts nor ends; the goroutine can never be ' +
    'woken. (In a `select`, a nil channel case is the deliberate way to disable it, and is not reported.)',
  fix: PATTERNS.GG013.staticFix,
  docs: 'docs/rules/GG013.md',
  triggers: /\bvar\b[^\n]*\bchan\b/,
  packageTrigger: chanFieldTrigger,
};

export function create(ctx: RuleContext): RuleVisitors {
  const fieldOp = (n: GoNode, operand: GoNode | undefined) => {
    const name = operand ? selectorField(operand) : null;
    if (!name) return;
    const f = ctx.fields.field(name);
    if (!f || f.assigned.length > 0) return;
    const op = f.ops.find((o) => o.node === n);
    if (!op || op.inSelect || op.kind === 'close') return;
    ctx.report({
      node: n,
      message: `field \`${name}\` of ${f.owners.join('/')} is never assigned in this package, so it is always nil: this ${op.kind} blocks forever`,
    });
  };
  return {
    send_statement(n) {
      fieldOp(n, child(n, 'channel'));
    },
    unary_expression(n) {
      if (n.op === '<-') fieldOp(n, child(n, 'operand'));
    },
    range_clause(n) {
      if (n.parent) fieldOp(n.parent, child(n, 'right'));
    },
    var_spec(spec) {
      const type = child(spec, 'type');
      if (type?.type !== 'channel_type') return;
      const value = child(spec, 'value');
      if (value && !(value.children.length > 0 && value.children.every((v) => v.type === 'nil'))) return;
      for (const name of spec.children.filter((c) => c.field === 'name')) {
        const b = ctx.pkg.bindingOf(name);
        if (b && b.kind === 'var') check(ctx, b);
      }
    },
  };
}

function check(ctx: RuleContext, b: Binding): void {
  // Package-level variables may be assigned anywhere in the package: only locals are followed.
  if (b.func.type === 'var_declaration') return;
  const flow = ctx.chans.flow(b);
  // Any assignment, or taking its address, may make it non-nil.
  if (flow.reassigned.length > 0 || flow.escapes.some(isAddressOrAssign)) return;
  for (const o of flow.ops) {
    if (o.select !== null || o.kind === 'close' || o.exec.opaque) continue;
    ctx.report({
      node: o.node,
      message: `\`${b.name}\` is declared without make and never assigned: this ${o.kind === 'send' ? 'send' : o.kind === 'range' ? 'range' : 'receive'} on a nil channel blocks forever`,
      createdAt: o.exec.goroutine,
    });
  }
}

function isAddressOrAssign(ref: GoNode): boolean {
  const p = ref.parent;
  return (p?.type === 'unary_expression' && p.op === '&') || p?.type === 'expression_list';
}

export const rule: Rule = { meta, create };
