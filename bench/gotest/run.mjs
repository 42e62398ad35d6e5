#!/usr/bin/env node
// `goroutine-guard test` overhead: wall time of `goroutine-guard test ./...` vs plain `go test ./...` vs the same
// module with `defer goleak.VerifyNone(t)` in every test (go.uber.org/goleak v1.3.0), on a generated module of
// 8 packages × 30 tests. Run by hand: `npm run bench:gotest` (env RUNS=n, default 7; GG_BENCH_127=0 skips Go 1.27).
// Writes bench/out/gotest/results.{jsonl,md}.
//
// Fairness: every variant runs with -count=1 (no result cache) after one warm-up run (build cache warm), in rotating
// order. No test calls t.Parallel(): goleak.VerifyNone cannot run beside parallel tests.
// GG_BENCH_ONLY=main runs only `go test` and the shipped CLI's `test` (plus GG_BENCH_B=<other build's bin> and, with
// GG_BENCH_LIST_OFF=1, the shipped CLI with its go list cache off). The last column pairs CPU per round as well.

import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = new URL('../..', import.meta.url).pathname;
const OUT = join(ROOT, 'bench/out/gotest');
const RUNS = Number(process.env.RUNS ?? 7);
const PACKAGES = 8;
const TESTS = 30;

function lib(pkg) {
  return `// Package ${pkg} is generated benchmark code: small concurrent building blocks, all leak-free.
package ${pkg}

import (
	"context"
	"crypto/sha256"
	"sort"
	"sync"
	"time"
)

// FanOut runs n workers and sums their results.
func FanOut(n int) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	sum := 0
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(v int) {
			defer wg.Done()
			mu.Lock()
			sum += v
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	return sum
}

// Pipeline passes n values through three stages connected by channels.
func Pipeline(n int) int {
	src := make(chan int)
	sq := make(chan int)
	go func() {
		defer close(src)
		for i := 0; i < n; i++ {
			src <- i
		}
	}()
	go func() {
		defer close(sq)
		for v := range src {
			sq <- v * v
		}
	}()
	total := 0
	for v := range sq {
		total += v
	}
	return total
}

// WithTimeout waits for a worker or a deadline, whichever comes first; the worker always finishes.
func WithTimeout(d time.Duration) bool {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	done := make(chan struct{}, 1)
	go func() {
		time.Sleep(d / 4)
		done <- struct{}{}
	}()
	select {
	case <-done:
		return true
	case <-ctx.Done():
		return false
	}
}

// Digest sorts and hashes some data: CPU work beside the goroutines.
func Digest(n int) [32]byte {
	xs := make([]int, n)
	for i := range xs {
		xs[i] = (i * 7919) % n
	}
	sort.Ints(xs)
	h := sha256.New()
	for _, x := range xs {
		h.Write([]byte{byte(x), byte(x >> 8)})
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}
`;
}

function tests(pkg, goleak) {
  const verify = goleak ? '\tdefer goleak.VerifyNone(t)\n' : '';
  const imports = goleak
    ? 'import (\n\t"io"\n\t"net/http"\n\t"net/http/httptest"\n\t"testing"\n\t"time"\n\n\t"go.uber.org/goleak"\n)'
    : 'import (\n\t"io"\n\t"net/http"\n\t"net/http/httptest"\n\t"testing"\n\t"time"\n)';
  const bodies = [
    (i) => `if FanOut(${50 + i}) == 0 {\n\t\tt.Fatal("sum")\n\t}`,
    (i) => `if Pipeline(${200 + i}) == 0 {\n\t\tt.Fatal("pipeline")\n\t}`,
    // Either outcome is fine (a loaded machine may miss the deadline); both are leak-free.
    (i) => `_ = WithTimeout(${4 + (i % 3)} * time.Millisecond)`,
    (i) => `_ = Digest(${20000 + i * 100})`,
    () =>
      `srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") }))\n\tdefer srv.Close()\n\ttr := &http.Transport{}\n\tdefer tr.CloseIdleConnections()\n\tresp, err := (&http.Client{Transport: tr}).Get(srv.URL)\n\tif err != nil {\n\t\tt.Fatal(err)\n\t}\n\t_, _ = io.ReadAll(resp.Body)\n\t_ = resp.Body.Close()`,
  ];
  let out = `package ${pkg}\n\n${imports}\n\nvar _ = io.EOF\nvar _ = http.StatusOK\nvar _ = httptest.NewServer\nvar _ = time.Millisecond\n`;
  for (let i = 0; i < TESTS; i++) {
    const body = bodies[i % bodies.length](i);
    out += `\nfunc Test${pkg.toUpperCase()}_${i}(t *testing.T) {\n${verify}\t${body}\n}\n`;
  }
  return out;
}

function generate(dir, goleak) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'go.mod'), `module example.com/ggbench\n\ngo 1.21\n`);
  for (let p = 0; p < PACKAGES; p++) {
    const pkg = `p${p}`;
    mkdirSync(join(dir, pkg));
    writeFileSync(join(dir, pkg, `${pkg}.go`), lib(pkg));
    writeFileSync(join(dir, pkg, `${pkg}_test.go`), tests(pkg, goleak));
  }
  if (goleak) execFileSync('go', ['get', 'go.uber.org/goleak@v1.3.0'], { cwd: dir, stdio: 'inherit' });
}

/** The real CLI (every command registered, as bin/goroutine-guard.js), and an entry with only the test command:
 * the difference is what the other commands' module loading adds to each run. */
async function bundleCli() {
  const entries = {
    'cli.mjs': `import { main } from ${JSON.stringify(join(ROOT, 'src/cli/main.ts'))};\nmain(process.argv).then((c) => { process.exitCode = c; });\n`,
    'cli-test-only.mjs':
      `import { Command } from 'commander';\nimport { register } from ${JSON.stringify(join(ROOT, 'src/cli/commands/test.ts'))};\n` +
      `const ctx = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(), exitCode: 0 };\n` +
      `const p = new Command();\nregister(p, ctx);\np.parseAsync(process.argv).then(() => { process.exitCode = ctx.exitCode; });\n`,
  };
  const out = {};
  for (const [name, text] of Object.entries(entries)) {
    const entry = join(OUT, `entry-${name}`);
    writeFileSync(entry, text);
    out[name] = join(OUT, name);
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: out[name],
      logLevel: 'error',
    });
  }
  return out;
}

/** Wall time, and CPU time (user + sys of the whole process tree, from /usr/bin/time): CPU is steadier than wall
 * time on a machine shared with other work. */
function time(label, cmd, args, cwd, env) {
  const tf = join(OUT, 'time.txt');
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', tf, cmd, ...args], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const [user, sys] = readFileSync(tf, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  const ok = r.status === 0;
  if (!ok) process.stderr.write(`${label}: exit ${r.status}\n${r.stdout.slice(-2000)}${r.stderr.slice(-2000)}\n`);
  return { label, ms, cpuMs: (user + sys) * 1000, ok, tail: r.stdout.trim().split('\n').at(-1) };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

mkdirSync(OUT, { recursive: true });
const plain = join(OUT, 'plain');
const withGoleak = join(OUT, 'goleak');
generate(plain, false);
generate(withGoleak, true);
const { 'cli.mjs': cli, 'cli-test-only.mjs': cliTestOnly } = await bundleCli();
const go127 = process.env.GG_BENCH_127 !== '0';
const BIN = join(ROOT, 'bin', 'goroutine-guard.js');

const variants = [
  { label: 'go test ./...', cmd: 'go', args: ['test', '-count=1', './...'], cwd: plain },
  // The shipped CLI (dist/, built by `npm install`): it loads only the command it runs.
  { label: 'goroutine-guard test ./...', cmd: process.execPath, args: [BIN, 'test', './...'], cwd: plain },
  {
    label: '(diagnostic) bundled CLI with every command imported',
    cmd: process.execPath,
    args: [cli, 'test', './...'],
    cwd: plain,
  },
  {
    label: '(diagnostic) same, CLI entry with only the test command',
    cmd: process.execPath,
    args: [cliTestOnly, 'test', './...'],
    cwd: plain,
  },
  {
    label: '(diagnostic) GODEBUG=tracebackancestors=32 go test ./...',
    cmd: 'go',
    args: ['test', '-count=1', './...'],
    cwd: plain,
    env: { GODEBUG: 'tracebackancestors=32' },
  },
  {
    label: 'goroutine-guard test --leak-profile on ./... (GOEXPERIMENT)',
    cmd: process.execPath,
    args: [cli, 'test', '--leak-profile', 'on', './...'],
    cwd: plain,
  },
  {
    label: 'go test ./... with goleak.VerifyNone in every test',
    cmd: 'go',
    args: ['test', '-count=1', './...'],
    cwd: withGoleak,
  },
];
if (go127) {
  variants.push(
    {
      label: 'go1.27.3: go test ./...',
      cmd: 'go',
      args: ['test', '-count=1', './...'],
      cwd: plain,
      env: { GOTOOLCHAIN: 'go1.27.3' },
    },
    {
      label: 'go1.27.3: goroutine-guard test ./... (goroutineleak on)',
      cmd: process.execPath,
      args: [cli, 'test', './...'],
      cwd: plain,
      env: { GOTOOLCHAIN: 'go1.27.3' },
    },
  );
}

// GG_BENCH_B=<bin/goroutine-guard.js of another build>: that build's `test` too, in the same rounds (A/B of a change).
if (process.env.GG_BENCH_B) {
  variants.splice(2, 0, {
    label: 'goroutine-guard test ./... (build B)',
    cmd: process.execPath,
    args: [process.env.GG_BENCH_B, 'test', './...'],
    cwd: plain,
  });
}
// GG_BENCH_LIST_OFF=1: the shipped CLI once more with its go list cache off (what a run after a change pays).
if (process.env.GG_BENCH_LIST_OFF === '1') {
  variants.splice(2, 0, {
    label: 'goroutine-guard test ./... (go list cache off)',
    cmd: process.execPath,
    args: [BIN, 'test', './...'],
    cwd: plain,
    env: { GOROUTINE_GUARD_LIST_CACHE: 'off' },
  });
}
// GG_BENCH_ONLY=main: only go test and the shipped CLI (the pair the +5 % CPU target is about), for a quick run.
if (process.env.GG_BENCH_ONLY === 'main')
  variants.splice(2 + (process.env.GG_BENCH_B ? 1 : 0) + (process.env.GG_BENCH_LIST_OFF === '1' ? 1 : 0));
const testCount = execFileSync('grep', ['-rc', '^func Test', plain, '--include=*_test.go'], { encoding: 'utf8' })
  .trim()
  .split('\n')
  .reduce((a, l) => a + Number(l.split(':').at(-1)), 0);
process.stderr.write(`module: ${PACKAGES} packages, ${testCount} tests; ${RUNS} runs per variant after 1 warm-up\n`);
for (const v of variants) {
  const w = time(`warm-up ${v.label}`, v.cmd, v.args, v.cwd, v.env);
  process.stderr.write(`warm-up ${v.label}: ${w.ms.toFixed(0)} ms (${w.tail})\n`);
}
const samples = Object.fromEntries(variants.map((v) => [v.label, []]));
const cpuSamples = Object.fromEntries(variants.map((v) => [v.label, []]));
/** Per round, wall time / the same round's go test: load drifts slowly, so adjacent runs share most of it. */
const ratios = Object.fromEntries(variants.map((v) => [v.label, []]));
/** The same per round for CPU time. */
const cpuRatios = Object.fromEntries(variants.map((v) => [v.label, []]));
for (let r = 0; r < RUNS; r++) {
  const round = {};
  const cpuRound = {};
  for (let k = 0; k < variants.length; k++) {
    const v = variants[(k + r) % variants.length];
    const res = time(v.label, v.cmd, v.args, v.cwd, v.env);
    if (res.ok) {
      samples[v.label].push(res.ms);
      cpuSamples[v.label].push(res.cpuMs);
      round[v.label] = res.ms;
      cpuRound[v.label] = res.cpuMs;
    }
  }
  for (const v of variants) {
    const ref = round[v.label.startsWith('go1.27.3') ? 'go1.27.3: go test ./...' : 'go test ./...'];
    if (round[v.label] !== undefined && ref !== undefined) ratios[v.label].push(round[v.label] / ref);
    const cpuRef = cpuRound[v.label.startsWith('go1.27.3') ? 'go1.27.3: go test ./...' : 'go test ./...'];
    if (cpuRound[v.label] !== undefined && cpuRef !== undefined) cpuRatios[v.label].push(cpuRound[v.label] / cpuRef);
  }
  process.stderr.write(`run ${r + 1}/${RUNS} done\n`);
}

const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model;
const goVersion = execFileSync('go', ['version'], { encoding: 'utf8' }).trim();
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const refOf = (label) => (label.startsWith('go1.27.3') ? 'go1.27.3: go test ./...' : 'go test ./...');
const rows = variants.map((v) => {
  const xs = samples[v.label];
  const m = median(xs);
  const cpu = median(cpuSamples[v.label]);
  const ref = refOf(v.label);
  return {
    label: v.label,
    runs: xs.length,
    medianMs: m,
    minMs: Math.min(...xs),
    maxMs: Math.max(...xs),
    cpuMs: cpu,
    vsGoTest: m / median(samples[ref]) - 1,
    minVsGoTest: Math.min(...xs) / Math.min(...samples[ref]) - 1,
    cpuVsGoTest: cpu / median(cpuSamples[ref]) - 1,
    pairedVsGoTest: median(ratios[v.label]) - 1,
    pairedCpuVsGoTest: median(cpuRatios[v.label]) - 1,
  };
});
const meta = {
  date: new Date().toISOString(),
  nproc: cpus().length,
  cpu,
  ramGiB: +(totalmem() / 2 ** 30).toFixed(1),
  go: goVersion,
  node: process.version,
  tests: testCount,
  packages: PACKAGES,
  loadAfter: load,
};
writeFileSync(join(OUT, 'results.jsonl'), `${JSON.stringify({ meta, rows })}\n`, { flag: 'a' });
const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
const md = [
  `${meta.date} — ${meta.nproc} × ${meta.cpu}, ${meta.ramGiB} GiB, ${meta.go}, node ${meta.node}; ${testCount} tests in ${PACKAGES} packages; ${RUNS} runs each; load average after: ${load}`,
  '',
  '| variant | wall median | wall min | wall max | CPU median | vs go test: paired wall / wall median / CPU median / paired CPU |',
  '|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.label} | ${(r.medianMs / 1000).toFixed(2)} s | ${(r.minMs / 1000).toFixed(2)} s | ${(r.maxMs / 1000).toFixed(2)} s | ${(r.cpuMs / 1000).toFixed(2)} s | ${pct(r.pairedVsGoTest)} / ${pct(r.vsGoTest)} / ${pct(r.cpuVsGoTest)} / ${pct(r.pairedCpuVsGoTest)} |`,
  ),
  '',
].join('\n');
writeFileSync(join(OUT, 'results.md'), md);
process.stdout.write(md);
