// JUnit for `goroutine-guard test --junit`: one suite per package. A test that leaked becomes a failing case (the
// leak sites and stacks in the body). When go test ran with -json (`--json`), every test's own result is known and
// becomes a case too, the leak failure merged into it; otherwise each package gets one `leak check` case.

import { renderJUnit, type JUnitCase, type JUnitSuite } from '../report/index.js';
import type { RunSummary } from './report.js';

export { parseTestEvents, type TestEvents, type TestResult, type TestResults } from './events.js';
import type { TestResult, TestResults } from './events.js';

export function leakJUnit(summary: RunSummary, results: TestResults, now: Date): string {
  const suites: JUnitSuite[] = [];
  const names = new Set([...summary.packages.map((p) => p.importPath), ...results.keys()]);
  for (const pkg of [...names].sort()) {
    const report = summary.packages.find((p) => p.importPath === pkg);
    const tests = results.get(pkg) ?? new Map<string, TestResult>();
    const cases = new Map<string, JUnitCase>();
    for (const [name, r] of tests) {
      const c: JUnitCase = { name, classname: pkg };
      if (r.elapsed !== undefined) c.time = r.elapsed;
      if (r.action === 'fail') c.failure = { message: 'test failed', type: 'go test', text: r.output.join('') };
      if (r.action === 'skip') c.skipped = r.output.join('').trim().slice(0, 500) || 'skipped';
      cases.set(name, c);
    }
    for (const t of report?.tests ?? []) {
      const text = t.buckets
        .map((b) => {
          const f = b.finding;
          const stack = (f.stack ?? []).map((fr) => `${fr.func}\n\t${fr.file}:${fr.line}`).join('\n');
          return `${f.count ?? 1} × ${f.message} [${f.evidence}]\n${f.explanation ?? ''}\n${stack}`;
        })
        .join('\n\n');
      const message = `leaked ${t.goroutines} goroutine${t.goroutines === 1 ? '' : 's'}`;
      const existing = cases.get(t.test);
      if (existing) {
        const prior = existing.failure ? `${existing.failure.text ?? ''}\n\n` : '';
        existing.failure = {
          message: existing.failure ? `test failed; ${message}` : message,
          type: 'goroutine leak',
          text: prior + text,
        };
        delete existing.skipped;
      } else {
        cases.set(t.test, { name: t.test, classname: pkg, failure: { message, type: 'goroutine leak', text } });
      }
    }
    if (report && tests.size === 0) {
      // Without go test's own results (text mode), this case records that the package was checked and how long
      // the settle took; each leak already fails the case of the test it is blamed on.
      const c: JUnitCase = { name: 'goroutine-guard leak check', classname: pkg, time: report.record.settleMs / 1000 };
      cases.set(c.name, c);
    }
    const suite: JUnitSuite = { name: pkg, cases: [...cases.values()], timestamp: now };
    if (report) {
      suite.properties = {
        'go.version': report.record.goVersion,
        'goroutine-guard.settle.ms': String(report.record.settleMs),
        'goroutine-guard.leak-profile': String(report.record.leakProfile),
      };
    }
    suites.push(suite);
  }
  return renderJUnit(suites);
}
