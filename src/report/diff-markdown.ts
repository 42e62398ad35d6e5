// Markdown diff: a table of the stacks that changed, for an issue or a PR comment.

import { type DumpDiff, shortLocation } from '../analysis/index.js';
import { elapsedText, FORMAT_LABELS, shownEntries, signedNum } from './diff-text.js';
import { escapeMarkdown as md, finishReport, num, type SafetyOptions } from './util.js';

export function renderDiffMarkdown(d: DumpDiff, opts: { top?: number; all?: boolean } & SafetyOptions = {}): string {
  const t = d.totals;
  const out: string[] = [];
  const side = (s: DumpDiff['before']) => `${md(s.source)} (${FORMAT_LABELS[s.format] ?? s.format})`;
  out.push(`# Goroutine diff: ${side(d.before)} → ${side(d.after)}`, '');
  const when = d.elapsedMs !== undefined ? ` in ${elapsedText(d.elapsedMs)}` : '';
  const rate = t.ratePerSec !== undefined ? ` (${t.ratePerSec.toFixed(1)} goroutines/s)` : '';
  out.push(`**${num(t.before)} → ${num(t.after)} goroutines (${signedNum(t.delta)})**${when}${rate}.`, '');
  out.push(
    `${t.newStacks} new, ${t.vanishedStacks} vanished, ${t.grownStacks} grown and ${t.shrunkStacks} shrunk stacks; ` +
      `${num(t.stuck)} goroutines stuck (same id at the same stack in both dumps).`,
    '',
  );
  for (const n of d.notes) out.push(`> ${md(n)}`, '');
  const shown = shownEntries(d, opts.all).slice(0, opts.top ?? 50);
  if (shown.length === 0) {
    out.push('**No stack changed.**', '');
    return finishReport(out.join('\n'), opts);
  }
  out.push('| before | after | delta | status | state | site | pattern | stuck | created at |');
  out.push('|---:|---:|---:|---|---|---|---|---:|---|');
  for (const e of shown) {
    const site = e.site ? `${shortLocation(e.site)} ${e.site.func ?? ''}` : (e.frames[0]?.func ?? '?');
    out.push(
      `| ${num(e.before)} | ${num(e.after)} | ${signedNum(e.delta)} | ${e.status} | ${md(e.state)} | ${md(site)} | ` +
        `${e.ruleId === 'GG000' ? '' : e.ruleId} | ${e.stuck ? num(e.stuck) : ''} | ` +
        `${e.createdAt ? md(`${shortLocation(e.createdAt)} ${e.createdBy?.func ?? ''}`) : ''} |`,
    );
  }
  out.push('');
  return finishReport(out.join('\n'), opts);
}
