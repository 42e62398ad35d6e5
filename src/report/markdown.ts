// Markdown report: for pasting into an issue or a PR comment.

import { type Analysis, shortLocation, stuckProcessText } from '../analysis/index.js';
import { traceSiteLines, traceSummaryLines, traceSuspectLines } from './trace.js';
import { escapeMarkdown as md, fenceFor, finishReport, frameText, num, plural, type SafetyOptions } from './util.js';

export function renderMarkdown(a: Analysis, opts: { top?: number } & SafetyOptions = {}): string {
  const { info, totals } = a;
  const out: string[] = [];
  out.push(`# Goroutine analysis: ${md(info.source)}`, '');
  out.push(
    `${plural(totals.goroutines, 'goroutine')} in ${plural(totals.buckets, 'distinct stack')}` +
      `${info.truncated ? ` (truncated dump: ${num(info.complete)} complete goroutines)` : ''}` +
      `${totals.ignored ? `; ${plural(totals.ignored, 'benign goroutine')} ignored` : ''}.`,
    '',
  );
  const stuck = stuckProcessText(info.context);
  if (stuck) out.push(`**Stuck process:** ${md(stuck)}`, '');
  if (a.trace) {
    out.push(...traceSummaryLines(a.trace).map((l) => `- ${md(l)}`), '');
    if (a.trace.sites.length)
      out.push('Creation sites alive at the end:', '', ...traceSiteLines(a.trace).map((l) => `- ${md(l)}`), '');
  }
  out.push('| state | goroutines |', '|---|---:|');
  for (const [s, n] of Object.entries(totals.byState)) out.push(`| ${md(s)} | ${num(n)} |`);
  out.push('');
  if (a.suspects.length === 0) {
    out.push('**No leak suspects.**', '');
    return finishReport(out.join('\n'), opts);
  }
  out.push('## Leak suspects', '');
  out.push('| # | evidence | pattern | goroutines | state | site | created at |', '|---:|---|---|---:|---|---|---|');
  const top = a.suspects.slice(0, opts.top ?? 50);
  top.forEach((f, i) => {
    out.push(
      `| ${i + 1} | ${f.evidence ?? ''} | ${f.ruleId} | ${num(f.count ?? 0)} | ${md(f.state ?? '')} | ` +
        `${md(shortLocation(f.location))} | ${f.createdAt ? md(shortLocation(f.createdAt)) : ''} |`,
    );
  });
  out.push('');
  top.forEach((f, i) => {
    out.push(`### ${i + 1}. ${f.ruleId}: ${md(f.title)}`, '');
    out.push(md(f.message), '');
    if (typeof f.data?.code === 'string') out.push(`Blocking line: \`${f.data.code.replace(/`/g, "'")}\``, '');
    if (typeof f.data?.test === 'string') out.push(`In test: ${md(f.data.test)}`, '');
    if (f.explanation) out.push(md(f.explanation), '');
    const trace = traceSuspectLines(f);
    if (trace.length) out.push(...trace.map((l) => `- trace: ${md(l)}`), '');
    if (f.fix) out.push(`**Fix:** ${md(f.fix)}`, '');
    if (f.stack?.length) {
      const lines = [
        ...f.stack.map(frameText),
        ...(f.createdAt ? [`created by ${f.createdAt.func ?? ''}\n\t${f.createdAt.file}:${f.createdAt.line}`] : []),
      ];
      const fence = fenceFor(lines);
      out.push(fence, ...lines, fence, '');
    }
  });
  if (a.suspects.length > top.length) out.push(`… and ${a.suspects.length - top.length} more suspects.`, '');
  return finishReport(out.join('\n'), opts);
}
