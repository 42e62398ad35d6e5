// Execution traces end to end: the Go helper is built from analyzer/ with the local Go into a fresh cache and reads
// the committed traces of testdata/go/traces (made by go1.23, go1.25 and go1.26: testdata/traces/generate.sh).
// The leak sites come out as dump suspects, the healthy program has none, the goroutine counts agree with the Go
// toolchain's own trace parser (`go tool trace -d=parsed`, GOROOT's internal/trace: another copy and another
// program), and a cut or corrupt trace is a one-line error naming the file and the byte offset.

import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceDataOf } from '../../src/analysis/index.js';
import { isGuardError } from '../../src/core/index.js';
import { analyzeInput, readTrace } from '../../src/io/index.js';
import { runCli } from '../helpers/cli.js';

const run = promisify(execFile);
const TRACES = path.resolve(import.meta.dirname, '../../testdata/traces');
const VERSIONS = readdirSync(TRACES).filter((d) => /^go1\.\d+$/.test(d));
const tmp = mkdtempSync(path.join(tmpdir(), 'gg-trace-test-'));
const env = { ...process.env, GOROUTINE_GUARD_CACHE: path.join(tmp, 'cache') };

describe('execution traces', () => {
  it('has traces from at least two Go versions', () => {
    expect(VERSIONS.length).toBeGreaterThanOrEqual(2);
  });

  it.each(VERSIONS)('%s: finds the two leak sites of the leaky program', async (v) => {
    const a = await analyzeInput(path.join(TRACES, v, 'leak.trace'), { env });
    expect(a.info.format).toBe('trace');
    const sites = a.suspects.map((f) => `${f.ruleId} ${f.evidence} ${f.count} ${f.location?.func}@${f.location?.line}`);
    expect(sites).toEqual(['GG001 confirmed 40 main.fetchQuote@121', 'GG002 suspected 1 main.shipLogs@126']);
    const [send, range] = a.suspects;
    expect(send!.createdAt).toMatchObject({ func: 'main.quoteHandler', line: 96 });
    expect(range!.createdAt).toMatchObject({ func: 'main.leaky', line: 56 });
    const d = traceDataOf(send!)!;
    expect(d.reason).toBe('chan send');
    expect(d.site).toEqual({ created: 40, exited: 0 });
    expect(d.createdPerInterval.reduce((x, y) => x + y, 0)).toBe(40);
    expect(d.lifetimeNs.max).toBeLessThanOrEqual(a.trace!.durationNs);
    expect(d.lifetimeNs.min).toBeGreaterThan(0);
    // The shipper was woken by the request goroutines that sent to it before it blocked for good.
    expect(traceDataOf(range!)!.lastUnblock).toMatchObject({ location: { func: 'main.leaky.func1' } });
    expect(a.trace!.sites[0]).toMatchObject({ createdAt: { func: 'main.quoteHandler' }, alive: 40, exited: 0 });
  });

  it.each(VERSIONS)('%s: the healthy program has no suspects', async (v) => {
    const a = await analyzeInput(path.join(TRACES, v, 'healthy.trace'), { env });
    expect(a.suspects).toEqual([]);
    expect(a.trace!.goroutines.created).toBeGreaterThan(80);
    expect(a.trace!.sites.filter((s) => s.createdAt?.func?.startsWith('main.'))).toEqual([]);
  });

  it.each(VERSIONS)('%s: go test -trace: the leak is attributed to the test that started it', async (v) => {
    const a = await analyzeInput(path.join(TRACES, v, 'test.trace'), { env });
    expect(a.suspects.map((f) => [f.ruleId, f.count, f.location?.line, f.data?.test])).toEqual([
      ['GG001', 5, 121, 'TestQuotes'],
    ]);
  });

  it.each(VERSIONS)('%s: goroutine counts agree with go tool trace -d=parsed', async (v) => {
    for (const name of ['leak.trace', 'healthy.trace', 'test.trace']) {
      const file = path.join(TRACES, v, name);
      const out = await readTrace(file, { env });
      const { stdout } = await run('go', ['tool', 'trace', '-d=parsed', file], {
        maxBuffer: 64 << 20,
        timeout: 120_000,
      });
      const transitions = stdout.split('\n').filter((l) => / StateTransition .* GoID=\d+ /.test(l));
      const created = transitions.filter((l) => / NotExist->/.test(l)).length;
      const exited = transitions.filter((l) => /->NotExist /.test(l)).length;
      const ids = new Set(transitions.map((l) => / GoID=(\d+) /.exec(l)![1]));
      expect(out.goroutines.created, `${file} created`).toBe(created);
      expect(out.goroutines.exited, `${file} exited`).toBe(exited);
      expect(out.goroutines.seen, `${file} seen`).toBe(ids.size);
      expect(out.goroutines.aliveAtEnd).toBe(ids.size - exited);
      expect(out.alive.length).toBe(out.goroutines.aliveAtEnd);
    }
  });

  it('a truncated trace is one line naming the file and the byte offset', async () => {
    const whole = readFileSync(path.join(TRACES, VERSIONS.at(-1)!, 'leak.trace'));
    const cut = path.join(tmp, 'cut.trace');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const err = await readTrace(cut, { env }).catch((e: unknown) => e);
    expect(isGuardError(err)).toBe(true);
    if (!isGuardError(err)) return;
    expect(err.source).toBe(cut);
    expect(err.position.offset).toBeGreaterThan(0);
    expect(err.position.offset).toBeLessThanOrEqual(Math.floor(whole.length * 0.6));
    expect(err.message).toContain(`${cut} (byte `);
    const r = await runCli(['analyze', cut], { env });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(cut);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a corrupt trace after a valid header is a bad-syntax error, not a stack trace', async () => {
    const bad = path.join(tmp, 'bad.trace');
    writeFileSync(bad, Buffer.concat([Buffer.from('go 1.26 trace\0\0\0'), Buffer.alloc(4096, 0xa7)]));
    const err = await readTrace(bad, { env }).catch((e: unknown) => e);
    expect(isGuardError(err) && err.kind).toBe('bad-syntax');
    expect(String((err as Error).message)).toMatch(
      new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(byte \\d+\\): `),
    );
  });

  it('renders the lifecycles in every report format', async () => {
    const file = path.join(TRACES, VERSIONS.at(-1)!, 'leak.trace');
    const text = await runCli(['analyze', file], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/execution trace \(runtime\/trace\)/);
    expect(text.stdout).toMatch(/Goroutines: \d+ at start, \d+ created, \d+ exited, \d+ alive at the end/);
    expect(text.stdout).toMatch(/trace: lived .* in chan send; its site created 40 and saw 0 exits/);
    const json = JSON.parse((await runCli(['analyze', '-f', 'json', file], { env })).stdout) as {
      trace: { goroutines: { createdBlocked: number } };
    };
    expect(json.trace.goroutines.createdBlocked).toBe(41);
    const html = (await runCli(['analyze', '-f', 'html', file], { env })).stdout;
    expect(html).toContain('<svg class="lifetimes"');
    expect(html).toContain('<section id="trace">');
    expect(html).not.toMatch(/(src|href)="https?:/);
    const md = (await runCli(['analyze', '-f', 'markdown', file], { env })).stdout;
    expect(md).toMatch(/- trace: lived/);
  });
});

describe('traces from a live service', () => {
  let server: Server;
  let base: string;
  const asked: string[] = [];
  beforeAll(async () => {
    const body = readFileSync(path.join(TRACES, VERSIONS.at(-1)!, 'leak.trace'));
    server = createServer((req, res) => {
      asked.push(req.url ?? '');
      if (req.url?.startsWith('/debug/pprof/trace?')) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(body);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('analyze URL --trace fetches /debug/pprof/trace?seconds=N and analyzes it', async () => {
    const r = await runCli(['analyze', `${base}/debug/pprof/`, '--trace', '2s'], { env });
    expect(r.code).toBe(0);
    expect(asked).toContain('/debug/pprof/trace?seconds=2');
    expect(r.stdout).toMatch(/CONFIRMED GG001 40 goroutines in chan send/);
  });

  it('capture --trace saves the trace file, which analyze reads', async () => {
    const out = path.join(tmp, 'capture');
    const r = await runCli(['capture', base, '--trace', '1s', '-o', out], { env });
    expect(r.code).toBe(0);
    const files = readdirSync(out).filter((f) => f.endsWith('.out'));
    expect(files).toHaveLength(1);
    const a = await analyzeInput(path.join(out, files[0]!), { env });
    expect(a.suspects.map((f) => f.ruleId)).toEqual(['GG001', 'GG002']);
  });

  it('--trace on a file is a usage error', async () => {
    const r = await runCli(['analyze', path.join(TRACES, VERSIONS[0]!, 'leak.trace'), '--trace', '1s'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--trace needs a service URL/);
  });
});
