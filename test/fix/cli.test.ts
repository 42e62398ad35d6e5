// `goroutine-guard fix` end to end on testdata/fix with real `go test` runs: which patches the package's own tests
// prove, which they reject, which no test reaches; that the user's tree is untouched without --write; that the
// written patches make `goroutine-guard test` report no leak; and that --write refuses a file dirty in git.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, treeChecksum, type CliRun } from '../gotest/helpers.js';

const CORPUS = new URL('../../testdata/fix/', import.meta.url).pathname;
const TIMEOUT = 240_000;

interface Patch {
  id: number;
  verdict: string;
  reason: string;
  file: string;
  ruleIds: string[];
  evidence: { before: { test: string; goroutines: number }[]; after: { test: string; goroutines: number }[] };
  newlyFailing: string[];
  diff: string;
}

const byFile = (patches: Patch[], file: string) => patches.find((p) => p.file === file)!;

describe('fix on the corpus', () => {
  let run: CliRun;
  let patches: Patch[];
  let checksumBefore: string;

  beforeAll(async () => {
    checksumBefore = treeChecksum(CORPUS);
    run = await runCli(['fix', './...', '-f', 'json'], CORPUS);
    patches = (JSON.parse(run.stdout) as { patches: Patch[] }).patches;
  }, TIMEOUT);

  it('leaves the tree untouched without --write', () => {
    expect(treeChecksum(CORPUS)).toBe(checksumBefore);
  });

  it('verifies the patches that remove the leak, with before/after evidence per test', () => {
    const expected: Record<string, [string, string]> = {
      'lockearly/cache.go': ['GG012', 'TestMissThenPut'],
      'waitgroup/batch.go': ['GG008', 'TestOneEmpty'],
      'firstresult/fetch.go': ['GG001', 'TestTimeout'],
      'nsenders/race.go': ['GG015', 'TestMain'],
    };
    for (const [file, [rule, test]] of Object.entries(expected)) {
      const p = byFile(patches, file);
      expect(p, file).toBeDefined();
      expect(p.verdict, `${file}: ${p.reason}`).toBe('verified');
      expect(p.ruleIds).toEqual([rule]);
      expect(p.evidence.before.find((b) => b.test === test)?.goroutines).toBeGreaterThan(0);
      expect(p.evidence.after.every((a) => a.goroutines === 0)).toBe(true);
      expect(p.diff).toMatch(/^\+/m);
    }
  });

  it('rejects the patch that breaks a test (the code relied on the send blocking)', () => {
    const p = byFile(patches, 'delivery/deliver.go');
    expect(p.verdict).toBe('refused');
    expect(p.newlyFailing).toEqual(['TestGiveUpIsNotDelivery']);
    expect(p.reason).toContain('Delivered moved by 1');
  });

  it('offers the patch no test reaches as unverified, with the reason', () => {
    const p = byFile(patches, 'untested/registry.go');
    expect(p.verdict).toBe('unverified');
    expect(p.reason).toMatch(/no test reaches the site/);
  });

  it('exits 1 when not every finding got a verified patch', () => {
    expect(run.code).toBe(1);
  });
});

describe('fix --write', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gg-fix-write-'));
    cpSync(CORPUS, dir, { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'writes the verified patches, after which `test` finds no leak there (the refused site still leaks)',
    async () => {
      const fixed = await runCli(['fix', './...', '--write'], dir);
      expect(fixed.stderr).toContain('wrote lockearly/cache.go');
      expect(fixed.stderr).not.toContain('delivery/deliver.go');
      expect(readFileSync(join(dir, 'untested/registry.go'), 'utf8')).toBe(
        readFileSync(join(CORPUS, 'untested/registry.go'), 'utf8'),
      );
      const clean = await runCli(['test', './lockearly', './waitgroup', './firstresult', './nsenders'], dir);
      expect(clean.stdout + clean.stderr).not.toMatch(/leaked/);
      expect(clean.code).toBe(0);
      const still = await runCli(['test', './delivery'], dir);
      expect(still.stdout).toMatch(/TestGiveUpIsNotDelivery leaked 1 goroutine/);
    },
    TIMEOUT,
  );

  it(
    'refuses a file with uncommitted changes, and writes it with --force',
    async () => {
      const repo = mkdtempSync(join(tmpdir(), 'gg-fix-git-'));
      try {
        cpSync(join(CORPUS, 'go.mod'), join(repo, 'go.mod'));
        cpSync(join(CORPUS, 'lockearly'), join(repo, 'lockearly'), { recursive: true });
        const git = (...args: string[]) =>
          execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo });
        git('init', '-q');
        git('add', '.');
        git('commit', '-qm', 'corpus');
        const file = join(repo, 'lockearly/cache.go');
        const edited = `${readFileSync(file, 'utf8')}\n// work in progress\n`;
        writeFileSync(file, edited);
        const refused = await runCli(['fix', './lockearly', '--write'], repo);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain('not writing lockearly/cache.go: has uncommitted changes');
        expect(readFileSync(file, 'utf8')).toBe(edited);
        const forced = await runCli(['fix', './lockearly', '--write', '--force'], repo);
        expect(forced.stderr).toContain('wrote lockearly/cache.go');
        expect(readFileSync(file, 'utf8')).toContain('defer c.mu.Unlock()');
        expect(readFileSync(file, 'utf8')).toContain('// work in progress');
      } finally {
        rmSync(repo, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );
});
