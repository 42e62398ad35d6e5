// The deep engine end to end: the Go helper is built from analyzer/ with the local Go into a fresh cache, runs on
// the GG016–GG020 cases (every `// want` line and nothing else; good cases silent), and `scan` picks it through
// the CLI, reporting which engine ran and why.

import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pair } from '../../src/check/join.js';
import type { Finding } from '../../src/model/finding.js';
import { deepScan } from '../../src/static/deep/run.js';
import { DEEP_ONLY } from '../../src/static/deep/rules.js';
import { scanWithEngine, type EngineScanResult } from '../../src/static/deep/engine.js';
import { runCli } from '../helpers/cli.js';

const root = path.resolve(import.meta.dirname, '../..');
const casesDir = path.join(root, 'testdata/static');
const env = { ...process.env, GOROUTINE_GUARD_CACHE: mkdtempSync(path.join(tmpdir(), 'gg-deep-cache-')) };

function goFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? goFiles(path.join(dir, e.name)) : e.name.endsWith('.go') ? [path.join(dir, e.name)] : [],
  );
}

function wanted(ids: readonly string[], kind: 'bad' | 'good'): string[] {
  const out: string[] = [];
  for (const id of ids)
    for (const f of goFiles(path.join(casesDir, id, kind)))
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const m = /\/\/ want ((?:GG\d{3}\s*)+)$/.exec(line);
          for (const r of m?.[1]!.trim().split(/\s+/) ?? [])
            if (ids.includes(r)) out.push(`${path.relative(casesDir, f)}:${i + 1}:${r}`);
        });
  return out.sort();
}

describe('deep engine', () => {
  const ids = DEEP_ONLY.map((r) => r.id);

  it('builds the helper on first use and reports exactly the marked lines of GG016–GG020', async () => {
    const lines: string[] = [];
    const r = await deepScan(
      ids.flatMap((id) => [`./${id}/bad`, `./${id}/good`]),
      { cwd: casesDir, env, onStatus: (l) => lines.push(l) },
    );
    expect(r.built).toBe(true);
    expect(lines.join('\n')).toMatch(/building the deep-scan helper with go1\.\d+/);
    expect(r.warnings).toEqual([]);
    const got = r.findings.map((f) => `${f.location!.file}:${f.location!.line}:${f.ruleId}`).sort();
    expect(got).toEqual(wanted(ids, 'bad'));
    // GG001 with the channel unbuffered on one path only (the fast engine's GG001 misses it).
    const gg001 = await deepScan(['./GG001/...'], { cwd: casesDir, env, rules: ['GG001'] });
    const at = gg001.findings.map((f) => `${f.location!.file}:${f.location!.line}`);
    // Across functions: a producer in a method outliving its consumer, a callback kept in a field.
    for (const l of ['maybe_buffered.go:21', 'stream.go:18', 'stream.go:66', 'stream.go:85'])
      expect(at).toContain(`GG001/deep/bad/${l}`);
    expect(gg001.findings.filter((f) => /^GG001\/(deep\/)?good\//.test(f.location!.file))).toEqual([]);
    // With the test files: TestMain's accept loop lives as long as the test binary (crypto/tls's localServer).
    const tests = await deepScan(['./GG001/deep/good'], { cwd: casesDir, env, rules: ['GG001'], includeTests: true });
    const sources = goFiles(path.join(casesDir, 'GG001/deep/good'));
    expect(tests.files).toBeGreaterThan(sources.filter((f) => !f.endsWith('_test.go')).length);
    expect(tests.findings).toEqual([]);
    // GG012 with the Lock in a helper (the fast engine's GG012 misses it); the other Lock sites are related.
    const gg012 = await deepScan(['./GG012/deep/...'], { cwd: casesDir, env, rules: ['GG012'] });
    const ledger = 'GG012/deep/bad/ledger.go';
    const marked = readFileSync(path.join(casesDir, ledger), 'utf8')
      .split('\n')
      .flatMap((l, i) => (/\/\/ want GG012$/.test(l) ? [`${ledger}:${i + 1}`] : []));
    expect(gg012.findings.map((f) => `${f.location!.file}:${f.location!.line}`)).toEqual(marked);
    expect(gg012.findings[0]!.related?.map((x) => x.line)).toEqual([15, 30]);
    // Second use: the cached binary.
    const again = await deepScan(['./GG018/...'], { cwd: casesDir, env });
    expect(again.built).toBe(false);
    expect(again.findings.length).toBe(4); // GG018/bad ×3, GG018/deep/bad/nil_guard.go
  }, 240_000);

  it.each([
    ['GG002', 'loops that wait for a close nobody makes'],
    ['GG013', 'loops whose exit channel another function sets to nil'],
  ])(
    'deep %s reports exactly the marked %s',
    async (id) => {
      const dirs = [`${id}/deep/bad`, `${id}/deep/good`];
      const r = await deepScan(
        dirs.map((d) => `./${d}`),
        { cwd: casesDir, env, rules: [id] },
      );
      const want = dirs
        .flatMap((d) => goFiles(path.join(casesDir, d)))
        .flatMap((f) =>
          readFileSync(f, 'utf8')
            .split('\n')
            .flatMap((line, i) => (line.endsWith(`// want ${id}`) ? [`${path.relative(casesDir, f)}:${i + 1}`] : [])),
        );
      expect(r.findings.map((f) => `${f.location!.file}:${f.location!.line}`).sort()).toEqual(want.sort());
      // Goroutines waiting for the stuck one (a deferred close, a deferred Done) are named as blocked too.
      const waiters = r.findings.find((f) => f.location!.line === (id === 'GG002' ? 83 : 30))!;
      expect(waiters.related?.map((x) => x.line)).toEqual(id === 'GG002' ? [78, 88] : [48, 50]);
    },
    240_000,
  );

  it('deep GG017 and GG018 report exactly the marked lines of their deep cases (shapes of false positives found on real code stay silent)', async () => {
    const ids = ['GG017', 'GG018'];
    const dirs = ids
      .flatMap((id) => [`${id}/deep/bad`, `${id}/deep/good`])
      .filter((d) => existsSync(path.join(casesDir, d)));
    // Sub-packages too (GG017/deep/bad/variants, GG017/deep/good/variants): goFiles reads them all.
    const r = await deepScan(
      dirs.map((d) => `./${d}/...`),
      { cwd: casesDir, env, rules: ids },
    );
    const want = dirs
      .flatMap((d) => goFiles(path.join(casesDir, d)))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .flatMap((line, i) => (/\/\/ want GG01[78]$/.test(line) ? [`${path.relative(casesDir, f)}:${i + 1}`] : [])),
      );
    expect(r.findings.map((f) => `${f.location!.file}:${f.location!.line}`).sort()).toEqual(want.sort());
  }, 240_000);

  it('with test files loaded: a package and its test variant keep their fields apart; synctest bubbles order', async () => {
    // GG013/deep/good/worker_test.go and GG016/good/tokens.go: the nil store, the unbuffered channels are the
    // test's or another instance's — only the marked lines of the bad cases are reported.
    const dirs = ['GG013/deep/bad', 'GG013/deep/good', 'GG016/bad', 'GG016/good'];
    const r = await deepScan(
      dirs.map((d) => `./${d}`),
      { cwd: casesDir, env, includeTests: true, rules: ['GG013', 'GG016'] },
    );
    expect(r.warnings).toEqual([]);
    const want = dirs
      .flatMap((d) => goFiles(path.join(casesDir, d)))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .flatMap((line, i) => (/\/\/ want GG01[36]$/.test(line) ? [`${path.relative(casesDir, f)}:${i + 1}`] : [])),
      );
    expect(r.findings.map((f) => `${f.location!.file}:${f.location!.line}`).sort()).toEqual(want.sort());
    // A dynamic call does not reach the test variant's methods: parent-before-child locking in each instance is
    // no GG017 cycle between the two.
    const variants = await deepScan(['./GG017/deep/good/variants/...'], {
      cwd: casesDir,
      env,
      includeTests: true,
      rules: ['GG017'],
    });
    expect(variants.warnings).toEqual([]);
    expect(variants.findings).toEqual([]);
    // A finding across two packages survives loading test files: bus calls app's handlers under its lock, and app
    // and its test variant hold one set of handlers (the cap on a dynamic call's targets counts sources).
    const crossDir = 'GG017/deep/bad/variants';
    const cross = await deepScan([`./${crossDir}/...`], { cwd: casesDir, env, includeTests: true, rules: ['GG017'] });
    const marked = goFiles(path.join(casesDir, crossDir)).flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) => (line.endsWith('// want GG017') ? [`${path.relative(casesDir, f)}:${i + 1}`] : [])),
    );
    expect(marked).toHaveLength(2);
    expect(cross.findings.map((f) => `${f.location!.file}:${f.location!.line}`).sort()).toEqual(marked.sort());
    // GG019 in a synctest bubble (a module of its own, Go 1.25): a signaller that sleeps on the fake clock or
    // calls synctest.Wait first is ordered after the Wait; one that does not is still reported.
    const bubble = await deepScan(['./...'], {
      cwd: path.join(casesDir, 'GG019/deep'),
      env,
      includeTests: true,
      rules: ['GG019'],
    });
    expect(bubble.warnings).toEqual([]);
    expect(bubble.findings.map((f) => `${path.basename(f.location!.file)}:${f.location!.line}`)).toEqual([
      'bubble.go:22',
    ]);
  }, 240_000);

  it('carries what check joins on: the lock, the waiter, related locations', async () => {
    const r = await deepScan(['./GG016/bad', './GG020/bad'], { cwd: casesDir, env });
    const hub = r.findings.find((f) => f.location!.file === 'GG016/bad/hub.go')!;
    expect(hub.data).toMatchObject({ engine: 'deep', lock: 'example.com/ggtestdata/GG016/bad.Hub.mu' });
    expect(hub.related?.map((x) => x.line)).toEqual([15, 24, 27]);
    // check's join: a goroutine blocked in Lock at the related line 24 is this deadlock's other half.
    const other: Finding = {
      origin: 'dynamic',
      ruleId: 'GG000',
      title: 't',
      message: 'm',
      severity: 'warning',
      waitClass: 'sync',
      state: 'sync.Mutex.Lock',
    };
    const site = { file: 'GG016/bad/hub.go', line: 24, func: 'example.com/ggtestdata/GG016/bad.(*Hub).Drain' };
    expect(pair(hub, { finding: other, source: 'dump', site, frames: [site] }, 50)).toEqual({ kind: 'lock', drift: 0 });
    const crawl = r.findings.find((f) => f.location!.line === 47)!;
    expect(crawl.data?.waiter).toMatchObject({ file: 'GG020/bad/collect.go', line: 42 });
    expect(crawl.createdAt).toMatchObject({ file: 'GG020/bad/collect.go', line: 40 });
  }, 240_000);

  it('scan --engine auto runs both engines on a module and says so (text, JSON, SARIF)', async () => {
    const text = await runCli(['scan', './GG016/...', './GG001/bad'], { cwd: casesDir, env });
    expect(text.stdout).toMatch(/GG016\/bad\/hub\.go:18:\d+: GG016 error/);
    expect(text.stdout).toMatch(/GG001/);
    expect(text.stdout).toMatch(/engine: deep \(types \+ call graph\) and fast — go1\.\d+/);
    const json = JSON.parse((await runCli(['scan', '-f', 'json', './GG019/...'], { cwd: casesDir, env })).stdout) as {
      engine: { used: string; reason: string };
      findings: { ruleId: string }[];
    };
    expect(json.engine.used).toBe('deep');
    // Five in GG019/bad and one in GG019/deep, a module of its own that the CLI scans too.
    expect(json.findings.map((f) => f.ruleId)).toEqual(Array(6).fill('GG019'));
    const sarif = JSON.parse((await runCli(['scan', '-f', 'sarif', './GG017/bad'], { cwd: casesDir, env })).stdout) as {
      runs: { properties: { engine: { used: string } }; results: { relatedLocations?: unknown[] }[] }[];
    };
    expect(sarif.runs[0]!.properties.engine.used).toBe('deep');
    expect(sarif.runs[0]!.results[0]!.relatedLocations!.length).toBeGreaterThanOrEqual(3);
  }, 240_000);

  it('keeps the deep result in the result cache and runs again when a Go file of the module changes', async () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'gg-deep-rc-'));
    cpSync(path.join(casesDir, 'GG016'), path.join(tmp, 'GG016'), { recursive: true });
    writeFileSync(path.join(tmp, 'go.mod'), 'module example.com/rc\n\ngo 1.22\n');
    const cacheDir = path.join(tmp, '.cache');
    const opts = { cwd: tmp, cacheDir, engine: 'deep' as const, deep: { env } };
    const gg016 = (r: EngineScanResult) => r.findings.filter((f) => f.ruleId === 'GG016').map((f) => f.location!.file);
    const cold = await scanWithEngine(['./GG016/bad'], opts);
    expect(cold.engine.cache?.deep).toBe('ran');
    expect(gg016(cold)).toContain('GG016/bad/hub.go');
    const warm = await scanWithEngine(['./GG016/bad'], opts);
    expect(warm.engine.cache?.deep).toBe('cached');
    expect(warm.findings).toEqual(cold.findings);
    // Buffer the channel: Publish no longer blocks holding the lock, and the finding is gone.
    const hub = path.join(tmp, 'GG016/bad/hub.go');
    writeFileSync(hub, readFileSync(hub, 'utf8').replace('make(chan string)', 'make(chan string, 1)'));
    const edited = await scanWithEngine(['./GG016/bad'], opts);
    expect(edited.engine.cache?.deep).toBe('ran');
    expect(gg016(edited)).not.toContain('GG016/bad/hub.go');
    rmSync(tmp, { recursive: true, force: true });
  }, 240_000);

  it('falls back to the fast engine with the reason, or refuses with --engine deep', async () => {
    const file = await runCli(['scan', 'GG016/bad/hub.go'], { cwd: casesDir, env });
    expect(file.stdout).toMatch(
      /engine: fast \(source only\) — deep engine unavailable: GG016\/bad\/hub\.go is a single file/,
    );
    const noGo = await runCli(['scan', './GG016/bad'], { cwd: casesDir, env: { ...env, PATH: '/nonexistent' } });
    expect(noGo.stdout).toMatch(/engine: fast .*no Go toolchain/);
    const forced = await runCli(['scan', '--engine', 'deep', 'GG016/bad/hub.go'], { cwd: casesDir, env });
    expect(forced.code).toBe(2);
    expect(forced.stderr).toMatch(/deep engine unavailable: .*single file/);
    const fast = await runCli(['scan', '--engine', 'fast', './GG016/bad'], { cwd: casesDir, env });
    expect(fast.stdout).toMatch(/engine: fast \(source only\) — asked for with --engine fast/);
  }, 240_000);
});
