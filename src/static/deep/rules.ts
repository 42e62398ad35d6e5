// What the deep engine's rules (analyzer/rules/gg016.go…) are, for reports: title, severity, explanation, fix
// and doc page, in the same shape as the tree-sitter rules' meta.

import { PATTERNS, type PatternId } from '../../model/index.js';
import type { Severity } from '../../model/index.js';
import type { RuleMeta } from '../types.js';

/** A tree-sitter rule's meta without what only that engine uses (its trigger text). */
export type DeepRuleMeta = Pick<RuleMeta, 'id' | 'title' | 'severity' | 'explanation' | 'fix' | 'docs'>;

const meta = (id: PatternId, severity: Severity, explanation: string): DeepRuleMeta => ({
  id,
  title: PATTERNS[id].title,
  severity,
  explanation,
  fix: PATTERNS[id].staticFix,
  docs: `docs/rules/${id}.md`,
});

export const DEEP_RULES: readonly DeepRuleMeta[] = [
  {
    ...meta(
      'GG001',
      'error',
      'The goroutine sends on an unbuffered channel (unbuffered on at least one path that reaches the send), and the function that started it can return without receiving: the send then blocks forever.',
    ),
    docs: 'docs/rules/GG001.md',
  },
  meta(
    'GG002',
    'error',
    'The loop ends only when the channel is closed (`range`, or `v, ok := <-ch` leaving on `!ok`), and nothing closes it: no `close` anywhere in the analysed code for a channel that never leaves it, or a time.Ticker/Timer channel the standard library never closes. Once the senders stop, the goroutine waits in `chan receive` forever.',
  ),
  meta(
    'GG012',
    'error',
    'The mutex is locked and unlocked on some paths, but one return (or a loop coming back to the same Lock) still holds it: the next Lock of that mutex, by any goroutine, blocks forever.',
  ),
  meta(
    'GG013',
    'error',
    'A receive from a nil channel blocks forever. The loop leaves only when a channel field delivers, re-reads that field each time round, and another function sets the field to nil while the loop may still run: read after that, the exit never fires.',
  ),
  meta(
    'GG016',
    'error',
    'The goroutine holds the mutex while it waits on a channel, and every goroutine that could take the other side of the channel must lock the same mutex first: each waits for the other forever.',
  ),
  meta(
    'GG017',
    'error',
    'Two paths take the same two locks in opposite orders. Two goroutines on them can each hold one lock and wait for the other forever.',
  ),
  meta(
    'GG018',
    'error',
    'Go mutexes are not re-entrant: locking a mutex the goroutine already holds blocks it forever. A second RLock blocks too once a writer waits in Lock between the two.',
  ),
  meta(
    'GG019',
    'error',
    'Cond.Wait returns only after a Signal or Broadcast that comes after it. With nothing signalling, or a Wait that does not re-check its condition in a loop, a wake-up that came first is lost and the goroutine waits forever.',
  ),
  meta(
    'GG020',
    'error',
    'The waiter does something its children need (drain their channel, release a lock) only after Wait returns, and Wait returns only after the children call Done: all of them wait forever.',
  ),
];

/**
 * Rules on both engines: the deep ones add what needs the alias classes and the call graph (helpers, the other
 * Lock sites as related locations).
 */
const ON_BOTH: ReadonlySet<string> = new Set(['GG001', 'GG002', 'GG012', 'GG013']);

/** Rules only the deep engine has. */
export const DEEP_ONLY: readonly DeepRuleMeta[] = DEEP_RULES.filter((r) => !ON_BOTH.has(r.id));

export const DEEP_RULE_IDS: ReadonlySet<string> = new Set(DEEP_RULES.map((r) => r.id));
