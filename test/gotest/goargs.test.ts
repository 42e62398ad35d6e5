// Reading the go test command line, the options, and the small pure decisions of a run.

import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isFileList, parseGoTestArgs } from '../../src/gotest/goargs.js';
import { parseGoListJson } from '../../src/gotest/golist.js';
import { DEFAULT_IGNORE_RULES, ignoreRules, ignoredBy, matchFunc } from '../../src/gotest/ignore.js';
import { DEFAULT_GOTEST_OPTIONS, parseDurationMs, resolveGoTestOptions } from '../../src/gotest/options.js';
import { displayPathFn, leakProfilePlan, withAncestors } from '../../src/gotest/run.js';
import { createWorkspace, sweepStaleWorkspaces } from '../../src/gotest/workspace.js';
import type { Goroutine } from '../../src/model/profile.js';

describe('parseGoTestArgs', () => {
  it('tells packages from flags and flag values, in any order', () => {
    const a = parseGoTestArgs(['./...', '-race', '-run', 'TestX', '-count=2', 'example.com/p', '-tags', 'integ', '-v']);
    expect(a.packages).toEqual(['./...', 'example.com/p']);
    expect(a.listFlags).toEqual(['-race', '-tags=integ']);
    expect(a.count).toBe(true);
    expect(a.passThrough).toEqual([
      './...',
      '-race',
      '-run',
      'TestX',
      '-count=2',
      'example.com/p',
      '-tags',
      'integ',
      '-v',
    ]);
  });

  it('defaults to the current package and stops at -args', () => {
    const a = parseGoTestArgs(['-v', '-args', '-flag', 'pkg']);
    expect(a.packages).toEqual(['.']);
    expect(a.binaryArgs).toEqual(['-flag', 'pkg']);
    expect(a.passThrough).toEqual(['-v', '-args', '-flag', 'pkg']);
  });

  it('notices -json, -c, -fuzz and takes the user -overlay out of the pass-through', () => {
    expect(parseGoTestArgs(['-json']).json).toBe(true);
    expect(parseGoTestArgs(['-json=false']).json).toBe(false);
    expect(parseGoTestArgs(['-c']).noRun).toBe('-c');
    expect(parseGoTestArgs(['-fuzz', 'FuzzX']).fuzz).toBe(true);
    const o = parseGoTestArgs(['-overlay', 'o.json', './...']);
    expect(o.overlay).toBe('o.json');
    expect(o.passThrough).toEqual(['./...']);
    expect(isFileList(['a_test.go'])).toBe(true);
  });

  it('rejects a value flag at the end and -C', () => {
    expect(() => parseGoTestArgs(['-run'])).toThrow(/flag -run needs a value/);
    expect(() => parseGoTestArgs(['-C', 'dir'])).toThrow(/-C is not supported/);
  });
});

describe('options', () => {
  it('parses durations and validates values by name', () => {
    expect(parseDurationMs('1s')).toBe(1000);
    expect(parseDurationMs('250ms')).toBe(250);
    expect(parseDurationMs('1.5s')).toBe(1500);
    expect(parseDurationMs('40')).toBe(40);
    expect(parseDurationMs('soon')).toBeUndefined();
    expect(resolveGoTestOptions({}).settleMs).toBe(DEFAULT_GOTEST_OPTIONS.settleMs);
    expect(() => resolveGoTestOptions({ ancestors: 0 })).toThrow(/ancestors/);
    expect(() => resolveGoTestOptions({ settleMs: -1 })).toThrow(/settle/);
    expect(() => resolveGoTestOptions({ leakProfile: 'always' as never })).toThrow(/leak-profile/);
  });

  it('chooses the goroutineleak profile by toolchain', () => {
    expect(leakProfilePlan('auto', 'go1.27.3', '')).toEqual({ use: true });
    expect(leakProfilePlan('auto', 'go1.26.8', '')).toEqual({ use: false });
    expect(leakProfilePlan('auto', 'go1.26.8', 'goroutineleakprofile')).toEqual({ use: true });
    expect(leakProfilePlan('on', 'go1.26.8', '')).toEqual({ use: true, experiment: 'goroutineleakprofile' });
    expect(leakProfilePlan('on', 'go1.21.13', '').use).toBe(false);
    expect(leakProfilePlan('off', 'go1.27.3', '')).toEqual({ use: false });
  });

  it('merges tracebackancestors into GODEBUG without lowering the user’s own', () => {
    expect(withAncestors(undefined, 32)).toBe('tracebackancestors=32');
    expect(withAncestors('http2debug=1', 32)).toBe('http2debug=1,tracebackancestors=32');
    expect(withAncestors('tracebackancestors=100', 32)).toBe('tracebackancestors=100');
    expect(withAncestors('tracebackancestors=5', 32)).toBe('tracebackancestors=5,tracebackancestors=32');
  });

  it('shows paths relative to the working directory, GOROOT and the module cache', () => {
    const show = displayPathFn('/w/mod', { goroot: '/usr/local/go', gomodcache: '/root/go/pkg/mod' });
    expect(show('/w/mod/pkg/x.go')).toBe('pkg/x.go');
    expect(show('/usr/local/go/src/net/http/server.go')).toBe('$GOROOT/src/net/http/server.go');
    expect(show('/root/go/pkg/mod/example.com/m@v1.0.0/x.go')).toBe('example.com/m@v1.0.0/x.go');
    expect(show('/elsewhere/x.go')).toBe('/elsewhere/x.go');
  });
});

describe('ignore rules', () => {
  const g = (funcs: string[], createdBy?: string): Goroutine => ({
    id: 9,
    count: 1,
    state: 'chan receive',
    stateInferred: false,
    waitClass: 'chan-recv',
    waitMinutes: 0,
    locked: false,
    leaked: false,
    labels: {},
    frames: funcs.map((f) => ({ func: f, package: f.slice(0, f.lastIndexOf('.')), file: '/x.go', line: 1 })),
    elided: 0,
    ancestors: [],
    ...(createdBy ? { createdBy: { func: createdBy, package: 'p', file: '/c.go', line: 2 } } : {}),
  });

  it('every default rule says why', () => {
    for (const r of DEFAULT_IGNORE_RULES) expect(r.why.length).toBeGreaterThan(20);
  });

  it('matches top (after runtime frames), any, created-by, regex; prefix patterns end in *', () => {
    const rules = ignoreRules({
      ...DEFAULT_GOTEST_OPTIONS,
      ignoreTop: ['a.Top'],
      ignoreAny: ['b.Any*'],
      ignoreCreatedBy: ['c.Maker'],
      ignoreRegex: ['^glog\\.'],
    });
    expect(ignoredBy(g(['runtime.gopark', 'a.Top', 'x.Y']), rules)).toBe('ignore-top');
    expect(ignoredBy(g(['x.Y', 'a.Top']), rules)).toBeUndefined();
    expect(ignoredBy(g(['x.Y', 'b.AnyThing']), rules)).toBe('ignore-any');
    expect(ignoredBy(g(['x.Y'], 'c.Maker'), rules)).toBe('ignore-created-by');
    expect(ignoredBy(g(['glog.flushDaemon']), rules)).toBe('ignore-regex');
    expect(ignoredBy(g(['os/signal.signal_recv', 'os/signal.loop']), rules)).toBe('os-signal-loop');
    expect(ignoredBy(g(['runtime.gopark', 'runtime.forcegchelper']), rules)).toBe('runtime-owned');
    expect(ignoredBy(g(['x.Y']), rules)).toBeUndefined();
    expect(matchFunc('p.F*', 'p.Foo')).toBe(true);
    expect(matchFunc('p.F', 'p.Foo')).toBe(false);
  });
});

describe('go list output', () => {
  it('splits concatenated objects', () => {
    const text =
      '{\n\t"ImportPath": "a",\n\t"Name": "a",\n\t"Dir": "/a",\n\t"TestGoFiles": [\n\t\t"a_test.go"\n\t]\n}\n{\n\t"ImportPath": "b",\n\t"Error": {\n\t\t"Err": "boom"\n\t}\n}\n';
    expect(parseGoListJson(text)).toEqual([
      { importPath: 'a', name: 'a', dir: '/a', testGoFiles: ['a_test.go'], xTestGoFiles: [] },
      { importPath: 'b', name: '', dir: '', testGoFiles: [], xTestGoFiles: [], error: 'boom' },
    ]);
    expect(parseGoListJson('')).toEqual([]);
  });
});

describe('workspace', () => {
  it('removes itself, and sweeps workspaces of dead runs only', () => {
    const root = mkdtempSync(join(tmpdir(), 'gg-ws-'));
    try {
      const ws = createWorkspace(root, 4242);
      expect(readdirSync(root)).toHaveLength(1);
      ws.remove();
      ws.remove();
      expect(readdirSync(root)).toEqual([]);
      mkdirSync(join(root, 'goroutine-guard-test-111-abc'));
      mkdirSync(join(root, 'goroutine-guard-test-222-def'));
      mkdirSync(join(root, 'unrelated'));
      createWorkspace(root, 333).keep(); // --keep-temp: survives even though pid 333 is gone
      expect(sweepStaleWorkspaces(root, (pid) => pid === 222)).toBe(1);
      expect(readdirSync(root).sort()).toEqual([
        'goroutine-guard-test-222-def',
        expect.stringMatching(/^goroutine-guard-test-333-/),
        'unrelated',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('config file names', () => {
  it('the test command looks for the same files as the config loader', async () => {
    const { CONFIG_FILES } = await import('../../src/core/config.js');
    const { TEST_CONFIG_FILES } = await import('../../src/cli/commands/test.js');
    expect([...TEST_CONFIG_FILES]).toEqual([...CONFIG_FILES]);
  });
});
