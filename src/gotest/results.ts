// From what the test binaries left in the out directory to per-test leak reports: read each result record, parse
// its dump with the shared dump parser, drop the goroutines that existed before the tests or are benign, blame
// the rest on tests and bucket them into Findings.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareText, GuardError } from '../core/index.js';
import type { Goroutine, GoroutineId } from '../model/index.js';
import type { Blame } from './blame.js';
import type { LeakBucket, SiteContext } from './classify.js';
import type { HarnessRecord } from './harness.js';
import { ignoredBy, type TestIgnoreRule } from './ignore.js';

export interface TestLeak {
  test: string;
  blame: Blame;
  goroutines: number;
  proven: number;
  buckets: LeakBucket[];
}

export interface PackageReport {
  importPath: string;
  record: HarnessRecord;
  /** Goroutines left after filtering, per test, tests in name order (TestMain and unattributed last). */
  tests: TestLeak[];
  leaked: number;
  /** Goroutines dropped by an ignore rule, per rule name. */
  ignored: Record<string, number>;
  warnings: string[];
}

export function readRecords(outDir: string): HarnessRecord[] {
  const out: HarnessRecord[] = [];
  for (const name of readdirSync(outDir).sort()) {
    if (!name.endsWith('.meta.json')) continue;
    const path = join(outDir, name);
    try {
      out.push(JSON.parse(readFileSync(path, 'utf8')) as HarnessRecord);
    } catch (e) {
      throw new GuardError('bad-syntax', path, `unreadable harness record: ${(e as Error).message}`);
    }
  }
  return out;
}

export async function packageReport(
  outDir: string,
  record: HarnessRecord,
  rules: readonly TestIgnoreRule[],
  site: Omit<SiteContext, 'packages'>,
): Promise<PackageReport> {
  const report: PackageReport = {
    importPath: record.importPath,
    record,
    tests: [],
    leaked: 0,
    ignored: {},
    warnings: [],
  };
  if (!record.dump) return report;
  // The dump parser and the classifier load only for a package that left goroutines behind: a clean run (the
  // common case) does not pay their start-up.
  const [{ parseDump }, { bucketLeaks }, { Blamer }, { parseGoroutineId }] = await Promise.all([
    import('../profile/index.js'),
    import('./classify.js'),
    import('./blame.js'),
    import('../model/index.js'),
  ]);
  const path = join(outDir, record.dump);
  const dump = await parseDump(readFileSync(path), { source: path });
  report.warnings.push(...dump.info.warnings);
  const skip = new Set<GoroutineId>([record.self, ...record.baseline]);
  const left: Goroutine[] = [];
  for (const g of dump.goroutines) {
    if (skip.has(g.id)) continue;
    const rule = ignoredBy(g, rules);
    if (rule) report.ignored[rule] = (report.ignored[rule] ?? 0) + g.count;
    else left.push(g);
  }
  const packages = new Set([record.importPath, `${record.importPath}_test`]);
  const resolved = new Map<GoroutineId, string>();
  for (const [id, func] of Object.entries(record.ancestorTests ?? {})) {
    const gid = parseGoroutineId(id);
    if (gid !== undefined && typeof func === 'string') resolved.set(gid, func);
  }
  const blamer = new Blamer(packages, dump.goroutines, resolved);
  const byTest = new Map<string, { blame: Blame; gs: Goroutine[] }>();
  const blames = new Map<Goroutine, Blame>();
  for (const g of left) {
    const b = blamer.blame(g);
    blames.set(g, b);
    const entry = byTest.get(b.test);
    if (entry) entry.gs.push(g);
    else byTest.set(b.test, { blame: b, gs: [g] });
  }
  const ctx: SiteContext = { ...site, packages };
  for (const [test, { blame, gs }] of byTest) {
    const n = gs.reduce((a, g) => a + g.count, 0);
    const proven = gs.filter((g) => g.leaked).reduce((a, g) => a + g.count, 0);
    report.tests.push({
      test,
      blame,
      goroutines: n,
      proven,
      buckets: bucketLeaks(gs, (g) => blames.get(g) ?? blame, record.importPath, ctx),
    });
    report.leaked += n;
  }
  report.tests.sort((a, b) => order(a.test) - order(b.test) || compareText(a.test, b.test));
  return report;
}

function order(test: string): number {
  return test === 'TestMain' ? 1 : test.startsWith('(') ? 2 : 0;
}
