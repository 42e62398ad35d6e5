// The acceptance test, through the real CLI against real Go servers on 127.0.0.1: while requests are
// driven, `analyze <pprof-url> --samples 8 --interval 300ms` must confirm the leaky server's leaks by growth (at
// the right file:line, with the right pattern) and must find nothing confirmed in the busy server, whose
// goroutines come and go. The captured directory is then re-analyzed and diffed from disk.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import { buildServers, cli, drive, leakLine, startServer, type Running } from '../capture/servers.js';

interface SeriesJson {
  samples: { time: string; goroutines: number }[];
  skipped: unknown[];
  total: { counts: number[]; breach?: { start: number; end: number; minRate: number }; trend: { growing: boolean } };
  buckets: { growing: boolean; ignored?: string; waitClass: string; site?: { func?: string }; counts: number[] }[];
  suspects: Finding[];
}

let servers: Awaited<ReturnType<typeof buildServers>>;
const work = mkdtempSync(path.join(tmpdir(), 'gg-series-'));

beforeAll(async () => {
  servers = await buildServers(['leaky', 'busy']);
});
afterAll(() => {
  servers?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

async function series(server: Running, paths: string[], concurrency: number, out: string, ...extra: string[]) {
  const driver = drive(server.url, paths, { concurrency, pauseMs: 2 });
  await new Promise((r) => setTimeout(r, 300)); // warm up: the series starts under load
  try {
    return await cli('analyze', server.pprof, '--samples', '8', '--interval', '300ms', '--out', out, ...extra);
  } finally {
    expect(await driver.stop()).toBeGreaterThan(20);
  }
}

describe('leaky server: leaks confirmed by growth', () => {
  let leaky: Running;
  const out = path.join(work, 'leaky');
  let report: SeriesJson;
  let code: number;

  beforeAll(async () => {
    leaky = await startServer(servers.bin('leaky'));
    const r = await series(leaky, ['/lookup', '/status', '/search?n=3'], 2, out, '--format', 'json', '-q');
    expect(r.stderr).not.toMatch(/internal error/);
    code = r.code;
    report = JSON.parse(r.stdout) as SeriesJson;
  });
  afterAll(async () => leaky?.stop());

  it('captured 8 samples into the --out directory with an index', () => {
    expect(code).toBe(0);
    expect(report.samples).toHaveLength(8);
    expect(report.skipped).toEqual([]);
    const index = JSON.parse(readFileSync(path.join(out, 'index.json'), 'utf8'));
    const goroutine = index.entries.filter((e: { profile: string }) => e.profile === 'goroutine');
    expect(goroutine).toHaveLength(8);
    for (const e of goroutine) {
      expect(e.file).toMatch(/^goroutine_\d{10}(\.\d{3})?\.txt$/);
      expect(existsSync(path.join(out, e.file))).toBe(true);
    }
    expect(index.goroutineleak).toBe('not served');
  });

  it('confirms GG001 at the send in main.lookup.func1', () => {
    const f = report.suspects.find((s) => s.location?.func === 'main.lookup.func1');
    expect(f, JSON.stringify(report.suspects.map((s) => [s.ruleId, s.evidence, s.location]))).toBeDefined();
    expect(f!.ruleId).toBe('GG001');
    expect(f!.evidence).toBe('confirmed');
    expect(f!.location!.file).toMatch(/testdata\/go\/servers\/leaky\/main\.go$/);
    expect(f!.location!.line).toBe(leakLine('leaky', 'GG001'));
    expect(f!.location!.func).toBe('main.lookup.func1');
    const counts = f!.data!.counts as number[];
    expect(counts).toHaveLength(8);
    expect(counts[7]!).toBeGreaterThan(counts[0]!);
    expect(f!.explanation).toMatch(/Grew from \d+ to \d+ goroutines over 8 samples/);
  });

  it('confirms GG010 at the persistConn read and write loops', () => {
    const loops = report.suspects.filter((s) => s.ruleId === 'GG010' && s.evidence === 'confirmed');
    expect(loops.map((s) => s.location!.func).sort()).toEqual([
      'net/http.(*persistConn).readLoop',
      'net/http.(*persistConn).writeLoop',
    ]);
  });

  it('confirms the N-cast replicas (GG015 in the source; a dump alone may only tell GG001)', () => {
    const f = report.suspects.find((s) => s.location?.func === 'main.search.func1');
    expect(f?.evidence).toBe('confirmed');
    expect(['GG001', 'GG015']).toContain(f?.ruleId);
    expect(f?.location?.line).toBe(leakLine('leaky', 'GG015'));
  });

  it('breaks the >50/s for 3 periods rule', () => {
    expect(report.total.trend.growing).toBe(true);
    expect(report.total.breach).toBeDefined();
    expect(report.total.breach!.minRate).toBeGreaterThan(50);
  });

  it('re-analyzes the captured directory from disk to the same verdict, and --fail-on confirmed exits 1', async () => {
    const r = await cli('analyze', out, '--fail-on', 'confirmed');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Series: 8 samples/);
    expect(r.stdout).toMatch(/CONFIRMED GG001 \d+ goroutines in chan send/);
    expect(r.stdout).toMatch(/Growth rate rule: BREACHED/);
  });

  it('diffs the first and last capture: growth, stuck goroutines (same id, same stack)', async () => {
    const files = readdirSync(out)
      .filter((f) => f.startsWith('goroutine_'))
      .map((f) => path.join(out, f));
    const index = JSON.parse(readFileSync(path.join(out, 'index.json'), 'utf8'));
    const first = path.join(out, index.entries[0].file);
    const last = path.join(out, index.entries.at(-1).file);
    expect(files).toContain(last);
    const r = await cli('diff', first, last, '--format', 'json');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    const lookup = d.entries.find((e: { site?: { func?: string } }) => e.site?.func === 'main.lookup.func1');
    expect(lookup.status).toBe('grown');
    expect(lookup.ruleId).toBe('GG001');
    expect(lookup.delta).toBeGreaterThan(0);
    // Every leaked goroutine of the first sample is still parked at the same stack in the last one.
    expect(lookup.stuck).toBe(lookup.before);
    expect(d.entries[0].delta).toBeGreaterThanOrEqual(lookup.delta);
    expect(d.elapsedMs).toBeGreaterThan(1500);
    const fail = await cli('diff', first, last, '--fail-on-growth', '1');
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/grown +\[chan send\] main\.go:\d+ main\.lookup\.func1 GG001 · \d+ stuck/);
  });
});

describe('busy server: goroutines come and go, nothing is confirmed', () => {
  let busy: Running;
  let report: SeriesJson;

  beforeAll(async () => {
    busy = await startServer(servers.bin('busy'));
    const r = await series(busy, ['/work?n=8', '/work?n=4', '/status'], 6, path.join(work, 'busy'), '-f', 'json', '-q');
    expect(r.code).toBe(0);
    report = JSON.parse(r.stdout) as SeriesJson;
  });
  afterAll(async () => busy?.stop());

  it('saw the transient goroutines (the negative case is not vacuous)', () => {
    const workers = report.buckets.filter((b) => b.site?.func === 'main.work.func1');
    const seen = workers.flatMap((b) => b.counts);
    expect(Math.max(...seen)).toBeGreaterThan(0);
    expect(report.samples).toHaveLength(8);
  });

  it('has no confirmed or proven suspect, no growing stack and no rate breach', () => {
    expect(report.suspects.filter((s) => s.evidence === 'confirmed' || s.evidence === 'proven')).toEqual([]);
    expect(report.buckets.filter((b) => b.growing && !b.ignored)).toEqual([]);
    expect(report.total.breach).toBeUndefined();
  });
});
