// GG005 (time.After in a loop, before Go 1.23): one `time.NewTimer` before the loop, stopped when the function
// returns, drained and `Reset` right before the select each time round (the pre-1.23 way: a Reset on a timer
// that fired but was not received would deliver a stale tick), and `<-timer.C` instead of `<-time.After(d)`.
// The duration must not depend on variables declared inside the loop, since the timer is made before it.

import { callArgs, child, findAll, isFuncNode, text, type GoNode } from '../../static/index.js';
import { insertLineBefore, nodeAt } from '../locate.js';
import type { TextEdit } from '../types.js';
import { ancestor } from './common.js';
import type { EditGenerator } from './types.js';

export const generate: EditGenerator = ({ src, decl, offset }) => {
  const call = nodeAt(decl, offset, ['call_expression']);
  const d = call && callArgs(call)[0];
  const select = call && ancestor(call, 'select_statement');
  const loop = select && ancestor(select, 'for_statement');
  if (!call || !d || !select || !loop) return { reason: 'no `time.After` in a select inside a loop here' };
  const inLoop = declaredIn(loop);
  const uses = findAll(d, 'identifier').map(text);
  const local = uses.find((u) => inLoop.has(u));
  if (local) return { reason: `the duration uses \`${local}\`, declared inside the loop: the timer is made before it` };
  const name = freshName(text(decl), 'timer');
  const dur = text(d);
  const outer = loop.parent?.type === 'labeled_statement' ? loop.parent : loop;
  const inBody = outer.parent?.type === 'block' && !!outer.parent.parent && isFuncNode(outer.parent.parent);
  const edits: TextEdit[] = [
    insertLineBefore(src, outer.start, `${name} := time.NewTimer(${dur})${inBody ? `\ndefer ${name}.Stop()` : ''}`),
    insertLineBefore(
      src,
      select.start,
      `if !${name}.Stop() {\nselect {\ncase <-${name}.C:\ndefault:\n}\n}\n${name}.Reset(${dur})`,
    ),
    { start: call.start, end: call.end, text: `${name}.C` },
  ];
  return {
    edits,
    summary: `one \`time.NewTimer\` before the loop, \`Reset\` each time round, instead of \`${text(call)}\``,
  };
};

/** Names declared inside `loop` (short declarations, var specs, range variables, literal parameters). */
function declaredIn(loop: GoNode): Set<string> {
  const names = new Set<string>();
  for (const n of findAll(loop, ['short_var_declaration', 'range_clause'])) {
    for (const id of child(n, 'left')?.children ?? []) if (id.type === 'identifier') names.add(text(id));
  }
  for (const n of findAll(loop, ['var_spec', 'parameter_declaration'])) {
    for (const id of n.children) if (id.field === 'name') names.add(text(id));
  }
  return names;
}

function freshName(scope: string, base: string): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}${i}`;
    if (!new RegExp(`\\b${name}\\b`).test(scope)) return name;
  }
}
