// The target view (#/t/NAME): status and firing alerts, goroutines beside heap and GC, state breakdown over time,
// top growing stacks, a comparison of any two samples, alert history and captured profiles.
/* global location */

import { chart, CLASS_COLORS, destroyCharts, rangeBar } from './charts.js';
import { ago, api, bucketHref, bytes, clear, fmt, h, setCrumbs, short, stackCell, when } from './dom.js';

export async function renderTarget(app, state, name, route) {
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
    api(`/api/targets/${enc}/samples?from=${from}&to=${to}`),
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
              a.fingerprints.map((fp) => [h('a', { href: bucketHref(name, fp) }, alertStackName(a, fp)), ' ']),
            )
          : null,
      ),
    );
  }
  app.appendChild(rangeBar(state, () => route()));

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
          ['stack', 'state', 'pattern', 'now', 'change'].map((x) => h('th', {}, x)),
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
              {},
              stackCell(b, bucketHref(name, b.fingerprint)),
              b.growing ? h('span', { class: 'badge confirmed' }, 'growing') : null,
            ),
            h('td', {}, b.state, b.leaked ? h('span', { class: 'badge proven' }, `${b.leaked} proven`) : null),
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
          ['stack', 'state', 'before', 'after', 'change'].map((x) => h('th', {}, x)),
        ),
      ),
      h(
        'tbody',
        {},
        d.buckets.map((r) =>
          h(
            'tr',
            { class: 'clickable', onclick: () => (location.hash = bucketHref(name, r.fingerprint)) },
            h('td', {}, stackCell(r)),
            h('td', {}, r.state),
            h('td', { class: 'num' }, fmt(r.a)),
            h('td', { class: 'num' }, fmt(r.b)),
            h('td', { class: 'num' }, r.delta > 0 ? `+${fmt(r.delta)}` : fmt(r.delta)),
          ),
        ),
      ),
    ),
  );
}

/** A stack an alert names, by function and site: from the alert's own suspects, else its subject. */
function alertStackName(a, fp) {
  const s = (a.suspects || []).find((x) => x.fingerprint === fp);
  if (s && s.stack && s.stack.length) return `${s.stack[0].func}${s.location ? ` (${short(s.location)})` : ''}`;
  if (a.subject && a.key === fp) return a.subject;
  return `stack ${fp}`;
}
