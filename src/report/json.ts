// JSON output of an analysis: a stable, documented shape (docs/json.md) for CI and other tools.

import type { Analysis } from '../analysis/index.js';
import { VERSION } from '../core/index.js';
import { jsonReport } from './util.js';

/** Goroutine ids listed per bucket in JSON; the full count is always in `count`. */
const MAX_IDS = 1000;

function toJSON(a: Analysis): Record<string, unknown> {
  return {
    tool: 'goroutine-guard',
    version: VERSION,
    info: { ...a.info, time: a.info.time?.toISOString() },
    totals: a.totals,
    suspects: a.suspects,
    buckets: a.buckets.map((b) => ({
      fingerprint: b.fingerprint,
      state: b.state,
      waitClass: b.waitClass,
      stateInferred: b.stateInferred,
      count: b.count,
      ids: b.ids.slice(0, MAX_IDS),
      idsTruncated: b.ids.length > MAX_IDS ? true : undefined,
      waitMinutes: b.waitMinutes,
      leaked: b.leaked,
      labels: b.labels,
      site: b.site,
      createdAt: b.createdAt,
      ignored: b.ignored,
      frames: b.frames,
      createdBy: b.createdBy,
    })),
  };
}

export function renderJSON(a: Analysis): string {
  return jsonReport(toJSON(a));
}
