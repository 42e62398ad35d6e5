// The terminal view of a series: samples and gaps, the total over time with the rate rule, the stacks that grow
// (with sparklines), the LeakProf-style concentration by site, then the latest sample's suspects.

import pc from 'picocolors';
import { type SeriesAnalysis, shortLocation } from '../analysis/index.js';
import { elapsedText, FORMAT_LABELS } from './diff-text.js';
import { sparkText } from './series-chart.js';
import { renderText, type TextOptions } from './text.js';
import { finishReport, num, plural } from './util.js';

export function perSec(x: number): string {
  const v = Math.abs(x) >= 10 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(1) : x.toFixed(2);
  return `${x > 0 ? '+' : ''}${v}/s`;
}

export function seriesSpan(s: SeriesAnalysis): string {
  const first = s.samples[0]!;
  const last = s.samples[s.samples.length - 1]!;
  const formats = [...new Set(s.samples.map((x) => FORMAT_LABELS[x.format] ?? x.format))].join(', ');
  return (
    `${plural(s.samples.length, 'sample')} over ${elapsedText(last.time - first.time)} ` +
    `(${new Date(first.time).toISOString()} → ${new Date(last.time).toISOString()}; ${formats})`
  );
}

export function rateRuleText(s: SeriesAnalysis): string {
  const r = s.total.rule;
  const b = s.total.breach;
  const rule = `> ${r.perSecond}/s for ${r.periods} consecutive periods`;
  return b
    ? `BREACHED: ${rule} between samples ${b.start + 1} and ${b.end + 1} (at least ${perSec(b.minRate)})`
    : `not breached (${rule})`;
}

/**
 * How the total's trend reads beside the stacks: "growing" only when a stack grows too — the total can rise with
 * load while no one stack grows, and one stack can grow inside a total too noisy to be significant.
 */
export function totalGrowthWords(s: SeriesAnalysis): { text: string; tone: 'red' | 'yellow' | 'plain' } {
  const n = s.buckets.filter((b) => b.growing).length;
  if (s.total.trend.growing && n) return { text: 'growing', tone: 'red' };
  if (s.total.trend.growing) return { text: 'rising, but no one stack grows significantly', tone: 'yellow' };
  if (n) return { text: `not significant in all, but ${plural(n, 'stack')} grow${n === 1 ? 's' : ''}`, tone: 'yellow' };
  return { text: 'not growing', tone: 'plain' };
}

export function renderSeriesText(s: SeriesAnalysis, opts: TextOptions & { stacks?: number } = {}): string {
  const c = pc.createColors(opts.color ?? false);
  const out: string[] = [];
  out.push(`${c.bold('Series')}: ${seriesSpan(s)}`);
  if (s.skipped.length) {
    out.push(c.yellow(`Skipped ${plural(s.skipped.length, 'sample')}:`));
    for (const k of s.skipped) out.push(c.yellow(`  ${k.source}: ${k.reason}`));
  }
  for (const w of s.warnings) out.push(c.dim(`note: ${w}`));
  const t = s.total;
  const grow = s.buckets.filter((b) => b.growing);
  const words = totalGrowthWords(s);
  const growing =
    words.tone === 'red' ? c.red(words.text) : words.tone === 'yellow' ? c.yellow(words.text) : words.text;
  out.push(
    `Goroutines: ${num(t.counts[0] ?? 0)} → ${num(t.counts[t.counts.length - 1] ?? 0)} ${sparkText(t.counts)} ` +
      `(${perSec(t.trend.slopePerSec)} Theil–Sen; ${growing})`,
  );
  out.push(`Growth rate rule: ${t.breach ? c.red(rateRuleText(s)) : rateRuleText(s)}`);

  out.push('');
  if (grow.length === 0) out.push(c.green('No stack grows across the series.'));
  else {
    out.push(c.bold(`Growing stacks (${grow.length}):`));
    for (const b of grow.slice(0, opts.stacks ?? 10)) {
      const site = b.site ? `${shortLocation(b.site)} ${b.site.func ?? ''}` : (b.frames[0]?.func ?? '?');
      const pattern = b.ruleId !== 'GG000' ? ` ${c.bold(b.ruleId)}` : '';
      const benign = b.ignored ? c.dim(` (benign: ${b.ignored})`) : '';
      const held = b.held ? c.dim(` (${b.held} stayed by id)`) : '';
      out.push(
        `  ${sparkText(b.counts)} ${num(b.trend.first)} → ${num(b.trend.last)} ${perSec(b.trend.slopePerSec)} ` +
          `[${b.state}] ${c.cyan(site)}${pattern}${benign}${held}`,
      );
    }
    if (grow.length > (opts.stacks ?? 10)) out.push(c.dim(`  … and ${grow.length - (opts.stacks ?? 10)} more`));
  }
  const rising = s.buckets.filter((b) => b.rising && !b.ignored);
  if (rising.length) {
    // p alone reads as significant below 0.01; the bar is lower once corrected for every stack tested.
    const tested = s.buckets.filter((b) => !b.ignored).length;
    out.push(
      c.yellow(
        `Rising but not significant yet (${rising.length}; each p is corrected for the ${plural(tested, 'stack')} ` +
          'tested: more samples would tell):',
      ),
    );
    for (const b of rising.slice(0, 5)) {
      const site = b.site ? `${shortLocation(b.site)} ${b.site.func ?? ''}` : (b.frames[0]?.func ?? '?');
      out.push(
        `  ${sparkText(b.counts)} ${num(b.trend.first)} → ${num(b.trend.last)} [${b.state}] ${site} (p=${b.p.toPrecision(2)})`,
      );
    }
  }
  const sites = s.sites.filter((x) => x.concentrated || x.growing).slice(0, 10);
  if (sites.length) {
    out.push('', c.bold('Concentration by blocking site (first user frame + wait class, latest sample):'));
    for (const x of sites) {
      const flags = [x.concentrated ? 'concentrated' : '', x.growing ? c.red('growing') : ''].filter(Boolean);
      out.push(
        `  ${num(x.count).padStart(7)} ${(x.share * 100).toFixed(0).padStart(3)}%  ${x.waitClass.padEnd(9)} ` +
          `${shortLocation(x.site)} ${x.site?.func ?? ''} ${sparkText(x.counts)} ${flags.join(', ')}`,
      );
    }
  }
  out.push('', c.bold('Latest sample:'), renderText(s.latest, opts));
  return finishReport(out.join('\n'), opts);
}
