// `fix --from sarif|check-json FILE`: static findings already made by `scan`/`check`, read back into Findings so
// `fix` need not scan again. SARIF results keep the rule id, message, location and the "goroutine started here"
// related location; check's JSON carries the static findings whole (confirmed and static-only), and so does
// `scan -f json` (accepted as check-json too).

import { isPatternId } from '../model/index.js';
import { escapeControls, GuardError } from '../core/index.js';
import type { Finding, SourceLocation } from '../model/index.js';

export type FromFormat = 'sarif' | 'check-json';

export function findingsFrom(format: FromFormat, text: string, source: string): Finding[] {
  const expected = format === 'sarif' ? 'a SARIF 2.1.0 log' : 'the JSON of `check -f json` or `scan -f json`';
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    // V8 quotes the text around the error, newlines and all: one line, with the line number when it says where.
    const msg = (e as Error).message;
    const at = /at position (\d+)/.exec(msg);
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : undefined;
    const why = escapeControls(msg.replace(/\s*\(line \d+ column \d+\)/, '').replace(/\s+/g, ' ')).trim();
    throw new GuardError('bad-syntax', source, `not JSON (${why})`, line ? { line } : {}, expected);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new GuardError(
      'bad-syntax',
      source,
      `the JSON is ${Array.isArray(doc) ? 'an array' : doc === null ? 'null' : `a ${typeof doc}`}, not an object`,
      {},
      expected,
    );
  }
  const d = doc as Record<string, unknown>;
  // The other kind, given to the wrong flag: say which flag reads it.
  if (format === 'check-json' && Array.isArray(d.runs)) {
    throw new GuardError(
      'bad-syntax',
      source,
      'this is a SARIF log (it has `runs`): read it with --from sarif:FILE',
      {},
      expected,
    );
  }
  if (
    format === 'sarif' &&
    !('runs' in d) &&
    (Array.isArray(d.findings) || Array.isArray(d.confirmed) || Array.isArray(d.staticOnly))
  ) {
    throw new GuardError(
      'bad-syntax',
      source,
      'this is goroutine-guard JSON, not SARIF: read it with --from check-json:FILE',
      {},
      expected,
    );
  }
  return format === 'sarif' ? fromSarif(d, source) : fromCheckJson(d, source);
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

interface SarifLocation {
  physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number; startColumn?: number } };
  logicalLocations?: { fullyQualifiedName?: string }[];
}

function fromSarif(doc: Record<string, unknown>, source: string): Finding[] {
  const runs = doc.runs;
  if (!Array.isArray(runs)) throw new GuardError('bad-syntax', source, 'no `runs` array', {}, 'a SARIF 2.1.0 log');
  const out: Finding[] = [];
  for (const [i, run] of runs.entries()) {
    const results = isObject(run) ? (run.results ?? []) : null;
    if (!Array.isArray(results)) {
      throw new GuardError(
        'bad-syntax',
        source,
        `runs[${i}] is not a run with a \`results\` array`,
        {},
        'a SARIF 2.1.0 log',
      );
    }
    for (const r of results) {
      if (!isObject(r)) continue;
      const ruleId = String(r.ruleId ?? '');
      const locs = r.locations;
      const loc = sarifLocation(Array.isArray(locs) && isObject(locs[0]) ? (locs[0] as SarifLocation) : undefined);
      if (!isPatternId(ruleId) || !loc) continue;
      const f: Finding = {
        origin: 'static',
        ruleId,
        title: ruleId,
        message: String((r.message as { text?: string } | undefined)?.text ?? ''),
        severity: r.level === 'note' ? 'note' : r.level === 'error' ? 'error' : 'warning',
        location: loc,
      };
      const rel = Array.isArray(r.relatedLocations) ? r.relatedLocations.filter(isObject) : [];
      const related = (rel as (SarifLocation & { message?: { text?: string } })[]).find(
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
  if (typeof uri !== 'string' || !uri || typeof line !== 'number' || !(line >= 1)) return undefined;
  const file = uri.startsWith('file://') ? decodeURIComponent(uri.slice('file://'.length)) : decodeURIComponent(uri);
  const out: SourceLocation = { file, line };
  const col = l.physicalLocation?.region?.startColumn;
  if (typeof col === 'number' && col >= 1) out.column = col;
  const fn = Array.isArray(l.logicalLocations) ? l.logicalLocations[0]?.fullyQualifiedName : undefined;
  if (typeof fn === 'string' && fn) out.func = fn;
  return out;
}

function fromCheckJson(doc: Record<string, unknown>, source: string): Finding[] {
  const d = doc as {
    confirmed?: { static?: Finding }[];
    staticOnly?: { finding?: Finding }[];
    findings?: Finding[];
  };
  if (!Array.isArray(d.confirmed) && !Array.isArray(d.staticOnly) && !Array.isArray(d.findings)) {
    throw new GuardError(
      'bad-syntax',
      source,
      'no `confirmed`, `staticOnly` or `findings` array',
      {},
      'the JSON of `check -f json` or `scan -f json`',
    );
  }
  const list = <T>(x: T[] | undefined): T[] => (Array.isArray(x) ? x.filter(isObject) : []);
  const all = [
    ...list(d.confirmed).map((c) => c.static),
    ...list(d.staticOnly).map((s) => s.finding),
    ...list(d.findings),
  ];
  return all.filter(
    (f): f is Finding =>
      isObject(f) &&
      f.origin === 'static' &&
      isObject(f.location) &&
      typeof f.location.file === 'string' &&
      typeof f.location.line === 'number' &&
      isPatternId(String(f.ruleId)),
  );
}
