// JSON output of a series analysis (documented in docs/capture-diff.md): times as ISO strings, every stack's
// counts aligned with `samples`, the suspects as Findings (with `data.counts`).

import type { SeriesAnalysis } from '../analysis/index.js';
import { VERSION } from '../core/index.js';
import { jsonReport, type JsonOptions } from './util.js';

const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

function seriesToJSON(s: SeriesAnalysis): Record<string, unknown> {
  return {
    tool: 'goroutine-guard',
    version: VERSION,
    kind: 'series',
    samples: s.samples.map((x) => ({ ...x, time: iso(x.time) })),
    leakProfiles: s.leakProfiles.map((x) => ({ ...x, time: iso(x.time) })),
    skipped: s.skipped.map((x) => ({ ...x, time: iso(x.time) })),
    warnings: s.warnings,
    matchedBy: s.matchedBy,
    total: s.total,
    suspects: s.suspects,
    sites: s.sites,
    buckets: s.buckets,
    latest: { info: { ...s.latest.info, time: s.latest.info.time?.toISOString() }, totals: s.latest.totals },
  };
}

export function renderSeriesJSON(s: SeriesAnalysis, opts: JsonOptions = {}): string {
  return jsonReport(seriesToJSON(s), opts);
}
