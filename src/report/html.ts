// Self-contained HTML report: one file, no network (a CSP forbids it), every dump string escaped.
// State breakdown, leak suspects with pattern/fix/evidence, and an expandable stack for each bucket.

import { type Analysis, type AnalyzedBucket, shortLocation, stuckProcessText } from '../analysis/index.js';
import type { Frame, Finding } from '../model/index.js';
import { VERSION } from '../core/index.js';
import { traceSuspectLines } from './trace.js';
import { escapeHtml as h, num, plural } from './util.js';

export interface HtmlOptions {
  title?: string;
  /** Extra sections (already HTML) inserted after the summary, e.g. series charts. */
  extraSections?: string[];
  /** Extra inline script (e.g. a chart library and its data); must not load anything from the network. */
  extraScript?: string;
  extraStyle?: string;
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

export function renderHtml(a: Analysis, opts: HtmlOptions = {}): string {
  const title = opts.title ?? `goroutine-guard: ${a.info.source}`;
  const body = [summary(a), ...(opts.extraSections ?? []), suspects(a.suspects), buckets(a.buckets)].join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${STYLE}${opts.extraStyle ?? ''}</style></head>
<body><header><h1>${h(title)}</h1><p class="dim">goroutine-guard ${h(VERSION)}</p></header>
<main>
${body}
</main>
<script>${SCRIPT}${opts.extraScript ?? ''}</script>
</body></html>
`;
}

function summary(a: Analysis): string {
  const { totals, info } = a;
  const max = Math.max(1, ...Object.values(totals.byState));
  const rows = Object.entries(totals.byState)
    .map(
      ([s, n]) =>
        `<tr><td>${h(s)}</td><td class="num">${num(n)}</td><td class="bar"><span style="width:${((n / max) * 100).toFixed(1)}%"></span></td></tr>`,
    )
    .join('');
  const notes: string[] = [];
  if (info.truncated)
    notes.push(`<p class="warn">Truncated dump: ${num(info.complete)} complete goroutines parsed.</p>`);
  if (info.leakProfile)
    notes.push('<p>Input is a <code>goroutineleak</code> profile: every goroutine in it is proven leaked.</p>');
  for (const w of info.warnings.slice(0, 10)) notes.push(`<p class="dim">${h(w)}</p>`);
  return `<section id="summary"><h2>Summary</h2>
<p><strong>${plural(totals.goroutines, 'goroutine')}</strong> in ${plural(totals.buckets, 'distinct stack')};
${num(a.suspects.length)} leak suspect${a.suspects.length === 1 ? '' : 's'}; ${plural(totals.ignored, 'benign goroutine')} ignored.</p>
${stuckProcessText(info.context) ? `<p><b>Stuck process:</b> ${h(stuckProcessText(info.context)!)}</p>` : ''}
${notes.join('\n')}
<table class="states"><thead><tr><th>state</th><th>goroutines</th><th></th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}

function suspects(fs: readonly Finding[]): string {
  if (fs.length === 0)
    return '<section id="suspects"><h2>Leak suspects</h2><p class="ok">No leak suspects.</p></section>';
  const items = fs
    .map((f, i) => {
      const wait = f.waitMinutes && f.waitMinutes.max > 0 ? `, up to ${f.waitMinutes.max} min` : '';
      return `<details class="suspect ev-${h(f.evidence ?? 'possible')}" data-fingerprint="${h(f.fingerprint ?? '')}">
<summary><span class="n">${i + 1}</span> <span class="badge">${h(f.evidence ?? '')}</span> <strong>${h(f.ruleId)}</strong>
${plural(f.count ?? 0, 'goroutine')} in <code>${h(f.state ?? '')}</code>${wait}
at <code>${h(shortLocation(f.location))}</code></summary>
<div class="body">
<p>${h(f.message)}</p>
${typeof f.data?.code === 'string' ? `<p><b>Blocking line:</b> <code>${h(f.data.code)}</code></p>` : ''}
${typeof f.data?.test === 'string' ? `<p><b>In test:</b> <code>${h(f.data.test)}</code></p>` : ''}
${f.ruleId !== 'GG000' ? `<p><b>Pattern:</b> ${h(f.title)}</p>` : ''}
${f.fix ? `<p><b>Fix:</b> ${h(f.fix)}</p>` : ''}
${f.explanation ? `<p class="dim">${h(f.explanation)}</p>` : ''}${traceSuspectLines(f)
        .map((l) => `\n<p><b>Trace:</b> ${h(l)}</p>`)
        .join('')}
${stack(f.stack ?? [], f.createdAt ? { func: f.createdAt.func ?? '', file: f.createdAt.file, line: f.createdAt.line } : undefined)}
</div></details>`;
    })
    .join('\n');
  return `<section id="suspects"><h2>Leak suspects</h2>
<input id="filter" type="search" placeholder="filter by function, file or state" aria-label="filter">
${items}</section>`;
}

function buckets(bs: readonly AnalyzedBucket[]): string {
  const rows = bs
    .map(
      (b) => `<details class="bucket${b.ignored ? ' ignored' : ''}" data-fingerprint="${h(b.fingerprint)}">
<summary><span class="num">${num(b.count)}</span> <code>${h(b.state)}</code> ${h(b.site?.func ?? b.frames[0]?.func ?? '?')}
<span class="dim">${h(shortLocation(b.site))}${b.ignored ? ` · ignored: ${h(b.ignored)}` : ''}</span></summary>
<div class="body">${stack(b.frames, b.createdBy)}${b.ids.length ? `<p class="dim">ids: ${h(b.ids.slice(0, 40).join(', '))}${b.ids.length > 40 ? ' …' : ''}</p>` : ''}</div>
</details>`,
    )
    .join('\n');
  return `<section id="buckets"><h2>All stacks (${num(bs.length)})</h2>${rows}</section>`;
}

function stack(frames: readonly Frame[], createdBy: { func: string; file: string; line: number } | undefined): string {
  const lines = frames.map(
    (f) =>
      `<span class="fn">${h(f.func)}</span>(${h(f.args ?? '…')})${f.inlined ? ' <span class="dim">inlined</span>' : ''}\n\t<span class="loc">${h(f.file)}:${f.line}</span>`,
  );
  if (createdBy)
    lines.push(
      `created by <span class="fn">${h(createdBy.func)}</span>\n\t<span class="loc">${h(createdBy.file)}:${createdBy.line}</span>`,
    );
  return `<pre class="stack">${lines.join('\n')}</pre>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d1f23;background:#fafafa}
header{background:#1d2b3a;color:#fff;padding:12px 24px}header h1{font-size:18px;margin:0}header .dim{color:#b8c4d0}
main{padding:8px 24px;max-width:1200px}
h2{font-size:16px;border-bottom:1px solid #ddd;padding-bottom:4px}
code,pre{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace}
pre.stack{background:#f0f2f5;padding:8px;overflow:auto;white-space:pre}
.fn{color:#0b5cad}.loc{color:#555}.dim{color:#777}.warn{color:#a15c00}.ok{color:#1a7f37}
table.states td{padding:1px 8px}.num{text-align:right;font-variant-numeric:tabular-nums}
td.bar{width:300px}td.bar span{display:block;height:10px;background:#6b8db3;border-radius:2px}
details{background:#fff;border:1px solid #e1e4e8;border-radius:4px;margin:6px 0;padding:4px 8px}
details .body{padding:4px 0 4px 16px}summary{cursor:pointer}
.badge{display:inline-block;padding:0 6px;border-radius:8px;font-size:11px;text-transform:uppercase;background:#ddd}
.ev-proven .badge,.ev-confirmed .badge{background:#d73a49;color:#fff}.ev-suspected .badge{background:#e3a008;color:#fff}
.suspect .n{color:#777}.bucket.ignored{opacity:.6}
#filter{width:100%;max-width:480px;padding:4px 8px;margin:4px 0 8px}
`;

// Filters suspects and buckets by text; no network, no eval.
const SCRIPT = `
(function(){var f=document.getElementById('filter');if(!f)return;
f.addEventListener('input',function(){var q=f.value.toLowerCase();
document.querySelectorAll('details.suspect,details.bucket').forEach(function(d){
d.style.display=!q||d.textContent.toLowerCase().indexOf(q)>=0?'':'none';});});})();
`;
