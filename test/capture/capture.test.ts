// `goroutine-guard capture` against the real Go servers: file naming, the index, debug levels, the goroutineleak
// profile (served only by a Go 1.26 build with GOEXPERIMENT=goroutineleakprofile; a 404 elsewhere is skipped with a
// note), appending to an existing capture, and the proven evidence a goroutineleak profile gives a series.

import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureIndex } from '../../src/io/capture.js';
import { buildServers, cli, drive, startServer, type Running } from './servers.js';

const work = mkdtempSync(path.join(tmpdir(), 'gg-capture-'));
const readIndex = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as CaptureIndex;
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('plain Go build (no goroutineleak profile)', () => {
  let servers: Awaited<ReturnType<typeof buildServers>>;
  let leaky: Running;
  beforeAll(async () => {
    servers = await buildServers(['leaky']);
    leaky = await startServer(servers.bin('leaky'));
    const d = drive(leaky.url, ['/lookup', '/status'], { concurrency: 1 });
    await new Promise((r) => setTimeout(r, 200));
    await d.stop();
  });
  afterAll(async () => {
    await leaky?.stop();
    servers?.cleanup();
  });

  it('writes debug=0 profiles as <name>_<unix>.pb.gz, notes the 404 once and records it in the index', async () => {
    const out = path.join(work, 'plain');
    const r = await cli('capture', leaky.pprof, '--out', out, '--samples', '3', '--interval', '300ms');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/goroutineleak: not served \(HTTP 404\); capturing goroutine only/);
    expect(r.stderr.match(/not served/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/\[3\/3\] goroutine +goroutine_\d+(\.\d{3})?\.pb\.gz [\d.]+ (KiB|B) in \d+ ms/);
    expect(r.stderr).toMatch(/3 samples written to /);
    const index = readIndex(out);
    expect(index.goroutineleak).toBe('not served');
    expect(index.target).toBe(leaky.pprof);
    expect(index.entries.map((e) => [e.profile, e.seq, e.debug])).toEqual([
      ['goroutine', 0, 0],
      ['goroutine', 1, 0],
      ['goroutine', 2, 0],
    ]);
    const t = index.entries.map((e) => e.unixMs);
    expect(t[1]! - t[0]!).toBeGreaterThanOrEqual(250);
    for (const e of index.entries) {
      const bytes = readFileSync(path.join(out, e.file!));
      expect(bytes.length).toBe(e.bytes);
      expect(gunzipSync(bytes).length).toBeGreaterThan(0);
      expect(Math.floor(e.unixMs / 1000)).toBe(Number(/_(\d+)/.exec(e.file!)![1]));
    }
    expect(readdirSync(out).filter((f) => f.endsWith('.part') || f.endsWith('.tmp'))).toEqual([]);
  });

  it('takes --debug 1 as .txt, appends to an existing capture and refuses a different target', async () => {
    const out = path.join(work, 'debug1');
    expect((await cli('capture', leaky.pprof, '-o', out, '--debug', '1', '-q')).code).toBe(0);
    expect((await cli('capture', `${leaky.url}/debug/pprof`, '-o', out, '--debug', '1', '-q')).code).toBe(0);
    const index = readIndex(out);
    expect(index.entries.map((e) => e.seq)).toEqual([0, 1]);
    for (const e of index.entries) {
      expect(e.file).toMatch(/\.txt$/);
      expect(readFileSync(path.join(out, e.file!), 'utf8')).toMatch(/^goroutine profile: total \d+/);
    }
    const other = await cli('capture', 'http://127.0.0.1:1/debug/pprof/', '-o', out, '-q');
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/index\.json: holds a capture of http:\/\/127\.0\.0\.1:\d+\/debug\/pprof\/, not/);
  });
});

describe('Go 1.26 with GOEXPERIMENT=goroutineleakprofile', () => {
  let servers: Awaited<ReturnType<typeof buildServers>>;
  let leaky: Running;
  beforeAll(async () => {
    servers = await buildServers(['leaky'], { GOEXPERIMENT: 'goroutineleakprofile' });
    leaky = await startServer(servers.bin('leaky'));
  });
  afterAll(async () => {
    await leaky?.stop();
    servers?.cleanup();
  });

  it('captures goroutineleak beside goroutine, and the series marks the GC-proven leak as proven', async () => {
    const out = path.join(work, 'leakprofile');
    const d = drive(leaky.url, ['/lookup', '/status'], { concurrency: 1, pauseMs: 5 });
    const r = await cli('capture', leaky.pprof, '-o', out, '-n', '3', '-i', '300ms');
    await d.stop();
    expect(r.code).toBe(0);
    const index = readIndex(out);
    expect(index.goroutineleak).toBe('captured');
    expect(index.entries.filter((e) => e.profile === 'goroutineleak' && e.file)).toHaveLength(3);
    expect(index.entries.every((e) => /^goroutine(leak)?_\d+(\.\d{3})?\.pb\.gz$/.test(e.file!))).toBe(true);

    const s = await cli('analyze', out, '-f', 'json');
    expect(s.code).toBe(0);
    const j = JSON.parse(s.stdout);
    expect(j.leakProfiles).toHaveLength(3);
    expect(j.samples).toHaveLength(3);
    const lookup = j.suspects.find((f: { location?: { func?: string } }) => f.location?.func === 'main.lookup.func1');
    expect(lookup.evidence).toBe('proven');
    // A persistConn loop waits on channels its Transport (a global) still reaches: the GC cannot prove it.
    const loop = j.suspects.find((f: { ruleId: string }) => f.ruleId === 'GG010');
    expect(loop?.evidence).not.toBe('proven');
  });
});
