// GG007 (context not propagated): the goroutine gets `context.Background()` (or a context derived from it) while
// the caller's ctx is in scope — pass the caller's ctx instead, so cancelling the caller stops the goroutine. The
// `context` import goes when nothing else uses it.

import { text } from '../../static/index.js';
import { nodeAt } from '../locate.js';
import type { TextEdit } from '../types.js';
import type { EditGenerator } from './types.js';

const IN_SCOPE = /although `([^`]+)` \([^)]*\) is in scope/;

export const generate: EditGenerator = ({ finding, src, decl, offset }) => {
  const name = IN_SCOPE.exec(finding.message)?.[1];
  if (!name) return { reason: 'the finding does not name the context in scope' };
  const call = nodeAt(decl, offset, ['call_expression']);
  if (!call || !/^context\.(Background|TODO)\(\)$/.test(text(call))) {
    return { reason: 'the reported expression is not context.Background() or context.TODO()' };
  }
  const edits: TextEdit[] = [{ start: call.start, end: call.end, text: name }];
  const rest = src.slice(0, call.start) + src.slice(call.end);
  const importLine = /^[ \t]*(?:import[ \t]+)?"context"[ \t]*\n/m.exec(src);
  if (importLine && (rest.match(/\bcontext\./g) ?? []).length === 0) {
    const start = importLine.index;
    edits.push({ start, end: start + importLine[0].length, text: '' });
  }
  return {
    edits,
    summary: `pass \`${name}\` instead of \`${text(call)}\` so cancelling the caller stops the goroutine`,
  };
};
