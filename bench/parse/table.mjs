// Turns bench/out/parse-results.jsonl (written by run.sh) into the markdown table for bench/RESULTS.md: median
// wall time, MiB/s and peak RSS per tool and file, goroutine-guard's speed-up over each peer, and a check that
// all tools agree on the goroutine count (bucket counts are listed; they differ by design, see RESULTS.md).
//
//   node bench/parse/table.mjs bench/out/parse-results.jsonl

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const lines = readFileSync(process.argv[2], 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l));

const meta = lines.find((l) => l.meta)?.meta;
const runs = lines.filter((l) => !l.meta && l.tool !== 'pp-count');
const ppCounts = new Map(lines.filter((l) => l.tool === 'pp-count').map((l) => [l.file, l]));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const MiB = 1024 * 1024;
const fmt = (x, digits = 1) => (x >= 100 ? x.toFixed(0) : x.toFixed(digits));

/** One row per (file, tool): median of the successful runs, or "> limit" when a run timed out. */
function summarize(file, tool) {
  const rs = runs.filter((r) => r.file === file && r.tool === tool);
  const ok = rs.filter((r) => r.status === 'ok');
  const timedOut = rs.find((r) => r.status === 'timeout');
  const failed = rs.find((r) => r.status.startsWith('exit-'));
  const count = tool === 'pp' ? ppCounts.get(file) : ok[0];
  return {
    tool,
    n: ok.length,
    bytes: rs[0].bytes,
    wall: ok.length ? median(ok.map((r) => r.wall)) : undefined,
    timeout: timedOut ? timedOut.wall : undefined,
    failed: failed ? `${failed.status}: ${failed.stderr.trim().split('\n').pop()}` : undefined,
    rssMiB: ok.length ? median(ok.map((r) => r.rssKiB)) / 1024 : undefined,
    cpu: ok.length ? median(ok.map((r) => r.cpu)) : undefined,
    goroutines: count?.goroutines ?? undefined,
    buckets: count?.buckets ?? undefined,
    parseNote: timedOut?.stderr.match(/parsed (\d+) goroutines in ([\d.]+)s, peak RSS (\d+) KiB/),
  };
}

const out = [];
if (meta) {
  out.push(
    `Machine: ${meta.nproc} cores, ${meta.cpu}, ${meta.mem} RAM; ${meta.date}; load average at start ${meta.loadStart};` +
      ` goroutine-guard ${meta.commit}, node ${meta.node}, ${meta.go}, panicparse ${meta.pp}; median of ${meta.runs} runs` +
      ` (slow peers: once when a run exceeds 60 s, stopped after ${meta.slowTimeout} s).`,
    '',
  );
}
out.push(
  '| input | tool | goroutines | buckets | wall s (median) | MiB/s | CPU s | peak RSS MiB | peer time ÷ ours |',
  '|---|---|--:|--:|--:|--:|--:|--:|--:|',
);
const problems = [];
const files = [...new Set(runs.map((r) => r.file))];
for (const file of files) {
  const tools = [...new Set(runs.filter((r) => r.file === file).map((r) => r.tool))];
  const rows = tools.map((t) => summarize(file, t));
  const ours = rows.find((r) => r.tool === 'ours');
  for (const r of rows) {
    const size = `${basename(file)} (${fmt(r.bytes / MiB)} MiB)`;
    let wall = '—';
    let rate = '—';
    let speedup = '';
    if (r.wall !== undefined) {
      wall = fmt(r.wall, 2);
      rate = fmt(r.bytes / MiB / r.wall);
      if (ours?.wall && r !== ours && !r.tool.startsWith('startup:')) speedup = `${fmt(r.wall / ours.wall)}×`;
    } else if (r.timeout !== undefined) {
      wall = `> ${r.timeout} (stopped)`;
      rate = `< ${fmt(r.bytes / MiB / r.timeout)}`;
      if (ours?.wall) speedup = `> ${fmt(r.timeout / ours.wall)}×`;
      if (r.parseNote) {
        wall += `; parse alone ${fmt(Number(r.parseNote[2]), 1)} s, ${fmt(Number(r.parseNote[3]) / 1024)} MiB`;
      }
    } else if (r.failed) {
      wall = `failed (${r.failed})`;
    }
    const rss = r.rssMiB !== undefined ? fmt(r.rssMiB) : '—';
    const cpu = r.cpu !== undefined ? fmt(r.cpu, 2) : '—';
    out.push(
      `| ${size} | ${r.tool} | ${r.goroutines ?? '—'} | ${r.buckets ?? '—'} | ${wall} | ${rate} | ${cpu} | ${rss} | ${speedup} |`,
    );
  }
  const counts = rows.filter((r) => r.goroutines !== undefined).map((r) => `${r.tool}=${r.goroutines}`);
  if (new Set(rows.filter((r) => r.goroutines !== undefined).map((r) => r.goroutines)).size > 1) {
    problems.push(`${basename(file)}: goroutine counts disagree: ${counts.join(', ')}`);
  }
}
// Paired ratios: within one round every tool ran once, back to back, so a ratio per round cancels most of the
// shared machine's load changes; the median of those is the headline.
const pairs = [
  ['cli', 'gostackparse', 'wall'],
  ['cli', 'gostackparse', 'cpu'],
  ['ours-1t', 'gostackparse', 'wall'],
  ['ours', 'gostackparse', 'wall'],
  ['cli', 'pp', 'cpu'],
  ['startup:--version', 'startup:node -e 0', 'cpu'],
];
const ratioRows = [];
for (const file of files) {
  for (const [a, b, what] of pairs) {
    const byRun = (tool) =>
      new Map(runs.filter((r) => r.file === file && r.tool === tool && r.status === 'ok').map((r) => [r.run, r]));
    const ra = byRun(a);
    const rb = byRun(b);
    const ratios = [...ra.keys()].filter((k) => rb.has(k)).map((k) => ra.get(k)[what] / rb.get(k)[what]);
    if (!ratios.length) continue;
    const list = ratios.map((x) => x.toFixed(2)).join(', ');
    ratioRows.push(`| ${basename(file)} | ${a} ÷ ${b} | ${what} | ${median(ratios).toFixed(2)} | ${list} |`);
  }
}
if (ratioRows.length) {
  out.push('', '| input | paired ratio | of | median | per round |', '|---|---|---|--:|---|', ...ratioRows);
}
out.push('');
out.push(
  problems.length
    ? problems.map((p) => `- DISAGREEMENT ${p}`).join('\n')
    : 'All tools that finished agree on the goroutine count.',
);
process.stdout.write(out.join('\n') + '\n');
