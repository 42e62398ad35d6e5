// watch fleet benchmark: shards. N simulated targets (bench/watch/targets, pinned to CPU 1, serving recorded
// goroutine profiles) listed in one file_sd file; in the same run, on the same targets:
//   single  one `goroutine-guard watch --file-sd` scraping all N
//   shards  `watch --file-sd --shard i/n` for i = 1..n, all at once, each measured on its own
// Each watch process is pinned to CPU 0; we read its CPU time (/proc/PID/stat) over the window and, from its
// /metrics, the scrapes it completed and how many series it exports per target (all, and per-site).
//
//   npm run build && node bench/watch/fleet.mjs [--targets 400] [--shards 2] [--interval 10s]
//                                              [--warmup 20] [--window 40] [--site-top-k 10]
// Results: bench/out/watch/fleet-results.jsonl and a Markdown table on stdout.

import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureAll, scrapeMetrics, startTargets, stop, waitFor } from './lib.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, 'bench/out/watch');
const { values } = parseArgs({
  options: {
    targets: { type: 'string', default: '400' },
    shards: { type: 'string', default: '2' },
    interval: { type: 'string', default: '10s' },
    warmup: { type: 'string', default: '20' },
    window: { type: 'string', default: '40' },
    'site-top-k': { type: 'string', default: '10' },
    mix: { type: 'string', default: 'g1k:60,g5k:25,g20k:10,g50k:5' },
  },
});
const n = Number(values.targets);
const shardCount = Number(values.shards);
const intervalS = Number(values.interval.replace(/s$/, ''));
const log = (s) => process.stderr.write(`${s}\n`);

const { fleet, proc: targetsProc } = await startTargets(n, values.mix, log);
const dir = join(OUT, 'fleet');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const sdFile = join(dir, 'targets.json');
writeFileSync(sdFile, JSON.stringify([{ targets: fleet.map((t) => `127.0.0.1:${t.port}`), labels: { env: 'bench' } }]));
log(`${fleet.length} simulated targets in ${sdFile}`);

/** Starts one watch process on the file_sd file; `shard` like "1/2" or undefined for all targets. */
async function startWatch(name, port, shard) {
  const args = [
    join(ROOT, 'bin/goroutine-guard.js'),
    'watch',
    '--file-sd',
    sdFile,
    '--data',
    join(dir, name),
    '--listen',
    `127.0.0.1:${port}`,
    '--interval',
    `${intervalS}s`,
    '--timeout',
    '5s',
    '--site-top-k',
    values['site-top-k'],
    ...(shard ? ['--shard', shard] : []),
  ];
  const proc = spawn('taskset', ['-c', '0', process.execPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  await waitFor(() => stderr.includes('watching'), `${name} to start`);
  const owned = Number(/watching (\d+) target/.exec(stderr)[1]);
  return {
    name,
    proc,
    url: `http://127.0.0.1:${port}`,
    owned,
    progress: () => scrapeMetrics(`http://127.0.0.1:${port}`),
  };
}

function seriesPerTarget(text, owned) {
  const lines = text.split('\n').filter((l) => /^goroutine_guard_\w+\{[^}]*target="/.test(l));
  const sites = lines.filter((l) => l.startsWith('goroutine_guard_target_site_goroutines{'));
  return { all: +(lines.length / owned).toFixed(1), sites: +(sites.length / owned).toFixed(1) };
}

const rows = [];
for (const layout of ['single', 'shards']) {
  const runs =
    layout === 'single'
      ? [await startWatch('single', 18_500, undefined)]
      : await Promise.all(
          Array.from({ length: shardCount }, (_, i) =>
            startWatch(`shard${i + 1}`, 18_501 + i, `${i + 1}/${shardCount}`),
          ),
        );
  const ms = await measureAll(runs, Number(values.warmup), Number(values.window));
  for (const [i, r] of runs.entries()) {
    const m = ms[i];
    const done = m.p1.scrapes - m.p0.scrapes;
    const cpuCores = m.cpuPct / 100;
    const perTarget = seriesPerTarget(m.p1.text, r.owned);
    const row = {
      date: new Date().toISOString(),
      layout,
      process: r.name,
      targets: r.owned,
      intervalS,
      cpuPct: +m.cpuPct.toFixed(1),
      cpuMsPerScrape: +((cpuCores * m.secs * 1000) / Math.max(1, done)).toFixed(2),
      // Targets one core keeps up with at this interval: CPU per scrape, not CPU share (a starved process on a
      // busy machine scrapes less, and spends less).
      targetsPerCore: Math.round((intervalS * 1000) / Math.max(1e-9, (cpuCores * m.secs * 1000) / Math.max(1, done))),
      scrapesDone: done,
      scrapesScheduled: Math.round((r.owned * m.secs) / intervalS),
      errors: m.p1.errors - m.p0.errors,
      rssMiB: +(m.rssKiB / 1024).toFixed(1),
      seriesPerTarget: perTarget.all,
      siteSeriesPerTarget: perTarget.sites,
    };
    rows.push(row);
    appendFileSync(join(OUT, 'fleet-results.jsonl'), `${JSON.stringify(row)}\n`);
    log(JSON.stringify(row));
  }
  await Promise.all(runs.map((r) => stop(r.proc)));
}
await stop(targetsProc);

console.log(
  `machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB; watch processes pinned to CPU 0, targets to CPU 1`,
);
console.log(
  `interval ${intervalS}s, warm-up ${values.warmup}s, window ${values.window}s, mix ${values.mix}, site top-k ${values['site-top-k']}\n`,
);
console.log(
  '| layout | process | targets | CPU (% of one core) | CPU ms / scrape | targets per core | done/scheduled | RSS MiB | series / target (site series) |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.layout} | ${r.process} | ${r.targets} | ${r.cpuPct} | ${r.cpuMsPerScrape} | ${r.targetsPerCore} | ${r.scrapesDone}/${r.scrapesScheduled} | ${r.rssMiB} | ${r.seriesPerTarget} (${r.siteSeriesPerTarget}) |`,
  );
}
