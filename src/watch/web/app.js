// The watch dashboard: plain browser JavaScript modules, no build step, no CDN (uPlot is served by the watch
// process). Views: #/ (targets), #/t/NAME (one target, target-view.js), #/t/NAME/b/FINGERPRINT (one stack).
// Live updates come over SSE (/api/events). Every dump string reaches the page as a text node (see dom.js).
/* global EventSource, location, setTimeout, clearTimeout */

import { chart, destroyCharts, rangeBar } from './charts.js';
import {
  ago,
  api,
  append,
  clear,
  evidenceBadges,
  fmt,
  h,
  setCrumbs,
  short,
  sparkline,
  stackName,
  targetHref,
  when,
} from './dom.js';
import { renderTarget } from './target-view.js';

const app = document.getElementById('app');
const live = document.getElementById('live');
const state = { range: 3600e3, refresh: null, view: null, diff: null };

// ---- #/ : targets ----------------------------------------------------------------------------------------------
async function renderTargets() {
  setCrumbs(['targets']);
  const rows = await api('/api/targets');
  const flagged = (t) => t.firing > 0;
  // One scale for every row: a target's trend reads against the others (3 goroutines are not 400).
  const scale = Math.max(1, ...rows.flatMap((t) => t.sparkline.map((p) => p[1])));
  const table = h(
    'table',
    { id: 'targets' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        [
          '',
          'target',
          'goroutines',
          `trend (0–${fmt(scale)}, same scale for all)`,
          'suspects',
          'alerts',
          'last scrape',
        ].map((x) => h('th', {}, x)),
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
          h('td', {}, sparkline(t.sparkline, scale)),
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
  const to = Date.now();
  const from = to - state.range;
  const enc = encodeURIComponent(name);
  const [st, series, info, alerts] = await Promise.all([
    api(`/api/stacks/${encodeURIComponent(fp)}`),
    api(`/api/targets/${enc}/buckets/${encodeURIComponent(fp)}/series?from=${from}&to=${to}`),
    api(`/api/targets/${enc}`),
    api(`/api/targets/${enc}/alerts`),
  ]);
  const title = stackName(st);
  setCrumbs(['targets', '#/'], [name, targetHref(name)], [title]);
  destroyCharts();
  clear(app);
  const labels = Object.entries(st.labels || {});
  app.appendChild(
    h(
      'div',
      { id: 'bucket', 'data-fingerprint': fp },
      h(
        'h2',
        { id: 'bucket-title' },
        title,
        st.site ? h('span', { class: 'muted mono' }, ` at ${short(st.site)}`) : null,
      ),
      h('div', { class: 'fp mono' }, `fingerprint ${fp}`),
      st.frameless
        ? h(
            'p',
            { class: 'muted', id: 'bucket-frameless' },
            'The dump printed no frames for these goroutines: they were running, just starting or exiting when it was ' +
              'taken, so there is no site to blame.',
          )
        : null,
      h(
        'p',
        {},
        st.waitClass !== st.state ? h('span', { class: 'badge' }, st.waitClass) : null,
        ' ',
        h('span', { id: 'bucket-state' }, st.state),
        st.ignored ? h('span', { class: 'muted' }, ` · benign: ${st.ignored}`) : null,
      ),
      bucketStatus(st, fp, info, alerts),
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
  app.appendChild(
    h(
      'ol',
      { class: 'stack', id: 'stack' },
      frames.length ? frames : h('li', { class: 'muted' }, 'no frames in the dump'),
    ),
  );
}

/** Evidence level, alert state and first-seen time of one stack. */
function bucketStatus(st, fp, info, alerts) {
  // An alert about this very stack (key) before one that merely lists it among the top stacks of the target.
  const pick = (list) => list.find((a) => a.key === fp) || list.find((a) => a.fingerprints.includes(fp));
  const firing = pick(info.firing);
  const past = pick(alerts.filter((a) => a.state !== 'firing'));
  const evidence = (info.last && info.last.evidence && info.last.evidence[fp]) || null;
  const growing = (info.growing || []).includes(fp);
  return h(
    'dl',
    { class: 'status', id: 'bucket-status' },
    h('dt', {}, 'evidence'),
    h(
      'dd',
      { id: 'bucket-evidence', 'data-evidence': evidence || 'none' },
      evidence
        ? h('span', { class: `badge ${evidence}` }, evidence)
        : h('span', { class: 'muted' }, 'not a leak suspect in the last sample'),
      growing ? h('span', { class: 'badge confirmed' }, 'growing') : null,
    ),
    h('dt', {}, 'alert'),
    h(
      'dd',
      { id: 'bucket-alert', 'data-state': firing ? 'firing' : past ? 'resolved' : 'none' },
      firing
        ? [
            h('span', { class: `badge ${firing.severity}` }, `firing · ${firing.rule}`),
            ` since ${when(firing.startsAt)}: ${firing.summary}`,
          ]
        : past
          ? [h('span', { class: 'badge resolved' }, `resolved · ${past.rule}`), ` ${when(past.endsAt)}`]
          : h('span', { class: 'muted' }, 'no alert has named this stack'),
    ),
    h('dt', {}, 'first seen'),
    h('dd', { id: 'bucket-first-seen' }, `${when(st.firstSeen)} (${ago(st.firstSeen)})`),
  );
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
