// Per-site goroutine counts for /metrics with bounded cardinality: the stacks of a sample grouped by their
// blocking site (first user frame), the k largest kept, every other goroutine summed into one `other` series.
// A fleet of N targets therefore exports at most N × (k + 1) site series, whatever the services do.

import { compareText } from '../core/index.js';
import type { OkSample } from './types.js';

export interface SiteCount {
  function: string;
  /** `file:line`, or `other` for the folded rest. */
  site: string;
  goroutines: number;
}

/** The k sites with the most goroutines (ties by name, so the choice is stable), plus `other` when anything is left. */
export function topSites(s: OkSample, k: number): SiteCount[] {
  const by = new Map<string, SiteCount>();
  for (const b of s.buckets) {
    const st = s.stacks.get(b.fingerprint);
    const top = st?.frames[0];
    const fn = st?.siteFunc ?? top?.func ?? '?';
    const site = st?.site ?? (top ? `${top.file}:${top.line}` : '?');
    const key = `${fn}\u0000${site}`;
    const c = by.get(key) ?? { function: fn, site, goroutines: 0 };
    c.goroutines += b.count;
    by.set(key, c);
  }
  const sorted = [...by.values()].sort(
    (a, b) => b.goroutines - a.goroutines || compareText(a.function, b.function) || compareText(a.site, b.site),
  );
  const top = sorted.slice(0, k);
  // Buckets beyond maxBucketsPerSample are not in the sample: `other` is everything the top k do not cover.
  const rest = s.goroutines - top.reduce((n, x) => n + x.goroutines, 0);
  if (rest > 0 || sorted.length > k) top.push({ function: 'other', site: 'other', goroutines: Math.max(0, rest) });
  return top;
}
