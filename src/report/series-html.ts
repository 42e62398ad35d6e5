// HTML view of a series: the single-dump report of the latest sample (suspects now carry growth evidence) plus a
// series section: the total over time drawn by uPlot (inlined, MIT) with the growing stacks beside it, and a table
// of stacks with inline SVG sparklines. Self-contained: no network; every dump string is escaped, and data for the
// chart goes through scriptJson so it cannot end the script.

import { type SeriesAnalysis, shortLocation } from '../analysis/index.js';
import { renderHtml } from './html.js';
import { scriptJson, sparkSvg, uplotAssets } from './series-chart.js';
import { perSec, rateRuleText, seriesSpan } from './series-text.js';
import { escapeHtml as h, num } from './util.js';

/** Growing stacks drawn in the chart next to the total. */
const CHART_STACKS = 5;

export function renderSeriesHtml(s: SeriesAnalysis, opts: { title?: string; stacks?: number } = {}): string {
  const { js, css } = uplotAssets();
  const grow = s.buckets.filter((b) => b.growing).slice(0, CHART_STACKS);
  const chart = {
    x: s.samples.map((x) => x.time / 1000),
    series: [
      { label: 'all goroutines', values: s.total.counts },
      ...grow.map((b) => ({ label: `${shortLocation(b.site)} ${b.state}`, values: b.counts })),
    ],
  };
  const t = s.total;
  const rows = s.buckets
    .filter((b) => !b.ignored || b.growing)
    .slice(0, opts.stacks ?? 40)
    .map(
      (b) =>
        `<tr class="${b.growing ? 'growing' : ''}" data-fingerprint="${h(b.fingerprint)}"><td>${sparkSvg(b.counts)}</td>` +
        `<td class="num">${num(b.trend.first)} → ${num(b.trend.last)}</td><td class="num">${h(perSec(b.trend.slopePerSec))}</td>` +
        `<td>${b.growing ? '<span class="badge grow">growing</span>' : ''}</td><td><code>${h(b.state)}</code></td>` +
        `<td><code>${h(shortLocation(b.site))}</code> ${h(b.site?.func ?? b.frames[0]?.func ?? '')}</td>` +
        `<td>${b.ruleId === 'GG000' ? '' : h(b.ruleId)}</td></tr>`,
    )
    .join('\n');
  const sites = s.sites
    .filter((x) => x.concentrated || x.growing)
    .slice(0, 15)
    .map(
      (x) =>
        `<tr><td class="num">${num(x.count)}</td><td class="num">${(x.share * 100).toFixed(0)}%</td><td>${h(x.waitClass)}</td>` +
        `<td><code>${h(shortLocation(x.site))}</code> ${h(x.site?.func ?? '')}</td><td>${sparkSvg(x.counts, 80, 18)}</td>` +
        `<td>${x.growing ? 'growing' : ''}</td></tr>`,
    )
    .join('\n');
  const notes = [
    ...s.skipped.map((k) => `<p class="warn">Skipped <code>${h(k.source)}</code>: ${h(k.reason)}</p>`),
    ...s.warnings.map((w) => `<p class="dim">${h(w)}</p>`),
  ].join('\n');
  const section = `<section id="series"><h2>Over time</h2>
<p>${h(seriesSpan(s))}.</p>
<p><strong>${num(t.counts[0] ?? 0)} → ${num(t.counts[t.counts.length - 1] ?? 0)} goroutines</strong>
(${h(perSec(t.trend.slopePerSec))}, ${t.trend.growing ? '<span class="warn">growing</span>' : 'not growing'}).
Growth rate rule: <span class="${t.breach ? 'warn' : ''}">${h(rateRuleText(s))}</span>.</p>
${notes}
<div id="total-chart" aria-label="goroutines over time"></div>
<h3>Stacks over time</h3>
<table class="series"><thead><tr><th>counts</th><th>first → last</th><th>slope</th><th></th><th>state</th><th>site</th><th>pattern</th></tr></thead>
<tbody>${rows}</tbody></table>
${sites ? `<h3>Concentration by blocking site</h3><table class="series"><thead><tr><th>goroutines</th><th>share</th><th>class</th><th>site</th><th></th><th></th></tr></thead><tbody>${sites}</tbody></table>` : ''}
</section>`;
  const script = `
${js}
(function(){var d=${scriptJson(chart)};var el=document.getElementById('total-chart');if(!el||typeof uPlot==='undefined')return;
var colors=['#1d2b3a','#d73a49','#e3a008','#0b5cad','#1a7f37','#6f42c1'];
var opts={width:Math.min(1100,el.clientWidth||900),height:260,series:[{}].concat(d.series.map(function(s,i){
return {label:s.label,stroke:colors[i%colors.length],width:i===0?2:1.5};})),axes:[{},{label:'goroutines'}]};
window.ggChart=new uPlot(opts,[d.x].concat(d.series.map(function(s){return s.values;})),el);})();
`;
  return renderHtml(s.latest, {
    title: opts.title ?? `goroutine-guard series: ${s.samples[0]?.source ?? ''} …`,
    extraSections: [section],
    extraScript: script,
    extraStyle: `${css}
table.series{border-collapse:collapse}table.series td,table.series th{padding:2px 8px;border-bottom:1px solid #eee;text-align:left}
svg.spark polyline{stroke:#6b8db3}tr.growing svg.spark polyline{stroke:#d73a49}svg.spark circle{fill:#1d2b3a}
.badge.grow{background:#d73a49;color:#fff}#total-chart{margin:8px 0 16px}`,
  });
}
