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
  /** Most goroutines in this bucket created by one goroutine: ≥ 2 means several per call (N-cast, GG015). */
  perCreatorMax: number;
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

export class Bucketer {
  private readonly fps: FingerprintCache;
  private readonly exact: boolean;
  private readonly buckets = new Map<string, Bucket>();
  private total = 0;

  constructor(opts: BucketOptions = {}) {
    this.exact = opts.similarity === 'exact';
    this.fps = new FingerprintCache(opts.similarity ?? 'loose');
  }

  add(g: Goroutine): void {
    const fp = this.fps.get(g);
    const key = this.exact ? `${fp}|${g.state}|${g.argsKey ?? ''}` : `${fp}|${g.state}`;
    let b = this.buckets.get(key);
    if (!b) {
      b = {
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
        creatorIds: [],
        perCreatorMax: 0,
        elided: g.elided,
      };
      if (g.createdBy) b.createdBy = g.createdBy;
      const site = toLocation(siteFrame(g.frames));
      if (site) b.site = site;
      const created = toLocation(g.createdBy);
      if (created) b.createdAt = created;
      this.buckets.set(key, b);
    } else {
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
      this.countCreator(b, g.creatorId, g.count);
    }
  }

  private readonly creatorCounts = new WeakMap<Bucket, Map<number, number>>();

  private countCreator(b: Bucket, creator: number, n: number): void {
    let m = this.creatorCounts.get(b);
    if (!m) this.creatorCounts.set(b, (m = new Map()));
    const c = (m.get(creator) ?? 0) + n;
    // Bounded: past MAX_TRACKED_CREATORS new creators are not tracked (the max is already known by then).
    if (m.has(creator) || m.size < MAX_TRACKED_CREATORS) m.set(creator, c);
    if (c > b.perCreatorMax) b.perCreatorMax = c;
  }

  /** Buckets, largest first (ties: by state, then fingerprint, so output is deterministic). */
  finish(): Bucket[] {
    const out = [...this.buckets.values()];
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
