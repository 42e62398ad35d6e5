// Two dumps of one process → what changed, stack by stack. Buckets are matched by their stable fingerprint (it
// survives goroutine ids, argument values and pc offsets), so the same leak lines up even though every goroutine
// in it has a new id. A goroutine whose id is in both dumps at the same stack has not moved at all: it is stuck.

import { compareText } from '../core/index.js';
import { type DumpFormat, type SourceLocation, type PatternId, compareIds, type GoroutineId } from '../model/index.js';
import type { DumpInput, ParseOptions } from '../profile/index.js';
import type { Analysis, AnalyzedBucket, AnalyzeOptions } from './analyze.js';
import { matchPattern } from './classify.js';
import { orderKey, stackFingerprint } from './fingerprint.js';
import { analyzeDump } from './run.js';

export type DiffStatus = 'new' | 'vanished' | 'grown' | 'shrunk' | 'same';

/** How diff and series reports name one stack: where it waits, its pattern, its frames and creator. */
export interface StackSummary {
  waitClass: AnalyzedBucket['waitClass'];
  ruleId: PatternId | 'GG000';
  site?: SourceLocation;
  createdAt?: SourceLocation;
  frames: AnalyzedBucket['frames'];
  createdBy?: AnalyzedBucket['createdBy'];
}

export interface DiffEntry extends StackSummary {
  /** Fingerprint of the stack (from the after dump; from the before dump for vanished stacks). */
  fingerprint: string;
  status: DiffStatus;
  before: number;
  after: number;
  delta: number;
  /** State of the larger bucket; `states` lists every state seen when the stack was in more than one. */
  state: string;
  states: string[];
  /** Goroutines with the same id at this stack in both dumps (only formats with ids: debug=2, panics). */
  stuck: number;
  /** Up to `maxIds` of them, ascending. */
  stuckIds: GoroutineId[];
  /** Why the stack is known-benign, when it is (judged on the after dump, else the before dump). */
  ignored?: string;
}

export interface DiffSide {
  source: string;
  format: DumpFormat;
  goroutines: number;
  leakProfile: boolean;
  /** The format carries goroutine ids (needed for `stuck`). */
  hasIds: boolean;
  time?: Date;
}

export interface DumpDiff {
  before: DiffSide;
  after: DiffSide;
  /**
   * `fingerprint`: stacks matched by the full fingerprint. `stack`: the two formats disagree on the `created by`
   * frame (debug=0/1 profiles do not carry it), so stacks were matched by their frames alone.
   */
  matchedBy: 'fingerprint' | 'stack';
  /** Time between the dumps, when both times are known. */
  elapsedMs?: number;
  totals: {
    before: number;
    after: number;
    delta: number;
    /** Goroutines per second between the dumps, when the elapsed time is known. */
    ratePerSec?: number;
    newStacks: number;
    vanishedStacks: number;
    grownStacks: number;
    shrunkStacks: number;
    stuck: number;
  };
  /** Every stack of either dump, most growth first. */
  entries: DiffEntry[];
  notes: string[];
}

export interface DiffOptions extends AnalyzeOptions {
  /** When the dumps were taken (overrides the time a protobuf profile records). */
  beforeTime?: Date;
  afterTime?: Date;
  /** Stuck goroutine ids listed per entry. Default 50. */
  maxIds?: number;
}

/** Format families whose fingerprints agree: debug=1 and debug=0 print the same frames and no `created by`. */
export function formatFamily(format: DumpFormat): string {
  return format === 'debug1' || format === 'proto' ? 'profile' : format;
}

/** Key that matches a stack across format families: its frames only, without the creator. */
export function crossFormatKey(b: Pick<AnalyzedBucket, 'frames'>): string {
  return stackFingerprint(b.frames);
}

interface Side {
  count: number;
  ids: GoroutineId[];
  states: Map<string, number>;
  rep: AnalyzedBucket;
}

function group(buckets: readonly AnalyzedBucket[], byStack: boolean): Map<string, Side> {
  const out = new Map<string, Side>();
  for (const b of buckets) {
    const k = byStack ? crossFormatKey(b) : b.fingerprint;
    const s = out.get(k);
    if (!s) {
      out.set(k, { count: b.count, ids: [...b.ids], states: new Map([[b.state, b.count]]), rep: b });
      continue;
    }
    s.count += b.count;
    for (const id of b.ids) s.ids.push(id);
    s.states.set(b.state, (s.states.get(b.state) ?? 0) + b.count);
    if (b.count > s.rep.count) s.rep = b;
  }
  for (const s of out.values()) s.ids.sort(compareIds);
  return out;
}

/** Ids present in both ascending lists. */
function intersect(a: readonly GoroutineId[], b: readonly GoroutineId[]): GoroutineId[] {
  const out: GoroutineId[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      out.push(a[i]!);
      i++;
      j++;
    }
  }
  return out;
}

function side(a: Analysis, time: Date | undefined): DiffSide {
  const s: DiffSide = {
    source: a.info.source,
    format: a.info.format,
    goroutines: a.totals.goroutines,
    leakProfile: a.info.leakProfile,
    hasIds: a.buckets.some((b) => b.ids.length > 0),
  };
  const t = time ?? a.info.time;
  if (t) s.time = t;
  return s;
}

/** Compares two analyzed dumps of the same process. Pure. */
export function diffAnalyses(before: Analysis, after: Analysis, opts: DiffOptions = {}): DumpDiff {
  const maxIds = opts.maxIds ?? 50;
  const byStack = formatFamily(before.info.format) !== formatFamily(after.info.format);
  const b = group(before.buckets, byStack);
  const a = group(after.buckets, byStack);
  const entries: DiffEntry[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = b.get(key);
    const y = a.get(key);
    const rep = (y ?? x)!.rep;
    const nb = x?.count ?? 0;
    const na = y?.count ?? 0;
    const stuckIds = x && y ? intersect(x.ids, y.ids) : [];
    const states = new Map<string, number>();
    for (const s of [x, y]) for (const [st, n] of s?.states ?? []) states.set(st, (states.get(st) ?? 0) + n);
    const e: DiffEntry = {
      fingerprint: rep.fingerprint,
      status: !x ? 'new' : !y ? 'vanished' : na > nb ? 'grown' : na < nb ? 'shrunk' : 'same',
      before: nb,
      after: na,
      delta: na - nb,
      state: rep.state,
      states: [...states.entries()].sort((p, q) => q[1] - p[1]).map(([st]) => st),
      waitClass: rep.waitClass,
      ruleId: matchPattern(rep)?.id ?? 'GG000',
      frames: rep.frames,
      stuck: stuckIds.length,
      stuckIds: stuckIds.slice(0, maxIds),
    };
    if (rep.site) e.site = rep.site;
    if (rep.createdAt) e.createdAt = rep.createdAt;
    if (rep.createdBy) e.createdBy = rep.createdBy;
    if (rep.ignored) e.ignored = rep.ignored;
    entries.push(e);
  }
  const keys = new Map(entries.map((e) => [e, orderKey(e)]));
  entries.sort(
    (p, q) => q.delta - p.delta || q.after - p.after || q.before - p.before || compareText(keys.get(p)!, keys.get(q)!),
  );

  const sb = side(before, opts.beforeTime);
  const sa = side(after, opts.afterTime);
  const notes: string[] = [];
  if (byStack) {
    notes.push(
      `the dumps have different formats (${before.info.format} and ${after.info.format}): stacks were matched by ` +
        'their frames only, since debug=0/1 profiles do not record the `created by` frame',
    );
  }
  if (!sb.hasIds || !sa.hasIds) notes.push('stuck goroutines need goroutine ids: capture with debug=2 to see them');
  if (sb.leakProfile !== sa.leakProfile) notes.push('one input is a goroutineleak profile and the other is not');
  const count = (s: DiffStatus) => entries.filter((e) => e.status === s).length;
  const delta = sa.goroutines - sb.goroutines;
  const diff: DumpDiff = {
    before: sb,
    after: sa,
    matchedBy: byStack ? 'stack' : 'fingerprint',
    totals: {
      before: sb.goroutines,
      after: sa.goroutines,
      delta,
      newStacks: count('new'),
      vanishedStacks: count('vanished'),
      grownStacks: count('grown'),
      shrunkStacks: count('shrunk'),
      stuck: entries.reduce((n, e) => n + e.stuck, 0),
    },
    entries,
    notes,
  };
  if (sb.time && sa.time) {
    const ms = sa.time.getTime() - sb.time.getTime();
    diff.elapsedMs = ms;
    if (ms > 0) diff.totals.ratePerSec = delta / (ms / 1000);
    else notes.push('the "before" dump is not older than the "after" dump');
  }
  return diff;
}

/** One side of a diff: dump bytes, or bytes with a name and the time they were taken. */
export type DiffInput = DumpInput | { input: DumpInput; source?: string; time?: Date };

function isSideObject(x: DiffInput): x is { input: DumpInput; source?: string; time?: Date } {
  return typeof x === 'object' && x !== null && !(x instanceof Uint8Array) && 'input' in x;
}

/** Parses, analyzes and diffs two dumps (any supported format; they may differ). */
export async function diffDumps(
  before: DiffInput,
  after: DiffInput,
  opts: DiffOptions & Omit<ParseOptions, 'source'> = {},
): Promise<DumpDiff> {
  const load = (x: DiffInput, name: string) =>
    isSideObject(x)
      ? analyzeDump(x.input, { ...opts, source: x.source ?? name })
      : analyzeDump(x, { ...opts, source: name });
  const [b, a] = [await load(before, '<before>'), await load(after, '<after>')];
  const o: DiffOptions = { ...opts };
  const bt = isSideObject(before) ? before.time : undefined;
  const at = isSideObject(after) ? after.time : undefined;
  if (bt) o.beforeTime = bt;
  if (at) o.afterTime = at;
  return diffAnalyses(b, a, o);
}
