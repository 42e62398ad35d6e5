// check's static side runs the engine it is asked for: with the deep engine its static list holds GG016–GG020
// findings (the lock and the waiter check joins on), with the fast engine none of them.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTree } from '../../src/check/run.js';
import { runCli } from '../helpers/cli.js';

const casesDir = path.resolve(import.meta.dirname, '../../testdata/static');
const env = { ...process.env, GOROUTINE_GUARD_CACHE: mkdtempSync(path.join(tmpdir(), 'gg-check-engine-')) };

describe('check --engine', () => {
  it('deep: the static list has the lock-order findings and says which engine ran; fast: it has none', async () => {
    const deep = await checkTree('GG017/bad', [], { engine: 'deep', deep: { env } }, casesDir);
    expect(deep.engine?.used).toBe('deep');
    const rules = deep.staticOnly.map((f) => f.finding.ruleId);
    expect(rules.filter((r) => r === 'GG017').length).toBeGreaterThanOrEqual(4);
    const gg017 = deep.staticOnly.find((f) => f.finding.ruleId === 'GG017')!.finding;
    expect(gg017.data).toMatchObject({ engine: 'deep' });
    expect(gg017.data?.lock).toMatch(/GG017\/bad\.(Bank|Account|Store|View)\.mu$/);
    const fast = await checkTree('GG017/bad', [], { engine: 'fast' }, casesDir);
    expect(fast.engine?.used).toBe('fast');
    expect(fast.staticOnly.filter((f) => f.finding.ruleId === 'GG017')).toEqual([]);
  }, 240_000);

  it('rejects an unknown engine with a usage error', async () => {
    const r = await runCli(['check', 'GG017/bad', '--dump', 'x.txt', '--engine', 'fastest'], { cwd: casesDir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--engine/);
  });
});
