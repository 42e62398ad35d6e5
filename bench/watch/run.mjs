// watch benchmark: targets per core at a 10 s interval. Simulated targets (bench/watch/targets, pinned to CPU 1)
// serve real goroutine profiles recorded by profilegen (1k–50k goroutines, rotating snapshots of a slowly growing
// service) and client_golang-style /metrics. `goroutine-guard watch` (the built CLI, pinned to CPU 0) scrapes N of
// them; over a measurement window we read its CPU time (/proc/PID/stat), RSS (/proc/PID/status) and, from its own
// /metrics, the scrapes it completed against the scrapes the schedule asked for.
//
// Peers in the same run, on the same CPU and targets:
//   prometheus  Prometheus scraping the same N targets' /metrics at the same interval (a standard scraper's cost)
//   floor       a bare Node loop fetching the same profile URLs at the same rate, no parsing or storage
//
//   npm run build && node bench/watch/run.mjs [--targets 100,250,500,750,1000] [--interval 10s]
//                                             [--warmup 30] [--window 60] [--peers prometheus,floor]
// Results: bench/out/watch/results.jsonl (one line per run) and a Markdown table on stdout.
/* global fetch */

import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient } from '@libsql/client';
import { measureCpu, scrapeMetrics as metrics, startTargets, stop, waitFor } from './lib.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, 'bench/out/watch');

const { values } = parseArgs({
  options: {
    targets: { type: 'string', default: '100,250,500,750,1000' },
    interval: { type: 'string', default: '10s' },
    warmup: { type: 'string', default: '30' },
    window: { type: 'string', default: '60' },
    peers: { type: 'string', default: 'prometheus,floor' },
    mix: { type: 'string', default: 'g1k:60,g5k:25,g20k:10,g50k:5' },
  },
});
const counts = values.targets.split(',').map(Number);
const intervalS = Number(values.interval.replace(/s$/, ''));
const warmup = Number(values.warmup);
const window = Number(values.window);
const peers = values.peers ? values.peers.split(',') : [];
const log = (s) => process.stderr.write(`${s}\n`);

const maxN = Math.max(...counts);
const { fleet, proc: targetsProc } = await startTargets(maxN, values.mix, log);
log(`${fleet.length} simulated targets up`);

/** Requests the simulated targets have answered (all of them, any path). */
async function hits() {
  return Number(await (await fetch(`http://127.0.0.1:${fleet[0].port}/hits`)).text());
}
const measure = (proc, progress) => measureCpu(proc, progress, warmup, window);

const results = [];
const record = (r) => {
  results.push(r);
  appendFileSync(join(OUT, 'results.jsonl'), `${JSON.stringify({ date: new Date().toISOString(), ...r })}\n`);
  log(JSON.stringify(r));
};

for (const n of counts) {
  const targets = fleet.slice(0, n);
  const dir = join(OUT, `run-${n}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const port = 18_000 + n;
  const cfg = [
    `data: ${join(dir, 'data')}`,
    `listen: 127.0.0.1:${port}`,
    `interval: ${intervalS}s`,
    'timeout: 5s',
    'concurrency: 16',
    'targets:',
    ...targets.map((t, i) => `  - { name: t${i}-${t.profile}, url: "http://127.0.0.1:${t.port}", metrics: /metrics }`),
  ].join('\n');
  writeFileSync(join(dir, 'watch.yaml'), cfg);
  const watch = spawn(
    'taskset',
    ['-c', '0', process.execPath, join(ROOT, 'bin/goroutine-guard.js'), 'watch', '-c', join(dir, 'watch.yaml')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  watch.stderr.on('data', (d) => (stderr += d));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(() => stderr.includes('watching'), 'watch to start');
  const m = await measure(watch, async () => metrics(url));
  const expected = (n * m.secs) / intervalS;
  const done = m.p1.scrapes - m.p0.scrapes;
  await stop(watch);
  const db = statSync(join(dir, 'data', 'watch.db')).size;
  const sql = createClient({ url: `file:${join(dir, 'data', 'watch.db')}` });
  const samples = Number((await sql.execute('SELECT COUNT(*) AS n FROM samples')).rows[0].n);
  sql.close();
  record({
    tool: 'goroutine-guard watch',
    targets: n,
    intervalS,
    cpuPct: +m.cpuPct.toFixed(1),
    cpuMsPerScrape: +(((m.cpuPct / 100) * m.secs * 1000) / Math.max(1, done)).toFixed(2),
    rssMiB: +(m.rssKiB / 1024).toFixed(1),
    peakRssMiB: +(m.hwmKiB / 1024).toFixed(1),
    scrapesDone: done,
    scrapesScheduled: Math.round(expected),
    keptUp: done >= 0.95 * expected && m.p1.errors - m.p0.errors === 0,
    errors: m.p1.errors - m.p0.errors,
    scrapeP50ms: +(m.p1.p50 * 1000).toFixed(1),
    scrapeP95ms: +(m.p1.p95 * 1000).toFixed(1),
    historyBytesPerSample: Math.round(db / Math.max(1, samples)),
    historyMiBPerDay: +(((db / Math.max(1, samples)) * n * (86_400 / intervalS)) / 2 ** 20).toFixed(0),
  });

  if (peers.includes('prometheus') && existsSync('/usr/bin/prometheus')) {
    const pdir = join(dir, 'prometheus');
    mkdirSync(pdir, { recursive: true });
    writeFileSync(
      join(pdir, 'prometheus.yml'),
      `global: { scrape_interval: ${intervalS}s, scrape_timeout: 5s }\nscrape_configs:\n  - job_name: fleet\n    static_configs: [{ targets: [${targets.map((t) => `'127.0.0.1:${t.port}'`).join(', ')}] }]\n`,
    );
    const pport = 19_000 + n;
    const prom = spawn(
      'taskset',
      [
        '-c',
        '0',
        '/usr/bin/prometheus',
        `--config.file=${join(pdir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(pdir, 'data')}`,
        `--web.listen-address=127.0.0.1:${pport}`,
      ],
      { stdio: 'ignore' },
    );
    const purl = `http://127.0.0.1:${pport}`;
    await waitFor(async () => (await fetch(`${purl}/-/ready`)).ok, 'prometheus');
    // Only Prometheus talks to the targets now: their hit counter is its scrape count.
    const pm = await measure(prom, hits);
    await stop(prom);
    record({
      tool: 'prometheus (scrapes /metrics only)',
      targets: n,
      intervalS,
      cpuPct: +pm.cpuPct.toFixed(1),
      cpuMsPerScrape: +(((pm.cpuPct / 100) * pm.secs * 1000) / Math.max(1, pm.p1 - pm.p0)).toFixed(2),
      rssMiB: +(pm.rssKiB / 1024).toFixed(1),
      peakRssMiB: +(pm.hwmKiB / 1024).toFixed(1),
      scrapesDone: pm.p1 - pm.p0,
      scrapesScheduled: Math.round((n * pm.secs) / intervalS),
    });
  }

  if (peers.includes('floor')) {
    const urls = targets.map((t) => `http://127.0.0.1:${t.port}/debug/pprof/goroutine?debug=0`);
    writeFileSync(join(dir, 'urls.json'), JSON.stringify(urls));
    const floor = spawn(
      'taskset',
      ['-c', '0', process.execPath, join(ROOT, 'bench/watch/floor.mjs'), join(dir, 'urls.json'), String(intervalS)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let count = 0;
    floor.stdout.on('data', (d) => (count += String(d).split('\n').filter(Boolean).length));
    const fm = await measure(floor, async () => count);
    await stop(floor);
    record({
      tool: 'floor: fetch the profiles, no parsing',
      targets: n,
      intervalS,
      cpuPct: +fm.cpuPct.toFixed(1),
      cpuMsPerScrape: +(((fm.cpuPct / 100) * fm.secs * 1000) / Math.max(1, fm.p1 - fm.p0)).toFixed(2),
      rssMiB: +(fm.rssKiB / 1024).toFixed(1),
      scrapesDone: fm.p1 - fm.p0,
      scrapesScheduled: Math.round((n * fm.secs) / intervalS),
    });
  }
}
await stop(targetsProc);

const cpu = cpus()[0]?.model ?? '?';
console.log(
  `machine: ${cpus().length} CPUs (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB; watch and peers pinned to CPU 0, targets to CPU 1`,
);
console.log(`interval ${intervalS}s, warm-up ${warmup}s, window ${window}s, mix ${values.mix}\n`);
console.log(
  '| tool | targets | CPU (% of one core) | CPU ms / scrape | RSS MiB | kept up (done/scheduled) | scrape p50 / p95 ms | history bytes/sample (MiB/day) |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const kept =
    r.keptUp === undefined
      ? `${r.scrapesDone}/${r.scrapesScheduled}`
      : `${r.keptUp ? 'yes' : 'NO'} (${r.scrapesDone}/${r.scrapesScheduled})`;
  const lat = r.scrapeP50ms === undefined ? '' : `${r.scrapeP50ms} / ${r.scrapeP95ms}`;
  console.log(
    `| ${r.tool} | ${r.targets} | ${r.cpuPct} | ${r.cpuMsPerScrape} | ${r.rssMiB} | ${kept} | ${lat} | ${r.historyBytesPerSample === undefined ? '' : `${r.historyBytesPerSample} (${r.historyMiBPerDay})`} |`,
  );
}
