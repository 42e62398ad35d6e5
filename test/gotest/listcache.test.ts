// The `go list` cache on a real module in a temp dir with the real go command: a second run reuses the answer,
// and every change that changes go list's answer (a new test file, a new package, an edited build constraint,
// go.mod, GOFLAGS) is seen, never answered from a stale entry.

import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { nodeGoExec, type GoExec } from '../../src/core/goexec.js';
import { listPackages, listScope, type ListRequest } from '../../src/gotest/listcache.js';
import type { ListedPackage } from '../../src/gotest/golist.js';
import { runCli } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'gg-listcache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let mod: string;
let cache: string;
let goListRuns: number;
let n = 0;

/** The real go command, counting the `go list` calls that reach it. */
const counting: GoExec = {
  capture(bin, args, opts) {
    if (args[0] === 'list') goListRuns++;
    return nodeGoExec.capture(bin, args, opts);
  },
  start: (bin, args, opts) => nodeGoExec.start(bin, args, opts),
};

function write(rel: string, text: string): void {
  const p = join(mod, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
}

beforeEach(() => {
  n++;
  mod = join(root, `m${n}`);
  cache = join(root, `cache${n}`);
  goListRuns = 0;
  write('go.mod', 'module example.com/lc\n\ngo 1.21\n');
  write('a/a.go', 'package a\n\nfunc A() int { return 1 }\n');
  write('a/a_test.go', 'package a\n\nimport "testing"\n\nfunc TestA(t *testing.T) { _ = A() }\n');
  write('b/b_x_test.go', 'package b_test\n\nimport "testing"\n\nfunc TestB(t *testing.T) {}\n');
  write('b/b.go', 'package b\n');
});

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env };
  delete e.GOFLAGS;
  delete e.GOROUTINE_GUARD_LIST_CACHE;
  return { ...e, ...extra };
};

const request = (extra: Partial<ListRequest> = {}): ListRequest => ({
  exec: counting,
  goBin: 'go',
  cwd: mod,
  env: env(),
  flags: [],
  patterns: ['./...'],
  ...extra,
});

/** racyMs 0: the module was written a moment ago; the racy guard has its own test below. */
const list = (extra: Partial<ListRequest> = {}) => listPackages(request(extra), { dir: cache, racyMs: 0 });

const testFiles = (listed: ListedPackage[]) =>
  Object.fromEntries(listed.map((p) => [p.importPath, [...p.testGoFiles, ...p.xTestGoFiles]]));

describe('go list cache', () => {
  it('answers a second run on an unchanged module from the cache, with the same packages', async () => {
    const first = await list();
    expect(first.cache).toBe('stored');
    const second = await list();
    expect(second.cache).toBe('hit');
    expect(second.listed).toEqual(first.listed);
    expect(goListRuns).toBe(1);
    expect(testFiles(second.listed)).toEqual({
      'example.com/lc/a': ['a_test.go'],
      'example.com/lc/b': ['b_x_test.go'],
    });
  });

  it('sees a new test file, a new package and a removed file', async () => {
    await list();
    write('a/more_test.go', 'package a\n\nimport "testing"\n\nfunc TestMore(t *testing.T) {}\n');
    write('c/c_test.go', 'package c\n\nimport "testing"\n\nfunc TestC(t *testing.T) {}\n');
    const after = await list();
    expect(after.cache).toBe('stored');
    expect(testFiles(after.listed)).toEqual({
      'example.com/lc/a': ['a_test.go', 'more_test.go'],
      'example.com/lc/b': ['b_x_test.go'],
      'example.com/lc/c': ['c_test.go'],
    });
    rmSync(join(mod, 'c'), { recursive: true });
    expect(testFiles((await list()).listed)).not.toHaveProperty('example.com/lc/c');
    expect(goListRuns).toBe(3);
  });

  it('sees a build constraint edited into a file, even with the same size and modification time', async () => {
    const src = 'package a\n\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n';
    write('a/x_test.go', `//go:build linux || !linux\n\n${src}`);
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(mod, 'a/x_test.go'), past, past);
    expect(testFiles((await list()).listed)['example.com/lc/a']).toEqual(['a_test.go', 'x_test.go']);
    write('a/x_test.go', `//go:build linux && !linux\n\n${src}`); // same length, never true
    utimesSync(join(mod, 'a/x_test.go'), past, past);
    const after = await list();
    expect(after.cache).toBe('stored');
    expect(testFiles(after.listed)['example.com/lc/a']).toEqual(['a_test.go']);
  });

  it('sees a changed go.mod', async () => {
    await list();
    write('go.mod', 'module example.com/renamed\n\ngo 1.21\n');
    const after = await list();
    expect(after.cache).toBe('stored');
    expect(after.listed.map((p) => p.importPath).sort()).toEqual(['example.com/renamed/a', 'example.com/renamed/b']);
  });

  it('keys on GOFLAGS and the file-selection flags: -tags never reuses the untagged answer', async () => {
    write('a/tagged_test.go', '//go:build extra\n\npackage a\n\nimport "testing"\n\nfunc TestT(t *testing.T) {}\n');
    const plain = await list();
    const viaEnv = await list({ env: env({ GOFLAGS: '-tags=extra' }) });
    const viaFlag = await list({ flags: ['-tags=extra'] });
    expect(testFiles(plain.listed)['example.com/lc/a']).toEqual(['a_test.go']);
    expect(viaEnv.cache).toBe('stored');
    expect(testFiles(viaEnv.listed)['example.com/lc/a']).toEqual(['a_test.go', 'tagged_test.go']);
    expect(viaFlag.cache).toBe('stored');
    expect(testFiles(viaFlag.listed)['example.com/lc/a']).toEqual(['a_test.go', 'tagged_test.go']);
    // Each answer stays under its own key.
    expect((await list()).cache).toBe('hit');
    expect((await list({ env: env({ GOFLAGS: '-tags=extra' }) })).cache).toBe('hit');
    expect(goListRuns).toBe(3);
  });

  it('stores nothing while files are younger than the racy window, nor an answer with a package error', async () => {
    const fresh = await listPackages(request(), { dir: cache });
    expect(fresh.cache).toBe('ran');
    expect((await listPackages(request(), { dir: cache })).cache).toBe('ran');
    write('d/d.go', 'package d\n');
    write('d/e_test.go', 'package e\n'); // two packages in one directory
    const broken = await list();
    expect(broken.listed.some((p) => p.error)).toBe(true);
    expect(broken.cache).toBe('ran');
    expect((await list()).cache).toBe('ran');
  });

  it('does not cache what it cannot fingerprint: import paths, go.work, a local replace, -modfile, the off switch', () => {
    expect(listScope(request())).toBeDefined();
    expect(listScope(request({ patterns: ['example.com/lc/a'] }))).toBeUndefined();
    expect(listScope(request({ patterns: ['all'] }))).toBeUndefined();
    expect(listScope(request({ patterns: ['../..'] }))).toBeUndefined();
    expect(listScope(request({ flags: ['-modfile=alt.mod'] }))).toBeUndefined();
    expect(listScope(request({ env: env({ GOWORK: join(mod, 'go.work') }) }))).toBeUndefined();
    write('go.work', 'go 1.21\n\nuse .\n');
    expect(listScope(request())).toBeUndefined();
    expect(listScope(request({ env: env({ GOWORK: 'off' }) }))).toBeDefined();
    rmSync(join(mod, 'go.work'));
    write('go.mod', 'module example.com/lc\n\ngo 1.21\n\nreplace example.com/x => ../x\n');
    expect(listScope(request())).toBeUndefined();
  });

  it('runs go list every time when GOROUTINE_GUARD_LIST_CACHE=off', async () => {
    const off = { env: env({ GOROUTINE_GUARD_LIST_CACHE: 'off' }) };
    expect((await list(off)).cache).toBe('ran');
    expect((await list(off)).cache).toBe('ran');
    expect(goListRuns).toBe(2);
  });
});

describe('goroutine-guard test with the go list cache', () => {
  it('reuses the list of an unchanged module and checks a package added after it was stored', async () => {
    // Old enough for the racy window, so the first run stores its list.
    await new Promise((r) => setTimeout(r, 2100));
    const e = env({ GOROUTINE_GUARD_CACHE: cache, TMPDIR: root });
    const first = await runCli(['test', './...'], mod, e);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('no leaks in 2 leak-checked packages');
    expect(readdirSync(join(cache, 'golist')).filter((n) => n.endsWith('.json'))).toHaveLength(1);
    write(
      'leaky/leaky_test.go',
      'package leaky\n\nimport "testing"\n\nfunc TestLeaks(t *testing.T) {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n}\n',
    );
    const second = await runCli(['test', '--settle', '100ms', './...'], mod, e);
    expect(second.code).toBe(1);
    expect(second.stdout).toMatch(/^TestLeaks leaked 1 goroutine: GG\d+ chan send at leaky\/leaky_test\.go:7/m);
    expect(second.stdout).toContain('in 1 of 3 leak-checked packages');
  }, 60_000);
});
