// `goroutine-guard test` end to end: the real CLI (in-process `main`) runs real `go test` on the modules under
// testdata/gotest and must blame exactly the tests that leak — parallel tests, a package with its own TestMain,
// an external test package, goroutine trees, httptest servers — and nobody else (a late timer is not a leak).

import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXTRA,
  LEAKS,
  SECOND,
  blamed,
  jsonLines,
  runCli,
  treeChecksum,
  type CliRun,
  type LeakEvent,
} from './helpers.js';

const TIMEOUT = 240_000;

/** The leaks of testdata/gotest/leaks, one run of each test: `package Test → goroutines`. */
const EXPECTED_ONCE: Record<string, number> = {
  'leaks/httpserver TestServerLeft': 4,
  'leaks/leaky TestAfterFuncLeaks': 1,
  'leaks/leaky TestFirstResultLeaks': 2,
  'leaks/leaky TestSubtestLeaks': 1,
  'leaks/leaky TestTreeLeaksGrandchildren': 3,
  'leaks/parallel TestParallelC': 1,
  'leaks/withmain TestMain': 1,
  'leaks/withmain TestMutexLeak': 1,
  'leaks/xtest TestExternalLeak': 1,
};

const CLEAN_TESTS = [
  'TestFirstResultBufferedIsClean',
  'TestParallelA',
  'TestParallelB',
  'TestParallelD',
  'TestSetupRan',
  'TestExternalClean',
  'TestServerClosed',
  'TestNotifyStartsBenignLoop',
  'TestLateTimerDoesNotLeak',
  'TestLateSelectDoesNotLeak',
];

let tmpRoot: string;
let env: NodeJS.ProcessEnv;
let before: string;

beforeAll(() => {
  tmpRoot = mkdtempSync(join(tmpdir(), 'gg-gotest-suite-'));
  env = { ...process.env, TMPDIR: tmpRoot };
  delete env.GOFLAGS;
  before = treeChecksum(join(LEAKS, '..'));
});

afterAll(() => {
  rmSync(tmpRoot, { recursive: true, force: true });
});

function noWorkspaceLeft(): void {
  expect(readdirSync(tmpRoot).filter((n) => n.startsWith('goroutine-guard-test-'))).toEqual([]);
}

describe('goroutine-guard test on testdata/gotest/leaks', () => {
  let run: CliRun;
  let junit: string;

  beforeAll(async () => {
    const junitPath = join(tmpRoot, 'leaks.xml');
    run = await runCli(['test', '--junit', junitPath, './...'], LEAKS, env);
    junit = readFileSync(junitPath, 'utf8');
  }, TIMEOUT);

  it('passes go test output through and exits 1 on leaks', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    // go test's own line for a leaking package says FAIL, as goleak would make it; clean packages stay ok.
    expect(run.stdout).toMatch(
      /^goroutine-guard: example\.com\/gg\/leaks\/leaky leaked \d+ goroutines \(report after the run\)\nFAIL\texample\.com\/gg\/leaks\/leaky\t\d+\.\d+s$/m,
    );
    expect(run.stdout).not.toMatch(/^ok {2}\texample\.com\/gg\/leaks\/(leaky|parallel|xtest|withmain|httpserver)\t/m);
    expect(run.stdout).toMatch(/^ok {2}\texample\.com\/gg\/leaks\/settle\t/m);
    expect(run.stdout).toMatch(/^\? {3}\texample\.com\/gg\/leaks\/notests\t\[no test files\]$/m);
  });

  it('blames each leak on exactly the test that started it, with sites', () => {
    const lines = run.stdout.split('\n');
    const line = (prefix: string) => lines.find((l) => l.startsWith(prefix));
    expect(line('TestFirstResultLeaks ')).toBe(
      'TestFirstResultLeaks leaked 2 goroutines: GG015 chan send at leaky/leaky.go:10 (created by leaky/leaky.go:9)',
    );
    expect(line('TestParallelC ')).toBe(
      'TestParallelC leaked 1 goroutine: GG002 chan receive at parallel/parallel_test.go:18 (created by parallel/parallel_test.go:16)',
    );
    expect(line('TestMutexLeak ')).toBe(
      'TestMutexLeak leaked 1 goroutine: GG012 sync.Mutex.Lock at withmain/withmain.go:30 (created by withmain/withmain.go:29)',
    );
    expect(line('TestMain ')).toBe(
      'TestMain leaked 1 goroutine: GG002 chan receive at withmain/withmain.go:17 (created by withmain/withmain.go:15)',
    );
    expect(line('TestExternalLeak ')).toBe(
      'TestExternalLeak leaked 1 goroutine: GG003 select at xtest/xtest.go:8 (created by xtest/xtest.go:6)',
    );
    expect(line('TestSubtestLeaks ')).toBe(
      'TestSubtestLeaks (in TestSubtestLeaks.func2) leaked 1 goroutine: GG002 chan receive at leaky/leaky.go:46 (created by leaky/leaky.go:45)',
    );
    // The tree: the supervisor (child) and its two workers (grandchildren) all go back to the test.
    const tree = lines.indexOf('TestTreeLeaksGrandchildren leaked 3 goroutines:');
    expect(tree).toBeGreaterThan(0);
    const treeEnd = lines.findIndex((l, i) => i > tree && /^(Test|goroutine-guard)/.test(l));
    const treeBuckets = lines.slice(tree + 1, treeEnd).filter((l) => /^ {4}\d+ × /.test(l));
    expect(treeBuckets).toEqual([
      '    2 × GG002 chan receive at leaky/leaky.go:39 (created by leaky/leaky.go:31)',
      '    1 × GG002 chan receive at leaky/leaky.go:33 (created by leaky/leaky.go:29)',
    ]);
    // httptest server never closed + client keep-alive: the stdlib goroutines lead back to the test's own lines.
    const http = lines.indexOf('TestServerLeft leaked 4 goroutines:');
    expect(http).toBeGreaterThan(0);
    const next = lines.findIndex((l, i) => i > http && /^(Test|goroutine-guard)/.test(l));
    const httpBuckets = lines.slice(http + 1, next).filter((l) => /^ {4}\d+ × /.test(l));
    expect(httpBuckets.sort()).toEqual([
      '    1 × GG000 IO wait in net/http.(*conn).serve (started from httpserver/httpserver_test.go:31)',
      '    1 × GG000 IO wait in net/http/httptest.(*Server).goServe.func1 (started from httpserver/httpserver_test.go:31)',
      '    1 × GG010 IO wait in net/http.(*persistConn).readLoop (started from httpserver/httpserver_test.go:14)',
      '    1 × GG010 select in net/http.(*persistConn).writeLoop (started from httpserver/httpserver_test.go:14)',
    ]);
    // time.AfterFunc callbacks have no parent goroutine: blamed through the closure they run.
    expect(line('TestAfterFuncLeaks ')).toBe(
      'TestAfterFuncLeaks (in TestAfterFuncLeaks.func1) leaked 1 goroutine: GG006 chan receive at leaky/leaky_test.go:36 (created by time.goFunc)',
    );
    expect(run.stdout).toContain('goroutine-guard: 9 tests leaked 15 goroutines in 5 of 7 leak-checked packages');
  });

  it('prints the stack of each leak site, folding runs of standard-library frames', () => {
    expect(run.stdout).toMatch(
      /TestMutexLeak leaked[^\n]*\n {8}goroutine \d+ \[sync\.Mutex\.Lock\]:\n {8}\S+\(…\)\n {12}\$GOROOT\/src\/\S+\n {12}\.\.\.\d+ standard-library frames?\.\.\.\n {8}example\.com\/gg\/leaks\/withmain\.Lock\.func1\(…\)\n {12}withmain\/withmain\.go:30\n/,
    );
    expect(run.stdout).toMatch(
      /TestFirstResultLeaks leaked[^\n]*\n {8}goroutine \d+ \[chan send\]:\n {8}example\.com\/gg\/leaks\/leaky\.FirstResult\.func1\(…\)\n {12}leaky\/leaky\.go:10\n {8}created by example\.com\/gg\/leaks\/leaky\.FirstResult in goroutine \d+\n {12}leaky\/leaky\.go:9\n/,
    );
  });

  it('blames no clean test: parallel neighbours, late timers, closed servers, the signal loop', () => {
    for (const t of CLEAN_TESTS) expect(run.stdout).not.toMatch(new RegExp(`^${t}\\b`, 'm'));
  });

  it('writes JUnit with one failing case per leaking test', () => {
    expect(junit).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="goroutine-guard"/);
    const failures = [
      ...junit.matchAll(/<testcase name="([^"]+)" classname="([^"]+)"[^>]*>\s*<failure message="([^"]+)"/g),
    ]
      .map((m) => `${m[2]!.replace('example.com/gg/', '')} ${m[1]} ${m[3]}`)
      .sort();
    expect(failures).toEqual(
      Object.entries(EXPECTED_ONCE)
        .map(([k, n]) => `${k} leaked ${n} goroutine${n === 1 ? '' : 's'}`)
        .sort(),
    );
    expect(junit).toContain('<testsuite name="example.com/gg/leaks/settle" tests="1" failures="0"');
  });

  it('never writes the user tree and removes its temp dir', () => {
    expect(treeChecksum(join(LEAKS, '..'))).toBe(before);
    noWorkspaceLeft();
  });
});

describe('goroutine-guard test --json with -race -count=2', () => {
  let run: CliRun;
  let events: Array<Record<string, unknown>>;

  beforeAll(async () => {
    run = await runCli(
      ['test', '--json', './leaky', './parallel', './withmain', './settle', '--', '-race', '-count=2'],
      LEAKS,
      env,
    );
    events = jsonLines(run.stdout);
  }, TIMEOUT);

  it('streams go test -json events, then leak events', () => {
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('{'))).toEqual([]);
    const pass = events.filter((e) => e.Action === 'pass' && e.Test === undefined).map((e) => e.Package);
    expect(pass).toEqual(['example.com/gg/leaks/settle']);
    const lastGoEvent = events.findLastIndex((e) => ['pass', 'fail', 'output'].includes(e.Action as string));
    const firstLeak = events.findIndex((e) => e.Action === 'leak');
    expect(firstLeak).toBeGreaterThan(lastGoEvent);
  });

  it('fails a leaking package in the event stream as the text output does (ok → FAIL, pass → fail)', () => {
    const packageEvents = (pkg: string) => events.filter((e) => e.Package === pkg && e.Test === undefined);
    for (const pkg of ['leaky', 'parallel', 'withmain'].map((p) => `example.com/gg/leaks/${p}`)) {
      const mine = packageEvents(pkg);
      expect(mine.filter((e) => e.Action === 'pass')).toEqual([]);
      expect(mine.filter((e) => e.Action === 'fail')).toHaveLength(1);
      const output = mine.filter((e) => e.Action === 'output').map((e) => e.Output as string);
      expect(output.some((o) => o.startsWith('ok  \t'))).toBe(false);
      const fail = output.findIndex((o) => o.startsWith(`FAIL\t${pkg}\t`));
      expect(fail, `${pkg}: ${output.join('')}`).toBeGreaterThan(0);
      // The leak report comes just before the FAIL line, test by test, as in the text report.
      const report = output.slice(0, fail).join('');
      expect(report).toMatch(new RegExp(`^goroutine-guard: ${pkg} leaked \\d+ goroutines?:$`, 'm'));
    }
    const leaky = packageEvents('example.com/gg/leaks/leaky')
      .map((e) => e.Output ?? '')
      .join('');
    expect(leaky).toContain(
      'TestFirstResultLeaks leaked 4 goroutines: GG015 chan send at leaky/leaky.go:10 (created by leaky/leaky.go:9)\n',
    );
    // The package that did not leak keeps go test's own events.
    const settle = packageEvents('example.com/gg/leaks/settle');
    expect(settle.some((e) => e.Action === 'output' && (e.Output as string).startsWith('ok  \t'))).toBe(true);
  });

  it('counts every run of a test (-count=2) and still blames exactly', () => {
    expect(blamed(events)).toEqual({
      'leaks/leaky TestAfterFuncLeaks': 2,
      'leaks/leaky TestFirstResultLeaks': 4,
      'leaks/leaky TestSubtestLeaks': 2,
      'leaks/leaky TestTreeLeaksGrandchildren': 6,
      'leaks/parallel TestParallelC': 2,
      'leaks/withmain TestMain': 1, // TestMain runs once per binary
      'leaks/withmain TestMutexLeak': 2,
    });
    const first = events.find((e) => e.Action === 'leak' && e.Test === 'TestFirstResultLeaks') as unknown as LeakEvent;
    expect(first.BlamedVia).toBe('ancestry');
    expect(first.Findings).toHaveLength(1);
    expect(first.Findings[0]).toMatchObject({
      ruleId: 'GG015',
      count: 4,
      location: { file: 'leaky/leaky.go', line: 10 },
      createdAt: { file: 'leaky/leaky.go', line: 9 },
    });
  });

  it('waits for the late timer instead of reporting it', () => {
    const settle = events.find((e) => e.Action === 'leakcheck' && e.Package === 'example.com/gg/leaks/settle');
    expect(settle).toMatchObject({ Leaked: 0 });
    // It saw the timer goroutines pending and waited for them (~300 ms) instead of reporting them.
    expect(settle!.Rounds as number).toBeGreaterThan(1);
    expect(settle!.SettleMs as number).toBeGreaterThan(150);
    const summary = events.at(-1)!;
    expect(summary).toMatchObject({ Action: 'leaksummary', Leaked: 19, Tests: 7, Packages: 4, NotChecked: [] });
    noWorkspaceLeft();
  });
});

describe('blame when the ancestry is cut short', () => {
  it(
    '--ancestors 1: grandchildren are blamed through their still-alive parent goroutine',
    async () => {
      const run = await runCli(
        ['test', '--json', '--ancestors', '1', '--settle', '300ms', './leaky', './parallel'],
        LEAKS,
        env,
      );
      const events = jsonLines(run.stdout);
      expect(blamed(events)).toEqual({
        'leaks/leaky TestAfterFuncLeaks': 1,
        'leaks/leaky TestFirstResultLeaks': 2,
        'leaks/leaky TestSubtestLeaks': 1,
        'leaks/leaky TestTreeLeaksGrandchildren': 3,
        'leaks/parallel TestParallelC': 1,
      });
      const tree = events.find((e) => e.Action === 'leak' && e.Test === 'TestTreeLeaksGrandchildren') as unknown as {
        Findings: Array<{ count: number; data: { blamedVia: string } }>;
      };
      expect(tree.Findings.map((f) => `${f.count} ${f.data.blamedVia}`)).toEqual(['2 goroutine-id', '1 ancestry']);
    },
    TIMEOUT,
  );
});

describe('ignore options', () => {
  it(
    '--ignore-top, --ignore-regex drop leaks; --no-default-ignores reports the signal loop',
    async () => {
      const run = await runCli(
        [
          'test',
          '--no-stacks',
          '--ignore-top',
          'example.com/gg/leaks/leaky.FirstResult.func1',
          '--ignore-regex',
          'leaky\\.worker$',
          '--ignore-any',
          'example.com/gg/leaks/leaky.Block*',
          '--no-default-ignores',
          '--settle',
          '300ms',
          './leaky',
          './signals',
        ],
        LEAKS,
        env,
      );
      expect(run.code).toBe(1);
      const leakLines = run.stdout.split('\n').filter((l) => /^Test\w+.* leaked /.test(l));
      expect(leakLines).toEqual([
        'TestAfterFuncLeaks (in TestAfterFuncLeaks.func1) leaked 1 goroutine: GG006 chan receive at leaky/leaky_test.go:36 (created by time.goFunc)',
        'TestTreeLeaksGrandchildren leaked 1 goroutine: GG002 chan receive at leaky/leaky.go:33 (created by leaky/leaky.go:29)',
        'TestNotifyStartsBenignLoop leaked 1 goroutine: GG000 syscall in os/signal.loop (started from signals/signals_test.go:13)',
      ]);
    },
    TIMEOUT,
  );

  it(
    'reads the shared ignore section and the test section of the config file; flags add to it',
    async () => {
      const config = join(tmpRoot, 'goroutine-guard.yaml');
      writeFileSync(
        config,
        [
          'ignore:',
          '  functions: [example.com/gg/leaks/leaky.worker]',
          'test:',
          '  settle: 300ms',
          '  stacks: false',
          '  ignoreTop: [example.com/gg/leaks/leaky.FirstResult.func1]',
          '',
        ].join('\n'),
      );
      const run = await runCli(
        ['test', '--config', config, '--ignore-created-by', 'time.goFunc', './leaky'],
        LEAKS,
        env,
      );
      expect(run.stdout.split('\n').filter((l) => /^Test.* leaked /.test(l))).toEqual([
        'TestSubtestLeaks (in TestSubtestLeaks.func2) leaked 1 goroutine: GG002 chan receive at leaky/leaky.go:46 (created by leaky/leaky.go:45)',
        'TestTreeLeaksGrandchildren leaked 1 goroutine: GG002 chan receive at leaky/leaky.go:33 (created by leaky/leaky.go:29)',
      ]);
      expect(run.stdout).toContain('goroutine-guard: 2 tests leaked 2 goroutines in 1 of 1 leak-checked package');
      expect(run.stdout).not.toContain('        goroutine '); // stacks: false

      writeFileSync(config, 'test:\n  setle: 1s\n');
      const bad = await runCli(['test', '--config', config, './leaky'], LEAKS, env);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toBe(
        `goroutine-guard: ${config}:2: test.setle: unknown key "setle"; expected one of settle, ancestors, leakProfile, defaultIgnores, stacks, ignoreTop, ignoreAny, ignoreCreatedBy, ignoreRegex\n`,
      );
    },
    TIMEOUT,
  );

  it('rejects a bad regex with one line and exit 2', async () => {
    const run = await runCli(['test', '--ignore-regex', '(', './leaky'], LEAKS, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^goroutine-guard: goroutine-guard test: bad --ignore-regex "\(": .*\n$/);
  });

  it('rejects a bad --settle', async () => {
    const run = await runCli(['test', '--settle', 'soon', './leaky'], LEAKS, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not a duration');
  });
});

describe('other modules', () => {
  it(
    'blames a test in one module for a leak inside another module',
    async () => {
      const run = await runCli(['test', './...', '--', '-json'], SECOND, env); // go test's own -json: JSON out
      expect(run.code).toBe(1);
      expect(run.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('{'))).toEqual([]);
      const events = jsonLines(run.stdout);
      expect(blamed(events)).toEqual({ 'second/consumer TestCrossModuleLeak': 2 });
      const leak = events.find((e) => e.Action === 'leak') as unknown as LeakEvent;
      expect(leak.Findings.map((f) => f.location?.file.endsWith('testdata/gotest/leaks/leaky/leaky.go'))).toEqual([
        true,
        true,
      ]);
    },
    TIMEOUT,
  );

  it(
    "passes go test's own failure through and still reports the leak",
    async () => {
      const run = await runCli(
        ['test', '--no-stacks', '--settle', '200ms', './failing', '-v', '-run', 'TestFails|TestLeaksToo'],
        EXTRA,
        env,
      );
      expect(run.stdout).toMatch(/^=== RUN {3}TestLeaksToo$/m); // go test flags without `--` pass through
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /^=== RUN {3}TestFails\n {4}failing_test\.go:7: this test fails on purpose\n--- FAIL: TestFails \(\d+\.\d+s\)$/m,
      );
      expect(run.stdout).toMatch(/^FAIL\texample\.com\/gg\/extra\/failing\t/m);
      expect(run.stdout).toContain(
        'TestLeaksToo leaked 1 goroutine: GG014 select (no cases) at failing/failing_test.go:11 (created by failing/failing_test.go:11)',
      );
    },
    TIMEOUT,
  );

  it(
    'exits 0 and says so when nothing leaks',
    async () => {
      const run = await runCli(['test', './settle', './signals', './notests'], LEAKS, env);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/goroutine-guard: no leaks in 2 leak-checked packages \(settle ≤ 1s\)\n$/);
    },
    TIMEOUT,
  );
});
