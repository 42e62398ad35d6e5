// Shared by GG001 and GG015: give the channel a buffer so every sender can complete without a receiver.
// Finds the `make(chan T)` that initialises the named channel in the declaration, nearest before the send.

import { callArgs, callee, child, findAll, text, type GoNode } from '../../static/index.js';
import type { EditPlan } from '../types.js';

/** Sets the capacity of the `make(chan …)` bound to `name` (before `before`) to `capacity`. */
export function bufferChannel(decl: GoNode, name: string, before: number, capacity: string): EditPlan {
  const makes = findAll(decl, 'call_expression').filter(
    (c) => c.start < before && callee(c)?.name === 'make' && boundTo(c) === name && isChanType(callArgs(c)[0]),
  );
  const make = makes[makes.length - 1];
  if (!make) return { reason: `no \`${name} := make(chan …)\` before the send in this function` };
  const args = callArgs(make);
  if (args.length > 2) return { reason: 'make with more than two arguments' };
  const cap = args[1];
  if (cap && text(cap) === capacity) return { reason: `\`${name}\` already has capacity ${capacity}` };
  const edit = cap
    ? { start: cap.start, end: cap.end, text: capacity }
    : { start: args[0]!.end, end: args[0]!.end, text: `, ${capacity}` };
  return { edits: [edit], summary: `buffer \`${name}\` to ${capacity} so the send completes without a receiver` };
}

function isChanType(n: GoNode | undefined): boolean {
  return !!n && n.type === 'channel_type';
}

/** The name a `make(…)` call is assigned or declared to, when it is a single-value right-hand side. */
function boundTo(call: GoNode): string | null {
  const list = call.parent;
  const stmt = list?.parent;
  if (!list || !stmt || list.type !== 'expression_list') return null;
  const idx = list.children.indexOf(call);
  const left =
    stmt.type === 'short_var_declaration' || stmt.type === 'assignment_statement'
      ? child(stmt, 'left')?.children[idx]
      : stmt.type === 'var_spec'
        ? stmt.children.filter((c) => c.field === 'name')[idx]
        : undefined;
  return left && left.type === 'identifier' ? text(left) : null;
}
