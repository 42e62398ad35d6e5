// Long fuzz run over the real committed dumps (testdata/dumps): mutate (bench/fuzz/mutate.mjs), parse, analyze and
// render each case with the built library (dist/), and report cases per second and every case that was slow
// (> 1 s), large (> 512 MB RSS), hung (no answer in 30 s) or threw anything but a GuardError. Failing cases are
// written to bench/out/fuzz/ to replay. Run by hand (npm run build first), not by `npm test`:
//
//   node bench/fuzz/run.mjs --minutes 10 [--seed N]

/* global setInterval, clearInterval, setTimeout, clearTimeout, performance */

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { mutate, rng } from './mutate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SLOW_MS = 1000;
const LARGE_RSS = 512 * 1024 * 1024;
const HANG_MS = 30_000;

function corpus() {
  const out = [];
  for (const v of readdirSync(path.join(ROOT, 'testdata/dumps'))) {
    const d = path.join(ROOT, 'testdata/dumps', v);
    if (v.startsWith('.') || !/^(go1\.\d+|derived)$/.test(v)) continue;
    for (const f of readdirSync(d).sort()) {
      const buf = readFileSync(path.join(d, f));
      out.push({ name: `${v}/${f}`, buf });
      // The raw protobuf too: mutations then reach the decoder instead of failing the gzip CRC.
      if (f.endsWith('.pb.gz')) out.push({ name: `${v}/${f} (raw)`, buf: gunzipSync(buf) });
    }
  }
  return out;
}

if (isMainThread) {
  const args = process.argv.slice(2);
  const opt = (name, d) => {
    const i = args.indexOf(name);
    return i === -1 ? d : Number(args[i + 1]);
  };
  const minutes = opt('--minutes', 10);
  let seed = opt('--seed', Date.now() % 1e9);
  const files = corpus();
  const outDir = path.join(ROOT, 'bench/out/fuzz');
  mkdirSync(outDir, { recursive: true });
  const end = Date.now() + minutes * 60_000;
  const stats = { cases: 0, guardErrors: 0, slow: [], large: [], hangs: [], bugs: [], maxMs: 0, maxRss: 0 };
  let current; // { seed, file, started }
  let rssPeak = 0;
  const sampler = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > rssPeak) rssPeak = rss;
  }, 50);

  const save = (kind, c) => {
    const r = rng(c.seed);
    const file = files[Math.floor(r() * files.length)];
    const data = mutate(file.buf, r);
    const p = path.join(outDir, `${kind}-${c.seed}.bin`);
    writeFileSync(p, data);
    return p;
  };

  const startWorker = () =>
    new Promise((resolve) => {
      const w = new Worker(fileURLToPath(import.meta.url), {
        workerData: { seed, end },
        resourceLimits: { maxOldGenerationSizeMb: 4096 },
      });
      let watchdog;
      const arm = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          if (current) stats.hangs.push({ ...current, path: save('hang', current) });
          void w.terminate();
        }, HANG_MS);
      };
      arm();
      w.on('message', (m) => {
        if (m.type === 'start') {
          current = { seed: m.seed, file: m.file, size: m.size };
          rssPeak = process.memoryUsage.rss();
          arm();
          return;
        }
        // m.type === 'done'
        seed = m.seed + 1;
        stats.cases++;
        const rss = Math.max(rssPeak, process.memoryUsage.rss());
        if (m.ms > stats.maxMs) stats.maxMs = m.ms;
        if (rss > stats.maxRss) stats.maxRss = rss;
        if (m.error === 'guard') stats.guardErrors++;
        const c = { seed: m.seed, file: m.file, size: m.size, ms: Math.round(m.ms), rssMB: Math.round(rss / 2 ** 20) };
        if (m.ms > SLOW_MS) stats.slow.push({ ...c, path: save('slow', c) });
        if (rss > LARGE_RSS) stats.large.push({ ...c, path: save('large', c) });
        if (m.error && m.error !== 'guard') stats.bugs.push({ ...c, error: m.error, path: save('bug', c) });
        current = undefined;
        arm();
      });
      w.on('exit', () => {
        clearTimeout(watchdog);
        if (current) seed = current.seed + 1; // skip the case that killed the worker
        current = undefined;
        resolve();
      });
      w.on('error', (e) => {
        if (current) stats.bugs.push({ ...current, error: `worker: ${e.message}`, path: save('crash', current) });
      });
    });

  const t0 = Date.now();
  let last = t0;
  const progress = setInterval(() => {
    const s = (Date.now() - t0) / 1000;
    process.stderr.write(
      `${s.toFixed(0)} s: ${stats.cases} cases (${(stats.cases / s).toFixed(0)}/s), slow ${stats.slow.length}, ` +
        `large ${stats.large.length}, hangs ${stats.hangs.length}, bugs ${stats.bugs.length}\n`,
    );
    last = Date.now();
  }, 30_000);
  void last;
  while (Date.now() < end) await startWorker();
  clearInterval(progress);
  clearInterval(sampler);
  const secs = (Date.now() - t0) / 1000;
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
    memGB: Math.round(totalmem() / 2 ** 30),
    corpusFiles: files.length,
    seconds: Math.round(secs),
    cases: stats.cases,
    casesPerSecond: Math.round((stats.cases / secs) * 10) / 10,
    guardErrors: stats.guardErrors,
    maxCaseMs: Math.round(stats.maxMs),
    maxRssMB: Math.round(stats.maxRss / 2 ** 20),
    slow: stats.slow,
    large: stats.large,
    hangs: stats.hangs,
    bugs: stats.bugs,
  };
  writeFileSync(path.join(outDir, 'report.json'), JSON.stringify(report, null, 2));
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  process.exitCode = stats.slow.length + stats.large.length + stats.hangs.length + stats.bugs.length ? 1 : 0;
} else {
  const lib = await import(path.join(ROOT, 'dist/index.js'));
  const files = corpus();
  const { end } = workerData;
  let seed = workerData.seed;
  while (Date.now() < end) {
    const r = rng(seed);
    const file = files[Math.floor(r() * files.length)];
    const data = mutate(file.buf, r);
    parentPort.postMessage({ type: 'start', seed, file: file.name, size: data.length });
    const t0 = performance.now();
    let error;
    try {
      const d = await lib.parseDump(data, { source: 'fuzz' });
      const a = lib.analyze(d);
      lib.renderText(a);
      lib.renderMarkdown(a);
      lib.renderJSON(a);
    } catch (e) {
      error = e instanceof lib.GuardError ? 'guard' : `${e?.name}: ${e?.message}`.slice(0, 300);
    }
    parentPort.postMessage({
      type: 'done',
      seed,
      file: file.name,
      size: data.length,
      ms: performance.now() - t0,
      error,
    });
    seed++;
  }
}
