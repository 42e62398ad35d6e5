// The terminal summary of an analysis: what a person reads in ten seconds. Totals by state, then the top suspects
// with count, wait time, site, creator, pattern, fix and evidence.

import pc from 'picocolors';
import { type Analysis, shortLocation } from '../analysis/index.js';
import { EVIDENCE_ORDER, type Evidence, type Finding } from '../model/index.js';
import { num, plural } from './util.js';

export interface TextOptions {
  color?: boolean;
  /** Suspects to show in full. Default 10. */
  top?: number;
  /** Also list `possible` suspects in full (they are summarised otherwise). */
  all?: boolean;
}

const FORMAT_NAMES: Record<string, string> = {
  traceback: 'traceback (debug=2)',
  debug1: 'debug=1 text profile',
  proto: 'pprof protobuf (debug=0)',
  'proto-per-goroutine': 'pprof protobuf, one sample per goroutine',
};

export function renderText(a: Analysis, opts: TextOptions = {}): string {
  const c = pc.createColors(opts.color ?? false);
  const out: string[] = [];
  const { info, totals } = a;
  const kind = FORMAT_NAMES[info.format] ?? info.format;
  out.push(
    `${c.bold(info.source)}: ${kind}${info.leakProfile ? ', goroutineleak profile' : ''} — ` +
      `${plural(totals.goroutines, 'goroutine')} in ${plural(totals.buckets, 'stack')}`,
  );
  if (info.truncated) out.push(c.yellow(`  truncated: ${num(info.complete)} complete goroutines parsed`));
  const states = Object.entries(totals.byState)
    .slice(0, 8)
    .map(([s, n]) => `${s} ${num(n)}`);
  const more = Object.keys(totals.byState).length - states.length;
  out.push(`States: ${states.join(' · ')}${more > 0 ? ` · +${more} more` : ''}`);

  const byEvidence = countBy(a.suspects);
  const summary = EVIDENCE_ORDER.filter((e) => byEvidence[e]).map((e) => `${byEvidence[e]} ${e}`);
  const ignored = totals.ignored ? `; ${plural(totals.ignored, 'benign goroutine')} ignored` : '';
  if (a.suspects.length === 0) {
    out.push(c.green(`No leak suspects${ignored}.`));
    return out.join('\n') + '\n';
  }
  out.push(`Leak suspects: ${summary.join(', ')}${ignored}`);
  out.push('');

  const shown = a.suspects.filter((f) => opts.all || f.evidence !== 'possible').slice(0, opts.top ?? 10);
  shown.forEach((f, i) => out.push(renderSuspect(f, i + 1, c)));
  const hidden = a.suspects.length - shown.length;
  if (hidden > 0) {
    const possible = a.suspects.filter((f) => f.evidence === 'possible').length;
    const why = !opts.all && possible ? ` (${possible} possible: --all to list them)` : ' (--top N to list more)';
    out.push(c.dim(`… and ${hidden} more suspect${hidden === 1 ? '' : 's'}${why}`));
  }
  return out.join('\n') + '\n';
}

type Colors = ReturnType<typeof pc.createColors>;

function renderSuspect(f: Finding, n: number, c: Colors): string {
  const ev = (f.evidence ?? 'possible').toUpperCase();
  const evColored =
    f.evidence === 'proven' || f.evidence === 'confirmed'
      ? c.red(ev)
      : f.evidence === 'suspected'
        ? c.yellow(ev)
        : c.dim(ev);
  const wait = f.waitMinutes && f.waitMinutes.max > 0 ? `, up to ${f.waitMinutes.max} min` : '';
  const lines = [
    `${String(n).padStart(2)}. ${evColored} ${c.bold(f.ruleId)} ${plural(f.count ?? 0, 'goroutine')} in ${f.state}${wait}` +
      (typeof f.data?.stacks === 'number' ? c.dim(` (${f.data.stacks} stacks)`) : ''),
  ];
  if (f.location) lines.push(`    at ${c.cyan(shortLocation(f.location))} ${f.location.func ?? ''}`);
  if (f.createdAt)
    lines.push(`    created at ${shortLocation(f.createdAt)}${f.createdAt.func ? ` by ${f.createdAt.func}` : ''}`);
  if (f.ruleId !== 'GG000') lines.push(`    pattern: ${f.title}`);
  if (f.fix) lines.push(`    fix: ${f.fix}`);
  if (f.explanation) lines.push(c.dim(`    ${f.explanation}`));
  return lines.join('\n') + '\n';
}

function countBy(fs: readonly Finding[]): Partial<Record<Evidence, number>> {
  const m: Partial<Record<Evidence, number>> = {};
  for (const f of fs) if (f.evidence) m[f.evidence] = (m[f.evidence] ?? 0) + 1;
  return m;
}
