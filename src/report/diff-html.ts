// Self-contained HTML diff: one file, no network (a CSP forbids it), every dump string escaped. A table of the
// stacks that changed, each expandable to its stack, with a filter box.

import { type DiffEntry, type DumpDiff, shortLocation } from '../analysis/index.js';
import { VERSION } from '../core/index.js';
import { elapsedText, FORMAT_LABELS, shownEntries, signedNum } from './diff-text.js';
import { escapeHtml as h, num } from './util.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

export function renderDiffHtml(d: DumpDiff, opts: { all?: boolean; title?: string } = {}): string {
  const t = d.totals;
  const title = opts.title ?? `goroutine-guard diff: ${d.before.source} → ${d.after.source}`;
  const side = (s: DumpDiff['before']) =>
    `<code>${h(s.source)}</code> <span class="dim">(${h(FORMAT_LABELS[s.format] ?? s.format)}${s.time ? `, ${h(s.time.toISOString())}` : ''})</span>`;
  const when = d.elapsedMs !== undefined ? ` in ${h(elapsedText(d.elapsedMs))}` : '';
  const rate = t.ratePerSec !== undefined ? `, ${h(t.ratePerSec.toFixed(1))} goroutines/s` : '';
  const rows = shownEntries(d, opts.all).map(row).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title><style>${STYLE}</style></head>
<body><header><h1>${h(title)}</h1><p class="dim">goroutine-guard ${h(VERSION)}</p></header>
<main>
<section id="summary"><h2>Summary</h2>
<p>${side(d.before)} → ${side(d.after)}</p>
<p><strong>${num(t.before)} → ${num(t.after)} goroutines (${h(signedNum(t.delta))})</strong>${when}${rate}.</p>
<p>${t.newStacks} new, ${t.vanishedStacks} vanished, ${t.grownStacks} grown, ${t.shrunkStacks} shrunk stacks;
${num(t.stuck)} goroutines stuck (same id at the same stack in both dumps).</p>
${d.notes.map((n) => `<p class="warn">${h(n)}</p>`).join('\n')}
</section>
<section id="changes"><h2>Stacks that changed</h2>
<input id="filter" type="search" placeholder="filter by function, file or state" aria-label="filter">
<table class="diff"><thead><tr><th>before</th><th>after</th><th>delta</th><th>status</th><th>stack</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="5" class="ok">No stack changed.</td></tr>'}
</tbody></table></section>
</main>
<script>${SCRIPT}</script>
</body></html>
`;
}

function row(e: DiffEntry): string {
  const site = e.site ? `${shortLocation(e.site)} ${e.site.func ?? ''}` : (e.frames[0]?.func ?? '?');
  const frames = e.frames
    .map((f) => `<span class="fn">${h(f.func)}</span>\n\t<span class="loc">${h(f.file)}:${f.line}</span>`)
    .concat(
      e.createdBy
        ? [
            `created by <span class="fn">${h(e.createdBy.func)}</span>\n\t<span class="loc">${h(e.createdBy.file)}:${e.createdBy.line}</span>`,
          ]
        : [],
    )
    .join('\n');
  const cls = e.delta > 0 ? 'up' : e.delta < 0 ? 'down' : '';
  const tags = [
    e.ruleId !== 'GG000' ? `<span class="badge">${h(e.ruleId)}</span>` : '',
    e.stuck ? `<span class="stuck">${num(e.stuck)} stuck</span>` : '',
    e.ignored ? `<span class="dim">benign: ${h(e.ignored)}</span>` : '',
  ].join(' ');
  const stuckIds = e.stuckIds.length
    ? `<p class="dim">stuck ids: ${h(e.stuckIds.join(', '))}${e.stuck > e.stuckIds.length ? ' …' : ''}</p>`
    : '';
  return `<tr class="entry" data-fingerprint="${h(e.fingerprint)}"><td class="num">${num(e.before)}</td><td class="num">${num(e.after)}</td>
<td class="num ${cls}">${h(signedNum(e.delta))}</td><td>${h(e.status)}</td>
<td><details><summary><code>${h(e.state)}</code> ${h(site)} ${tags}</summary><pre class="stack">${frames}</pre>${stuckIds}</details></td></tr>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d1f23;background:#fafafa}
header{background:#1d2b3a;color:#fff;padding:12px 24px}header h1{font-size:18px;margin:0}header .dim{color:#b8c4d0}
main{padding:8px 24px;max-width:1200px}h2{font-size:16px;border-bottom:1px solid #ddd;padding-bottom:4px}
code,pre{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace}
pre.stack{background:#f0f2f5;padding:8px;overflow:auto;white-space:pre}
.fn{color:#0b5cad}.loc{color:#555}.dim{color:#777}.warn{color:#a15c00}.ok{color:#1a7f37}
table.diff{border-collapse:collapse;width:100%}table.diff td,table.diff th{padding:3px 8px;border-bottom:1px solid #e1e4e8;vertical-align:top;text-align:left}
.num{text-align:right;font-variant-numeric:tabular-nums}.up{color:#d73a49;font-weight:600}.down{color:#1a7f37}
.badge{display:inline-block;padding:0 6px;border-radius:8px;font-size:11px;background:#d73a49;color:#fff}
.stuck{color:#a15c00}summary{cursor:pointer}
#filter{width:100%;max-width:480px;padding:4px 8px;margin:4px 0 8px}
`;

// Filters rows by text; no network, no eval.
const SCRIPT = `
(function(){var f=document.getElementById('filter');if(!f)return;
f.addEventListener('input',function(){var q=f.value.toLowerCase();
document.querySelectorAll('tr.entry').forEach(function(r){
r.style.display=!q||r.textContent.toLowerCase().indexOf(q)>=0?'':'none';});});})();
`;
