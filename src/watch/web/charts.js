// uPlot charts of the dashboard (uPlot is loaded as a global by its own script tag, served by the watch process).
/* global uPlot */

import { bytes, h } from './dom.js';

export const RANGES = [
  ['15m', 15 * 60e3],
  ['1h', 3600e3],
  ['6h', 6 * 3600e3],
  ['24h', 24 * 3600e3],
  ['7d', 7 * 24 * 3600e3],
];
export const CLASS_COLORS = {
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

/** Charts on screen, destroyed before a view re-renders. */
const live = [];

export function destroyCharts() {
  for (const c of live.splice(0)) c.destroy();
}

/** A uPlot line chart in `box`; `series`: [{label, values, color, scale}]. */
export function chart(box, title, xs, series, opts = {}) {
  const holder = h('div', { class: 'chart', 'data-chart': title }, h('h3', {}, title));
  box.appendChild(holder);
  if (xs.length === 0) {
    holder.appendChild(h('p', { class: 'muted' }, 'no samples in this range'));
    return;
  }
  const width = Math.max(300, holder.clientWidth - 16);
  const scales = { x: { time: true } };
  // One point has no span: uPlot would stretch the axis over years. Show a minute either side instead.
  if (xs.length === 1) scales.x.range = () => [xs[0] / 1000 - 60, xs[0] / 1000 + 60];
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
  live.push(u);
}

export function rangeBar(state, onChange) {
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
