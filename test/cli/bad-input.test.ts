// Bad input through the real CLI: one line on stderr naming the input, the position and what was expected; exit
// code 2; never a stack trace. Inputs are real dumps from leakdemo, damaged.

import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutInsideFileLine, cutInsideProtoField } from '../helpers/cut.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { tempDir } from '../helpers/go.js';
import { liveDumps, type LiveDumps } from '../helpers/leakdemo.js';

function expectOneLineError(r: CliRun, input: string, ...parts: (string | RegExp)[]) {
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  const err = lines[lines.length - 1]!;
  expect(err.startsWith('goroutine-guard: ')).toBe(true);
  expect(err).toContain(input);
  for (const p of parts) expect(err).toMatch(p);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe('bad input', () => {
  let live: LiveDumps;
  let tmp: { dir: string; cleanup: () => void };
  const file = (name: string, data: Buffer | string) => {
    const p = join(tmp.dir, name);
    writeFileSync(p, data);
    return p;
  };

  beforeAll(async () => {
    live = await liveDumps('gg001,gg002,gg013', 'bad');
    tmp = tempDir();
  }, 240_000);
  afterAll(() => {
    live?.cleanup();
    tmp?.cleanup();
  });

  it('empty file', async () => {
    const p = file('empty.txt', '');
    expectOneLineError(await runCli(['analyze', p]), p, /empty input/, /byte 0/);
  });

  it('binary noise', async () => {
    const noise = Buffer.alloc(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + 13) % 256;
    const p = file('noise.bin', noise);
    expectOneLineError(await runCli(['analyze', p]), p, /binary data/, /byte \d+/, /expected/);
  });

  it('text without goroutines', async () => {
    const p = file('notes.txt', 'just a log line\nand another\n');
    expectOneLineError(await runCli(['analyze', p]), p, /no goroutine found/, /:2/, /expected a goroutine dump/);
  });

  it('corrupt gzip', async () => {
    const gz = Buffer.from(live.read('bad.debug0.pb.gz'));
    for (let i = 20; i < 60; i++) gz[i] = 0xff;
    const p = file('corrupt.pb.gz', gz);
    expectOneLineError(await runCli(['analyze', p]), p, /gzip/, /byte \d+/);
  });

  it('gzip cut short', async () => {
    const gz = live.read('bad.debug0.pb.gz');
    const p = file('short.pb.gz', gz.subarray(0, gz.length >> 1));
    expectOneLineError(await runCli(['analyze', p]), p, /gzip stream ends early/, /expected a complete gzip stream/);
  });

  it('truncated protobuf (complete gzip of half a profile)', async () => {
    const raw = gunzipSync(live.read('bad.debug0.pb.gz'));
    const p = file('half.pb.gz', gzipSync(cutInsideProtoField(raw, 0.6)));
    expectOneLineError(
      await runCli(['analyze', p]),
      p,
      /truncated profile\.proto/,
      /byte \d+/,
      /expected a complete pprof profile/,
    );
  });

  it('half a debug=2 dump: reports the complete goroutines, then fails with the position', async () => {
    const text = live.read('bad.debug2.txt');
    const p = file('half.txt', cutInsideFileLine(text, 0.5));
    const r = await runCli(['analyze', p]);
    expect(r.stdout).toMatch(/truncated: [\d,]+ complete goroutines parsed/);
    expect(r.stderr).toMatch(/half\.txt:\d+: truncated dump: .*byte \d+/);
    expectOneLineError(r, p, /truncated dump/, /--partial-ok/);
    const ok = await runCli(['analyze', p, '--partial-ok']);
    expect(ok.code).toBe(0);
  });

  it('half a debug=1 profile', async () => {
    const text = live.read('bad.debug1.txt');
    const p = file('half1.txt', text.subarray(0, Math.floor(text.length / 2)));
    const r = await runCli(['analyze', p]);
    expect(r.stderr).toMatch(/truncated profile: declares \d+ goroutines, \d+ found/);
    expect(r.code).toBe(2);
  });

  it('a missing file', async () => {
    const missing = join(tmp.dir, 'nope.txt');
    expectOneLineError(await runCli(['analyze', missing]), missing, /no such file/);
  });

  it('a debug=1 profile with a garbled line names the line', async () => {
    const lines = live.read('bad.debug1.txt').toString().split('\n');
    lines.splice(3, 0, 'this is not a profile line');
    const p = file('garbled1.txt', lines.join('\n'));
    expectOneLineError(await runCli(['analyze', p]), p, /:4 /, /unexpected line/, /expected/);
  });

  describe('URLs', () => {
    let server: Server;
    let base = '';
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url?.startsWith('/html')) {
          res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>pprof index</body></html>');
        } else res.writeHead(404).end('not found');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('404', async () => {
      expectOneLineError(await runCli(['analyze', `${base}/debug/pprof/goroutine?debug=2`]), base, /HTTP 404/);
    });
    it('HTML instead of a profile', async () => {
      expectOneLineError(await runCli(['analyze', `${base}/html`]), base, /HTML page/);
    });
    it('unreachable', async () => {
      const closed = createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((r) => closed.close(() => r()));
      expectOneLineError(
        await runCli(['analyze', `http://127.0.0.1:${port}/debug/pprof/`]),
        `127.0.0.1:${port}`,
        /cannot fetch: connection refused/,
      );
    });
  });
});
