// `fix --from sarif|check-json FILE`: static findings already made by `scan`/`check`, read back into Findings so
// `fix` need not scan again. SARIF results keep the rule id, message, location and the "goroutine started here"
// related location; check's JSON carries the static findings whole (confirmed and static-only), and so does
// `scan -f json` (accepted as check-json too).

import { isPatternId } from '../model/index.js';
import { GuardError } from '../core/index.js';
import type { Finding, SourceLocation } from '../model/index.js';

export type FromFormat = 'sarif' | 'check-json';

export function findingsFrom(format: FromFormat, text: string, source: string): Finding[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new GuardError(
      'bad-syntax',
      source,
      (e as Error).message,
      {},
      format === 'sarif' ? 'a SARIF 2.1.0 log' : 'the JSON of `check -f json`',
    );
  }
  return format === 'sarif' ? fromSarif(doc, source) : fromCheckJson(doc, source);
}

interface SarifLocation {
  physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number; startColumn?: number } };
  logicalLocations?: { fullyQualifiedName?: string }[];
}

function fromSarif(doc: unknown, source: string): Finding[] {
  const runs = (doc as { runs?: unknown }).runs;
  if (!Array.isArray(runs)) throw new GuardError('bad-syntax', source, 'no `runs` array', {}, 'a SARIF 2.1.0 log');
  const out: Finding[] = [];
  for (const run of runs as { results?: unknown[] }[]) {
    for (const r of (run.results ?? []) as Record<string, unknown>[]) {
      const ruleId = String(r.ruleId ?? '');
      const loc = sarifLocation((r.locations as SarifLocation[] | undefined)?.[0]);
      if (!isPatternId(ruleId) || !loc) continue;
      const f: Finding = {
        origin: 'static',
        ruleId,
        title: ruleId,
        message: String((r.message as { text?: string } | undefined)?.text ?? ''),
        severity: r.level === 'note' ? 'note' : r.level === 'error' ? 'error' : 'warning',
        location: loc,
      };
      const related = (r.relatedLocations as (SarifLocation & { message?: { text?: string } })[] | undefined)?.find(
        (x) => x.message?.text === 'goroutine started here',
      );
      const created = sarifLocation(related);
      if (created) f.createdAt = created;
      out.push(f);
    }
  }
  return out;
}

function sarifLocation(l: SarifLocation | undefined): SourceLocation | undefined {
  const uri = l?.physicalLocation?.artifactLocation?.uri;
  const line = l?.physicalLocation?.region?.startLine;
  if (!uri || !line) return undefined;
  const file = uri.startsWith('file://') ? decodeURIComponent(uri.slice('file://'.length)) : decodeURIComponent(uri);
  const out: SourceLocation = { file, line };
  const col = l.physicalLocation?.region?.startColumn;
  if (col) out.column = col;
  const fn = l.logicalLocations?.[0]?.fullyQualifiedName;
  if (fn) out.func = fn;
  return out;
}

function fromCheckJson(doc: unknown, source: string): Finding[] {
  const d = doc as {
    confirmed?: { static?: Finding }[];
    staticOnly?: { finding?: Finding }[];
    findings?: Finding[];
  };
  if (!d || (!Array.isArray(d.confirmed) && !Array.isArray(d.staticOnly) && !Array.isArray(d.findings))) {
    throw new GuardError(
      'bad-syntax',
      source,
      'no `confirmed`, `staticOnly` or `findings` array',
      {},
      'the JSON of `check -f json` or `scan -f json`',
    );
  }
  const all = [
    ...(d.confirmed ?? []).map((c) => c.static),
    ...(d.staticOnly ?? []).map((s) => s.finding),
    ...(d.findings ?? []),
  ];
  return all.filter((f): f is Finding => !!f && f.origin === 'static' && !!f.location && isPatternId(String(f.ruleId)));
}
