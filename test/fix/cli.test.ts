// `goroutine-guard fix` end to end on testdata/fix with real `go test` runs: which patches the package's own tests
// prove, which they reject, which no test reaches; that the user's tree is untouched without --write; that the
// written patches make `goroutine-guard test` report no leak; and that --write refuses a file dirty in git.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';
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

class TtySink extends Writable {
  text = '';
  isTTY = true;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
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
      'nsenders/race.go': ['GG015', 'TestFirst'],
      'ctxexit/watch.go': ['GG003', 'TestForward'],
      'bgctx/poll.go': ['GG007', 'TestPollStopsWithCaller'],
      'bodyclose/client.go': ['GG010', 'TestHealthy'],
      'rangeclose/sum.go': ['GG002', 'TestSum'],
      'ticker/beat.go': ['GG004', 'TestHeartbeat'],
      'collect/collect.go': ['GG020', 'TestTwo'],
      'hub/hub.go': ['GG016', 'TestPublishWhileDraining'],
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

  it('proves the ctx-aware send when the tests refuse the buffer', () => {
    const p = byFile(patches, 'handoff/handoff.go') as Patch & { refusedFirst: { summary: string; reason: string }[] };
    expect(p.verdict).toBe('verified');
    expect(p.refusedFirst).toHaveLength(1);
    expect(p.refusedFirst[0]!.summary).toContain('buffer `jobs` to 1');
    expect(p.refusedFirst[0]!.reason).toContain('TestGiveUpIsNotTaken');
    expect(p.diff).toMatch(/^\+\t\tcase <-ctx\.Done\(\):$/m);
  });

  it('tries non-interacting patches of one package in one run', () => {
    const both = patches.filter((p) => p.file === 'multi/store.go');
    expect(both.map((p) => p.ruleIds[0]).sort()).toEqual(['GG001', 'GG012']);
    for (const p of both) {
      expect(p.verdict).toBe('verified');
      expect(p.reason).toBe('verified together with 1 other patch in one run');
    }
  });

  it('falls back to one patch at a time when the combined run breaks a test', () => {
    const [lock, send] = ['GG012', 'GG001'].map((r) =>
      patches.find((p) => p.file === 'mixed/queue.go' && p.ruleIds[0] === r),
    );
    expect(lock?.verdict).toBe('verified');
    expect(lock?.reason).toBe('verified alone, after the combined run failed');
    expect(send?.verdict).toBe('refused');
    expect(send?.newlyFailing).toEqual(['TestHandOffGivesUp']);
  });

  it('offers the patch no test reaches as unverified, with the reason', () => {
    const p = byFile(patches, 'untested/registry.go');
    expect(p.verdict).toBe('unverified');
    expect(p.reason).toMatch(
      /^no test reaches the site \(1 test ran; none leaked a goroutine at untested\/registry.go:22\); the tests still pass with it$/,
    );
  });

  it('offers a timer patch (GG005) unverified: the leak check cannot see timers, the tests still pass', () => {
    const p = byFile(patches, 'timerloop/drain.go');
    expect(p.verdict).toBe('unverified');
    expect(p.reason).toBe('a timer is not a goroutine: no leak check can show this leak; the tests still pass with it');
    expect(p.diff).toContain('+\ttimer := time.NewTimer(idle)');
  });

  it('exits 1 when not every finding got a verified patch', () => {
    expect(run.code).toBe(1);
  });
});

describe('fix output and inputs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gg-fix-from-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'SARIF carries fixes[] whose replacements rebuild the verified patch; unverified results carry none',
    async () => {
      const r = await runCli(['fix', './lockearly', './untested', '-f', 'sarif'], CORPUS);
      const log = JSON.parse(r.stdout) as {
        runs: {
          results: {
            ruleId: string;
            properties: { fixVerdict: string };
            locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
            fixes?: {
              artifactChanges: {
                artifactLocation: { uri: string };
                replacements: {
                  deletedRegion: { charOffset: number; charLength: number };
                  insertedContent: { text: string };
                }[];
              }[];
            }[];
          }[];
        }[];
      };
      const results = log.runs[0]!.results;
      const verified = results.find((x) => x.properties.fixVerdict === 'verified')!;
      const unverified = results.find((x) => x.properties.fixVerdict === 'unverified')!;
      expect(unverified.fixes).toBeUndefined();
      const change = verified.fixes![0]!.artifactChanges[0]!;
      expect(change.artifactLocation.uri).toBe('lockearly/cache.go');
      let text = readFileSync(join(CORPUS, 'lockearly/cache.go'), 'utf8');
      for (const x of [...change.replacements].reverse()) {
        const { charOffset, charLength } = x.deletedRegion;
        text = text.slice(0, charOffset) + x.insertedContent.text + text.slice(charOffset + charLength);
      }
      expect(text).toContain('\tc.mu.Lock()\n\tdefer c.mu.Unlock()\n');
      expect(execFileSync('gofmt', ['-l'], { input: text }).toString()).toBe('');
    },
    TIMEOUT,
  );

  it(
    'starts from findings already made (--from sarif: and check-json:) with the same verdicts',
    async () => {
      const sarif = join(dir, 'scan.sarif');
      const json = join(dir, 'scan.json');
      await runCli(['scan', './lockearly', './untested', '-f', 'sarif', '-o', sarif], CORPUS);
      await runCli(['scan', './lockearly', './untested', '-f', 'json', '-o', json], CORPUS);
      for (const from of [`sarif:${sarif}`, `check-json:${json}`]) {
        const r = await runCli(['fix', '--from', from, '-f', 'json'], CORPUS);
        const ps = (JSON.parse(r.stdout) as { patches: Patch[] }).patches;
        expect(ps.map((p) => `${p.file} ${p.verdict}`).sort(), from).toEqual([
          'lockearly/cache.go verified',
          'untested/registry.go unverified',
        ]);
      }
    },
    TIMEOUT,
  );

  it('rejects a bad --from with one line naming what was expected', async () => {
    const r = await runCli(['fix', '--from', 'xml:foo.xml'], CORPUS);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('expected sarif:FILE or check-json:FILE');
    writeFileSync(join(dir, 'bad.sarif'), '{"runs": 3');
    const bad = await runCli(['fix', '--from', `sarif:${join(dir, 'bad.sarif')}`], CORPUS);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.sarif');
  });

  it('says in one line, exit 2, what is wrong with a garbage or wrong-kind --from file', async () => {
    const cases: [string, string, string, RegExp][] = [
      ['garbage.sarif', 'garbage{{{\n}}}\n', 'sarif', /garbage\.sarif: not JSON \(.*\); expected a SARIF 2\.1\.0 log$/],
      ['line3.sarif', '{\n "runs": [\n  {,}\n]}', 'sarif', /line3\.sarif:3: not JSON/],
      ['null.sarif', 'null', 'sarif', /null\.sarif: the JSON is null, not an object/],
      ['list.json', '[1, 2]', 'check-json', /list\.json: the JSON is an array, not an object/],
      ['runs.sarif', '{"runs": [null]}', 'sarif', /runs\.sarif: runs\[0\] is not a run with a `results` array/],
      [
        'scan.json',
        '{"findings": []}',
        'sarif',
        /scan\.json: this is goroutine-guard JSON, not SARIF: read it with --from check-json:FILE/,
      ],
      [
        'log.sarif',
        '{"version": "2.1.0", "runs": []}',
        'check-json',
        /log\.sarif: this is a SARIF log .*--from sarif:FILE/,
      ],
      ['other.json', '{"summary": {}}', 'check-json', /other\.json: no `confirmed`, `staticOnly` or `findings` array/],
    ];
    for (const [name, text, kind, want] of cases) {
      writeFileSync(join(dir, name), text);
      const r = await runCli(['fix', '--from', `${kind}:${join(dir, name)}`], CORPUS);
      expect(r.code, name).toBe(2);
      expect(r.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(r.stderr.trim(), name).toMatch(want);
      expect(r.stderr, name).not.toMatch(/internal error|\n\s+at /);
    }
    // Entries of the wrong shape inside a well-formed log are skipped, not thrown on.
    writeFileSync(
      join(dir, 'odd.sarif'),
      '{"runs": [{"results": [null, 3, {"ruleId": "GG012", "locations": [null]}]}]}',
    );
    const odd = await runCli(['fix', '--from', `sarif:${join(dir, 'odd.sarif')}`, '-f', 'json'], CORPUS);
    expect(odd.stderr).toBe('');
    expect((JSON.parse(odd.stdout) as { patches: unknown[] }).patches).toEqual([]);
  });

  it(
    'refuses a directory outside a Go module in one line, exit 2, before scanning',
    async () => {
      const loose = mkdtempSync(join(tmpdir(), 'gg-fix-nomod-'));
      try {
        cpSync(join(CORPUS, 'lockearly/cache.go'), join(loose, 'cache.go'));
        for (const arg of ['.', './...', 'cache.go']) {
          const r = await runCli(['fix', arg], loose);
          expect(r.code, arg).toBe(2);
          expect(r.stdout, arg).toBe('');
          expect(r.stderr.trim().split('\n'), arg).toHaveLength(1);
          expect(r.stderr, arg).toContain(
            `goroutine-guard: ${arg}: not inside a Go module (no go.mod here or in a parent directory)`,
          );
        }
        // Findings read back with --from that point outside a module: the same line, naming the directory.
        const scan = await runCli(['scan', './lockearly', '-f', 'json'], CORPUS);
        const moved = scan.stdout.replaceAll('lockearly/cache.go', join(loose, 'cache.go'));
        writeFileSync(join(dir, 'moved.json'), moved);
        const r = await runCli(['fix', '--from', `check-json:${join(dir, 'moved.json')}`], CORPUS);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/: not inside a Go module/);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
      } finally {
        rmSync(loose, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );

  it(
    "applies the config's ignore rules and --engine; a pattern with no Go files is an error, not 0 patches",
    async () => {
      const mod = mkdtempSync(join(tmpdir(), 'gg-fix-config-'));
      try {
        for (const f of ['go.mod', 'lockearly', 'untested', 'hub'])
          cpSync(join(CORPUS, f), join(mod, f), { recursive: true });
        writeFileSync(
          join(mod, 'goroutine-guard.json'),
          JSON.stringify({ ignore: { functions: ['example.com/fixcorpus/untested.(*Registry).Remove'] } }),
        );
        // fast: GG016 in hub is the deep engine's, so only lockearly's GG012 is left after the ignore rule.
        const r = await runCli(['fix', './...', '--engine', 'fast', '-f', 'json'], mod);
        const ps = (JSON.parse(r.stdout) as { patches: Patch[] }).patches;
        expect(ps.map((p) => `${p.file} ${p.verdict}`)).toEqual(['lockearly/cache.go verified']);
        mkdirSync(join(mod, 'nothing'));
        const empty = await runCli(['fix', './nothing/...'], mod);
        expect(empty.code).toBe(2);
        expect(empty.stderr).toMatch(/^goroutine-guard: \.\/nothing\/\.\.\.: no Go files to scan; expected/);
      } finally {
        rmSync(mod, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );

  it(
    'shows progress on a terminal as one status line it erases, with its own controls unescaped',
    async () => {
      const stderr = new TtySink();
      const stdout = new TtySink();
      const ctx: CliContext = {
        stdout,
        stderr,
        stdin: Readable.from([]),
        env: { ...process.env, NO_COLOR: '1' },
        cwd: CORPUS,
        exitCode: 0,
      };
      const code = await main(['node', 'goroutine-guard', 'fix', './lockearly'], ctx);
      expect(code).toBe(0);
      expect(stderr.text).toContain('\r\x1b[2Kfix: lockearly: baseline run with the leak check…');
      expect(stderr.text.endsWith('\r\x1b[2K')).toBe(true);
      expect(stderr.text).not.toContain('\\u001b');
      expect(stdout.text).toContain('#1 GG012 lockearly/cache.go');
      // Not a terminal: no status line at all.
      const plain = await runCli(['fix', './lockearly'], CORPUS);
      expect(plain.stderr).toBe('');
    },
    TIMEOUT,
  );
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
      const verifiedPkgs = ['lockearly', 'waitgroup', 'firstresult', 'nsenders', 'ctxexit', 'bgctx', 'bodyclose'];
      verifiedPkgs.push('rangeclose', 'multi', 'ticker', 'handoff', 'collect', 'hub');
      const clean = await runCli(['test', ...verifiedPkgs.map((p) => `./${p}`)], dir);
      expect(clean.stdout + clean.stderr).not.toMatch(/leaked/);
      expect(clean.code).toBe(0);
      const still = await runCli(['test', './delivery', './mixed'], dir);
      expect(still.stdout).toMatch(/TestGiveUpIsNotDelivery leaked 1 goroutine/);
      expect(still.stdout).toMatch(/TestHandOffGivesUp leaked 1 goroutine/);
      expect(still.stdout).not.toMatch(/TestPopEmptyThenPush leaked/);
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
