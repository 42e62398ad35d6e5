// The realbugs corpus (testdata/realbugs) is real Go: kernels reduced from deadlock and goroutine-leak fixes in
// public projects. The runner program executes every bad and fixed scenario and reads the goroutine stacks: each
// `// BLOCKS: <category>` site in bad.go must hold a goroutine parked there with a fitting wait reason, and each
// fixed scenario must return and leave no goroutine behind. Every kernel is listed in MANIFEST.md with its source.

import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const corpus = path.resolve(import.meta.dirname, '../../testdata/realbugs');
const kernels = readdirSync(corpus, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(corpus, d.name, 'bad', 'bad.go')))
  .map((d) => d.name)
  .sort();

interface Result {
  id: string;
  version: 'bad' | 'fixed';
  returned: boolean;
  markers?: { line: number; category: string; reason?: string }[];
  missing?: { line: number; category: string }[];
  leftover: number;
  ok: boolean;
  problem?: string;
}

describe('testdata/realbugs corpus', () => {
  let results: Result[] = [];
  let runnerExit = 0;

  beforeAll(async () => {
    const env = { ...process.env, GOFLAGS: '-mod=mod' };
    await run('go', ['vet', './...'], { cwd: corpus, env, timeout: 170_000 });
    let stdout = '';
    try {
      ({ stdout } = await run('go', ['run', './runner'], { cwd: corpus, env, timeout: 170_000 }));
    } catch (err) {
      const e = err as { stdout?: string; code?: number };
      stdout = e.stdout ?? '';
      runnerExit = e.code ?? 1;
    }
    results = stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Result);
  });

  it('has at least 30 kernels, each with bad and fixed packages, all registered with the runner', () => {
    expect(kernels.length).toBeGreaterThanOrEqual(30);
    for (const k of kernels) expect(existsSync(path.join(corpus, k, 'fixed', 'fixed.go'))).toBe(true);
    expect(new Set(results.map((r) => r.id))).toEqual(new Set(kernels));
    expect(runnerExit).toBe(0);
  });

  it('every bad kernel blocks at each marked site, with a wait reason of the marked category', () => {
    const bad = results.filter((r) => r.version === 'bad');
    expect(bad).toHaveLength(kernels.length);
    for (const r of bad) {
      expect(r.markers?.length ?? 0, r.id).toBeGreaterThan(0);
      expect(r.missing ?? [], r.id).toEqual([]);
      expect(r.leftover, r.id).toBeGreaterThanOrEqual(1);
      for (const m of r.markers ?? []) expect(m.reason, `${r.id}:${m.line}`).toBeTruthy();
    }
  });

  it('every fixed kernel returns and leaves no goroutine behind', () => {
    const fixed = results.filter((r) => r.version === 'fixed');
    expect(fixed).toHaveLength(kernels.length);
    for (const r of fixed) {
      expect(r.returned, r.id).toBe(true);
      expect(r.leftover, r.id).toBe(0);
    }
  });

  it('every kernel cites its source and has a MANIFEST.md row', () => {
    const manifest = readFileSync(path.join(corpus, 'MANIFEST.md'), 'utf8');
    for (const k of kernels) {
      const head = readFileSync(path.join(corpus, k, 'bad', 'bad.go'), 'utf8').split('package bad')[0];
      expect(head, k).toMatch(/Kernel reduced from [\w.-]+\/[\w.-]+/);
      expect(head, k).toMatch(/#\d+/);
      const row = manifest.split('\n').find((l) => l.startsWith(`| ${k} |`));
      expect(row, k).toBeDefined();
      const sites = readFileSync(path.join(corpus, k, 'bad', 'bad.go'), 'utf8')
        .split('\n')
        .flatMap((l, i) => {
          const m = /\/\/\s*BLOCKS:\s*([a-z-]+)/.exec(l);
          return m ? [`L${i + 1} ${m[1]}`] : [];
        });
      expect(row!.split(' | ')[3], `${k}: MANIFEST.md blocking sites`).toBe(sites.join(', '));
    }
  });

  it('bench/scan/recall.mjs scans every bad and fixed kernel and accounts for every marked site', async () => {
    const root = path.resolve(corpus, '../..');
    // one engine is enough to check the accounting: the fast one where `scan` has several
    const args = [path.join(root, 'bench/scan/recall.mjs'), '--json', '--engine', 'fast'];
    const { stdout } = await run(process.execPath, args, { cwd: root, timeout: 170_000 });
    const engines = JSON.parse(stdout) as {
      kernels: number;
      rows: { id: string; line: number; category: string; flagged: boolean; exact: boolean }[];
      table: { category: string; sites: number; flagged: number }[];
    }[];
    expect(engines.length).toBeGreaterThanOrEqual(1);
    const markers = results
      .filter((r) => r.version === 'bad')
      .flatMap((r) => (r.markers ?? []).map((m) => ({ ...m, id: r.id })));
    for (const e of engines) {
      expect(e.kernels).toBe(kernels.length);
      expect(e.rows.map((r) => `${r.id}:${r.line}:${r.category}`).sort()).toEqual(
        markers.map((m) => `${m.id}:${m.line}:${m.category}`).sort(),
      );
      // an exact-line hit is also a hit inside the function
      for (const r of e.rows) if (r.exact) expect(r.flagged, `${r.id}:${r.line}`).toBe(true);
      const all = e.table.find((t) => t.category === 'all')!;
      expect(all.sites).toBe(markers.length);
      expect(all.flagged).toBe(e.rows.filter((r) => r.flagged).length);
    }
  }, 180_000);
});
