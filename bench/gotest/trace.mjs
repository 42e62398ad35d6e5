// Cost of `test --trace` over the same `test` run, paired: for each package the two variants run in rotating order
// in the same rounds (one warm-up each), wall and CPU (user+sys of the whole process tree, /usr/bin/time) per run.
// Usage: RUNS=5 node bench/gotest/trace.mjs   (after `npm run build`)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/goroutine-guard.js');
const RUNS = Number(process.env.RUNS ?? 5);
const CASES = [
  { name: 'testdata/go/traces .', cwd: join(ROOT, 'testdata/go/traces'), pkg: '.' },
  { name: 'testdata/gotest/leaks ./leaky', cwd: join(ROOT, 'testdata/gotest/leaks'), pkg: './leaky' },
  { name: 'testdata/gotest/leaks ./settle', cwd: join(ROOT, 'testdata/gotest/leaks'), pkg: './settle' },
];
const tmp = mkdtempSync(join(tmpdir(), 'gg-bench-trace-'));
const env = { ...process.env, TMPDIR: tmp };
delete env.GOFLAGS;

function once(cwd, args) {
  const out = join(tmp, 'time.txt');
  const t0 = process.hrtime.bigint();
  spawnSync('/usr/bin/time', ['-o', out, '-f', '%U %S', process.execPath, BIN, 'test', '--no-stacks', ...args], {
    cwd,
    env,
    stdio: 'ignore',
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const [u, s] = readFileSync(out, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  return { wall, cpu: u + s };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`| package | test wall / CPU median | test --trace wall / CPU median | paired wall / CPU |`);
console.log(`|---|---|---|---|`);
for (const c of CASES) {
  once(c.cwd, [c.pkg]);
  once(c.cwd, ['--trace', c.pkg]);
  const plain = [];
  const traced = [];
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 === 0 ? [false, true] : [true, false];
    for (const t of order) (t ? traced : plain).push(once(c.cwd, t ? ['--trace', c.pkg] : [c.pkg]));
  }
  const ratio = (k) => median(traced.map((t, i) => t[k] / plain[i][k]));
  const pct = (r) => `${r >= 1 ? '+' : ''}${((r - 1) * 100).toFixed(1)} %`;
  const pm = (xs) => `${median(xs.map((x) => x.wall)).toFixed(2)} s / ${median(xs.map((x) => x.cpu)).toFixed(2)} s`;
  console.log(`| ${c.name} | ${pm(plain)} | ${pm(traced)} | ${pct(ratio('wall'))} / ${pct(ratio('cpu'))} |`);
}
rmSync(tmp, { recursive: true, force: true });
