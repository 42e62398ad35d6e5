// GG010 (response body never closed): `defer resp.Body.Close()` right after the `if err != nil` check that
// follows the request, in a function body (a defer in a loop body would wait for the function to return).

import { child, isFuncNode, text } from '../../static/index.js';
import { insertLineAfter, nodeAt } from '../locate.js';
import type { EditGenerator } from './types.js';

const NEVER_CLOSED = /^`([^`]+)\.Body` is never closed$/;

export const generate: EditGenerator = ({ finding, src, decl, offset }) => {
  const resp = NEVER_CLOSED.exec(finding.message)?.[1];
  if (!resp) return { reason: 'only a response whose body is never closed on any path is patched mechanically' };
  const call = nodeAt(decl, offset, ['call_expression']);
  const stmt = call?.parent?.parent;
  if (!stmt || (stmt.type !== 'short_var_declaration' && stmt.type !== 'assignment_statement')) {
    return { reason: 'the request is not a `resp, err := …` statement' };
  }
  const left = child(stmt, 'left')?.children ?? [];
  const err = left[1] && text(left[1]);
  const list = stmt.parent;
  if (!err || !list || list.type !== 'block' || !list.parent || !isFuncNode(list.parent)) {
    return { reason: 'the request is not at the top level of a function body' };
  }
  const next = list.children[list.children.indexOf(stmt) + 1];
  const cond = next?.type === 'if_statement' ? child(next, 'condition') : undefined;
  if (!next || !cond || text(cond).replace(/\s+/g, ' ') !== `${err} != nil`) {
    return { reason: `no \`if ${err} != nil\` check right after the request` };
  }
  return {
    edits: [insertLineAfter(src, next, `defer ${resp}.Body.Close()`)],
    summary: `\`defer ${resp}.Body.Close()\` after the error check`,
  };
};
