// The deep engine's result cache on a real module in a temp dir, with the real helper: an unchanged tree and an
// edit outside the packages a run loads come from the cache; every change that can alter the result runs the
// helper again and the findings follow it — a dependency's file edited, added or removed, a new package under
// the pattern, go.mod, go.sum, a go.work above the module, GOFLAGS build tags, GOOS, a nested go.mod cutting a
// dependency off, a local `replace`, the test files, a package under node_modules (go lists it), a module reached
// through a symbolic link; a run with a load error falls back to the key over every file of the module. Also: the
// helper's source hash follows its files by stat, its Go version comes from the Go tree's VERSION file, and a key
// computed after the helper ran names only what was seen before it started.

import { mkdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeGoExec } from '../../src/core/index.js';
import { deepBase, dirLister, narrowKey } from '../../src/static/cache/deep.js';
import { FileHashes, ScanCache } from '../../src/static/cache/index.js';
import { localGoVersion, sourceHash } from '../../src/static/deep/build.js';
import { deepScan, type DeepScanResult } from '../../src/static/deep/run.js';
import { tempDir } from '../helpers/go.js';
import { leakSource } from '../helpers/leaksrc.js';

// The leak with its buffer size from another package of the module: there or not by util's content (line 12).
const FETCH = leakSource()
  .replace('import "context"', 'import (\n\t"context"\n\n\t"example.com/m/util"\n)')
  .replace('make(chan int)', 'make(chan int, util.Size)');
const LEAK = leakSource;
const SIZE = (n: number) => `package util\n\nconst Size = ${n}\n`;
const MOD = 'module example.com/m\n\ngo 1.21\n';

let tmp: { dir: string; cleanup: () => void };
let mod: string;
let cacheDir: string;
let env: NodeJS.ProcessEnv;

function write(rel: string, text: string): void {
  const f = path.join(mod, rel);
  mkdirSync(path.dirname(f), { recursive: true });
  writeFileSync(f, text);
}

interface Run {
  /** The helper's result came from the cache. */
  hit: boolean;
  /** `file:line:rule`, paths relative to the module. */
  found: string[];
  r: DeepScanResult;
}

async function deep(
  paths: readonly string[] = ['./svc/...'],
  extra: { includeTests?: boolean; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<Run> {
  const cache = new ScanCache(cacheDir, 'deep-cache-test');
  try {
    const cwd = extra.cwd ?? mod;
    const r = await deepScan(paths, { cwd, env: extra.env ?? env, cache, includeTests: !!extra.includeTests });
    expect(cache.deepRuns).toBe(1);
    const found = r.findings.map((f) => `${f.location!.file}:${f.location!.line}:${f.ruleId}`).sort();
    return { hit: cache.deepHits === 1, found, r };
  } finally {
    cache.finish();
  }
}

beforeAll(() => {
  tmp = tempDir('gg-deepcache-');
  mod = path.join(tmp.dir, 'mod');
  cacheDir = path.join(tmp.dir, 'cache', 'scan-results');
  env = { ...process.env, GOROUTINE_GUARD_CACHE: path.join(tmp.dir, 'cache'), GOFLAGS: '', GOWORK: '' };
  write('go.mod', MOD);
  write('svc/fetch.go', FETCH);
  write('util/util.go', SIZE(0));
  write('other/other.go', 'package other\n\nfunc Two() int { return 2 }\n');
});
afterAll(() => tmp.cleanup());

describe('deep result cache', () => {
  it('serves an unchanged tree and edits outside the loaded packages from the cache', async () => {
    const cold = await deep();
    expect(cold.hit).toBe(false);
    expect(cold.found).toEqual(['svc/fetch.go:12:GG001']);
    const warm = await deep();
    expect(warm.hit).toBe(true);
    expect({ ...warm.r, built: null }).toEqual({ ...cold.r, built: null });
    // other/ is neither under ./svc/... nor imported by svc.
    write('other/other.go', 'package other\n\nfunc Two() int { return 1 + 1 }\n');
    write('other/more.go', 'package other\n');
    expect((await deep()).hit).toBe(true);
  }, 120_000);

  it("re-runs when a dependency's file is edited, added or removed, and the findings follow", async () => {
    write('util/util.go', SIZE(1));
    const fixed = await deep();
    expect(fixed).toMatchObject({ hit: false, found: [] });
    expect((await deep()).hit).toBe(true);
    write('util/size.go', 'package util\n\nconst Other = 2\n');
    expect((await deep()).hit).toBe(false);
    rmSync(path.join(mod, 'util/size.go'));
    // Back to a state already run: its stored result, which is the right one.
    expect(await deep()).toMatchObject({ hit: true, found: [] });
    write('util/util.go', SIZE(0));
    expect(await deep()).toMatchObject({ hit: true, found: ['svc/fetch.go:12:GG001'] });
  }, 120_000);

  it('re-runs for a new package under the pattern and for test files', async () => {
    write('svc/sub/sub.go', LEAK('sub'));
    const r = await deep();
    expect(r.hit).toBe(false);
    expect(r.found).toEqual(['svc/fetch.go:12:GG001', 'svc/sub/sub.go:8:GG001']);
    write('svc/sub/sub_test.go', 'package sub\n');
    expect((await deep()).hit).toBe(true);
    expect((await deep(['./svc/...'], { includeTests: true })).hit).toBe(false);
    write('svc/sub/sub_test.go', 'package sub\n\nconst T = 1\n');
    expect((await deep(['./svc/...'], { includeTests: true })).hit).toBe(false);
    expect((await deep()).hit).toBe(true);
    // A loaded directory gone: a new state (the stored directory list names it), run again.
    rmSync(path.join(mod, 'svc/sub'), { recursive: true });
    expect(await deep()).toMatchObject({ hit: false, found: ['svc/fetch.go:12:GG001'] });
  }, 120_000);

  it('re-runs when a package under node_modules changes (go lists it in ./...)', async () => {
    write('svc/node_modules/x/x.go', LEAK('x'));
    const r = await deep();
    expect(r.hit).toBe(false);
    expect(r.found).toEqual(['svc/fetch.go:12:GG001', 'svc/node_modules/x/x.go:8:GG001']);
    write('svc/node_modules/x/x.go', 'package x\n');
    expect(await deep()).toMatchObject({ hit: false, found: ['svc/fetch.go:12:GG001'] });
    rmSync(path.join(mod, 'svc/node_modules'), { recursive: true });
    // Gone again: a run with the loaded directories of this state, for the tests below to start from.
    expect(await deep()).toMatchObject({ found: ['svc/fetch.go:12:GG001'] });
  }, 120_000);

  it('re-runs when go.mod, go.sum, a go.work above the module, build tags or GOOS change', async () => {
    write('go.mod', 'module example.com/m\n\ngo 1.22\n');
    expect((await deep()).hit).toBe(false);
    write('go.sum', 'golang.org/x/sync v0.10.0/go.mod h1:Czt+wKu1gCyEFDUtn0jG5QVvpJ6rzVqr5aXyt9drQfk=\n');
    expect((await deep()).hit).toBe(false);
    rmSync(path.join(mod, 'go.sum'));
    write('go.mod', MOD);
    expect((await deep()).hit).toBe(true);
    // A workspace file above the module: go env reports it, and its content counts.
    writeFileSync(path.join(tmp.dir, 'go.work'), 'go 1.21\n\nuse ./mod\n');
    expect((await deep()).hit).toBe(false);
    expect((await deep()).hit).toBe(true);
    writeFileSync(path.join(tmp.dir, 'go.work'), 'go 1.22\n\nuse ./mod\n');
    expect((await deep()).hit).toBe(false);
    rmSync(path.join(tmp.dir, 'go.work'));
    // A file only built with a tag (it leaks), then GOOS.
    write('svc/tagged.go', `//go:build integration\n\n${LEAK('svc', 'Tagged')}`);
    expect(await deep()).toMatchObject({ hit: false, found: ['svc/fetch.go:12:GG001'] });
    const tagged = await deep(['./svc/...'], { env: { ...env, GOFLAGS: '-tags=integration' } });
    expect(tagged).toMatchObject({ hit: false, found: ['svc/fetch.go:12:GG001', 'svc/tagged.go:10:GG001'] });
    expect((await deep(['./svc/...'], { env: { ...env, GOOS: 'windows' } })).hit).toBe(false);
    rmSync(path.join(mod, 'svc/tagged.go'));
    expect((await deep()).hit).toBe(true);
  }, 120_000);

  it('a go.mod that moves a dependency out of the module re-runs (the import then fails)', async () => {
    write('util/go.mod', 'module example.com/m/util\n\ngo 1.21\n');
    await expect(deep()).rejects.toThrow(/no package loaded/);
    rmSync(path.join(mod, 'util/go.mod'));
    // The failed run left no directory list (it could not load everything): the full key, a new entry.
    expect(await deep()).toMatchObject({ hit: false, found: ['svc/fetch.go:12:GG001'] });
    expect((await deep()).hit).toBe(true);
  }, 120_000);

  it('follows a local replace target', async () => {
    const dep = path.join(tmp.dir, 'dep');
    mkdirSync(dep, { recursive: true });
    writeFileSync(path.join(dep, 'go.mod'), 'module example.com/dep\n\ngo 1.21\n');
    writeFileSync(path.join(dep, 'dep.go'), 'package dep\n\nconst Size = 0\n');
    write('go.mod', `${MOD}\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ../dep\n`);
    write(
      'rep/rep.go',
      FETCH.replace('package svc', 'package rep')
        .replace(/example\.com\/m\/util/, 'example.com/dep')
        .replace('util.Size', 'dep.Size'),
    );
    const leak = await deep(['./rep']);
    expect(leak).toMatchObject({ hit: false, found: ['rep/rep.go:12:GG001'] });
    expect((await deep(['./rep'])).hit).toBe(true);
    writeFileSync(path.join(dep, 'dep.go'), 'package dep\n\nconst Size = 1\n');
    expect(await deep(['./rep'])).toMatchObject({ hit: false, found: [] });
    rmSync(path.join(mod, 'rep'), { recursive: true });
    write('go.mod', MOD);
  }, 120_000);

  it('follows a module reached through a symbolic link (the helper reports its real paths)', async () => {
    const link = path.join(tmp.dir, 'link');
    symlinkSync(mod, link);
    const viaLink = () => deep(['./svc/...'], { cwd: link });
    expect((await viaLink()).r.findings.length).toBe(1);
    expect((await viaLink()).hit).toBe(true);
    write('util/util.go', SIZE(1));
    const fixed = await viaLink();
    expect(fixed.hit).toBe(false);
    expect(fixed.r.findings).toEqual([]);
    write('util/util.go', SIZE(0));
    expect((await viaLink()).r.findings.length).toBe(1);
  }, 120_000);

  it('a run with a load error is keyed by every file of the module, and re-runs when the missing package appears', async () => {
    write('broken/broken.go', 'package broken\n\nimport "example.com/m/missing"\n\nvar X = missing.Y\n');
    const paths = ['./svc/...', './broken'];
    const first = await deep(paths);
    expect(first.hit).toBe(false);
    expect(first.r.warnings.join('\n')).toMatch(/example\.com\/m\/broken/);
    expect((await deep(paths)).hit).toBe(true);
    // Outside what the run loaded, yet it runs again: the missing package could have appeared anywhere.
    write('other/other.go', 'package other\n\nfunc Two() int { return 4 / 2 }\n');
    expect((await deep(paths)).hit).toBe(false);
    write('missing/missing.go', 'package missing\n\nconst Y = 1\n');
    const fixed = await deep(paths);
    expect(fixed.hit).toBe(false);
    expect(fixed.r.warnings).toEqual([]);
    expect(fixed.r.packages).toBe(2);
    rmSync(path.join(mod, 'broken'), { recursive: true });
    rmSync(path.join(mod, 'missing'), { recursive: true });
  }, 120_000);
});

describe('deep cache keys', () => {
  it('a key computed after the helper ran names only files and directories seen before it started', async () => {
    const cache = new ScanCache(cacheDir, `strict-${Date.now()}`);
    const list = dirLister();
    const base = await deepBase(mod, false, cache, nodeGoExec, 'go', env, list);
    expect(base).not.toBeNull();
    const dirs = [path.join(mod, 'svc'), path.join(mod, 'util')];
    // Nothing looked at yet: a strict key refuses; after a look, the strict key is the plain one.
    expect(narrowKey(base!, 'p', ['./svc/...'], dirs, true)).toBeNull();
    const plain = narrowKey(base!, 'p', ['./svc/...'], dirs);
    expect(plain).toMatch(/^[0-9a-f]{64}$/);
    expect(narrowKey(base!, 'p', ['./svc/...'], dirs, true)).toBe(plain);
    // A directory loaded only now (not looked at before) makes it refuse again.
    expect(narrowKey(base!, 'p', ['./svc/...'], [...dirs, path.join(mod, 'other')], true)).toBeNull();
  });

  it("the helper's source hash follows a same-size edit by stat; the index spares reading unchanged files", async () => {
    const dir = path.join(tmp.dir, 'helper');
    mkdirSync(path.join(dir, 'rules'), { recursive: true });
    writeFileSync(path.join(dir, 'go.mod'), 'module h\n\ngo 1.22\n');
    writeFileSync(path.join(dir, 'main.go'), 'package main\n\nfunc main() { println(1) }\n');
    writeFileSync(path.join(dir, 'rules', 'r.go'), 'package rules\n');
    const hour = Date.now() / 1000 - 3600;
    for (const f of ['go.mod', 'main.go', 'rules/r.go']) utimesSync(path.join(dir, f), hour, hour);
    // Past the racy window (2 s) of the files' ctimes.
    await new Promise((r) => setTimeout(r, 2100));
    const indexFile = path.join(tmp.dir, 'helper-index.json');
    const first = FileHashes.load(indexFile);
    const h1 = sourceHash(dir, first);
    expect(first.read).toBe(3);
    first.save();
    const again = FileHashes.load(indexFile);
    expect(sourceHash(dir, again)).toBe(h1);
    expect(again.read).toBe(0);
    expect(sourceHash(dir)).toBe(h1);
    const main = path.join(dir, 'main.go');
    const size = statSync(main).size;
    writeFileSync(main, 'package main\n\nfunc main() { println(2) }\n');
    utimesSync(main, hour, hour);
    expect(statSync(main).size).toBe(size);
    expect(sourceHash(dir, FileHashes.load(indexFile))).not.toBe(h1);
  });

  it("the helper's Go version read from the Go tree is what `go env GOVERSION` says", () => {
    const r = spawnSync('go', ['env', 'GOVERSION'], {
      env: { ...process.env, GOTOOLCHAIN: 'local' },
      encoding: 'utf8',
    });
    const fromGo = r.stdout.trim();
    const fromTree = localGoVersion('go', { PATH: process.env.PATH });
    // A development toolchain has no release VERSION line: then the helper asks go, as before.
    if (/^go1\.\d+(\.\d+)?$/.test(fromGo)) expect(fromTree).toBe(fromGo);
    else expect(fromTree).toBeNull();
    expect(localGoVersion('go', { PATH: process.env.PATH, GOROOT: '/elsewhere' })).toBeNull();
    expect(localGoVersion('no-such-go-binary', { PATH: process.env.PATH })).toBeNull();
  });
});
