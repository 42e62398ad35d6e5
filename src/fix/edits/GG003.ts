// GG003 (for-select with no exit): add `case <-ctx.Done(): return` to the select, using a context.Context that
// is a parameter of an enclosing function. Without one in scope (or when `return` would need values) the fix
// needs a design decision — a quit channel, a new parameter — and is left to a person.

import { child } from '../../static/index.js';
import { insertLineBefore, nodeAt } from '../locate.js';
import { contextInScope, enclosingFn } from './common.js';
import type { EditGenerator } from './types.js';

export const generate: EditGenerator = ({ src, decl, offset }) => {
  const loop = nodeAt(decl, offset, ['for_statement']);
  const body = loop && child(loop, 'body');
  const select = body?.children.find((s) => s.type === 'select_statement');
  if (!loop || !select) return { reason: 'no select statement in the reported loop' };
  const ctx = contextInScope(loop);
  if (!ctx) return { reason: 'no context.Context parameter in scope: add one (or a quit channel) by hand' };
  const fn = enclosingFn(loop);
  if (fn && child(fn, 'result')) return { reason: 'the function returns values: choose what to return on cancel' };
  const close = select.end - 1;
  const edit = insertLineBefore(src, close, `case <-${ctx}.Done():\n\treturn`);
  return { edits: [edit], summary: `\`case <-${ctx}.Done(): return\` so the loop ends with its context` };
};
