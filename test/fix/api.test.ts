// `fix` through the package root, as a library user calls it: fixPackages proves a patch on a real package of the
// corpus, fixFindings takes findings read back with findingsFrom, writePatches writes only the verified patch (in a
// copy), and a path outside a module is a GuardError, not a report of "0 packages".

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findingsFrom,
  fixFindings,
  fixPackages,
  isGuardError,
  renderFixJSON,
  renderFixSarif,
  renderFixText,
  scan,
  writePatches,
  type FixReport,
} from '../../src/index.js';

const CORPUS = new URL('../../testdata/fix/', import.meta.url).pathname;
const TIMEOUT = 240_000;

describe('fix as a library (package root)', () => {
  let dir: string;
  let report: FixReport;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gg-fix-api-'));
    cpSync(join(CORPUS, 'go.mod'), join(dir, 'go.mod'));
    for (const pkg of ['lockearly', 'untested']) cpSync(join(CORPUS, pkg), join(dir, pkg), { recursive: true });
    report = await fixPackages(['./...'], { cwd: dir, settleMs: 500 });
  }, TIMEOUT);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fixPackages proves the reachable patch and leaves the unreachable one unverified', () => {
    const byFile = Object.fromEntries(report.outcomes.map((o) => [o.candidate.displayFile, o]));
    expect(byFile['lockearly/cache.go']?.verdict).toBe('verified');
    expect(byFile['lockearly/cache.go']?.before.find((b) => b.test === 'TestMissThenPut')?.goroutines).toBe(1);
    expect(byFile['lockearly/cache.go']?.after.reduce((n, a) => n + a.goroutines, 0)).toBe(0);
    expect(byFile['untested/registry.go']?.verdict).toBe('unverified');
    expect(report.timing.map((t) => t.pkg).sort()).toEqual(['lockearly', 'untested']);
  });

  it('renders the same reports as the CLI', () => {
    expect(renderFixText(report)).toMatch(/^fix: 1 verified, 1 unverified, 0 refused/m);
    const json = JSON.parse(renderFixJSON(report, '0.0.0')) as { patches: { verdict: string }[] };
    expect(json.patches.map((p) => p.verdict).sort()).toEqual(['unverified', 'verified']);
    const sarif = JSON.parse(renderFixSarif(report, '0.0.0', dir)) as { runs: { results: { fixes?: unknown[] }[] }[] };
    expect(sarif.runs[0]!.results.filter((r) => r.fixes).length).toBe(1);
  });

  it(
    'fixFindings takes findings read back with findingsFrom',
    async () => {
      const { findings } = await scan(['./lockearly'], { cwd: dir });
      const back = findingsFrom('check-json', JSON.stringify({ findings }), 'scan.json');
      expect(back.map((f) => f.ruleId)).toEqual(['GG012']);
      const r = await fixFindings(back, { cwd: dir, settleMs: 500 });
      expect(r.outcomes.map((o) => o.verdict)).toEqual(['verified']);
    },
    TIMEOUT,
  );

  it('writePatches writes the verified patch only (outside git: no file is dirty)', async () => {
    const untested = readFileSync(join(dir, 'untested/registry.go'), 'utf8');
    const w = await writePatches(report.outcomes);
    expect(w.written.map((x) => x.file)).toEqual(['lockearly/cache.go']);
    expect(readFileSync(join(dir, 'lockearly/cache.go'), 'utf8')).toContain('\tc.mu.Lock()\n\tdefer c.mu.Unlock()\n');
    expect(readFileSync(join(dir, 'untested/registry.go'), 'utf8')).toBe(untested);
    // Written once: the file no longer has the text the patch was made on.
    const again = await writePatches(report.outcomes);
    expect(again.refused).toEqual([{ file: 'lockearly/cache.go', reason: 'changed since it was read' }]);
  });

  it('a path outside a Go module is a GuardError naming it', async () => {
    const loose = mkdtempSync(join(tmpdir(), 'gg-fix-api-nomod-'));
    try {
      writeFileSync(join(loose, 'x.go'), 'package x\n');
      const err = await fixPackages(['.'], { cwd: loose }).catch((e: unknown) => e);
      expect(isGuardError(err)).toBe(true);
      expect((err as Error).message).toMatch(/^\.: not inside a Go module/);
    } finally {
      rmSync(loose, { recursive: true, force: true });
    }
  });
});
