// Source-aware diagnosis through the real CLI, on real dumps and the Go programs that wrote them:
// testdata/dumps/diag (diagdemo in testdata/go/diag) and testdata/dumps/go1.26 (leakdemo in testdata/go/leaks).
// With the source, the blocking line names the pattern (ticker loops are GG004 with the ticker fix, a debug=1
// channel wait becomes a send or a receive); without it, the report says only what the dump proves.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/index.js';
import { runCli } from '../helpers/cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DUMPS = path.join(ROOT, 'testdata/dumps');
const DIAG_SRC = path.join(ROOT, 'testdata/go/diag');
const LEAKS_SRC = path.join(ROOT, 'testdata/go/leaks');

async function suspects(...args: string[]): Promise<Finding[]> {
  const r = await runCli(['analyze', '-f', 'json', ...args]);
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { suspects: Finding[] }).suspects;
}
const byFunc = (fs: Finding[], func: string) => {
  const f = fs.find((s) => s.location?.func === func);
  if (!f) throw new Error(`no suspect in ${func}: ${fs.map((s) => s.location?.func).join(', ')}`);
  return f;
};
const TICKER_FIX = /t\.Stop\(\)/;

describe('ticker leaks are GG004 with the ticker fix', () => {
  for (const dump of ['diag/tickers.debug2.txt', 'diag/tickers.debug1.txt']) {
    it(`${dump}: range, one-case select and select over a ticker field`, async () => {
      const fs = await suspects(path.join(DUMPS, dump), '--source', DIAG_SRC);
      const range = byFunc(fs, 'main.heartbeat');
      expect(range.ruleId).toBe('GG004');
      expect(range.fix).toMatch(TICKER_FIX);
      expect(range.data?.code).toBe('for range t.C {');
      // A one-case select compiles to a plain receive: the dump names the case line.
      const oneCase = byFunc(fs, 'main.pollOneCase');
      expect(oneCase.ruleId).toBe('GG004');
      expect(oneCase.data?.code).toBe('case <-t.C:');
      expect(oneCase.location?.line).toBe(13);
      const field = byFunc(fs, 'main.(*watcher).run');
      expect(field.ruleId).toBe('GG004');
      expect(field.data?.code).toBe('select {');
      expect(field.explanation).toMatch(/ticker in a loop with no exit case/);
    });
  }

  it('leakdemo GG004 (debug=2 and debug=1): the heartbeat loop', async () => {
    for (const k of ['debug2', 'debug1']) {
      const fs = await suspects(path.join(DUMPS, `go1.26/gg004.${k}.txt`), '--source', LEAKS_SRC);
      const f = byFunc(fs, 'example.com/leaks/patterns.startHeartbeat.func1');
      expect(f.ruleId, k).toBe('GG004');
      expect(f.explanation, k).toMatch(/^`for range t\.C` loops over a ticker channel/);
    }
  });

  it('the text report shows the line of code and the ticker fix', async () => {
    const r = await runCli(['analyze', '--all', path.join(DUMPS, 'diag/tickers.debug2.txt'), '--source', DIAG_SRC]);
    expect(r.stdout).toMatch(
      /GG004 3 goroutines in chan receive\n\s+at tickers\.go:38 main\.heartbeat\n\s+│ for range t\.C \{/,
    );
    expect(r.stdout).not.toMatch(/GG002[^\n]*\n\s+at tickers\.go:38/);
  });
});

describe('debug=1 channel waits', () => {
  it('without source: a channel wait, neither "send" nor a pattern', async () => {
    const fs = await suspects(path.join(DUMPS, 'diag/tickers.debug1.txt'), '--no-source');
    for (const func of ['main.await', 'main.publish', 'main.heartbeat', 'main.pollOneCase']) {
      const f = byFunc(fs, func);
      expect(f.ruleId, func).toBe('GG000');
      expect(f.title, func).toMatch(/^channel wait/);
      expect(f.explanation, func).not.toMatch(/sending|send on/);
    }
  });

  it('with source: the receiver is GG002, the sender GG001', async () => {
    const fs = await suspects(path.join(DUMPS, 'diag/tickers.debug1.txt'), '--source', DIAG_SRC);
    expect(byFunc(fs, 'main.await').ruleId).toBe('GG002');
    expect(byFunc(fs, 'main.await').data?.code).toBe('return <-ch');
    expect(byFunc(fs, 'main.publish').ruleId).toBe('GG001');
    expect(byFunc(fs, 'main.publish').data?.code).toBe('ch <- 1');
  });

  it('the goroutineleak debug=1 profile: receivers are not called senders', async () => {
    const fs = await suspects(path.join(DUMPS, 'go1.26/gg002.leak.debug1.txt'), '--no-source');
    const f = byFunc(fs, 'example.com/leaks/patterns.resizeWorker');
    expect(f.evidence).toBe('proven');
    expect(f.ruleId).toBe('GG000');
    const withSource = byFunc(
      await suspects(path.join(DUMPS, 'go1.26/gg002.leak.debug1.txt'), '--source', LEAKS_SRC),
      'example.com/leaks/patterns.resizeWorker',
    );
    expect(withSource.ruleId).toBe('GG002');
    expect(withSource.data?.code).toBe('for j := range jobs {');
  });
});

describe('other patterns the line names', () => {
  const cases: [string, string, string][] = [
    ['gg005', 'example.com/leaks/patterns.consumeWithIdleTimeout', 'GG005'],
    ['gg007', 'example.com/leaks/patterns.(*auditor).record', 'GG007'],
    ['gg003', 'example.com/leaks/patterns.(*eventBus).loop', 'GG003'],
    ['gg002', 'example.com/leaks/patterns.resizeWorker', 'GG002'],
  ];
  for (const [dump, func, rule] of cases) {
    it(`${dump}.debug2: ${rule}`, async () => {
      const f = byFunc(await suspects(path.join(DUMPS, `go1.26/${dump}.debug2.txt`), '--source', LEAKS_SRC), func);
      expect(f.ruleId).toBe(rule);
      expect(typeof f.data?.code).toBe('string');
    });
  }

  it('--trim-prefix maps the build directory of the dump onto --source', async () => {
    const fs = await suspects(
      path.join(DUMPS, 'go1.26/test-timeout.txt'),
      '--source',
      LEAKS_SRC,
      '--trim-prefix',
      '/work/main/testdata/go/leaks',
    );
    const f = byFunc(fs, 'example.com/leaks/timeouttest.(*Poller).PollAll');
    expect(f.data?.code).toBe('out = append(out, <-p.results)');
    expect(f.explanation).toMatch(/the struct field `p\.results`/);
    expect(f.data?.sourceFile).toBe(path.join(LEAKS_SRC, 'timeouttest/poller.go'));
  });
});

describe('bad --source', () => {
  it('a missing or non-directory --source is one line on stderr and exit 2', async () => {
    const dump = path.join(DUMPS, 'diag/tickers.debug2.txt');
    const missing = await runCli(['analyze', dump, '--source', path.join(ROOT, 'no-such-dir')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no-such-dir: no such directory; expected the program's Go source directory/);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const file = await runCli(['analyze', dump, '--source', path.join(ROOT, 'README.md')]);
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/README\.md: not a directory/);
  });
});

describe('--stacks', () => {
  it('prints the whole stack of each suspect; the default stays short', async () => {
    const dump = path.join(DUMPS, 'go1.26/test-timeout.txt');
    const short = await runCli(['analyze', dump, '--no-source']);
    const long = await runCli(['analyze', dump, '--no-source', '--stacks']);
    expect(short.stdout).not.toContain('stack:');
    expect(long.stdout).toMatch(
      /stack:\n\s+> timeouttest\.\(\*Poller\)\.PollAll\s+poller\.go:33\n\s+timeouttest\.TestPollAllWithFailedBackend\s+poller_test\.go:19\n\s+testing\.tRunner\s+testing\.go:\d+\n\s+created by testing\.\(\*T\)\.Run/,
    );
  });
});

describe('a dump from another machine, read in the checkout', () => {
  it('finds the source by the longest trailing part of its paths under the working directory', async () => {
    // The real tickers dump with its build directory swapped for one no machine has.
    const tmp = mkdtempSync(path.join(tmpdir(), 'gguard-elsewhere-'));
    try {
      const real = readFileSync(path.join(DUMPS, 'diag/tickers.debug2.txt'), 'utf8');
      const dump = path.join(tmp, 'tickers.txt');
      writeFileSync(dump, real.replace(/\t\/\S*?\/testdata\/go\/diag\//g, '\t/nonexistent/build/testdata/go/diag/'));
      expect(readFileSync(dump, 'utf8')).toContain('/nonexistent/build/testdata/go/diag/tickers.go:38');
      const json = async (cwd: string) => {
        const r = await runCli(['analyze', '-f', 'json', dump], { cwd });
        return (JSON.parse(r.stdout) as { suspects: Finding[] }).suspects;
      };
      const inCheckout = byFunc(await json(ROOT), 'main.heartbeat');
      expect(inCheckout.ruleId).toBe('GG004');
      expect(inCheckout.data?.code).toBe('for range t.C {');
      expect(inCheckout.data?.sourceFile).toBe(path.join(DIAG_SRC, 'tickers.go'));
      // Elsewhere nothing is found, and the report says only what the dump proves.
      const elsewhere = byFunc(await json(tmp), 'main.heartbeat');
      expect(elsewhere.ruleId).toBe('GG002');
      expect(elsewhere.data?.code).toBeUndefined();
      // A file of the same name whose line is not in the dump's function is not taken for it.
      const other = path.join(tmp, 'testdata/go/diag');
      mkdirSync(other, { recursive: true });
      writeFileSync(
        path.join(other, 'tickers.go'),
        readFileSync(path.join(DIAG_SRC, 'tickers.go'), 'utf8').replace(/\bheartbeat\b/g, 'pulse'),
      );
      expect(byFunc(await json(tmp), 'main.heartbeat').data?.code).toBeUndefined();
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
