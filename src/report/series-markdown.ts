// Markdown view of a series: the growth summary and tables, then the latest sample's report.

import { type SeriesAnalysis, shortLocation } from '../analysis/index.js';
import { renderMarkdown } from './markdown.js';
import { sparkText } from './series-chart.js';
import { perSec, rateRuleText, seriesSpan, totalGrowthWords } from './series-text.js';
import { escapeMarkdown as md, finishReport, num, type SafetyOptions } from './util.js';

export function renderSeriesMarkdown(s: SeriesAnalysis, opts: { top?: number } & SafetyOptions = {}): string {
  const out: string[] = [];
  const t = s.total;
  out.push(`# Goroutine series: ${md(s.samples[0]?.source ?? '')} …`, '');
  out.push(`${md(seriesSpan(s))}.`, '');
  out.push(
    `Goroutines ${num(t.counts[0] ?? 0)} → ${num(t.counts[t.counts.length - 1] ?? 0)} \`${sparkText(t.counts)}\` ` +
      `(${perSec(t.trend.slopePerSec)}, ${totalGrowthWords(s).tone === 'red' ? '**growing**' : totalGrowthWords(s).text}). ` +
      `Rate rule: ${t.breach ? `**${md(rateRuleText(s))}**` : md(rateRuleText(s))}.`,
    '',
  );
  for (const k of s.skipped) out.push(`> skipped ${md(k.source)}: ${md(k.reason)}`, '');
  for (const w of s.warnings) out.push(`> ${md(w)}`, '');
  const grow = s.buckets.filter((b) => b.growing).slice(0, opts.top ?? 20);
  if (grow.length) {
    out.push('## Growing stacks', '', '| counts | first → last | slope | state | site | pattern |');
    out.push('|---|---:|---:|---|---|---|');
    for (const b of grow) {
      out.push(
        `| \`${sparkText(b.counts)}\` | ${num(b.trend.first)} → ${num(b.trend.last)} | ${perSec(b.trend.slopePerSec)} | ` +
          `${md(b.state)} | ${md(`${shortLocation(b.site)} ${b.site?.func ?? ''}`)} | ${b.ruleId === 'GG000' ? '' : b.ruleId} |`,
      );
    }
    out.push('');
  } else out.push('**No stack grows across the series.**', '');
  const sites = s.sites.filter((x) => x.concentrated || x.growing).slice(0, 10);
  if (sites.length) {
    out.push('## Concentration by blocking site', '', '| goroutines | share | class | site | growing |');
    out.push('|---:|---:|---|---|---|');
    for (const x of sites) {
      out.push(
        `| ${num(x.count)} | ${(x.share * 100).toFixed(0)}% | ${x.waitClass} | ` +
          `${md(`${shortLocation(x.site)} ${x.site?.func ?? ''}`)} | ${x.growing ? 'yes' : ''} |`,
      );
    }
    out.push('');
  }
  out.push(renderMarkdown(s.latest, opts).replace(/^# /, '## Latest sample: '));
  return finishReport(out.join('\n'), opts);
}
