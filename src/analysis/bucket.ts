// Groups goroutines with identical stacks into buckets by a hashed key (stack fingerprint + state), never by
// pairwise comparison. Streaming: `add` one goroutine at a time; memory grows with buckets, plus one id per
// goroutine (kept so diffs can tell which goroutines survived).

import { compareText } from '../core/index.js';
import { compareIds, idGap } from '../model/index.js';
import type { Frame, Goroutine, GoroutineId, WaitClass, SourceLocation } from '../model/index.js';
import { FingerprintCache, type Similarity } from './fingerprint.js';
import { siteFrame, toLocation } from './sites.js';

export interface Bucket {
  /** Stack fingerprint (see fingerprint.ts); equal across dumps for the same stack. */
  fingerprint: string;
  state: string;
  waitClass: WaitClass;
  stateInferred: boolean;
  /** Goroutines in the bucket (sum of counts for aggregated formats). */
  count: number;
  /** Goroutine ids when the format has them (traceback formats), ascending. */
  ids: GoroutineId[];
  waitMinutes: { min: number; max: number };
  /** Goroutines proven leaked (`(leaked)` marker or goroutineleak profile). */
  leaked: number;
  locked: number;
  /** Labels of the first goroutine seen; `mixedLabels` when others differ. */
  labels: Record<string, string>;
  mixedLabels: boolean;
  /** Representative stack, innermost first (shared, do not mutate). */
  frames: readonly Frame[];
  createdBy?: Frame;
  /** Distinct creator goroutine ids (bounded sample). */
  creatorIds: GoroutineId[];
  /**
   * Longest run of consecutive goroutine ids created by one goroutine: goroutines started in one loop get
   * consecutive ids, sequential calls usually do not (other goroutines are created in between). ≥ 2 hints that
   * one call started several of these goroutines (N-cast, GG015).
   */
  perCreatorRun: number;
  /** The creator is a request-serving goroutine (net/http conn, HTTP/2, gRPC stream): set by analyze. */
  creatorServesRequests?: boolean;
  /**
   * In a deadlock report, the creator goroutine is in the dump and blocked too (its wait and site): it did not take a
   * first value and leave, so the senders are not N-cast. Set by analyze.
   */
  creatorBlocked?: { state: string; site?: SourceLocation };
  elided: number;
  /** First user-code frame (or innermost non-runtime frame) as a location. */
  site?: SourceLocation;
  createdAt?: SourceLocation;
}

export interface BucketOptions {
  similarity?: Similarity;
}

const MAX_CREATOR_IDS = 16;

/** Per distinct (frames, creator) seen: its fingerprint and the buckets it feeds, by state. */
interface StackRecord {
  frames: readonly Frame[];
  createdBy: Frame | undefined;
  fingerprint: string;
  byState: Map<string, BucketState>;
  /** The last state seen and its bucket: goroutines of one stack nearly always share a state. */
  lastState: string;
  last: BucketState | undefined;
}

interface BucketState {
  bucket: Bucket;
  /** Creator id of each goroutine in `bucket.ids` (same order), for perCreatorRun. */
  creatorOf: GoroutineId[];
}

export class Bucketer {
  private readonly fps: FingerprintCache;
  private readonly exact: boolean;
  /** Bucket by `${fingerprint}|${state}`: distinct frame arrays with one fingerprint share buckets. */
  private readonly buckets = new Map<string, BucketState>();
  /** Records by frames identity: parsers share one frames array among the goroutines of one stack. */
  private readonly records = new Map<readonly Frame[], StackRecord[]>();
  /**
   * Fastest path: by the parser's stack id (a small integer), checked against the frames identity because ids
   * from different parses (zip entries, series) may collide.
   */
  private readonly byStackId: (StackRecord | undefined)[] = [];
  private total = 0;

  constructor(opts: BucketOptions = {}) {
    this.exact = opts.similarity === 'exact';
    this.fps = new FingerprintCache(opts.similarity ?? 'loose');
  }

  add(g: Goroutine): void {
    const st = this.exact ? this.exactState(g) : this.looseState(g);
    const b = st.bucket;
    if (b.count > 0) {
      if (g.waitMinutes < b.waitMinutes.min) b.waitMinutes.min = g.waitMinutes;
      if (g.waitMinutes > b.waitMinutes.max) b.waitMinutes.max = g.waitMinutes;
      if (!b.mixedLabels && g.labels !== b.labels && !sameLabels(g.labels, b.labels)) b.mixedLabels = true;
    }
    b.count += g.count;
    this.total += g.count;
    if (g.id >= 0) {
      b.ids.push(g.id);
      st.creatorOf.push(g.creatorId ?? -1);
    }
    if (g.leaked) b.leaked += g.count;
    if (g.locked) b.locked += g.count;
    if (g.creatorId !== undefined && b.creatorIds.length < MAX_CREATOR_IDS && !b.creatorIds.includes(g.creatorId)) {
      b.creatorIds.push(g.creatorId);
    }
  }

  private looseState(g: Goroutine): BucketState {
    const sid = g.stackId;
    let rec = sid !== undefined ? this.byStackId[sid] : undefined;
    if (!rec || rec.frames !== g.frames || rec.createdBy !== g.createdBy) {
      rec = this.record(g);
      if (sid !== undefined && this.byStackId[sid] === undefined) this.byStackId[sid] = rec;
    }
    if (rec.lastState === g.state && rec.last) return rec.last;
    let st = rec.byState.get(g.state);
    if (!st) {
      st = this.bucketState(g, rec.fingerprint, `${rec.fingerprint}|${g.state}`);
      rec.byState.set(g.state, st);
    }
    rec.lastState = g.state;
    rec.last = st;
    return st;
  }

  private record(g: Goroutine): StackRecord {
    let list = this.records.get(g.frames);
    if (!list) this.records.set(g.frames, (list = []));
    for (const r of list) if (r.createdBy === g.createdBy) return r;
    const rec: StackRecord = {
      frames: g.frames,
      createdBy: g.createdBy,
      fingerprint: this.fps.get(g),
      byState: new Map(),
      lastState: '',
      last: undefined,
    };
    list.push(rec);
    return rec;
  }

  private exactState(g: Goroutine): BucketState {
    const fp = this.fps.get(g);
    return this.bucketState(g, fp, `${fp}|${g.state}|${g.argsKey ?? ''}`);
  }

  private bucketState(g: Goroutine, fp: string, key: string): BucketState {
    let st = this.buckets.get(key);
    if (!st) {
      st = { bucket: newBucket(g, fp), creatorOf: [] };
      this.buckets.set(key, st);
    }
    return st;
  }

  /** Buckets, largest first (ties: by state, then fingerprint, so output is deterministic). */
  finish(): Bucket[] {
    for (const st of this.buckets.values()) {
      st.bucket.perCreatorRun = longestRun(st.bucket.ids, st.creatorOf);
      st.creatorOf = [];
    }
    const out = [...this.buckets.values()].map((s) => s.bucket);
    for (const b of out) b.ids.sort(compareIds);
    sortBuckets(out);
    return out;
  }

  /**
   * Buckets for merging with other parts of the same dump: ids unsorted and `creatorOf` aligned with them, so the
   * merge can find id runs that cross a part boundary.
   */
  parts(): { buckets: Bucket[]; creatorOf: GoroutineId[][] } {
    const states = [...this.buckets.values()];
    return { buckets: states.map((s) => s.bucket), creatorOf: states.map((s) => s.creatorOf) };
  }

  get goroutines(): number {
    return this.total;
  }
}

/**
 * Sorts largest first; ties by state (case-insensitive, then code-unit order: the same for every locale, and no ICU
 * collator to build, which costs ≈ 10–20 ms of a run), then fingerprint, so output is deterministic. States are
 * few: each gets its rank once.
 */
function sortBuckets(out: Bucket[]): void {
  const states = [...new Set(out.map((b) => b.state))].sort(
    (a, c) => compareText(a.toLowerCase(), c.toLowerCase()) || compareText(a, c),
  );
  const rank = new Map<string, number>();
  states.forEach((st, i) => rank.set(st, i));
  const ranked = out.map((b) => ({ b, r: rank.get(b.state)! }));
  ranked.sort((x, y) => y.b.count - x.b.count || x.r - y.r || compareText(x.b.fingerprint, y.b.fingerprint));
  for (let i = 0; i < out.length; i++) out[i] = ranked[i]!.b;
}

/**
 * Merges the `parts()` of several bucketers that read consecutive parts of one dump (same fingerprint and state →
 * one bucket), as if one bucketer had read it all.
 */
export function mergeBuckets(
  parts: readonly { buckets: readonly Bucket[]; creatorOf: readonly GoroutineId[][] }[],
): Bucket[] {
  const byKey = new Map<string, { b: Bucket; creatorOf: GoroutineId[] }>();
  for (const part of parts) {
    part.buckets.forEach((b, i) => {
      const creators = part.creatorOf[i] ?? [];
      const key = `${b.fingerprint}|${b.state}`;
      const m = byKey.get(key);
      if (!m) {
        const copy = { ...b, ids: [...b.ids], waitMinutes: { ...b.waitMinutes }, creatorIds: [...b.creatorIds] };
        byKey.set(key, { b: copy, creatorOf: [...creators] });
        return;
      }
      const t = m.b;
      t.count += b.count;
      for (const id of b.ids) t.ids.push(id);
      for (const c of creators) m.creatorOf.push(c);
      t.waitMinutes.min = Math.min(t.waitMinutes.min, b.waitMinutes.min);
      t.waitMinutes.max = Math.max(t.waitMinutes.max, b.waitMinutes.max);
      t.leaked += b.leaked;
      t.locked += b.locked;
      t.mixedLabels ||= b.mixedLabels || !sameLabels(t.labels, b.labels);
      for (const c of b.creatorIds)
        if (t.creatorIds.length < MAX_CREATOR_IDS && !t.creatorIds.includes(c)) t.creatorIds.push(c);
    });
  }
  const out = [...byKey.values()].map(({ b, creatorOf }) => {
    b.perCreatorRun = longestRun(b.ids, creatorOf);
    b.ids.sort(compareIds);
    return b;
  });
  sortBuckets(out);
  return out;
}

function newBucket(g: Goroutine, fp: string): Bucket {
  const b: Bucket = {
    fingerprint: fp,
    state: g.state,
    waitClass: g.waitClass,
    stateInferred: g.stateInferred,
    count: 0,
    ids: [],
    waitMinutes: { min: g.waitMinutes, max: g.waitMinutes },
    leaked: 0,
    locked: 0,
    labels: g.labels,
    mixedLabels: false,
    frames: g.frames,
    createdBy: g.createdBy,
    creatorIds: [],
    perCreatorRun: 0,
    creatorServesRequests: undefined,
    elided: g.elided,
    site: toLocation(siteFrame(g.frames)),
    createdAt: toLocation(g.createdBy),
  };
  return b;
}

/**
 * The largest group of goroutines one creator started in one go, when such groups are the norm in the bucket.
 * Goroutines started in one loop get consecutive ids, except where one has already finished (the N-cast winner
 * leaves a hole): a group is a maximal run of one creator's ids with gaps of at most 2 that is dense — at least 2
 * of every 3 ids. Sequential calls (a keep-alive connection serving requests) spread their goroutines' ids with
 * other goroutines in between; the odd dense pair among them does not count: groups must hold at least half of the
 * bucket's goroutines. Returns 1 when they do not.
 */
function longestRun(ids: readonly GoroutineId[], creatorOf: readonly GoroutineId[]): number {
  const order = ids.map((_, i) => i).filter((i) => creatorOf[i]! >= 0);
  if (order.length === 0) return 0;
  order.sort((a, b) => compareIds(creatorOf[a]!, creatorOf[b]!) || compareIds(ids[a]!, ids[b]!));
  let best = 1;
  let grouped = 0;
  let start = 0;
  for (let k = 1; k <= order.length; k++) {
    const i = order[k];
    const p = order[k - 1]!;
    if (i !== undefined && creatorOf[i] === creatorOf[p] && idGap(ids[p]!, ids[i]!) <= 2) continue;
    const size = k - start;
    const span = idGap(ids[order[start]!]!, ids[p]!) + 1;
    if (size >= 2 && size * 3 >= span * 2) {
      grouped += size;
      best = Math.max(best, size);
    }
    start = k;
  }
  return grouped * 2 >= order.length ? best : 1;
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (a[k] !== b[k]) return false;
  return true;
}

/** Buckets of `goroutines` in one call (the trace analysis groups a trace's goroutines before ranking them). */
export function bucketize(goroutines: Iterable<Goroutine>, opts: BucketOptions = {}): Bucket[] {
  const b = new Bucketer(opts);
  for (const g of goroutines) b.add(g);
  return b.finish();
}
