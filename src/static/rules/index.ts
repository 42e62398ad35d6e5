// Every static rule, in id order. A test checks each one is registered here, documented in docs/rules/, and has
// positive and negative cases under testdata/static/.

import type { Rule } from '../types.js';
import { rule as GG001 } from './GG001-send-receiver-may-leave.js';
import { rule as GG002 } from './GG002-range-never-closed.js';
import { rule as GG003 } from './GG003-for-select-no-exit.js';
import { rule as GG004 } from './GG004-ticker-never-stopped.js';
import { rule as GG005 } from './GG005-time-after-in-loop.js';
import { rule as GG006 } from './GG006-afterfunc-blocks.js';
import { rule as GG007 } from './GG007-context-not-propagated.js';
import { rule as GG008 } from './GG008-waitgroup-mismatch.js';
import { rule as GG009 } from './GG009-http-client-no-timeout.js';
import { rule as GG010 } from './GG010-response-body-not-closed.js';
import { rule as GG011 } from './GG011-loop-var-capture.js';
import { rule as GG012 } from './GG012-lock-without-unlock.js';
import { rule as GG013 } from './GG013-nil-channel.js';
import { rule as GG014 } from './GG014-select-no-cases.js';
import { rule as GG015 } from './GG015-n-senders-one-receiver.js';

export const RULES: readonly Rule[] = [
  GG001,
  GG002,
  GG003,
  GG004,
  GG005,
  GG006,
  GG007,
  GG008,
  GG009,
  GG010,
  GG011,
  GG012,
  GG013,
  GG014,
  GG015,
];
