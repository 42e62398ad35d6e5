// GG001 (send on a channel whose receiver may have left): one sender, one value — a buffer of 1 lets the send
// complete after the receiver has gone, and the goroutine ends. With a ctx in scope, a ctx-aware send is the
// alternative, proven when the tests refuse the buffer (the code relied on the send completing only on receipt).

import { text } from '../../static/index.js';
import { nodeAt } from '../locate.js';
import { bufferChannel } from './buffer.js';
import { withCtxSend } from './send.js';
import type { EditGenerator } from './types.js';

export const generate: EditGenerator = (input) => {
  const { finding, decl, offset } = input;
  if (!/\(unbuffered\)/.test(finding.message)) return { reason: 'the channel already has a buffer' };
  const send = nodeAt(decl, offset, ['send_statement']);
  const ch = send?.children.find((c) => c.field === 'channel');
  if (!send || !ch || ch.type !== 'identifier') return { reason: 'the send is not on a local channel variable' };
  return withCtxSend(bufferChannel(decl, text(ch), send.start, '1'), input);
};
