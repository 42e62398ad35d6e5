// JSON output of a diff (documented in docs/capture-diff.md): stable keys, times as ISO strings.

import type { DumpDiff } from '../analysis/index.js';
import { VERSION } from '../core/index.js';
import { finishReport } from './util.js';

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

export function renderDiffJSON(d: DumpDiff): string {
  // JSON.stringify escapes C0 controls but leaves DEL and C1 (U+0080–U+009F, CSI among them) raw.
  return finishReport(JSON.stringify(diffToJSON(d), null, 2) + '\n', {});
}
