// Small pictures of a series: unicode sparklines for the terminal, inline SVG sparklines for HTML, and the uPlot
// library (MIT, inlined with its license so the report stays one self-contained file) for the total-over-time chart.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const BLOCKS = '▁▂▃▄▅▆▇█';

/** `▁▂▄█`: one block per sample, scaled from 0 to the series' maximum. */
export function sparkText(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => BLOCKS[max === 0 ? 0 : Math.round((v / max) * (BLOCKS.length - 1))]!).join('');
}

/** An inline SVG polyline of the values (0 at the bottom), with a dot on the last sample. No text from dumps. */
export function sparkSvg(values: readonly number[], width = 120, height = 24): string {
  const max = Math.max(1, ...values);
  const n = values.length;
  const x = (i: number) => (n <= 1 ? width / 2 : (i / (n - 1)) * (width - 4) + 2);
  const y = (v: number) => height - 2 - (v / max) * (height - 4);
  const pts = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const last = values.length ? `<circle cx="${x(n - 1).toFixed(1)}" cy="${y(values[n - 1]!).toFixed(1)}" r="2"/>` : '';
  return (
    `<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" ` +
    `aria-label="${values.join(', ')}"><polyline points="${pts}" fill="none" stroke-width="1.5"/>${last}</svg>`
  );
}

let assets: { js: string; css: string } | undefined;

/** uPlot's minified IIFE build and stylesheet, with the MIT license as a leading comment. */
export function uplotAssets(): { js: string; css: string } {
  if (assets) return assets;
  const require = createRequire(import.meta.url);
  const js = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
  const css = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  const license = readFileSync(require.resolve('uplot/LICENSE'), 'utf8').trim();
  // A `</script` inside the library would end the inline script early.
  if (/<\/script/i.test(js)) throw new Error('uPlot bundle contains </script and cannot be inlined');
  assets = { js: `/*! uPlot — ${license.replace(/\*\//g, '* /')} */\n${js}`, css };
  return assets;
}

/** JSON for an inline <script>: `<`, `>`, `&` and line separators escaped so no dump text can end the script. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
