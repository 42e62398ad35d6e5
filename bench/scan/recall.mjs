#!/usr/bin/env node
// Static recall on the realbugs corpus (testdata/realbugs): runs the shipped CLI's `scan -f json` on every bad and
// every fixed kernel package and reports, per blocking category and overall, how many marked blocking sites the
// scan flags and how many fixed versions still get findings (false positives).
//
//   node bench/scan/recall.mjs [--json] [--engine NAME]... [--cli PATH]
//
// --cli measures another build of the CLI (default: this checkout's bin/goroutine-guard.js).
//
// Matching rule. A site is a `// BLOCKS: <category>` marker in <kernel>/bad/bad.go, at line L. A finding (any
// rule, any severity) counts for the site when its primary location or one of its relatedLocations is in bad.go
// and
//   - exact:    on line L, or
//   - function: inside the top-level function declaration that contains L (closures inside it included), i.e.
//               between that declaration's `func` line and its closing `}` (the kernels are gofmt-formatted, so a
//               declaration runs from a column-0 `func` to the next column-0 `}`).
// "Flagged" in the summary is the function-level match; exact matches are reported beside it. A kernel is caught
// when at least one of its sites is flagged. A fixed version is a false positive when the scan reports any
// finding in fixed.go.
//
// The scan skips testdata/ only while recursing (`dir/...`), so the script passes each kernel package directory
// itself (`<kernel>/bad`, `<kernel>/fixed`), which is scanned as one package. If `scan --help` lists an --engine
// option, every engine it offers is run (or only those given with --engine that it offers; the default engine
// when it offers none of them).

import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const corpus = path.join(root, 'testdata/realbugs');
const args = process.argv.slice(2);
const cliArg = args.indexOf('--cli');
const cli = cliArg >= 0 ? path.resolve(args[cliArg + 1]) : path.join(root, 'bin/goroutine-guard.js');
const asJson = args.includes('--json');
const wantEngines = args.flatMap((a, i) => (args[i - 1] === '--engine' ? [a] : []));

if (cliArg < 0 && !existsSync(path.join(root, 'dist/cli/main.js'))) {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
}

const kernels = readdirSync(corpus, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(corpus, d.name, 'bad', 'bad.go')))
  .map((d) => d.name)
  .sort();

/** Top-level function spans [start, end] (1-based lines) of a gofmt-formatted Go file. */
function funcSpans(lines) {
  const spans = [];
  let start = 0;
  lines.forEach((l, i) => {
    if (/^func /.test(l)) {
      if (/\}\s*$/.test(l)) spans.push([i + 1, i + 1]);
      else start = i + 1;
    } else if (start && l === '}') {
      spans.push([start, i + 1]);
      start = 0;
    }
  });
  return spans;
}

function sites(id) {
  const lines = readFileSync(path.join(corpus, id, 'bad', 'bad.go'), 'utf8').split('\n');
  const spans = funcSpans(lines);
  const out = [];
  lines.forEach((l, i) => {
    const m = /\/\/\s*BLOCKS:\s*([a-z-]+)/.exec(l);
    if (!m) return;
    const line = i + 1;
    const span = spans.find(([a, b]) => a <= line && line <= b) ?? [line, line];
    out.push({ id, line, category: m[1], span });
  });
  return out;
}

function engines() {
  const help = spawnSync(process.execPath, [cli, 'scan', '--help'], { encoding: 'utf8' }).stdout;
  const m = /--engine[^\n]*(?:\n\s+[^-\n][^\n]*)*/.exec(help);
  if (!m) return [null];
  const choices = /choices:\s*([^)]*)\)/.exec(m[0]);
  const all = choices ? [...choices[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]) : [];
  // --engine names the CLI does not offer are dropped; if none is left, the CLI's default engine runs.
  const wanted = wantEngines.filter((e) => all.length === 0 || all.includes(e));
  if (wantEngines.length > 0) return wanted.length > 0 ? wanted : [null];
  return all.length > 0 ? all : [null];
}

/** Runs one scan over the given package dirs; returns findings grouped by absolute file. */
function scan(dirs, engine) {
  const argv = [cli, 'scan', ...dirs, '-f', 'json', '--fail-on', 'none'];
  if (engine) argv.push('--engine', engine);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`scan failed (exit ${r.status}): ${r.stderr.trim().split('\n')[0]}`);
  const report = JSON.parse(r.stdout);
  const byFile = new Map();
  for (const f of report.findings) {
    const locs = [f.location, ...(f.related ?? f.relatedLocations ?? []).map((x) => x.location ?? x)];
    for (const loc of locs) {
      if (!loc?.file) continue;
      const abs = path.resolve(root, loc.file);
      if (!byFile.has(abs)) byFile.set(abs, []);
      byFile.get(abs).push({ rule: f.ruleId, line: loc.line, primary: loc === f.location });
    }
  }
  const ran = typeof report.engine === 'string' ? report.engine : (report.engine?.name ?? engine ?? 'default');
  return { byFile, ms, engine: ran, warnings: report.warnings ?? [] };
}

function measure(engine) {
  const bad = scan(
    kernels.map((k) => path.join(corpus, k, 'bad')),
    engine,
  );
  const fixed = scan(
    kernels.map((k) => path.join(corpus, k, 'fixed')),
    engine,
  );
  const rows = [];
  for (const id of kernels) {
    const hits = bad.byFile.get(path.join(corpus, id, 'bad', 'bad.go')) ?? [];
    const fpHits = (fixed.byFile.get(path.join(corpus, id, 'fixed', 'fixed.go')) ?? []).filter((h) => h.primary);
    for (const s of sites(id)) {
      const exact = hits.filter((h) => h.line === s.line);
      const inFunc = hits.filter((h) => s.span[0] <= h.line && h.line <= s.span[1]);
      rows.push({
        ...s,
        exact: exact.length > 0,
        flagged: inFunc.length > 0,
        rules: [...new Set(inFunc.map((h) => h.rule))],
        fixedFindings: fpHits.length,
        fixedRules: [...new Set(fpHits.map((h) => h.rule))],
      });
    }
  }
  return { engine: bad.engine, ms: bad.ms + fixed.ms, rows };
}

function pct(a, b) {
  return b === 0 ? '–' : `${Math.round((100 * a) / b)} %`;
}

function summarize({ engine, ms, rows }) {
  const cats = ['mutex', 'rwmutex', 'chan-send', 'chan-recv', 'waitgroup', 'cond', 'select'];
  const table = [];
  for (const c of [...cats, 'all']) {
    const rs = c === 'all' ? rows : rows.filter((r) => r.category === c);
    if (rs.length === 0) continue;
    table.push({
      category: c,
      sites: rs.length,
      flagged: rs.filter((r) => r.flagged).length,
      exact: rs.filter((r) => r.exact).length,
    });
  }
  const ids = [...new Set(rows.map((r) => r.id))];
  const caught = ids.filter((id) => rows.some((r) => r.id === id && r.flagged));
  const fps = ids
    .map((id) => rows.find((r) => r.id === id))
    .filter((r) => r.fixedFindings > 0)
    .map((r) => `${r.id} (${r.fixedRules.join('+')})`);
  return { engine, ms: Math.round(ms), kernels: ids.length, caught: caught.length, falsePositives: fps, table, rows };
}

const results = engines().map((e) => summarize(measure(e)));
if (asJson) {
  console.log(JSON.stringify(results, null, 2));
} else {
  for (const r of results) {
    console.log(`engine: ${r.engine} (${r.ms} ms for both scans)`);
    console.log(`kernels: ${r.kernels}, caught (≥ 1 site flagged): ${r.caught} (${pct(r.caught, r.kernels)})`);
    console.log('| category | sites | flagged (in function) | exact line |');
    console.log('|---|--:|--:|--:|');
    for (const t of r.table) {
      console.log(
        `| ${t.category} | ${t.sites} | ${t.flagged} (${pct(t.flagged, t.sites)}) | ${t.exact} (${pct(t.exact, t.sites)}) |`,
      );
    }
    console.log(
      `fixed versions with findings (false positives): ${r.falsePositives.length} of ${r.kernels}` +
        (r.falsePositives.length ? ` — ${r.falsePositives.join(', ')}` : ''),
    );
    const flagged = r.rows.filter((x) => x.flagged);
    if (flagged.length) {
      console.log('flagged sites: ' + flagged.map((x) => `${x.id}:${x.line} (${x.rules.join('+')})`).join(', '));
    }
    console.log();
  }
}
