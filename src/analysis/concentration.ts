// LeakProf-style concentration: goroutines grouped by blocking site (first user frame + wait class). Many
// goroutines parked at one site in a leak-prone wait is the signal LeakProf uses on production profiles; with a
// series, a concentrated site that also grows is a leak.

import { compareText } from '../core/index.js';
import { LEAK_PRONE } from '../profile/index.js';
import type { SourceLocation } from '../model/index.js';
import type { AnalyzedBucket } from './analyze.js';
import { matchPattern } from './classify.js';
import { siteOrderKey } from './fingerprint.js';
import { siteKey, SUSPECT_DEFAULTS } from './suspects.js';

/** Goroutines per blocking site (first user frame + wait class) in the latest sample: LeakProf's signal. */
export interface SiteConcentration {
  key: string;
  site?: SourceLocation;
  waitClass: AnalyzedBucket['waitClass'];
  count: number;
  /** Share of the latest sample's non-benign goroutines. */
  share: number;
  stacks: number;
  counts: number[];
  leakProne: boolean;
  /** At least `concentration` goroutines in a leak-prone wait, and at least 10 % of the sample's goroutines. */
  concentrated: boolean;
  growing: boolean;
}

/** Share of the sample a site must hold to be called concentrated: 12 goroutines among 1,200 are not. */
export const CONCENTRATED_SHARE = 0.1;

/**
 * Sites of the non-benign buckets, most goroutines first. `seriesOf` gives the per-sample counts of a set of
 * fingerprints; `growing` holds the fingerprints that grow.
 */
export function concentration(
  buckets: readonly AnalyzedBucket[],
  growing: ReadonlySet<string>,
  seriesOf: (fps: readonly string[]) => number[],
  threshold: number = SUSPECT_DEFAULTS.concentration,
): SiteConcentration[] {
  const bySite = new Map<string, AnalyzedBucket[]>();
  let total = 0;
  for (const b of buckets) {
    if (b.ignored) continue;
    total += b.count;
    const k = siteKey(b);
    const g = bySite.get(k);
    if (g) g.push(b);
    else bySite.set(k, [b]);
  }
  const out: SiteConcentration[] = [];
  for (const [key, members] of bySite) {
    const rep = members[0]!;
    const count = members.reduce((a, b) => a + b.count, 0);
    const leakProne = LEAK_PRONE.has(rep.waitClass) || members.some((m) => matchPattern(m) !== undefined);
    const c: SiteConcentration = {
      key,
      waitClass: rep.waitClass,
      count,
      share: total ? count / total : 0,
      stacks: members.length,
      counts: seriesOf(members.map((m) => m.fingerprint)),
      leakProne,
      concentrated: leakProne && count >= threshold && (total ? count / total : 0) >= CONCENTRATED_SHARE,
      growing: members.some((m) => growing.has(m.fingerprint)),
    };
    if (rep.site) c.site = rep.site;
    out.push(c);
  }
  // Ties by what the table shows (file name, line, function, wait class), not by the key's full path: the order is
  // then the same whichever directory the program was built in.
  const shown = (c: SiteConcentration) => `${siteOrderKey(c.site)} ${c.waitClass}\0${c.key}`;
  return out.sort((a, b) => b.count - a.count || compareText(shown(a), shown(b)));
}
