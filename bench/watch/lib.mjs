// Shared by the watch benchmarks (run.mjs: targets per core; fleet.mjs: shards): the simulated fleet of
// bench/watch/targets serving recorded profiles, and CPU/memory of a process read from /proc.
/* global fetch */

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, 'bench/out/watch');
const BIN = join(OUT, 'bin');
const PROFILES = join(OUT, 'profiles');
const SIZES = { g1k: 1000, g5k: 5000, g20k: 20000, g50k: 50000 };
const TICK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** Builds the simulated targets (profiles recorded once) and starts `n` of them pinned to CPU 1. */
export async function startTargets(n, mix, log) {
  mkdirSync(BIN, { recursive: true });
  log('building profilegen and targets; recording profiles when missing');
  execFileSync('go', ['build', '-o', join(BIN, 'profilegen'), './profilegen'], {
    cwd: join(ROOT, 'testdata/go/watch'),
  });
  execFileSync('go', ['build', '-o', join(BIN, 'targets'), '.'], { cwd: join(ROOT, 'bench/watch/targets') });
  for (const [name, size] of Object.entries(SIZES)) {
    if (existsSync(join(PROFILES, `${name}.4.pb.gz`))) continue;
    execFileSync(join(BIN, 'profilegen'), ['-n', String(size), '-out', PROFILES, '-name', name], {
      stdio: 'inherit',
    });
  }
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run npm run build first');
  const proc = spawn(
    'taskset',
    ['-c', '1', join(BIN, 'targets'), '-n', String(n), '-profiles', PROFILES, '-mix', mix],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const fleet = await new Promise((resolve, reject) => {
    let buf = '';
    proc.stdout.on('data', (d) => {
      buf += d;
      const i = buf.indexOf('\n');
      if (i !== -1) resolve(JSON.parse(buf.slice(0, i)).targets);
    });
    proc.once('exit', (c) => reject(new Error(`targets exited ${c}`)));
  });
  return { fleet, proc };
}

export function cpuTicks(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return Number(rest[11]) + Number(rest[12]); // utime + stime
}

export function memKiB(pid, key) {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** Scrape counters and latency quantiles from a watch's /metrics (and the text itself). */
export async function scrapeMetrics(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const sum = (name) => {
    let s = 0;
    for (const m of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))) s += Number(m[1]);
    return s;
  };
  const durs = [...text.matchAll(/^goroutine_guard_scrape_duration_seconds\{[^}]*\} (\S+)$/gm)].map((m) =>
    Number(m[1]),
  );
  durs.sort((a, b) => a - b);
  return {
    text,
    scrapes: sum('goroutine_guard_scrapes_total'),
    errors: sum('goroutine_guard_scrape_errors_total'),
    p50: durs[durs.length >> 1] ?? NaN,
    p95: durs[Math.floor(durs.length * 0.95)] ?? NaN,
  };
}

export async function waitFor(fn, what, ms = 60_000) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch {
      // not up yet
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

export function stop(proc) {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve(proc.exitCode);
    proc.once('exit', (c) => resolve(c));
    proc.kill('SIGTERM');
  });
}

/** CPU and memory of each process over the same window; `progress` reads a counter of completed work. */
export async function measureAll(runs, warmup, window) {
  await sleep(warmup * 1000);
  const c0 = runs.map((r) => cpuTicks(r.proc.pid));
  const p0 = await Promise.all(runs.map((r) => r.progress()));
  const t0 = Date.now();
  await sleep(window * 1000);
  const c1 = runs.map((r) => cpuTicks(r.proc.pid));
  const p1 = await Promise.all(runs.map((r) => r.progress()));
  const secs = (Date.now() - t0) / 1000;
  return runs.map((r, i) => ({
    cpuPct: ((c1[i] - c0[i]) / TICK / secs) * 100,
    p0: p0[i],
    p1: p1[i],
    secs,
    rssKiB: memKiB(r.proc.pid, 'VmRSS'),
    hwmKiB: memKiB(r.proc.pid, 'VmHWM'),
  }));
}

/** One process: `measureAll` for a single run. */
export async function measureCpu(proc, progress, warmup, window) {
  return (await measureAll([{ proc, progress }], warmup, window))[0];
}
