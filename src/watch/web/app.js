// The watch dashboard: plain browser JavaScript, no build step, no CDN (uPlot is served by the watch process).
// Every string that comes from a dump (function names, files, labels, states) is put into the page as a text node
// (`h()` never sets innerHTML), so a `<script>` in a stack is shown, never run. Views: #/ (targets),
// #/t/NAME (one target), #/t/NAME/b/FINGERPRINT (one stack). Live updates come over SSE (/api/events).
/* global uPlot, fetch, EventSource, location, setTimeout, clearTimeout */

(function () {
  'use strict';

  const app = document.getElementById('app');
  const crumbs = document.getElementById('crumbs');
  const live = document.getElementById('live');
  const RANGES = [
    ['15m', 15 * 60e3],
    ['1h', 3600e3],
    ['6h', 6 * 3600e3],
    ['24h', 24 * 3600e3],
    ['7d', 7 * 24 * 3600e3],
  ];
  const CLASS_COLORS = {
    'chan-send': '#c62828',
    'chan-recv': '#ef6c00',
    chan: '#8d6e63',
    select: '#6a1b9a',
    sync: '#1565c0',
    io: '#00838f',
    sleep: '#9e9d24',
    syscall: '#5d4037',
    running: '#2e7d32',
    runnable: '#66bb6a',
    runtime: '#9e9e9e',
    other: '#455a64',
  };
  let state = { range: 3600e3, charts: [], refresh: null, view: null, diff: null };

  /** Builds an element. Children: nodes, or anything else as a text node. Props: attributes, `on*` handlers. */
  function h(tag, props, ...children) {
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
  function append(el, children) {
    for (const c of children.flat(Infinity)) {
      if (c === undefined || c === null || c === false) continue;
      el.appendChild(c instanceof window.Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  async function api(path) {
    const res = await fetch(path, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return res.json();
  }

  const fmt = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'));
  const bytes = (n) =>
    n === null || n === undefined
      ? '–'
      : n >= 1 << 20
        ? `${(n / (1 << 20)).toFixed(1)} MiB`
        : `${(n / 1024).toFixed(0)} KiB`;
  const when = (t) => (t ? new Date(t).toLocaleString() : '–');
  function ago(t) {
    if (!t) return 'never';
    const s = Math.max(0, Math.round((Date.now() - t) / 1000));
    return s < 60 ? `${s}s ago` : s < 3600 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
  }
  const short = (file) => (file ? file.slice(file.lastIndexOf('/') + 1) : '');
  const targetHref = (name) => `#/t/${encodeURIComponent(name)}`;
  const bucketHref = (name, fp) => `${targetHref(name)}/b/${encodeURIComponent(fp)}`;

  function sparkline(points) {
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
      const max = Math.max(1, ...points.map((p) => p[1]));
      const min = Math.min(...points.map((p) => p[1]));
      const pl = document.createElementNS(ns, 'polyline');
      const xy = points.map(
        (p) =>
          `${(((p[0] - t0) / (t1 - t0 || 1)) * (W - 2) + 1).toFixed(1)},${(H - 2 - ((p[1] - min) / (max - min || 1)) * (H - 4)).toFixed(1)}`,
      );
      pl.setAttribute('points', xy.join(' '));
      pl.setAttribute('fill', 'none');
      pl.setAttribute('stroke', '#2457c5');
      pl.setAttribute('stroke-width', '1.5');
      svg.appendChild(pl);
    }
    return svg;
  }

  function destroyCharts() {
    for (const c of state.charts) c.destroy();
    state.charts = [];
  }

  /** A uPlot line chart in `box`; `series`: [{label, values, color, scale}]. */
  function chart(box, title, xs, series, opts = {}) {
    const holder = h('div', { class: 'chart', 'data-chart': title }, h('h3', {}, title));
    box.appendChild(holder);
    if (xs.length === 0) {
      holder.appendChild(h('p', { class: 'muted' }, 'no samples in this range'));
      return;
    }
    const width = Math.max(300, holder.clientWidth - 16);
    const scales = { x: { time: true } };
    const axes = [{}, { scale: 'y', size: 60 }];
    if (series.some((s) => s.scale === 'bytes')) {
      scales.bytes = {};
      axes.push({ scale: 'bytes', side: 1, grid: { show: false }, size: 70, values: (u, v) => v.map((x) => bytes(x)) });
    }
    const u = new uPlot(
      {
        width,
        height: opts.height || 220,
        scales,
        axes,
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 1.5,
            scale: s.scale || 'y',
            spanGaps: true,
          })),
        ],
        legend: { live: true },
      },
      [xs.map((t) => t / 1000), ...series.map((s) => s.values)],
      holder,
    );
    state.charts.push(u);
  }

  function setCrumbs(...parts) {
    clear(crumbs);
    parts.forEach((p, i) => {
      if (i) crumbs.appendChild(document.createTextNode(' / '));
      crumbs.appendChild(p[1] ? h('a', { href: p[1] }, p[0]) : document.createTextNode(p[0]));
    });
  }

  function evidenceBadges(ev) {
    if (!ev) return [];
    return ['proven', 'confirmed', 'suspected']
      .filter((e) => ev[e] && ev[e].sites > 0)
      .map((e) => h('span', { class: `badge ${e}`, 'data-evidence': e }, `${e} ${ev[e].sites}`));
  }

  // ---- #/ : targets ----------------------------------------------------------------------------------------------
  async function renderTargets() {
    setCrumbs(['targets']);
    const rows = await api('/api/targets');
    const flagged = (t) => t.firing > 0;
    const table = h(
      'table',
      { id: 'targets' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['', 'target', 'goroutines', 'trend', 'suspects', 'alerts', 'last scrape'].map((x) => h('th', {}, x)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((t) =>
          h(
            'tr',
            {
              class: `clickable${flagged(t) ? ' flagged' : ''}`,
              'data-target': t.name,
              'data-flagged': flagged(t) ? 'true' : 'false',
              onclick: () => (location.hash = targetHref(t.name)),
            },
            h(
              'td',
              {},
              h('span', {
                class: `dot ${t.lastOk === false ? 'down' : t.worstSeverity || ''}`,
                title: t.lastOk === false ? 'down' : 'up',
              }),
            ),
            h('td', {}, h('a', { href: targetHref(t.name) }, t.name), h('div', { class: 'muted mono' }, t.url)),
            h('td', { class: 'num' }, fmt(t.goroutines)),
            h('td', {}, sparkline(t.sparkline)),
            h('td', {}, evidenceBadges(t.evidence)),
            h(
              'td',
              {},
              t.firingRules.map((a) =>
                h(
                  'div',
                  {},
                  h('span', { class: `badge ${a.severity}` }, a.rule),
                  ' ',
                  h('span', { class: 'muted' }, a.summary),
                ),
              ),
            ),
            h(
              'td',
              { class: t.lastOk === false ? 'error' : 'muted' },
              ago(t.lastT),
              t.lastOk === false ? h('div', {}, t.lastError) : null,
            ),
          ),
        ),
      ),
    );
    clear(app);
    append(app, [h('h2', {}, `${rows.length} targets`), table]);
  }

  // ---- #/t/NAME : one target ------------------------------------------------------------------------------------
  function rangeBar(onChange) {
    return h(
      'div',
      { class: 'toolbar' },
      'range:',
      RANGES.map(([label, ms]) =>
        h(
          'button',
          {
            class: state.range === ms ? 'active' : '',
            onclick: () => {
              state.range = ms;
              onChange();
            },
          },
          label,
        ),
      ),
    );
  }

  async function renderTarget(name) {
    setCrumbs(['targets', '#/'], [name]);
    const enc = encodeURIComponent(name);
    const to = Date.now();
    const from = to - state.range;
    const [info, series, buckets, alerts, captures, samples] = await Promise.all([
      api(`/api/targets/${enc}`),
      api(`/api/targets/${enc}/series?from=${from}&to=${to}`),
      api(`/api/targets/${enc}/buckets?window=${state.range}`),
      api(`/api/targets/${enc}/alerts`),
      api(`/api/targets/${enc}/captures`),
      api(`/api/targets/${enc}/samples`),
    ]);
    destroyCharts();
    clear(app);
    const last = info.last;
    app.appendChild(
      h(
        'div',
        { id: 'target-head' },
        h('h2', {}, name, ' ', h('span', { class: 'muted mono' }, info.url)),
        last
          ? last.ok
            ? h(
                'p',
                {},
                `up · ${fmt(last.goroutines)} goroutines · scraped ${ago(last.t)} · every ${info.interval / 1000}s`,
              )
            : h('p', { class: 'error' }, `down: ${last.error}`)
          : h('p', { class: 'muted' }, 'not scraped yet'),
      ),
    );
    for (const a of info.firing) {
      app.appendChild(
        h(
          'div',
          { class: 'alert-box', 'data-alert': a.rule },
          h('span', { class: `badge ${a.severity}` }, `${a.severity} · ${a.rule}`),
          ' ',
          a.summary,
          ' ',
          h('span', { class: 'muted' }, `since ${when(a.startsAt)}`),
          a.fingerprints.length
            ? h(
                'div',
                {},
                'stacks: ',
                a.fingerprints.map((fp) => [h('a', { href: bucketHref(name, fp), class: 'mono' }, fp), ' ']),
              )
            : null,
        ),
      );
    }
    app.appendChild(rangeBar(() => route()));

    const charts = h('div', { class: 'charts' });
    app.appendChild(charts);
    const xs = series.map((p) => p.t);
    chart(charts, 'goroutines and heap', xs, [
      { label: 'goroutines', values: series.map((p) => p.goroutines), color: '#2457c5' },
      { label: 'blocked on channels', values: series.map((p) => p.blockedChannel), color: '#c62828' },
      { label: 'timer waits', values: series.map((p) => p.timerGoroutines), color: '#9e9d24' },
      { label: 'heap alloc', values: series.map((p) => p.heapAlloc), color: '#00897b', scale: 'bytes' },
    ]);
    const classes = [...new Set(series.flatMap((p) => Object.keys(p.byClass)))];
    chart(
      charts,
      'goroutines by state',
      xs,
      classes.map((c) => ({
        label: c,
        values: series.map((p) => p.byClass[c] || 0),
        color: CLASS_COLORS[c] || '#555',
      })),
    );
    if (series.some((p) => p.gcCycles !== null)) {
      const gcRate = series.map((p, i) =>
        i === 0 || series[i - 1].gcCycles === null || p.gcCycles === null
          ? null
          : Math.max(0, ((p.gcCycles - series[i - 1].gcCycles) / (p.t - series[i - 1].t)) * 60e3),
      );
      chart(charts, 'GC cycles per minute', xs, [{ label: 'GC/min', values: gcRate, color: '#6a1b9a' }], {
        height: 160,
      });
    }

    app.appendChild(h('h2', {}, 'top growing stacks'));
    app.appendChild(
      h(
        'table',
        { id: 'buckets' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['stack', 'state', 'site', 'pattern', 'now', 'change'].map((x) => h('th', {}, x)),
          ),
        ),
        h(
          'tbody',
          {},
          buckets.map((b) =>
            h(
              'tr',
              {
                class: `clickable${b.growing ? ' flagged' : ''}`,
                'data-fingerprint': b.fingerprint,
                'data-growing': b.growing ? 'true' : 'false',
                onclick: () => (location.hash = bucketHref(name, b.fingerprint)),
              },
              h(
                'td',
                { class: 'mono' },
                h('a', { href: bucketHref(name, b.fingerprint) }, b.fingerprint),
                b.growing ? h('span', { class: 'badge confirmed' }, 'growing') : null,
              ),
              h('td', {}, b.state, b.leaked ? h('span', { class: 'badge proven' }, `${b.leaked} proven`) : null),
              h('td', { class: 'mono' }, b.siteFunc || '', h('div', { class: 'muted' }, short(b.site))),
              h(
                'td',
                {},
                b.pattern
                  ? `${b.pattern} ${b.patternTitle || ''}`
                  : h('span', { class: 'muted' }, b.ignored ? `benign: ${b.ignored}` : '–'),
              ),
              h('td', { class: 'num' }, fmt(b.count)),
              h('td', { class: 'num' }, b.delta > 0 ? `+${fmt(b.delta)}` : fmt(b.delta)),
            ),
          ),
        ),
      ),
    );

    app.appendChild(h('h2', {}, 'compare two samples'));
    const opt = (s) =>
      h('option', { value: s.id }, `${when(s.t)} · ${s.ok ? `${fmt(s.goroutines)} goroutines` : 'failed'}`);
    const okSamples = samples.filter((s) => s.ok);
    const selA = h('select', { id: 'diff-a' }, okSamples.map(opt));
    const selB = h('select', { id: 'diff-b' }, okSamples.map(opt));
    if (okSamples.length > 1) selA.value = String(okSamples[okSamples.length - 1].id);
    const out = h('div', { id: 'diff-out' });
    const compare = () => {
      state.diff = [name, selA.value, selB.value];
      void showDiff(name, selA.value, selB.value, out);
    };
    app.appendChild(
      h(
        'div',
        { class: 'toolbar' },
        'from',
        selA,
        'to',
        selB,
        h('button', { id: 'diff-go', onclick: compare }, 'compare'),
      ),
    );
    app.appendChild(out);
    // A live refresh keeps the comparison the user asked for.
    if (state.diff && state.diff[0] === name) {
      selA.value = state.diff[1];
      selB.value = state.diff[2];
      void showDiff(name, state.diff[1], state.diff[2], out);
    }

    app.appendChild(h('h2', {}, 'alert history'));
    app.appendChild(
      h(
        'table',
        { id: 'alerts' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['state', 'rule', 'summary', 'started', 'ended'].map((x) => h('th', {}, x)),
          ),
        ),
        h(
          'tbody',
          {},
          alerts.map((a) =>
            h(
              'tr',
              { 'data-alert-id': a.id, 'data-state': a.state },
              h('td', {}, h('span', { class: `badge ${a.state === 'firing' ? a.severity : 'resolved'}` }, a.state)),
              h('td', {}, a.rule),
              h('td', {}, a.summary),
              h('td', {}, when(a.startsAt)),
              h('td', {}, when(a.endsAt)),
            ),
          ),
        ),
      ),
    );

    app.appendChild(h('h2', {}, 'captured profiles'));
    app.appendChild(
      captures.length
        ? h(
            'ul',
            { id: 'captures' },
            captures.map((c) =>
              h(
                'li',
                {},
                c.error
                  ? h('span', { class: 'error' }, `${when(c.t)} ${c.kind}: ${c.error}`)
                  : [
                      h('a', { href: `/api/captures/${c.id}/download`, download: '' }, `${when(c.t)} ${c.kind}`),
                      ` (${bytes(c.bytes)}, alert ${c.alertId})`,
                    ],
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'none yet: profiles are captured when an alert fires'),
    );
  }

  async function showDiff(name, a, b, out) {
    clear(out);
    if (!a || !b) return;
    const d = await api(`/api/targets/${encodeURIComponent(name)}/diff?a=${a}&b=${b}`);
    out.appendChild(
      h('p', {}, `${fmt(d.a.goroutines)} → ${fmt(d.b.goroutines)} goroutines (${when(d.a.t)} → ${when(d.b.t)})`),
    );
    out.appendChild(
      h(
        'table',
        { id: 'diff' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['stack', 'state', 'site', 'before', 'after', 'change'].map((x) => h('th', {}, x)),
          ),
        ),
        h(
          'tbody',
          {},
          d.buckets.map((r) =>
            h(
              'tr',
              { class: 'clickable', onclick: () => (location.hash = bucketHref(name, r.fingerprint)) },
              h('td', { class: 'mono' }, r.fingerprint),
              h('td', {}, r.state),
              h('td', { class: 'mono' }, r.siteFunc || '', ' ', h('span', { class: 'muted' }, short(r.site))),
              h('td', { class: 'num' }, fmt(r.a)),
              h('td', { class: 'num' }, fmt(r.b)),
              h('td', { class: 'num' }, r.delta > 0 ? `+${fmt(r.delta)}` : fmt(r.delta)),
            ),
          ),
        ),
      ),
    );
  }

  // ---- #/t/NAME/b/FP : one stack ----------------------------------------------------------------------------------
  async function renderBucket(name, fp) {
    setCrumbs(['targets', '#/'], [name, targetHref(name)], [fp]);
    const to = Date.now();
    const from = to - state.range;
    const [st, series] = await Promise.all([
      api(`/api/stacks/${encodeURIComponent(fp)}`),
      api(`/api/targets/${encodeURIComponent(name)}/buckets/${encodeURIComponent(fp)}/series?from=${from}&to=${to}`),
    ]);
    destroyCharts();
    clear(app);
    const labels = Object.entries(st.labels || {});
    app.appendChild(
      h(
        'div',
        { id: 'bucket', 'data-fingerprint': fp },
        h('h2', {}, `stack ${fp}`),
        h(
          'p',
          {},
          h('span', { class: 'badge' }, st.waitClass),
          ' ',
          h('span', { id: 'bucket-state' }, st.state),
          st.ignored ? h('span', { class: 'muted' }, ` · benign: ${st.ignored}`) : null,
        ),
        st.pattern
          ? h(
              'div',
              { class: 'fix', id: 'bucket-pattern' },
              h('strong', {}, `${st.pattern} ${st.patternTitle || ''}`),
              st.fix ? h('div', {}, `fix: ${st.fix}`) : null,
            )
          : h('p', { class: 'muted' }, 'no catalogued pattern matches this stack'),
        labels.length
          ? h(
              'p',
              { id: 'bucket-labels' },
              'labels: ',
              labels.map(([k, v]) => h('span', { class: 'badge mono' }, `${k}=${v}`)),
            )
          : null,
      ),
    );
    app.appendChild(rangeBar(() => route()));
    const charts = h('div', { class: 'charts' });
    app.appendChild(charts);
    chart(
      charts,
      'goroutines with this stack',
      series.map((p) => p.t),
      [{ label: 'count', values: series.map((p) => p.count), color: '#c62828' }],
    );
    app.appendChild(h('h2', {}, 'stack'));
    const frames = st.frames.map((f) =>
      h('li', {}, h('div', { class: 'func' }, f.func), h('div', { class: 'file' }, `${f.file}:${f.line}`)),
    );
    if (st.createdBy) {
      frames.push(
        h(
          'li',
          {},
          h('div', { class: 'func' }, `created by ${st.createdBy.func}`),
          h('div', { class: 'file' }, `${st.createdBy.file}:${st.createdBy.line}`),
        ),
      );
    }
    app.appendChild(h('ol', { class: 'stack', id: 'stack' }, frames));
  }

  // ---- routing and live updates -----------------------------------------------------------------------------------
  async function route() {
    const m = /^#\/t\/([^/]+)(?:\/b\/([^/]+))?/.exec(location.hash);
    const view = m
      ? m[2]
        ? ['bucket', decodeURIComponent(m[1]), decodeURIComponent(m[2])]
        : ['target', decodeURIComponent(m[1])]
      : ['targets'];
    state.view = view;
    try {
      if (view[0] === 'targets') await renderTargets();
      else if (view[0] === 'target') await renderTarget(view[1]);
      else await renderBucket(view[1], view[2]);
      app.setAttribute('data-view', view[0]);
    } catch (e) {
      clear(app);
      app.appendChild(h('p', { class: 'error' }, String(e.message || e)));
    }
  }

  function scheduleRefresh(e) {
    const v = state.view;
    if (!v) return;
    // Only the views showing this target change; a bucket view refreshes as its target is sampled.
    if (v[0] !== 'targets' && e && e.target !== v[1]) return;
    // Do not re-render under a user picking samples to compare.
    if (document.activeElement && document.activeElement.tagName === 'SELECT') return;
    if (state.refresh) return;
    state.refresh = setTimeout(() => {
      state.refresh = null;
      void route();
    }, 1000);
  }

  function connect() {
    const es = new EventSource('/api/events');
    es.addEventListener('open', () => {
      live.textContent = 'live';
      live.className = 'on';
    });
    es.addEventListener('sample', (ev) => scheduleRefresh(JSON.parse(ev.data)));
    es.addEventListener('error', () => {
      live.textContent = 'reconnecting…';
      live.className = '';
    });
  }

  window.addEventListener('hashchange', () => {
    if (state.refresh) clearTimeout(state.refresh);
    state.refresh = null;
    state.diff = null;
    void route();
  });
  void route();
  connect();
})();
