// The terminal view of a diff: the totals, then the stacks that changed most, one line each (counts, delta, status,
// state, site, pattern, stuck goroutines) and where they were created.

import pc from 'picocolors';
import { type DiffEntry, type DumpDiff, shortLocation } from '../analysis/index.js';
import { finishReport, num, plural, type SafetyOptions } from './util.js';

export interface DiffTextOptions extends SafetyOptions {
  color?: boolean;
  /** Entries to list. Default 20. */
  top?: number;
  /** Also list unchanged and known-benign stacks. */
  all?: boolean;
}

export const FORMAT_LABELS: Record<string, string> = {
  traceback: 'debug=2',
  debug1: 'debug=1',
  proto: 'debug=0',
  'proto-per-goroutine': 'protobuf per goroutine',
};

export function signedNum(n: number): string {
  return n > 0 ? `+${num(n)}` : num(n);
}

export function elapsedText(ms: number): string {
  const s = ms / 1000;
  if (s < 120) return `${Number(s.toFixed(s < 10 ? 2 : 0))} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** Entries a report lists: changed, non-benign ones unless `all`. */
export function shownEntries(d: DumpDiff, all = false): DiffEntry[] {
  return all ? d.entries : d.entries.filter((e) => !e.ignored && (e.delta !== 0 || e.stuck > 0));
}

export function renderDiffText(d: DumpDiff, opts: DiffTextOptions = {}): string {
  const c = pc.createColors(opts.color ?? false);
  const t = d.totals;
  const out: string[] = [];
  const side = (s: DumpDiff['before']) => `${c.bold(s.source)} (${FORMAT_LABELS[s.format] ?? s.format})`;
  out.push(`${side(d.before)} → ${side(d.after)}`);
  const when = d.elapsedMs !== undefined ? ` in ${elapsedText(d.elapsedMs)}` : '';
  const rate =
    t.ratePerSec !== undefined ? `, ${t.ratePerSec >= 0 ? '+' : ''}${t.ratePerSec.toFixed(1)} goroutines/s` : '';
  const delta = t.delta > 0 ? c.red(signedNum(t.delta)) : t.delta < 0 ? c.green(signedNum(t.delta)) : '±0';
  out.push(`Goroutines: ${num(t.before)} → ${num(t.after)} (${delta})${when}${rate}`);
  out.push(
    `Stacks: ${t.newStacks} new, ${t.vanishedStacks} vanished, ${t.grownStacks} grown, ${t.shrunkStacks} shrunk` +
      (d.before.hasIds && d.after.hasIds
        ? `; ${plural(t.stuck, 'goroutine')} stuck (same id, same stack in both)`
        : ''),
  );
  for (const n of d.notes) out.push(c.dim(`note: ${n}`));
  const shown = shownEntries(d, opts.all);
  if (shown.length === 0) {
    out.push(c.green('No stack changed.'));
    return finishReport(out.join('\n') + '\n', opts);
  }
  out.push('');
  const top = shown.slice(0, opts.top ?? 20);
  const w = Math.max(6, ...top.map((e) => Math.max(num(e.before).length, num(e.after).length)));
  out.push(c.dim(`${'before'.padStart(w)} ${'after'.padStart(w)} ${'delta'.padStart(w + 1)}  status    stack`));
  for (const e of top) {
    const dl = signedNum(e.delta).padStart(w + 1);
    const coloredDelta = e.delta > 0 ? c.red(dl) : e.delta < 0 ? c.green(dl) : dl;
    const site = e.site ? `${shortLocation(e.site)} ${e.site.func ?? ''}` : (e.frames[0]?.func ?? '?');
    const pattern = e.ruleId !== 'GG000' ? ` ${c.bold(e.ruleId)}` : '';
    const stuck = e.stuck ? c.yellow(` · ${num(e.stuck)} stuck`) : '';
    const ignored = e.ignored ? c.dim(` · benign: ${e.ignored}`) : '';
    out.push(
      `${num(e.before).padStart(w)} ${num(e.after).padStart(w)} ${coloredDelta}  ${e.status.padEnd(8)}  ` +
        `[${e.state}] ${c.cyan(site)}${pattern}${stuck}${ignored}`,
    );
    if (e.createdAt) {
      out.push(
        c.dim(`${' '.repeat(3 * w + 14)}created at ${shortLocation(e.createdAt)} by ${e.createdBy?.func ?? '?'}`),
      );
    }
  }
  const hidden = shown.length - top.length;
  if (hidden > 0) out.push(c.dim(`… and ${hidden} more (--top N to list them)`));
  if (!opts.all) {
    const quiet = d.entries.length - shown.length;
    if (quiet > 0) out.push(c.dim(`${plural(quiet, 'unchanged or benign stack')} not listed (--all)`));
  }
  return finishReport(out.join('\n') + '\n', opts);
}
