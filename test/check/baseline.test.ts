// `check --baseline`: the scan policy (config, ignore, baseline) is the library's, shared with `scan`. A baseline
// written by `scan --write-baseline` leaves those static findings out of the join, so the leaks they explained
// become "dynamic only", and the document says how many the baseline hid.

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/go.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHECK = ['check', 'demo/leaky-server', '--dump', 'demo/leaky-server.debug2.txt', '-f', 'json'];

describe('check --baseline', () => {
  let tmp: { dir: string; cleanup: () => void };
  beforeAll(() => {
    tmp = tempDir();
  });
  afterAll(() => tmp?.cleanup());

  it('hides the baselined static findings before the join', async () => {
    const baseline = path.join(tmp.dir, 'baseline.json');
    const wrote = await runCli(['scan', 'demo/leaky-server', '--write-baseline', baseline], { cwd: ROOT });
    expect(wrote.code, wrote.stderr).toBe(0);
    expect(wrote.stderr).toContain('wrote 2 findings');

    const plain = JSON.parse((await runCli(CHECK, { cwd: ROOT })).stdout);
    expect(plain.summary).toEqual({ confirmed: 2, dynamicOnly: 0, staticOnly: 0, hidden: 0 });

    const r = await runCli([...CHECK, '--baseline', baseline], { cwd: ROOT });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toMatchObject({ confirmed: 0, dynamicOnly: 2, staticOnly: 0, baselined: 2 });
    expect(doc.dynamicOnly.map((d: { suspect: { site: { file: string } } }) => d.suspect.site.file).sort()).toEqual([
      'demo/leaky-server/main.go',
      'demo/leaky-server/main.go',
    ]);
  });

  it('names a missing baseline file', async () => {
    const r = await runCli([...CHECK, '--baseline', 'no-such-baseline.json'], { cwd: ROOT });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-baseline.json: baseline file not found');
  });
});
