// The scan result cache on real files in a temp dir, with real scans: an unchanged tree comes from the cache with
// the same findings; editing a file, the go.mod `go` line or the rules re-runs what they touch; a damaged entry is
// ignored and rewritten; --no-cache bypasses it (the deep engine's cache: deep-cache.test.ts); the file index
// trusts a file's stat only while size, times and inode are unchanged and the last hash was not racy.

import { mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileHashes } from '../../src/static/cache/index.js';
import { scanWithEngine, type EngineScanResult } from '../../src/static/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/go.js';
import { leakSource } from '../helpers/leaksrc.js';

const LEAK = leakSource();
const FIXED = LEAK.replace('make(chan int)', 'make(chan int, 1)');
// GG005 applies only below Go 1.23 (timers from time.After are collected since then).
const AFTER = `package poll

import "time"

func Consume(in <-chan int) {
	for {
		select {
		case v := <-in:
			_ = v
		case <-time.After(time.Minute):
			return
		}
	}
}
`;

let tmp: { dir: string; cleanup: () => void };
let mod: string;
let cacheDir: string;

function write(rel: string, text: string): void {
  const f = path.join(mod, rel);
  mkdirSync(path.dirname(f), { recursive: true });
  writeFileSync(f, text);
}

async function fast(extra: { disable?: string[] } = {}): Promise<EngineScanResult> {
  return scanWithEngine(['./...'], { cwd: mod, engine: 'fast', cacheDir, threads: 0, ...extra });
}

const ids = (r: EngineScanResult) => r.findings.map((f) => `${f.location!.file}:${f.location!.line}:${f.ruleId}`);

function entries(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? entries(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

beforeAll(() => {
  tmp = tempDir('gg-scancache-');
  mod = path.join(tmp.dir, 'mod');
  cacheDir = path.join(tmp.dir, 'cache');
  write('go.mod', 'module example.com/m\n\ngo 1.21\n');
  write('svc/fetch.go', LEAK);
  write('poll/poll.go', AFTER);
  write('util/util.go', 'package util\n\nfunc Add(a, b int) int { return a + b }\n');
});
afterAll(() => tmp.cleanup());

describe('scan result cache (fast engine)', () => {
  it('serves an unchanged tree from the cache with identical findings', async () => {
    const cold = await fast();
    expect(ids(cold)).toEqual(['poll/poll.go:10:GG005', 'svc/fetch.go:8:GG001']);
    expect(cold.engine.cache).toMatchObject({ packages: 3, packagesFromCache: 0 });
    const warm = await fast();
    expect(warm.engine.cache).toMatchObject({ packages: 3, packagesFromCache: 3 });
    expect(warm.findings).toEqual(cold.findings);
    expect({ ...warm, engine: null, cached: null }).toEqual({ ...cold, engine: null, cached: null });
  });

  it('re-runs the package whose file changed: the finding disappears and comes back', async () => {
    write('svc/fetch.go', FIXED);
    const fixed = await fast();
    expect(ids(fixed)).toEqual(['poll/poll.go:10:GG005']);
    expect(fixed.engine.cache).toMatchObject({ packagesFromCache: 2 });
    write('svc/fetch.go', LEAK);
    const back = await fast();
    expect(ids(back)).toContain('svc/fetch.go:8:GG001');
    // The leaking version's result is still in the cache: content, not time, is the key.
    expect(back.engine.cache).toMatchObject({ packagesFromCache: 3 });
  });

  it('a new file in a package re-runs that package', async () => {
    write('util/more.go', LEAK.replace('package svc', 'package util'));
    const r = await fast();
    expect(ids(r)).toContain('util/more.go:8:GG001');
    expect(r.engine.cache).toMatchObject({ packages: 3, packagesFromCache: 2 });
  });

  it("re-runs when go.mod's go version changes (GG005 applies below 1.23 only)", async () => {
    write('go.mod', 'module example.com/m\n\ngo 1.23\n');
    const r = await fast();
    expect(ids(r)).not.toContain('poll/poll.go:10:GG005');
    expect(r.engine.cache).toMatchObject({ packagesFromCache: 0 });
    write('go.mod', 'module example.com/m\n\ngo 1.21\n');
    expect(ids(await fast())).toContain('poll/poll.go:10:GG005');
  });

  it('re-runs when the rule set changes', async () => {
    const r = await fast({ disable: ['GG001'] });
    expect(ids(r).filter((id) => id.endsWith('GG001'))).toEqual([]);
    expect(r.engine.cache).toMatchObject({ packagesFromCache: 0 });
  });

  it('ignores a damaged entry without failing, and rewrites it', async () => {
    const before = await fast();
    const files = entries(path.join(cacheDir, 'fast'));
    expect(files.length).toBeGreaterThan(0);
    files.forEach((f, i) => writeFileSync(f, i % 2 ? '{"v":1,"key":"x","value":{}}' : '\u0000not json'));
    writeFileSync(entries(path.join(cacheDir, 'index'))[0]!, '[[[');
    const damaged = await fast();
    expect(damaged.engine.cache).toMatchObject({ packagesFromCache: 0 });
    expect(damaged.findings).toEqual(before.findings);
    const again = await fast();
    expect(again.engine.cache).toMatchObject({ packagesFromCache: 3 });
    expect(again.findings).toEqual(before.findings);
  });

  it('scan --no-cache leaves the cache alone; the JSON report says what came from the cache', async () => {
    const env = { ...process.env, GOROUTINE_GUARD_CACHE: path.join(tmp.dir, 'cli-cache') };
    const args = ['scan', './...', '--engine', 'fast', '-f', 'json', '--fail-on', 'none'];
    const off = await runCli([...args, '--no-cache'], { cwd: mod, env });
    expect(JSON.parse(off.stdout).engine.cache).toBeUndefined();
    const first = JSON.parse((await runCli(args, { cwd: mod, env })).stdout);
    expect(first.engine.cache).toMatchObject({ packages: 3, packagesFromCache: 0 });
    expect(statSync(path.join(env.GOROUTINE_GUARD_CACHE, 'scan-results')).isDirectory()).toBe(true);
    const second = JSON.parse((await runCli(args, { cwd: mod, env })).stdout);
    expect(second.engine.cache).toMatchObject({ packages: 3, packagesFromCache: 3 });
    expect(second.findings).toEqual(first.findings);
    const text = await runCli(['scan', './...', '--engine', 'fast', '--fail-on', 'none'], { cwd: mod, env });
    expect(text.stdout).toMatch(/engine: fast \(source only\) — asked for with --engine fast; from the cache: 3 of 3/);
  });
});

describe('file index (content hashes known by stat)', () => {
  const hour = Date.now() / 1000 - 3600;

  it('a same-size edit that puts the old mtime back is still read again (ctime moved); a racy hash is not trusted', async () => {
    const dir = path.join(tmp.dir, 'index');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'a.go');
    const index = path.join(dir, 'index.json');
    writeFileSync(file, 'package a // one\n');
    utimesSync(file, hour, hour);
    // Past the racy window (2 s) of the file's ctime, which utimes has just moved.
    await new Promise((r) => setTimeout(r, 2100));
    const first = FileHashes.load(index);
    const sum = first.hashSync(file);
    expect(first.read).toBe(1);
    first.save();

    const again = FileHashes.load(index);
    expect(again.hashSync(file)).toBe(sum);
    expect(again.read).toBe(0);
    // Asked twice in one scan (both engines key the same files): one look.
    expect(again.hashSync(file)).toBe(sum);

    writeFileSync(file, 'package a // two\n');
    utimesSync(file, hour, hour);
    expect(statSync(file).size).toBe('package a // one\n'.length);
    const edited = FileHashes.load(index);
    const sum2 = edited.hashSync(file);
    expect(edited.read).toBe(1);
    expect(sum2).not.toBe(sum);
    edited.save();
    // Hashed within 2 s of its ctime: the next scan reads it again even though nothing changed.
    const racy = FileHashes.load(index);
    expect(racy.hashSync(file)).toBe(sum2);
    expect(racy.read).toBe(1);
  });

  it('a damaged or old-format index hashes everything again; a missing file is null', () => {
    const dir = path.join(tmp.dir, 'index2');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'b.go');
    writeFileSync(file, 'package b\n');
    const index = path.join(dir, 'index.json');
    writeFileSync(index, JSON.stringify({ v: 1, files: { [file]: ['1', '2', '3', '4', 'x'] } }));
    const old = FileHashes.load(index);
    expect(old.hashSync(file)).toMatch(/^[0-9a-f]{32}$/);
    expect(old.read).toBe(1);
    writeFileSync(index, JSON.stringify({ v: 2, files: { [file]: [1, 'x', null] } }));
    const bad = FileHashes.load(index);
    expect(bad.hashSync(file)).toBe(old.hashSync(file));
    expect(bad.read).toBe(1);
    expect(bad.hashSync(path.join(dir, 'missing.go'))).toBeNull();
  });

  it('an edited file between two scans re-runs its package only and is the one file read', async () => {
    const fast2 = () => scanWithEngine(['./...'], { cwd: mod, engine: 'fast', cacheDir, threads: 0 });
    await fast2();
    const warm = await fast2();
    expect(warm.engine.cache).toMatchObject({ packagesFromCache: 3, filesRead: 0 });
    write('util/util.go', 'package util\n\nfunc Add(a, b int) int { return a + b + 0 }\n');
    const edited = await fast2();
    expect(edited.engine.cache).toMatchObject({ packagesFromCache: 2, filesRead: 1 });
  });
});
