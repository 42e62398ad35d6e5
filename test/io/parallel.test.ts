// A dump analyzed on several worker threads gives the same result as one thread. Runs the built CLI (workers
// load the compiled module), on a dump produced live by leakdemo and on a truncated copy of it.

import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutInsideFileLine } from '../helpers/cut.js';
import { liveDumps, type LiveDumps } from '../helpers/leakdemo.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/goroutine-guard.js', import.meta.url).pathname;

async function analyzeJson(file: string, workers: number, extra: string[] = []): Promise<Record<string, unknown>> {
  const r = await run('node', [BIN, 'analyze', file, '-f', 'json', '--workers', String(workers), ...extra], {
    maxBuffer: 64 << 20,
  }).catch((e: { stdout: string; code: number }) => ({ stdout: e.stdout, code: e.code }));
  // Argument values are illustrative (those of the first goroutine each thread saw at a frame), so they may come
  // from different goroutines; everything else must be equal.
  const j = JSON.parse(r.stdout, (k, v: unknown) => (k === 'args' ? undefined : v)) as Record<string, unknown>;
  delete (j.info as Record<string, unknown>).lines;
  return j;
}

describe('parallel analysis', () => {
  let live: LiveDumps;
  beforeAll(async () => {
    live = await liveDumps('all', 'par');
  }, 240_000);
  afterAll(() => live?.cleanup());

  it('gives the same totals, buckets and suspects on 1, 2 and 3 threads', async () => {
    const file = join(live.dir, 'par.debug2.txt');
    const one = await analyzeJson(file, 1);
    for (const n of [2, 3]) expect(await analyzeJson(file, n), `${n} workers`).toEqual(one);
  }, 120_000);

  it('reports a truncated dump the same way', async () => {
    const text = live.read('par.debug2.txt');
    const file = join(live.dir, 'cut.txt');
    writeFileSync(file, cutInsideFileLine(text, 0.7));
    const one = await analyzeJson(file, 1, ['--partial-ok']);
    const two = await analyzeJson(file, 2, ['--partial-ok']);
    expect((one.info as { truncated: boolean }).truncated).toBe(true);
    expect(two).toEqual(one);
  }, 120_000);
});
