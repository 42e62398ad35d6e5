// SARIF for `check`: one result per list item, through the shared SARIF writer, then the join's confidence added
// where code-scanning UIs look: `rank` (0–100, higher first), `level`, and `properties.confidence` / `.check`.

import { sarifRules } from '../static/index.js';
import type { Evidence, Finding, Severity } from '../model/index.js';
import { sarifJson, sarifLog } from '../report/index.js';
import type { CheckDocument } from './present.js';
import type { Confidence } from './types.js';

type Item = { finding: Finding; list: 'confirmed' | 'dynamic-only' | 'static-only'; rank: number; props: object };

/** Confirmed both ways outranks everything; an unexplained leak outranks an unobserved pattern. */
const RANK: Record<Item['list'], Record<Evidence | 'static', number>> = {
  confirmed: { proven: 100, confirmed: 97, suspected: 95, possible: 90, static: 90 },
  'dynamic-only': { proven: 85, confirmed: 80, suspected: 60, possible: 30, static: 30 },
  'static-only': { proven: 20, confirmed: 20, suspected: 20, possible: 20, static: 20 },
};

const LEVEL: Record<Confidence, Severity> = { high: 'error', medium: 'warning', low: 'note' };

/** The check report as SARIF text; confirmed leaks rank highest. */
export function renderCheckSarif(doc: CheckDocument, srcRoot: string): string {
  const items: Item[] = [];
  for (const c of doc.confirmed) {
    const d = c.dynamic[0]!;
    items.push({
      list: 'confirmed',
      rank: RANK.confirmed[c.evidence],
      finding: {
        ...c.static,
        severity: LEVEL[c.confidence],
        evidence: c.evidence,
        count: c.count,
        message: `${c.static.message} — confirmed at run time: ${c.count} goroutine${c.count === 1 ? '' : 's'} in ${d.finding.state ?? '?'} here`,
      },
      props: {
        confidence: c.confidence,
        match: c.match,
        dumpFingerprints: c.dynamic.map((x) => x.finding.fingerprint),
      },
    });
  }
  for (const x of doc.dynamicOnly) {
    const s = x.suspect;
    const f: Finding = {
      ...s.finding,
      count: x.count,
      severity: LEVEL[x.confidence],
      message: `${s.finding.message} — no static rule saw it: ${x.why[0] ?? ''}`,
    };
    if (s.site) f.location = s.site;
    if (s.createdAt) f.createdAt = s.createdAt;
    items.push({
      list: 'dynamic-only',
      rank: RANK['dynamic-only'][s.finding.evidence ?? 'possible'],
      finding: f,
      props: { confidence: x.confidence, nearestRule: x.nearestRule, why: x.why, source: s.source },
    });
  }
  for (const x of doc.staticOnly) {
    items.push({
      list: 'static-only',
      rank: RANK['static-only'].static,
      finding: {
        ...x.finding,
        severity: LEVEL[x.confidence],
        message: `${x.finding.message} (not observed at run time)`,
      },
      props: {
        confidence: x.confidence,
        seenInFunction: x.seenInFunction,
        ...(x.libraryGoroutines ? { libraryGoroutines: x.libraryGoroutines } : {}),
      },
    });
  }
  const sarif = sarifLog(
    items.map((i) => i.finding),
    {
      toolName: 'goroutine-guard',
      toolVersion: doc.version,
      srcRoot,
      rules: sarifRules(),
    },
  );
  sarif.runs[0]!.results.forEach((r, i) => {
    const item = items[i]!;
    r.rank = item.rank;
    r.properties = { ...(r.properties as object), check: item.list, ...item.props };
  });
  return sarifJson(sarif);
}
