// JSON output of a diff (documented in docs/capture-diff.md): stable keys, times as ISO strings.

import type { DumpDiff } from '../analysis/index.js';
import { VERSION } from '../core/index.js';
import { jsonReport, type JsonOptions } from './util.js';

function diffToJSON(d: DumpDiff): Record<string, unknown> {
  const side = (s: DumpDiff['before']) => ({ ...s, time: s.time?.toISOString() });
  return {
    tool: 'goroutine-guard',
    version: VERSION,
    kind: 'diff',
    before: side(d.before),
    after: side(d.after),
    matchedBy: d.matchedBy,
    elapsedMs: d.elapsedMs,
    totals: d.totals,
    notes: d.notes,
    entries: d.entries,
  };
}

export function renderDiffJSON(d: DumpDiff, opts: JsonOptions = {}): string {
  return jsonReport(diffToJSON(d), opts);
}
