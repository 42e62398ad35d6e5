// GG002 (range over a channel nobody closes): the sending owner closes it — `defer close(ch)` first in the one
// goroutine that sends on it. With several senders the close belongs after their WaitGroup, a structural change
// left to a person.

import { child, text, type GoNode } from '../../static/index.js';
import { findAll } from '../../static/index.js';
import { ancestor, prependToBody } from './common.js';
import type { EditGenerator } from './types.js';

const LOCAL = /^`range ([^`]+)` never ends: nothing closes `\1`/;

export const generate: EditGenerator = ({ finding, src, decl }) => {
  const ch = LOCAL.exec(finding.message)?.[1];
  if (!ch) return { reason: 'only a local channel is closed mechanically (a struct field needs its owner decided)' };
  const sends = findAll(decl, 'send_statement').filter((s) => {
    const c = child(s, 'channel');
    return !!c && text(c) === ch;
  });
  const owners = new Set<GoNode | null>(sends.map((s) => ancestor(s, 'func_literal')));
  const owner = [...owners][0];
  if (sends.length === 0 || owners.size !== 1 || !owner) {
    return {
      reason: `\`${ch}\` has ${sends.length === 0 ? 'no sender here' : 'several sending goroutines'}: close it after they all finish`,
    };
  }
  if (owner.parent?.parent?.type !== 'go_statement') return { reason: 'the sender is not a goroutine started here' };
  const edit = prependToBody(src, owner, `defer close(${ch})`);
  if (!edit) return { reason: 'the sending goroutine has an empty body' };
  return { edits: [edit], summary: `the sending goroutine closes \`${ch}\` when it is done (\`defer close(${ch})\`)` };
};
