// The terminal summary of an analysis: what a person reads in ten seconds. Totals by state, then the top suspects
// with count, wait time, site, creator, pattern, fix and evidence.

import pc from 'picocolors';
import { type Analysis, shortLocation, stuckProcessText } from '../analysis/index.js';
import { EVIDENCE_ORDER, type Evidence, type Finding } from '../model/index.js';
import { finishReport, num, plural, type SafetyOptions } from './util.js';
import { isStdlibPackage as isStdlib } from '../profile/index.js';
import { traceSiteLines, traceSummaryLines, traceSuspectLines } from './trace.js';

export interface TextOptions extends SafetyOptions {
  color?: boolean;
  /** Suspects to show in full. Default 10. */
  top?: number;
  /** Also list `possible` suspects in full (they are summarised otherwise). */
  all?: boolean;
  /** Print each suspect's whole stack. */
  fullStacks?: boolean;
}

const FORMAT_NAMES: Record<string, string> = {
  traceback: 'traceback (debug=2)',
  debug1: 'debug=1 text profile',
  proto: 'pprof protobuf (debug=0)',
  'proto-per-goroutine': 'pprof protobuf, one sample per goroutine',
  trace: 'execution trace (runtime/trace)',
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
  const stuck = stuckProcessText(info.context);
  if (stuck) out.push(c.yellow(`Stuck process: ${stuck}`));
  if (info.truncated) out.push(c.yellow(`  truncated: ${num(info.complete)} complete goroutines parsed`));
  const states = Object.entries(totals.byState)
    .slice(0, 8)
    .map(([s, n]) => `${s} ${num(n)}`);
  const more = Object.keys(totals.byState).length - states.length;
  out.push(`States: ${states.join(' · ')}${more > 0 ? ` · +${more} more` : ''}`);
  if (a.trace) out.push(...traceSummaryLines(a.trace).map((l) => c.dim(l)));

  const byEvidence = countBy(a.suspects);
  const summary = EVIDENCE_ORDER.filter((e) => byEvidence[e]).map((e) => `${byEvidence[e]} ${e}`);
  const ignored = totals.ignored ? `; ${plural(totals.ignored, 'benign goroutine')} ignored` : '';
  if (a.suspects.length === 0) {
    out.push(c.green(`No leak suspects${ignored}.`));
    return finishReport(out.join('\n') + '\n', opts);
  }
  out.push(`Leak suspects: ${summary.join(', ')}${ignored}`);
  out.push('');

  const top = opts.top ?? 10;
  const shown = a.suspects.filter((f) => opts.all || f.evidence !== 'possible').slice(0, top);
  shown.forEach((f, i) => out.push(renderSuspect(f, i + 1, c, opts.fullStacks === true)));
  // Possible suspects get one line each: a small leak with no context is still named by its site.
  const brief = opts.all ? [] : a.suspects.filter((f) => f.evidence === 'possible').slice(0, top - shown.length);
  if (brief.length) {
    out.push(c.dim('Possible (few goroutines, no sign of a leak yet: --all for details):'));
    for (const f of brief) {
      out.push(`  ${briefLine(f, c)}`);
      // --stacks asks for every suspect's stack, the possible ones' too.
      if (opts.fullStacks && f.stack?.length) out.push(...stackLines(f, c));
    }
  }
  const hidden = a.suspects.length - shown.length - brief.length;
  if (hidden > 0) {
    const possible = opts.all ? 0 : a.suspects.filter((f) => f.evidence === 'possible').length - brief.length;
    const why = [
      ...(hidden > possible ? [`${hidden - possible} more: --top N`] : []),
      ...(possible ? [`${possible} possible: --all to list them`] : []),
    ].join('; ');
    out.push(c.dim(`… and ${hidden} more suspect${hidden === 1 ? '' : 's'} (${why})`));
  }
  if (a.trace?.sites.length)
    out.push('Creation sites alive at the end:', ...traceSiteLines(a.trace).map((l) => `  ${l}`));
  return finishReport(out.join('\n') + '\n', opts);
}

type Colors = ReturnType<typeof pc.createColors>;

function renderSuspect(f: Finding, n: number, c: Colors, stacks: boolean): string {
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
  if (typeof f.data?.code === 'string') lines.push(`    ${c.dim('│')} ${f.data.code}`);
  if (typeof f.data?.test === 'string') lines.push(`    in test ${c.bold(f.data.test)}`);
  if (f.createdAt)
    lines.push(`    created at ${shortLocation(f.createdAt)}${f.createdAt.func ? ` by ${f.createdAt.func}` : ''}`);
  if (f.ruleId !== 'GG000') lines.push(`    pattern: ${f.title}`);
  if (f.fix) lines.push(`    fix: ${f.fix}`);
  if (f.explanation) lines.push(c.dim(`    ${f.explanation}`));
  for (const l of traceSuspectLines(f)) lines.push(`    trace: ${l}`);
  if (stacks && f.stack?.length) lines.push(...stackLines(f, c));
  return lines.join('\n') + '\n';
}

/** The whole stack, one frame a line (pp-like): the blocking frame marked, stdlib frames dimmed. */
function stackLines(f: Finding, c: Colors): string[] {
  const frames = f.stack ?? [];
  const width = Math.min(60, Math.max(...frames.map((fr) => shortFunc(fr.func).length)));
  const out = ['    stack:'];
  for (const fr of frames) {
    const blocking = f.location && fr.file === f.location.file && fr.line === f.location.line;
    const text = `${shortFunc(fr.func).padEnd(width)}  ${shortLocation({ file: fr.file, line: fr.line })}`;
    out.push(`    ${blocking ? '>' : ' '} ${blocking ? text : isStdlib(fr.package) ? c.dim(text) : text}`);
  }
  if (f.createdAt) {
    out.push(`      ${c.dim(`created by ${shortFunc(f.createdAt.func)} at ${shortLocation(f.createdAt)}`)}`);
  }
  return out;
}

/** `GG002 3 goroutines in chan receive at gg004.go:12 patterns.startHeartbeat.func1` */
function briefLine(f: Finding, c: Colors): string {
  const where = f.location ? ` at ${c.cyan(shortLocation(f.location))} ${shortFunc(f.location.func)}` : '';
  return `${c.bold(f.ruleId)} ${plural(f.count ?? 0, 'goroutine')} in ${f.state}${where}`;
}

/** `example.com/leaks/patterns.startHeartbeat.func1` → `patterns.startHeartbeat.func1` */
function shortFunc(func: string | undefined): string {
  if (!func) return '';
  const slash = func.lastIndexOf('/', func.indexOf('(') === -1 ? undefined : func.indexOf('('));
  return slash === -1 ? func : func.slice(slash + 1);
}

function countBy(fs: readonly Finding[]): Partial<Record<Evidence, number>> {
  const m: Partial<Record<Evidence, number>> = {};
  for (const f of fs) if (f.evidence) m[f.evidence] = (m[f.evidence] ?? 0) + 1;
  return m;
}
