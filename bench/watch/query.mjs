// watch benchmark: dashboard query latency at 7 days of history for 100 targets. The history is generated straight
// into SQLite through watch's own Store (what 7 days of scraping at 30 s would leave after retention: raw samples
// for the last `--raw`, one per `--step` before that), from real recorded profiles (profilegen, via run.mjs) with
// counts that drift and, for one target in ten, a stack that leaks steadily. Then the built watch opens that
// history and its HTTP API is timed over real HTTP on 127.0.0.1.
//
//   npm run build && node bench/watch/query.mjs [--targets 100] [--days 7] [--interval 30s] [--raw 24h] [--step 5m]
// Output: a Markdown table on stdout, raw numbers in bench/out/watch/query-results.jsonl.
/* global fetch, performance */

import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, 'bench/out/watch');
const PROFILES = join(OUT, 'profiles');
const dist = (p) => import(pathToFileURL(join(ROOT, 'dist', p)).href);
const { analyzeDump } = await dist('index.js');
const { buildSample } = await dist('watch/sample.js');
const { Store } = await dist('watch/store.js');
const { Watcher } = await dist('watch/watcher.js');
const { startServer } = await dist('watch/server.js');
const { buildConfig } = await dist('watch/config.js');

const { values } = parseArgs({
  options: {
    targets: { type: 'string', default: '100' },
    days: { type: 'string', default: '7' },
    interval: { type: 'string', default: '30' },
    raw: { type: 'string', default: '24' },
    step: { type: 'string', default: '5' },
    reps: { type: 'string', default: '30' },
  },
});
const N = Number(values.targets);
const DAYS = Number(values.days);
const INTERVAL = Number(values.interval.replace(/s$/, '')) * 1000;
const RAW = Number(values.raw.replace(/h$/, '')) * 3_600_000;
const STEP = Number(values.step.replace(/m$/, '')) * 60_000;
const REPS = Number(values.reps);
const log = (s) => process.stderr.write(`${s}\n`);

const names = ['g1k', 'g5k', 'g20k', 'g50k'];
for (const n of names) {
  if (!existsSync(join(PROFILES, `${n}.4.pb.gz`)))
    throw new Error(`missing ${n} profiles: run bench/watch/run.mjs once`);
}
const templates = [];
for (const n of names) {
  const analysis = await analyzeDump(readFileSync(join(PROFILES, `${n}.4.pb.gz`)), { source: n });
  templates.push(buildSample({ target: n, t: 0, durationMs: 5, bytes: 3000, analysis, maxBuckets: 200 }));
}

const dir = join(OUT, `query-${N}x${DAYS}d`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const dbPath = join(dir, 'watch.db');
const now = Date.now();
const start = now - DAYS * 86_400_000;
const store = await Store.open(dbPath);
const t0 = performance.now();
let samples = 0;
for (let i = 0; i < N; i++) {
  const tpl = templates[i % 10 < 6 ? 0 : i % 10 < 8 ? 1 : i % 10 < 9 ? 2 : 3];
  const tid = store.targetId(`t${i}`, `http://127.0.0.1:${20_000 + i}`, start);
  const leaking = i % 10 === 3;
  const leakFp = tpl.buckets.find((b) => tpl.stacks.get(b.fingerprint)?.leakProne)?.fingerprint;
  for (let t = start; t <= now; t += t < now - RAW ? STEP : INTERVAL) {
    const phase = ((t - start) / 3_600_000) * 0.7 + i;
    const buckets = tpl.buckets.map((b) => {
      let count = Math.max(1, Math.round(b.count * (1 + 0.05 * Math.sin(phase + b.count))));
      if (leaking && b.fingerprint === leakFp) count += Math.round(((t - start) / 86_400_000) * 200);
      return { fingerprint: b.fingerprint, count, leaked: 0 };
    });
    const goroutines = buckets.reduce((s, b) => s + b.count, 0);
    store.enqueueSample({ ...tpl, target: `t${i}`, t, goroutines, parked: goroutines, buckets }, tid);
    if (++samples % 5000 === 0) await store.flush();
  }
  if (leaking) {
    store.enqueueAlert(
      {
        id: store.allocateAlertId(),
        target: `t${i}`,
        rule: 'bucket-growing',
        key: leakFp,
        severity: 'critical',
        state: 'firing',
        startsAt: start + 3_600_000,
        lastSeen: now,
        summary: 'stack grew',
        value: 1,
        fingerprints: [leakFp],
        suspects: tpl.suspects
          .slice(0, 3)
          .map((f) => ({ title: f.title, ruleId: f.ruleId, message: f.message, stack: [] })),
        missing: 0,
      },
      tid,
    );
  }
}
await store.flush();
await store.client.execute({ sql: 'UPDATE samples SET resolution = ? WHERE t < ?', args: [STEP, now - RAW] });
const genSecs = (performance.now() - t0) / 1000;
const rows = Number((await store.client.execute('SELECT COUNT(*) AS n FROM sample_buckets')).rows[0].n);
await store.close();
const dbMiB = statSync(dbPath).size / 2 ** 20;
log(`generated ${samples} samples, ${rows} bucket rows in ${genSecs.toFixed(0)} s; ${dbMiB.toFixed(0)} MiB`);

const cfg = buildConfig(
  {
    data: dir,
    targets: Array.from({ length: N }, (_, i) => ({ name: `t${i}`, url: `http://127.0.0.1:${20_000 + i}` })),
  },
  { listen: '127.0.0.1:0' },
  (path, detail) => {
    throw new Error(`${path.join('.')}: ${detail}`);
  },
);
const o0 = performance.now();
const w = await Watcher.open(cfg, { processMetrics: false });
const openMs = performance.now() - o0;
const server = await startServer(w, { listen: cfg.listen });
const base = server.url;
const T = 't3';
const leakFp = templates[0].buckets.find((b) => templates[0].stacks.get(b.fingerprint)?.leakProne).fingerprint;
const ids = (await (await fetch(`${base}/api/targets/${T}/samples`)).json()).map((s) => s.id);
const oldest = Number((await w.store.client.execute(`SELECT MIN(id) AS n FROM samples WHERE target_id = 4`)).rows[0].n);
const queries = [
  [`target list (${N} targets, sparklines)`, '/api/targets'],
  ['series, last hour', `/api/targets/${T}/series?from=${now - 3_600_000}&to=${now}`],
  ['series, last 24 h', `/api/targets/${T}/series?from=${now - 86_400_000}&to=${now}`],
  ['series, 7 days', `/api/targets/${T}/series?from=${start}&to=${now}`],
  ['top growing stacks, 1 h window', `/api/targets/${T}/buckets?window=3600000`],
  ['top growing stacks, 7 d window', `/api/targets/${T}/buckets?window=${7 * 86_400_000}`],
  ['one stack', `/api/stacks/${leakFp}`],
  ['stack growth, 7 days', `/api/targets/${T}/buckets/${leakFp}/series?from=${start}&to=${now}`],
  ['diff, oldest vs newest sample', `/api/targets/${T}/diff?a=${oldest}&b=${ids[0]}`],
  ['alert history', `/api/targets/${T}/alerts`],
  ['samples for the diff pickers', `/api/targets/${T}/samples`],
  ['/metrics', '/metrics'],
];
const results = [];
for (const [label, path] of queries) {
  const res = await fetch(base + path);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  const bytes = (await res.arrayBuffer()).byteLength;
  const times = [];
  for (let r = 0; r < REPS; r++) {
    const q0 = performance.now();
    await (await fetch(base + path)).arrayBuffer();
    times.push(performance.now() - q0);
  }
  times.sort((a, b) => a - b);
  const r = {
    query: label,
    p50: +times[times.length >> 1].toFixed(1),
    p95: +times[Math.floor(times.length * 0.95)].toFixed(1),
    max: +times[times.length - 1].toFixed(1),
    bytes,
  };
  results.push(r);
  appendFileSync(
    join(OUT, 'query-results.jsonl'),
    `${JSON.stringify({ date: new Date().toISOString(), targets: N, days: DAYS, ...r })}\n`,
  );
  log(JSON.stringify(r));
}
await server.app.close();
await w.stop();

console.log(`machine: ${cpus().length} CPUs (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB`);
console.log(
  `history: ${N} targets × ${DAYS} days, ${INTERVAL / 1000} s interval, raw for the last ${RAW / 3_600_000} h then one per ${STEP / 60_000} min: ` +
    `${samples} samples, ${rows} per-stack rows, ${dbMiB.toFixed(0)} MiB (generated in ${genSecs.toFixed(0)} s); watch opened it in ${openMs.toFixed(0)} ms\n`,
);
console.log('| query | p50 ms | p95 ms | max ms | response bytes |');
console.log('|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.query} | ${r.p50} | ${r.p95} | ${r.max} | ${r.bytes} |`);
