// GG008 (WaitGroup Add/Done mismatch): make `defer wg.Done()` the goroutine's first statement, and drop the
// plain `wg.Done()` that early returns skipped (it would now count twice).

import { callee, child, text, type GoNode } from '../../static/index.js';
import { nodeAt, wholeLine } from '../locate.js';
import type { TextEdit } from '../types.js';
import { ancestor, prependToBody } from './common.js';
import type { EditGenerator } from './types.js';

const EARLY_RETURN = /^returns before `([^`]+)\.Done\(\)` at line (\d+)/;
const NEVER_DONE = /^`([^`]+)\.Add` at line \d+ counts this goroutine, but it never calls/;

export const generate: EditGenerator = ({ finding, src, decl, offset }) => {
  const early = EARLY_RETURN.exec(finding.message);
  if (early) {
    const wg = early[1]!;
    const ret = nodeAt(decl, offset, ['return_statement']);
    const lit = ret && ancestor(ret, 'func_literal');
    const body = lit && child(lit, 'body');
    if (!lit || !body) return { reason: 'no goroutine literal around the reported return' };
    const done = body.children.find((s) => isDone(s, wg));
    const span = done && wholeLine(src, done);
    const first = prependToBody(src, lit, `defer ${wg}.Done()`);
    if (!span || !first) return { reason: `\`${wg}.Done()\` is not a statement of its own in the goroutine` };
    const edits: TextEdit[] = [first, { ...span, text: '' }];
    return { edits, summary: `\`defer ${wg}.Done()\` first in the goroutine, instead of \`${wg}.Done()\` at its end` };
  }
  const never = NEVER_DONE.exec(finding.message);
  if (never) {
    const wg = never[1]!.replace(/^&/, '');
    const go = nodeAt(decl, offset, ['go_statement']);
    const fn = go?.children[0] && child(go.children[0], 'function');
    if (!fn || fn.type !== 'func_literal') return { reason: 'the go statement does not start a function literal' };
    const first = prependToBody(src, fn, `defer ${wg}.Done()`);
    if (!first) return { reason: 'the goroutine has an empty body' };
    return { edits: [first], summary: `\`defer ${wg}.Done()\` first in the goroutine` };
  }
  return { reason: 'the finding does not name the WaitGroup' };
};

function isDone(stmt: GoNode, wg: string): boolean {
  const call = stmt.type === 'expression_statement' ? stmt.children[0] : undefined;
  const c = call && callee(call);
  return !!c && c.name === 'Done' && !!c.operand && text(c.operand) === wg;
}
