// The watch dashboard: plain browser JavaScript modules, no build step, no CDN (uPlot is served by the watch
// process). Views: #/ (targets), #/t/NAME (one target, target-view.js), #/t/NAME/b/FINGERPRINT (one stack).
// Live updates come over SSE (/api/events). Every dump string reaches the page as a text node (see dom.js).
/* global EventSource, location, setTimeout, clearTimeout */

import { chart, destroyCharts, rangeBar } from './charts.js';
import { ago, api, append, clear, evidenceBadges, fmt, h, setCrumbs, sparkline, targetHref } from './dom.js';
import { renderTarget } from './target-view.js';

const app = document.getElementById('app');
const live = document.getElementById('live');
const state = { range: 3600e3, refresh: null, view: null, diff: null };

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
  app.appendChild(rangeBar(state, () => route()));
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
    else if (view[0] === 'target') await renderTarget(app, state, view[1], route);
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
