// JSON output of an analysis: a stable, documented shape (docs/json.md) for CI and other tools.

import type { Analysis } from '../analysis/index.js';
import { VERSION } from '../core/index.js';
import { jsonReport, type JsonOptions } from './util.js';

/** Goroutine ids listed per bucket in JSON (the first ones, in dump order); the full count is always in `count`. */
export const JSON_MAX_IDS = 100;

export type { JsonOptions } from './util.js';

function toJSON(a: Analysis): Record<string, unknown> {
  return {
    tool: 'goroutine-guard',
    version: VERSION,
    info: { ...a.info, time: a.info.time?.toISOString() },
    totals: a.totals,
    suspects: a.suspects,
    ...(a.trace ? { trace: a.trace } : {}),
    buckets: a.buckets.map((b) => ({
      fingerprint: b.fingerprint,
      state: b.state,
      waitClass: b.waitClass,
      stateInferred: b.stateInferred,
      count: b.count,
      ids: b.ids.length > JSON_MAX_IDS ? b.ids.slice(0, JSON_MAX_IDS) : b.ids,
      idsTruncated: b.ids.length > JSON_MAX_IDS ? true : undefined,
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

export function renderJSON(a: Analysis, opts: JsonOptions = {}): string {
  return jsonReport(toJSON(a), opts);
}
