// Every static rule, in id order. A test checks each one is registered here, documented in docs/rules/, and has
// positive and negative cases under testdata/static/.

import type { Rule } from '../types.js';
import { rule as GG001 } from './GG001-send-receiver-may-leave.js';
import { rule as GG015 } from './GG015-n-senders-one-receiver.js';

export const RULES: readonly Rule[] = [GG001, GG015];
