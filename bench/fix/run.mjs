// `goroutine-guard fix` on the corpus testdata/fix: verdicts per pattern, and per package the time of `fix`
// beside one plain leak-checked `goroutine-guard test` run of the same package (same script, same machine), so
// the cost of proving patches reads as a ratio to one test run. Prints markdown for bench/RESULTS.md.
//
//   node bench/fix/run.mjs            (after `npx tsc -p tsconfig.json`)

import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const corpus = `${root}testdata/fix`;
const bin = `${root}bin/goroutine-guard.js`;

function timed(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('node', [bin, ...args], { cwd: corpus, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, stdout: r.stdout, code: r.status };
}

const go = execFileSync('go', ['version'], { encoding: 'utf8' }).trim();
const load = loadavg()[0].toFixed(1);
const pkgs = execFileSync('go', ['list', './...'], { cwd: corpus, encoding: 'utf8' })
  .trim()
  .split('\n')
  .map((p) => p.replace('example.com/fixcorpus/', ''));

// Warm go's build cache for every package, as a user's second run would be.
timed(['test', './...']);

const whole = timed(['fix', './...', '-f', 'json']);
const report = JSON.parse(whole.stdout);
const byRule = new Map();
for (const p of report.patches) {
  for (const f of p.findings) {
    const row = byRule.get(f.ruleId) ?? { verified: 0, unverified: 0, refused: 0, unaddressed: 0 };
    row[p.verdict]++;
    byRule.set(f.ruleId, row);
  }
}
for (const u of report.unaddressed) {
  const row = byRule.get(u.ruleId) ?? { verified: 0, unverified: 0, refused: 0, unaddressed: 0 };
  row.unaddressed++;
  byRule.set(u.ruleId, row);
}

const rows = [];
for (const pkg of pkgs) {
  const fix = timed(['fix', `./${pkg}`, '-f', 'json']);
  const test = timed(['test', `./${pkg}`]);
  const j = JSON.parse(fix.stdout);
  const t = j.timing[0] ?? { runs: 0 };
  const verdicts = j.patches.map((p) => `${p.ruleIds.join('+')} ${p.verdict}`).join(', ');
  rows.push(
    `| ${pkg} | ${verdicts} | ${t.runs} | ${(fix.ms / 1000).toFixed(2)} | ${(test.ms / 1000).toFixed(2)} | ${(fix.ms / test.ms).toFixed(2)} |`,
  );
}

const out = [];
out.push(
  `Machine: ${cpus().length} cores (${cpus()[0].model.trim()}), ${go}, node ${process.version}; load average ${load} at the start.`,
);
out.push(
  `Command: \`node bench/fix/run.mjs\` (fix on the whole corpus: ${(whole.ms / 1000).toFixed(1)} s wall, ` +
    `${report.timing.reduce((a, t) => a + t.runs, 0)} go test runs).`,
);
out.push('');
out.push('| pattern | verified | unverified | refused | not addressed |');
out.push('|---|--:|--:|--:|--:|');
for (const [rule, r] of [...byRule].sort())
  out.push(`| ${rule} | ${r.verified} | ${r.unverified} | ${r.refused} | ${r.unaddressed} |`);
out.push('');
out.push('| package | patches | go test runs | fix s | test s | fix ÷ test |');
out.push('|---|---|--:|--:|--:|--:|');
out.push(...rows);
console.log(out.join('\n'));
