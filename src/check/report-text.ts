// Text output of `check`: the three lists, strongest first, each item with what a person needs to act on it.

import pc from 'picocolors';
import { escapeControls } from '../core/index.js';
import { PATTERNS, type SourceLocation } from '../model/index.js';
import type { CheckDocument, PresentedSuspect } from './present.js';

export interface CheckTextOptions {
  color: boolean;
  /** Print each confirmed finding's static explanation (always printed for dynamic-only reasons). */
  explain: boolean;
  /** Leave control characters from dump and source text as they came. Default false: shown as `\u00XX`. */
  raw?: boolean;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const at = (l: SourceLocation | undefined) => (l ? `${l.file}:${l.line}` : '?');

export function renderCheckText(doc: CheckDocument, opts: CheckTextOptions): string {
  const c = pc.createColors(opts.color);
  const out: string[] = [];
  const sources = doc.sources.map((s) => `${s.source} (${plural(s.goroutines, 'goroutine')})`).join(', ');
  out.push(
    `check ${doc.root}: ${plural(doc.staticFindings, 'static finding')}, ` +
      `${plural(
        doc.sources.reduce((n, s) => n + s.suspects, 0),
        'dynamic suspect',
      )} from ${sources || 'no evidence'}`,
  );

  for (const s of doc.sources) {
    if (s.stuck) out.push(c.yellow(`Stuck process${doc.sources.length > 1 ? ` (${s.source})` : ''}: ${s.stuck}`));
  }

  out.push('', c.bold(`Confirmed both ways (${doc.confirmed.length}): a rule explains it and live goroutines show it`));
  if (doc.confirmed.length === 0) out.push('  none');
  for (const x of doc.confirmed) {
    const s = x.static;
    out.push(`  ${c.red('✖')} ${c.bold(s.ruleId)} ${at(s.location)} ${s.message}`);
    const d = x.dynamic[0]!;
    const started = d.createdAt ? `, started at ${at(d.createdAt)}` : '';
    const drift = x.drift > 0 ? `, ${plural(x.drift, 'line')} apart` : '';
    out.push(
      `      live: ${plural(x.count, 'goroutine')} in ${d.finding.state ?? '?'} (${x.evidence})${started} ` +
        c.dim(`[match: ${x.match}${drift}]`),
    );
    if (typeof d.finding.data?.test === 'string') out.push(`      in test ${d.finding.data.test}`);
    if (opts.explain && s.explanation) out.push(`      why: ${s.explanation}`);
    if (s.fix) out.push(`      fix: ${s.fix}`);
  }

  out.push('', c.bold(`Dynamic only (${doc.dynamicOnly.length}): leaking at run time, no rule saw it`));
  if (doc.dynamicOnly.length === 0) out.push('  none');
  for (const x of doc.dynamicOnly) {
    const f = x.suspect.finding;
    out.push(
      `  ${c.yellow('!')} ${c.bold(f.ruleId)} ${suspectLine(x.suspect, x.count, x.others.length)} (${f.evidence ?? 'possible'})`,
    );
    if (typeof f.data?.test === 'string') out.push(`      in test ${f.data.test}`);
    out.push(
      `      nearest rule: ${x.nearestRule ? `${x.nearestRule} ${PATTERNS[x.nearestRule].title}` : 'none in the catalogue'}`,
    );
    const [first, ...rest] = x.why;
    out.push(`      why no rule saw it: ${first ?? '?'}`);
    for (const w of rest) out.push(`        also: ${w}`);
    if (f.fix) out.push(`      fix: ${f.fix}`);
  }

  out.push('', c.bold(`Static only (${doc.staticOnly.length}): not observed at run time`));
  if (doc.staticOnly.length === 0) out.push('  none');
  for (const x of doc.staticOnly) {
    const f = x.finding;
    const fn = f.location?.func ?? 'its function';
    const seen =
      x.seenInFunction > 0
        ? `${plural(x.seenInFunction, 'goroutine')} passed through ${fn}, none blocked here`
        : `no goroutine was in ${fn}`;
    const library = x.libraryGoroutines
      ? `; ${plural(x.libraryGoroutines, 'goroutine')} of HTTP connection loops run only library code and may come from here`
      : '';
    out.push(`  ${c.dim('·')} ${f.ruleId} ${at(f.location)} ${f.message} ${c.dim(`(${seen}${library})`)}`);
  }

  if (doc.unmapped.length > 0) {
    out.push(
      '',
      `Paths in the dumps not found in the tree (pass --trim-prefix): ${doc.unmapped.slice(0, 5).join(', ')}`,
    );
  }
  for (const w of doc.warnings) out.push(c.yellow(`warning: ${w}`));
  for (const n of doc.notes ?? []) out.push(c.dim(`note: ${n}`));
  const hidden =
    doc.summary.hidden > 0
      ? ` · ${plural(doc.summary.hidden, 'weaker suspect')} hidden (--min-evidence possible lists them)`
      : '';
  out.push(
    '',
    `${doc.summary.confirmed} confirmed · ${doc.summary.dynamicOnly} dynamic only · ${doc.summary.staticOnly} static only${hidden}`,
  );
  const text = `${out.join('\n')}\n`;
  return opts.raw ? text : escapeControls(text, { keepColour: opts.color });
}

function suspectLine(s: PresentedSuspect, count: number, others: number): string {
  const f = s.finding;
  const where = s.site ? `${at(s.site)} ` : '';
  const fn = s.site?.func ?? f.location?.func;
  const more = others > 0 ? ` and ${plural(others, 'other place')}` : '';
  const started = s.createdAt
    ? `, started at ${at(s.createdAt)}${more}`
    : more
      ? `, started from ${others + 1} places`
      : '';
  return `${where}${plural(count, 'goroutine')} in ${f.state ?? '?'}${fn ? ` in ${fn}` : ''}${started}`;
}
