// Source-aware diagnosis: when the Go source of a suspect's blocking site is at hand, the line of code names the
// pattern the dump alone cannot (as panicparse augments stacks with source). `for range t.C` over a ticker is
// GG004, not a channel nobody closes; a debug=1 "chan send or receive" is a send or a receive; a select waiting on
// `ctx.Done()` is a context nobody cancels. Without source a finding keeps what the dump proves. Pure: the lookup
// is given.

import { PATTERNS, type Finding, type PatternId } from '../model/index.js';
import type { BlockingFact, SelectCaseFact } from '../static/index.js';

export type BlockingLookup = (
  file: string,
  line: number,
  func?: string,
) => (BlockingFact & { file: string }) | undefined;

/** Patterns a line of code may refine: the channel and select ones, and "no pattern". */
const REFINABLE: ReadonlySet<string> = new Set(['GG000', 'GG001', 'GG002', 'GG003']);

export interface Refinement {
  /** GG000: the line shows a known-good shape (a worker loop with a ctx.Done exit), no leak pattern. */
  ruleId: PatternId | 'GG000';
  because: string;
}

/** Adds the blocking line (and a refined pattern, when the line shows one) to each dynamic suspect. */
export function applySource(findings: readonly Finding[], lookup: BlockingLookup): number {
  let read = 0;
  for (const f of findings) {
    if (f.origin !== 'dynamic' || !f.location) continue;
    const fact = lookup(f.location.file, f.location.line, f.location.func);
    if (!fact || !agrees(fact, f.waitClass)) continue;
    read++;
    f.data = { ...f.data, code: fact.code, sourceFile: fact.file, op: fact.op };
    if (!REFINABLE.has(f.ruleId)) continue;
    const r = refine(fact, f);
    if (!r) continue;
    const oldBecause = f.explanation ? firstSentence(f.explanation) : '';
    const rest =
      f.explanation && oldBecause && (f.ruleId !== 'GG000' || f.waitClass === 'chan')
        ? f.explanation.slice(oldBecause.length).trim()
        : (f.explanation ?? '');
    f.ruleId = r.ruleId;
    if (r.ruleId === 'GG000') {
      f.title = `goroutines blocked in ${f.state ?? 'a wait'}`;
      delete f.fix;
    } else {
      f.title = PATTERNS[r.ruleId].title;
      f.fix = PATTERNS[r.ruleId].fix;
    }
    f.explanation = `${capitalize(r.because)}.${rest ? ` ${rest}` : ''}`;
  }
  return read;
}

/** The pattern the blocking line shows, or undefined when it adds nothing to the dump's. */
export function refine(fact: BlockingFact, f: Pick<Finding, 'ruleId' | 'waitClass'>): Refinement | undefined {
  const code = `\`${fact.code.replace(/\s*\{$/, '')}\``;
  if (fact.inAfterFunc && fact.op !== 'range') {
    return { ruleId: 'GG006', because: `${code} blocks inside a time.AfterFunc callback` };
  }
  switch (fact.op) {
    case 'range':
      if (fact.chan === 'ticker') {
        return {
          ruleId: 'GG004',
          because: `${code} loops over a ticker channel: Stop does not close it, so the loop never ends`,
        };
      }
      return {
        ruleId: 'GG002',
        because: `${code} ranges over \`${fact.chanText ?? '?'}\` until it is closed, and nobody closes it`,
      };
    case 'recv':
      if (fact.chan === 'ticker' && fact.inLoop) {
        return { ruleId: 'GG004', because: `${code} waits on a ticker in a loop with no way out` };
      }
      if (fact.chan === 'ctx-done') return ctxNeverDone(code);
      // A timer fires unless stopped: nothing to say the dump does not.
      if (fact.chan === 'timer' || fact.chan === 'time-after') return undefined;
      return {
        ruleId: 'GG002',
        because: `${code} receives from ${chanName(fact)}, and no sender is left to send or close it`,
      };
    case 'send':
      // A debug=1 "chan send or receive" that the line shows is a send; the dump's own send analysis (GG015 for
      // N senders) stands otherwise.
      if (f.waitClass === 'chan-send' && f.ruleId !== 'GG001') return undefined;
      return { ruleId: 'GG001', because: `${code} sends on ${chanName(fact)}, and no receiver is left` };
    case 'select':
      return refineSelect(fact, code);
  }
}

function refineSelect(fact: BlockingFact, code: string): Refinement | undefined {
  const cases = fact.cases ?? [];
  if (cases.length === 1) {
    // A one-case select compiles to the plain operation.
    const only = cases[0]!;
    return refine(
      { ...fact, op: only.op, chan: only.chan, chanText: chanOf(only), code: only.code },
      { ruleId: 'GG000' },
    );
  }
  const ticker = cases.some((c) => c.op === 'recv' && c.chan === 'ticker');
  const exit = cases.some((c) => c.chan === 'ctx-done');
  if (exit && fact.inLoop) {
    // A worker loop that returns when its context ends: a leak only if nobody ever cancels that context, which
    // the line cannot tell.
    return {
      ruleId: 'GG000',
      because: `${code} is a loop with a \`<-ctx.Done()\` case: it ends when its context is cancelled`,
    };
  }
  if (exit) return ctxNeverDone(`${code} (with a \`<-ctx.Done()\` case)`);
  if (fact.inLoop && cases.some((c) => c.chan === 'time-after')) {
    return {
      ruleId: 'GG005',
      because: `${code} in a loop has a \`time.After\` case: every iteration allocates a new timer`,
    };
  }
  if (ticker && fact.inLoop) {
    return { ruleId: 'GG004', because: `${code} waits on a ticker in a loop with no exit case` };
  }
  return {
    ruleId: 'GG003',
    because: `${code} waits on ${cases.map((c) => `\`${c.code}\``).join(', ') || 'no channel'}, and none of them lets it return`,
  };
}

/**
 * Whether the line does what the dump says the goroutine does: a source of another build (lines moved) must not
 * turn a send into a receive. A one-case select shows as its plain operation.
 */
export function agrees(fact: BlockingFact, wait: Finding['waitClass']): boolean {
  const ops: readonly string[] =
    fact.op === 'select'
      ? fact.cases?.length === 1
        ? [fact.cases[0]!.op]
        : ['select']
      : fact.op === 'range'
        ? ['recv']
        : [fact.op];
  switch (wait) {
    case 'chan-send':
      return ops.includes('send');
    case 'chan-recv':
      return ops.includes('recv');
    case 'chan':
      return ops.includes('send') || ops.includes('recv');
    case 'select':
      return ops.includes('select') || fact.op === 'select';
    default:
      return false;
  }
}

/** `` `ch` `` or `` the struct field `p.results` `` */
function chanName(fact: BlockingFact): string {
  return `${fact.chan === 'field' ? 'the struct field ' : ''}\`${fact.chanText ?? '?'}\``;
}

function ctxNeverDone(code: string): Refinement {
  return {
    ruleId: 'GG007',
    because: `${code} waits for a context that is never cancelled (no deadline, or its cancel func is never called)`,
  };
}

function chanOf(c: SelectCaseFact): string {
  return c.op === 'recv' ? c.code.replace(/^.*<-\s*/, '') : c.code.replace(/\s*<-.*$/, '');
}

function firstSentence(s: string): string {
  const i = s.search(/\.(\s|$)/);
  return i === -1 ? s : s.slice(0, i + 1);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
