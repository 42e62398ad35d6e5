// DOM and formatting helpers of the watch dashboard. `h()` is the only way the page builds elements: children
// that are not nodes become text nodes, so no string (a function name, a file path, a label from a dump) is ever
// parsed as HTML.
/* global fetch */

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}
export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.appendChild(c instanceof window.Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export async function api(path) {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

export const fmt = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'));
export const bytes = (n) =>
  n === null || n === undefined
    ? '–'
    : n >= 1 << 20
      ? `${(n / (1 << 20)).toFixed(1)} MiB`
      : `${(n / 1024).toFixed(0)} KiB`;
export const when = (t) => (t ? new Date(t).toLocaleString() : '–');
export function ago(t) {
  if (!t) return 'never';
  const s = Math.max(0, Math.round((Date.now() - t) / 1000));
  return s < 60 ? `${s}s ago` : s < 3600 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
}
export const short = (file) => (file ? file.slice(file.lastIndexOf('/') + 1) : '');
export const targetHref = (name) => `#/t/${encodeURIComponent(name)}`;
export const bucketHref = (name, fp) => `${targetHref(name)}/b/${encodeURIComponent(fp)}`;

/** A stack as people name it: the function at its first user-code site, never its hash. */
export function stackName(s) {
  if (s.frameless) return 'goroutines without frames';
  return s.siteFunc || (s.frames && s.frames[0] && s.frames[0].func) || `stack ${s.fingerprint}`;
}

/** Name, site and (small) fingerprint of a stack, for table cells and headings. */
export function stackCell(s, href) {
  const name = stackName(s);
  return [
    href ? h('a', { href, class: 'stack-name' }, name) : h('span', { class: 'stack-name' }, name),
    s.frameless
      ? h('div', { class: 'muted' }, 'the dump printed no frames for them (running, starting or exiting)')
      : s.site
        ? h('div', { class: 'muted mono' }, short(s.site), s.createdAt ? ` · created at ${short(s.createdAt)}` : '')
        : null,
    h('div', { class: 'fp mono' }, s.fingerprint),
  ];
}

/**
 * A trend line of `points` ([t, value]) drawn from 0 up to `max`, shared by every row of a table so that
 * 3 goroutines do not look like 400; the first and last values are written beside it.
 */
export function sparkline(points, max) {
  const W = 120;
  const H = 24;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('width', W);
  svg.setAttribute('height', H);
  if (points.length > 1) {
    const t0 = points[0][0];
    const t1 = points[points.length - 1][0] || t0 + 1;
    const top = Math.max(1, max || 0, ...points.map((p) => p[1]));
    const pl = document.createElementNS(ns, 'polyline');
    const xy = points.map(
      (p) =>
        `${(((p[0] - t0) / (t1 - t0 || 1)) * (W - 2) + 1).toFixed(1)},${(H - 2 - (p[1] / top) * (H - 4)).toFixed(1)}`,
    );
    pl.setAttribute('points', xy.join(' '));
    pl.setAttribute('fill', 'none');
    pl.setAttribute('stroke', '#2457c5');
    pl.setAttribute('stroke-width', '1.5');
    svg.appendChild(pl);
  }
  if (!points.length) return svg;
  const first = points[0][1];
  const last = points[points.length - 1][1];
  return h(
    'span',
    { class: 'spark-wrap' },
    svg,
    h('span', { class: 'spark-range num' }, first === last ? fmt(last) : `${fmt(first)} → ${fmt(last)}`),
  );
}

export function setCrumbs(...parts) {
  const crumbs = document.getElementById('crumbs');
  clear(crumbs);
  parts.forEach((p, i) => {
    if (i) crumbs.appendChild(document.createTextNode(' / '));
    crumbs.appendChild(p[1] ? h('a', { href: p[1] }, p[0]) : document.createTextNode(p[0]));
  });
}

export function evidenceBadges(ev) {
  if (!ev) return [];
  return ['proven', 'confirmed', 'suspected']
    .filter((e) => ev[e] && ev[e].sites > 0)
    .map((e) => h('span', { class: `badge ${e}`, 'data-evidence': e }, `${e} ${ev[e].sites}`));
}
