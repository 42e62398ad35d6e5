// Groups goroutines with identical stacks into buckets by a hashed key (stack fingerprint + state), never by
// pairwise comparison. Streaming: `add` one goroutine at a time; memory grows with buckets, plus one id per
// goroutine (kept so diffs can tell which goroutines survived).

import type { Frame, Goroutine, WaitClass } from '../profile/model.js';
import type { SourceLocation } from '../report/finding.js';
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
  ids: number[];
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
  creatorIds: number[];
  /**
   * Longest run of consecutive goroutine ids created by one goroutine: goroutines started in one loop get
   * consecutive ids, sequential calls usually do not (other goroutines are created in between). ≥ 2 hints that
   * one call started several of these goroutines (N-cast, GG015).
   */
  perCreatorRun: number;
  /** The creator is a request-serving goroutine (net/http conn, HTTP/2, gRPC stream): set by analyze. */
  creatorServesRequests?: boolean;
  elided: number;
  /** First user-code frame (or innermost non-runtime frame) as a location. */
  site?: SourceLocation;
  createdAt?: SourceLocation;
}

export interface BucketOptions {
  similarity?: Similarity;
}

const MAX_CREATOR_IDS = 16;
const MAX_TRACKED_CREATORS = 4096;

/** Per distinct (frames, creator) seen: its fingerprint and the buckets it feeds, by state. */
interface StackRecord {
  fingerprint: string;
  byState: Map<string, BucketState>;
}

interface BucketState {
  bucket: Bucket;
  /** Goroutine ids per creator id, for perCreatorRun; bounded. */
  creators: Map<number, number[]> | undefined;
}

export class Bucketer {
  private readonly fps: FingerprintCache;
  private readonly exact: boolean;
  /** Bucket by `${fingerprint}|${state}`: distinct frame arrays with one fingerprint share buckets. */
  private readonly buckets = new Map<string, BucketState>();
  /**
   * Fast path: parsers share one frames array among goroutines with one stack, so most goroutines find their
   * bucket through an identity lookup, without building a key string.
   */
  private readonly records = new WeakMap<readonly Frame[], Map<Frame | undefined, StackRecord>>();
  private total = 0;

  constructor(opts: BucketOptions = {}) {
    this.exact = opts.similarity === 'exact';
    this.fps = new FingerprintCache(opts.similarity ?? 'loose');
  }

  add(g: Goroutine): void {
    let st: BucketState | undefined;
    let rec: StackRecord | undefined;
    if (!this.exact) {
      let byCreator = this.records.get(g.frames);
      if (!byCreator) this.records.set(g.frames, (byCreator = new Map()));
      rec = byCreator.get(g.createdBy);
      if (!rec) byCreator.set(g.createdBy, (rec = { fingerprint: this.fps.get(g), byState: new Map() }));
      st = rec.byState.get(g.state);
    }
    if (!st) {
      const fp = rec?.fingerprint ?? this.fps.get(g);
      const key = this.exact ? `${fp}|${g.state}|${g.argsKey ?? ''}` : `${fp}|${g.state}`;
      st = this.buckets.get(key);
      if (!st) {
        st = { bucket: newBucket(g, fp), creators: undefined };
        this.buckets.set(key, st);
      }
      rec?.byState.set(g.state, st);
    }
    const b = st.bucket;
    if (b.count > 0) {
      if (g.waitMinutes < b.waitMinutes.min) b.waitMinutes.min = g.waitMinutes;
      if (g.waitMinutes > b.waitMinutes.max) b.waitMinutes.max = g.waitMinutes;
      if (!b.mixedLabels && g.labels !== b.labels && !sameLabels(g.labels, b.labels)) b.mixedLabels = true;
    }
    b.count += g.count;
    this.total += g.count;
    if (g.id >= 0) b.ids.push(g.id);
    if (g.leaked) b.leaked += g.count;
    if (g.locked) b.locked += g.count;
    if (g.creatorId !== undefined) {
      if (b.creatorIds.length < MAX_CREATOR_IDS && !b.creatorIds.includes(g.creatorId)) b.creatorIds.push(g.creatorId);
      const m = st.creators ?? (st.creators = new Map());
      const ids = m.get(g.creatorId);
      if (ids) ids.push(g.id);
      // Bounded: past MAX_TRACKED_CREATORS creators, new ones are not tracked.
      else if (m.size < MAX_TRACKED_CREATORS) m.set(g.creatorId, [g.id]);
    }
  }

  /** Buckets, largest first (ties: by state, then fingerprint, so output is deterministic). */
  finish(): Bucket[] {
    for (const st of this.buckets.values()) {
      if (st.creators) st.bucket.perCreatorRun = longestRun(st.creators);
      st.creators = undefined;
    }
    const out = [...this.buckets.values()].map((s) => s.bucket);
    for (const b of out) b.ids.sort((a, c) => a - c);
    out.sort(
      (a, c) => c.count - a.count || a.state.localeCompare(c.state) || a.fingerprint.localeCompare(c.fingerprint),
    );
    return out;
  }

  get goroutines(): number {
    return this.total;
  }
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

/** Longest run of consecutive ids (n, n+1, …) among the goroutines of any one creator. */
function longestRun(byCreator: Map<number, number[]>): number {
  let best = 0;
  for (const ids of byCreator.values()) {
    ids.sort((a, b) => a - b);
    let run = 1;
    for (let i = 1; i < ids.length; i++) {
      run = ids[i] === ids[i - 1]! + 1 ? run + 1 : 1;
      if (run > best) best = run;
    }
    if (best === 0 && ids.length) best = 1;
  }
  return best;
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (a[k] !== b[k]) return false;
  return true;
}

/** Convenience: bucket a list of goroutines. */
export function bucketize(goroutines: Iterable<Goroutine>, opts: BucketOptions = {}): Bucket[] {
  const b = new Bucketer(opts);
  for (const g of goroutines) b.add(g);
  return b.finish();
}
