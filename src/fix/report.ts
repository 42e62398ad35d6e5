// Rendering `fix` results: text for people (verified patches first with their evidence and diff, then the
// unverified ones, each with its reason, then the refused), JSON for tools, SARIF with `fixes[]` on the results
// whose patch the tests proved. Pure: report in, string or object out.

import { jsonReport, sarifJson, sarifLog } from '../report/index.js';
import type { FixOutcome, FixReport, TestLeakCount, Verdict } from './types.js';
import { replacements } from './udiff.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function where(o: FixOutcome): string {
  const f = o.candidate.findings[0]!;
  return `${o.candidate.displayFile}:${f.location?.line ?? '?'}`;
}

function counts(r: FixReport): Record<Verdict, number> {
  const c: Record<Verdict, number> = { verified: 0, unverified: 0, refused: 0 };
  for (const o of r.outcomes) c[o.verdict]++;
  return c;
}

/** `before: 1 goroutine leaked in TestX; after: 0`. */
export function evidenceText(before: readonly TestLeakCount[], after: readonly TestLeakCount[]): string {
  const b = before
    .map(
      (x) =>
        `${plural(x.goroutines, 'goroutine')} leaked in ${x.test}${x.proven ? ` (${x.proven} proven by the GC)` : ''}`,
    )
    .join(', ');
  const a =
    after.length === 0
      ? '0'
      : after.map((x) => (x.goroutines === 0 ? `0 in ${x.test}` : `${x.goroutines} in ${x.test}`)).join(', ');
  return `before: ${b}; after: ${a}`;
}

export function renderFixText(r: FixReport): string {
  const c = counts(r);
  const lines: string[] = [];
  const section = (verdict: Verdict, title: string, diff: boolean) => {
    const os = r.outcomes.filter((o) => o.verdict === verdict);
    if (os.length === 0) return;
    lines.push(`${title} (${os.length})`, '');
    for (const o of os) {
      const ids = [...new Set(o.candidate.findings.map((f) => f.ruleId))].join(',');
      lines.push(`#${o.candidate.id} ${ids} ${where(o)}: ${o.candidate.summary}`);
      if (verdict === 'verified') lines.push(`  ${evidenceText(o.before, o.after)} (${o.reason})`);
      else lines.push(`  ${verdict}: ${o.reason}`);
      for (const x of o.refusedFirst ?? []) lines.push(`  first tried: ${x.summary}: refused, ${x.reason}`);
      if (diff)
        lines.push(
          ...o.candidate.diff
            .trimEnd()
            .split('\n')
            .map((l) => `  ${l}`),
        );
      lines.push('');
    }
  };
  section('verified', 'Verified patches: the leak is gone and no test newly fails', true);
  section('unverified', 'Unverified patches: no test proves them, review by hand', true);
  section('refused', 'Refused patches: the tests rejected them', false);
  if (r.unaddressed.length > 0) {
    lines.push(`Not addressed (${r.unaddressed.length})`, '');
    for (const u of r.unaddressed) {
      const l = u.finding.location;
      lines.push(`${u.finding.ruleId} ${l ? `${l.file}:${l.line}` : '?'}: ${u.reason}`);
    }
    lines.push('');
  }
  const runs = r.timing.reduce((a, t) => a + t.runs, 0);
  const ms = r.timing.reduce((a, t) => a + t.ms, 0);
  lines.push(
    `fix: ${c.verified} verified, ${c.unverified} unverified, ${c.refused} refused, ${r.unaddressed.length} not addressed ` +
      `(${plural(r.timing.length, 'package')}, ${plural(runs, 'go test run')}, ${(ms / 1000).toFixed(1)}s` +
      `${r.toolchain.leakProfile ? ', goroutineleak profile' : ''})`,
  );
  return `${lines.join('\n')}\n`;
}

/** `-f json`: one line by default, indented with `pretty` (`--pretty`). */
export function renderFixJSON(r: FixReport, version: string, opts: { pretty?: boolean } = {}): string {
  return jsonReport(fixJson(r, version), opts);
}

function fixJson(r: FixReport, version: string): object {
  return {
    tool: 'goroutine-guard',
    version,
    summary: { ...counts(r), unaddressed: r.unaddressed.length },
    patches: r.outcomes.map((o) => ({
      id: o.candidate.id,
      verdict: o.verdict,
      reason: o.reason,
      file: o.candidate.displayFile,
      summary: o.candidate.summary,
      ruleIds: [...new Set(o.candidate.findings.map((f) => f.ruleId))],
      findings: o.candidate.findings.map((f) => ({ ruleId: f.ruleId, message: f.message, location: f.location })),
      evidence: { before: o.before, after: o.after },
      newlyFailing: o.newlyFailing,
      refusedFirst: o.refusedFirst ?? [],
      diff: o.candidate.diff,
    })),
    unaddressed: r.unaddressed.map((u) => ({
      ruleId: u.finding.ruleId,
      location: u.finding.location,
      reason: u.reason,
    })),
    timing: r.timing,
    leakProfile: r.toolchain.leakProfile,
  };
}

/** SARIF of the patched findings; verified ones carry `fixes[]`, the others say why they do not. */
export function renderFixSarif(r: FixReport, version: string, srcRoot: string): string {
  const pairs = r.outcomes.flatMap((o) => o.candidate.findings.map((f) => ({ o, f })));
  const log = sarifLog(
    pairs.map((p) => p.f),
    { toolName: 'goroutine-guard', toolVersion: version, srcRoot },
  );
  log.runs[0]!.results.forEach((res, i) => {
    const { o } = pairs[i]!;
    const props = (res.properties ?? {}) as Record<string, unknown>;
    props.fixVerdict = o.verdict;
    props.fixReason = o.reason;
    res.properties = props;
    if (o.verdict !== 'verified') return;
    res.fixes = [
      {
        description: { text: `${o.candidate.summary} (${evidenceText(o.before, o.after)})` },
        artifactChanges: [
          {
            artifactLocation: { uri: o.candidate.displayFile, uriBaseId: 'SRCROOT' },
            replacements: replacements(o.candidate.original, o.candidate.patched).map((x) => ({
              deletedRegion: { charOffset: x.offset, charLength: x.length },
              insertedContent: { text: x.text },
            })),
          },
        ],
      },
    ];
  });
  return sarifJson(log);
}
