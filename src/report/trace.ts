// The parts of a report that only an execution trace has: the lifecycle summary (goroutines created, exited and
// alive, per interval and per creation site), each suspect's lifetime and last wake-up, and for HTML a lifetime
// chart (inline SVG: alive goroutines over the trace, then one bar per suspect from its first creation to the end).

import { shortLocation, traceDataOf, type Analysis } from '../analysis/index.js';
import type { Finding, TraceLifecycle, TraceSuspectData } from '../model/index.js';
import { sparkText } from './series-chart.js';
import { escapeHtml as h, num, plural } from './util.js';

/** `850 µs`, `12.3 ms`, `4.20 s`, `3m05s`. */
export function fmtNs(ns: number): string {
  if (ns < 1e6) return `${Math.round(ns / 1e3)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(ns < 1e7 ? 1 : 0)} ms`;
  if (ns < 60e9) return `${(ns / 1e9).toFixed(2)} s`;
  const s = Math.round(ns / 1e9);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** At most `n` values: consecutive ones summed (counts) or the last kept (levels). */
export function squeeze(values: readonly number[], n: number, mode: 'sum' | 'last'): number[] {
  if (values.length <= n) return [...values];
  const k = Math.ceil(values.length / n);
  const out: number[] = [];
  for (let i = 0; i < values.length; i += k) {
    const part = values.slice(i, i + k);
    out.push(mode === 'sum' ? part.reduce((a, b) => a + b, 0) : part.at(-1)!);
  }
  return out;
}

const SPARK = 40;

function span(r: { min: number; max: number }): string {
  return r.min === r.max ? fmtNs(r.max) : `${fmtNs(r.min)}–${fmtNs(r.max)}`;
}

/** Lines under the report's title: the trace and its goroutine balance. */
export function traceSummaryLines(t: TraceLifecycle): string[] {
  const g = t.goroutines;
  const iv = t.intervals;
  return [
    `Trace: ${t.traceVersion}, ${fmtNs(t.durationNs)}, ${num(t.events)} events, ${num(t.bytes)} bytes ` +
      `(read in ${num(t.readerMs)} ms by gg-analyzer built with ${t.readerGoVersion})`,
    `Goroutines: ${num(g.atStart)} at start, ${num(g.created)} created, ${num(g.exited)} exited, ` +
      `${num(g.aliveAtEnd)} alive at the end (${num(g.createdBlocked)} created during the trace and blocked)`,
    `Alive over the trace: ${sparkText(squeeze(iv.alive, SPARK, 'last'))} (${num(g.atStart)}→${num(iv.alive.at(-1) ?? 0)})`,
  ];
}

/** Creation sites with goroutines alive at the end, one line each. */
export function traceSiteLines(t: TraceLifecycle): string[] {
  return t.sites.map(
    (s) =>
      `${shortLocation(s.createdAt)} ${s.createdAt?.func ?? '(no stack)'}: created ${num(s.created)}, ` +
      `exited ${num(s.exited)}, alive ${num(s.alive)}` +
      (s.meanLifetimeNs !== undefined ? `, mean lifetime ${fmtNs(s.meanLifetimeNs)}` : ''),
  );
}

/** What the trace says about one suspect, as short sentences. */
export function traceSuspectLines(f: Finding): string[] {
  const d = traceDataOf(f);
  if (!d) return [];
  const out = [
    `lived ${span(d.lifetimeNs)}, blocked ${span(d.blockedNs)} in ${d.reason || 'an unnamed wait'}; ` +
      `its site created ${num(d.site.created)} and saw ${plural(d.site.exited, 'exit')}`,
    `created over the trace: ${sparkText(squeeze(d.createdPerInterval, SPARK, 'sum'))}`,
  ];
  if (d.lastUnblock) out.push(unblockText(d));
  return out;
}

function unblockText(d: TraceSuspectData): string {
  const u = d.lastUnblock!;
  const who = u.by !== undefined ? `goroutine ${u.by}` : 'the runtime (timer, network poller or scheduler)';
  const where = u.location ? ` at ${shortLocation(u.location)} ${u.location.func ?? ''}` : '';
  return `last woken at ${fmtNs(u.atNs)} by ${who}${where} (goroutine ${u.goroutine}), then blocked for good`;
}

const W = 720;
const ROW = 18;

/** The HTML section: lifecycle numbers, the alive-over-time chart and one lifetime bar per suspect. */
export function traceHtmlSection(a: Analysis): string {
  const t = a.trace;
  if (!t) return '';
  const iv = t.intervals;
  const n = Math.max(iv.alive.length, 1);
  const max = Math.max(1, ...iv.alive);
  const x = (i: number) => ((i + 1) / n) * W;
  const y = (v: number) => 80 - (v / max) * 76;
  const pts = [
    `0,${y(t.goroutines.atStart).toFixed(1)}`,
    ...iv.alive.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`),
  ];
  const bars = a.suspects
    .map((f, i) => [f, traceDataOf(f), i] as const)
    .filter((e): e is readonly [Finding, TraceSuspectData, number] => e[1] !== undefined)
    .map(([f, d, i]) => {
      const dur = Math.max(t.durationNs, 1);
      const first = ((dur - d.lifetimeNs.max) / dur) * W;
      const last = ((dur - d.lifetimeNs.min) / dur) * W;
      const yy = i * ROW;
      return (
        `<g><title>${h(`${f.ruleId} ${shortLocation(f.location)}: ${plural(f.count ?? 0, 'goroutine')}, lived ${span(d.lifetimeNs)}`)}</title>` +
        `<rect x="${first.toFixed(1)}" y="${yy + 3}" width="${Math.max(1, W - first).toFixed(1)}" height="12" class="life"/>` +
        `<rect x="${first.toFixed(1)}" y="${yy + 3}" width="${Math.max(1, last - first).toFixed(1)}" height="12" class="born"/>` +
        `<text x="4" y="${yy + 13}">${i + 1}. ${h(f.ruleId)} ${h(shortLocation(f.location))} ×${num(f.count ?? 0)}</text></g>`
      );
    });
  const lifetimes = bars.length
    ? `<h3>Suspect lifetimes</h3><p class="dim">Each bar runs from the first creation to the end of the trace; the dark part is when its goroutines were being created.</p>
<svg class="lifetimes" width="${W}" height="${bars.length * ROW + 4}" viewBox="0 0 ${W} ${bars.length * ROW + 4}" role="img" aria-label="suspect lifetimes">${bars.join('')}</svg>`
    : '';
  const sites = t.sites
    .map(
      (s) =>
        `<tr><td><code>${h(shortLocation(s.createdAt))}</code> ${h(s.createdAt?.func ?? '(no stack)')}</td><td class="num">${num(s.created)}</td><td class="num">${num(s.exited)}</td><td class="num">${num(s.alive)}</td><td class="num">${s.meanLifetimeNs !== undefined ? fmtNs(s.meanLifetimeNs) : ''}</td></tr>`,
    )
    .join('');
  return `<section id="trace"><h2>Goroutine lifecycles</h2>
${traceSummaryLines(t)
  .slice(0, 2)
  .map((l) => `<p>${h(l)}</p>`)
  .join('\n')}
<h3>Alive goroutines over ${h(fmtNs(t.durationNs))}</h3>
<svg class="alive" width="${W}" height="84" viewBox="0 0 ${W} 84" role="img" aria-label="${h(iv.alive.join(', '))}"><polyline points="${pts.join(' ')}" fill="none" stroke-width="1.5"/><text x="4" y="12">${num(max)}</text></svg>
${lifetimes}
${sites ? `<h3>Creation sites alive at the end</h3><table class="sites"><thead><tr><th>go statement</th><th>created</th><th>exited</th><th>alive</th><th>mean lifetime</th></tr></thead><tbody>${sites}</tbody></table>` : ''}
</section>`;
}

export const TRACE_STYLE = `
svg.alive polyline{stroke:#0b5cad}svg.alive text,svg.lifetimes text{font:11px system-ui,sans-serif;fill:#1d1f23}
svg.lifetimes .life{fill:#f3c6cb}svg.lifetimes .born{fill:#d73a49}
table.sites td{padding:1px 8px}
`;
