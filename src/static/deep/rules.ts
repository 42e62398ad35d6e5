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
    'GG012',
    'error',
    'The mutex is locked and unlocked on some paths, but one return (or a loop coming back to the same Lock) still holds it: the next Lock of that mutex, by any goroutine, blocks forever.',
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
 * Rules only the deep engine has (GG001 and GG012 are on both: the deep ones add what needs the alias classes and
 * the call graph — helpers, the other Lock sites as related locations).
 */
export const DEEP_ONLY: readonly DeepRuleMeta[] = DEEP_RULES.filter((r) => r.id !== 'GG001' && r.id !== 'GG012');

export const DEEP_RULE_IDS: ReadonlySet<string> = new Set(DEEP_RULES.map((r) => r.id));
