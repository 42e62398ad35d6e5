// Context-aware evidence on real dumps from testdata/dumps (written by real Go runtimes, see
// docs/testdata.md): a `go test -timeout` panic, the runtime's deadlock report, a synctest deadlock and a SIGQUIT
// make the few goroutines blocked at user code `suspected`, and the report names the hung test. The healthy
// fixtures (the `clean` scenario, pprof snapshots of a running process) stay without any suspected finding.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeDump } from '../../src/analysis/index.js';
import { runCli } from '../helpers/cli.js';

const DUMPS = path.resolve(import.meta.dirname, '../../testdata/dumps');
const TOOLCHAINS = ['go1.20', 'go1.22', 'go1.24', 'go1.26', 'go1.27'];
const analyzeFile = (rel: string) => analyzeDump([readFileSync(path.join(DUMPS, rel))], { source: rel });

describe('go test -timeout panics', () => {
  for (const tc of TOOLCHAINS) {
    it(`${tc}: the hung test's blocking receive is suspected and the test is named`, async () => {
      const a = await analyzeFile(`${tc}/test-timeout.txt`);
      expect(a.info.context?.kind).toBe('test-timeout');
      expect(a.info.context?.message).toMatch(/^panic: test timed out after \d+s$/);
      expect(a.info.context?.tests).toEqual(['TestPollAllWithFailedBackend']);
      const f = a.suspects[0]!;
      expect(f.evidence).toBe('suspected');
      expect(f.count).toBe(1);
      expect(f.location?.file).toMatch(/leaks\/timeouttest\/poller\.go$/);
      expect(f.location?.line).toBe(33);
      expect(f.data?.test).toBe('TestPollAllWithFailedBackend');
    });
  }

  it('the default text report shows the site and names the test', async () => {
    const r = await runCli(['analyze', path.join(DUMPS, 'go1.26/test-timeout.txt')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Stuck process: panic: test timed out after 3s (hung test: TestPollAllWithFailedBackend)',
    );
    expect(r.stdout).toMatch(/1\. SUSPECTED \S+ 1 goroutine in chan receive\n\s+at poller\.go:33 /);
    expect(r.stdout).toContain('in test TestPollAllWithFailedBackend');
    expect(r.stdout).not.toContain('more suspect');
  });

  it('markdown and html say it too', async () => {
    const dump = path.join(DUMPS, 'go1.26/test-timeout.txt');
    const md = await runCli(['analyze', '-f', 'markdown', dump]);
    expect(md.stdout).toContain(
      '**Stuck process:** panic: test timed out after 3s (hung test: TestPollAllWithFailedBackend)',
    );
    expect(md.stdout).toContain('In test: TestPollAllWithFailedBackend');
    const html = await runCli(['analyze', '-f', 'html', dump]);
    expect(html.stdout).toContain(
      '<p><b>Stuck process:</b> panic: test timed out after 3s (hung test: TestPollAllWithFailedBackend)</p>',
    );
  });

  it('--fail-on suspected fails the run', async () => {
    const r = await runCli(['analyze', '--fail-on', 'suspected', path.join(DUMPS, 'go1.26/test-timeout.txt')]);
    expect(r.code).toBe(1);
  });
});

describe('deadlock reports', () => {
  for (const tc of TOOLCHAINS) {
    it(`${tc}: the five senders of the deadlock are suspected`, async () => {
      const a = await analyzeFile(`${tc}/deadlock.txt`);
      expect(a.info.context).toEqual({
        kind: 'deadlock',
        message: 'fatal error: all goroutines are asleep - deadlock!',
      });
      const f = a.suspects.find((s) => s.location?.func === 'main.square');
      expect(f?.evidence).toBe('suspected');
      expect(f?.count).toBe(5);
      expect(f?.explanation).toContain('stuck process (fatal error: all goroutines are asleep - deadlock!)');
      // The main goroutine's wait is the other half of the deadlock: shown, not ignored as "the program idling".
      const main = a.suspects.find((s) => s.location?.func === 'main.main');
      expect(main?.evidence).toBe('suspected');
      expect(main?.ruleId).toBe('GG008');
      expect(main?.location?.line).toBe(24);
      expect(a.totals.ignored).toBe(0);
      // Its starter still waits (on the WaitGroup), so the senders are not "N senders, one receiver that left".
      expect(f?.ruleId).toBe('GG001');
    });
  }

  it('names the blocked creator when the dump has creator ids (Go >= 1.21)', async () => {
    const a = await analyzeFile('go1.26/deadlock.txt');
    const f = a.suspects.find((s) => s.location?.func === 'main.square');
    expect(f?.explanation).toMatch(
      /The goroutine that started them is blocked too \(sync\.WaitGroup\.Wait at main\.go:24 in main\.main\)\.$/,
    );
  });

  it('outside a deadlock report the main goroutine stays ignored (a SIGQUIT dump of a program waiting for it)', async () => {
    const a = await analyzeFile('go1.26/sigquit.txt');
    expect(a.buckets.filter((b) => b.ignored === 'main goroutine').map((b) => b.site?.func)).toEqual(['main.main']);
    expect(a.suspects.find((s) => s.location?.func === 'main.main')).toBeUndefined();
  });

  it('a synctest bubble deadlock names the failing test', async () => {
    const a = await analyzeFile('go1.26/synctest-deadlock.txt');
    expect(a.info.context?.kind).toBe('deadlock');
    expect(a.info.context?.tests).toEqual(['TestBubbleDeadlock']);
    expect(a.suspects.map((s) => s.evidence)).toEqual(['suspected']);
  });
});

describe('SIGQUIT dumps', () => {
  it('small groups at user code are suspected (plain and inside journald lines)', async () => {
    for (const rel of ['go1.26/sigquit.txt', 'derived/sigquit.journal.txt']) {
      const a = await analyzeFile(rel);
      expect(a.info.context?.kind, rel).toBe('sigquit');
      const ticker = a.suspects.find((s) => s.location?.func?.endsWith('startHeartbeat.func1'));
      expect(ticker?.count, rel).toBe(3);
      expect(ticker?.evidence, rel).toBe('suspected');
      // Stdlib-only stacks (HTTP connection loops) need more than the context.
      const readLoop = a.suspects.find((s) => s.location?.func === 'net/http.(*persistConn).readLoop');
      expect(readLoop?.evidence, rel).toBe('possible');
    }
  });

  it('a panic that is not a hang does not raise the evidence', async () => {
    const a = await analyzeFile('go1.26/panic.txt');
    expect(a.info.context?.kind).toBe('panic');
    const few = a.suspects.filter((s) => (s.count ?? 0) < 10 && s.evidence === 'suspected' && !s.waitMinutes?.max);
    expect(few).toEqual([]);
  });
});

describe('minutes in the headers', () => {
  // minutes.debug2.txt: leakdemo waited 70 s and ran two GCs, so the headers say `, 1 minutes`.
  const dump = path.join(DUMPS, 'go1.26/minutes.debug2.txt');
  const heartbeat = (out: string) =>
    (
      JSON.parse(out) as { suspects: { location?: { func?: string }; evidence: string; explanation: string }[] }
    ).suspects.find((s) => s.location?.func === 'example.com/leaks/patterns.startHeartbeat.func1');

  it('3 goroutines waiting 1 minute: possible by default, suspected with --long-wait 1', async () => {
    const byDefault = heartbeat((await runCli(['analyze', '-f', 'json', '--no-source', dump])).stdout);
    expect(byDefault?.evidence).toBe('possible');
    const long = heartbeat((await runCli(['analyze', '-f', 'json', '--no-source', '--long-wait', '1', dump])).stdout);
    expect(long?.evidence).toBe('suspected');
    expect(long?.explanation).toContain('They have waited 1 minute.');
  });
});

describe('healthy fixtures stay quiet', () => {
  const clean = TOOLCHAINS.flatMap((tc) =>
    readdirSync(path.join(DUMPS, tc))
      .filter((f) => f.startsWith('clean.') && !f.includes('.leak.'))
      .map((f) => `${tc}/${f}`),
  );

  it(`no suspected or stronger in ${clean.length} clean dumps`, async () => {
    expect(clean.length).toBeGreaterThanOrEqual(10);
    for (const rel of clean) {
      const a = await analyzeFile(rel);
      expect(a.info.context, rel).toBeUndefined();
      expect(
        a.suspects.filter((s) => s.evidence !== 'possible').map((s) => `${rel}: ${s.message}`),
        rel,
      ).toEqual([]);
    }
  });
});
