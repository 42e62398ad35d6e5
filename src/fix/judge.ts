// Pure verdicts: from the baseline run and a patched run of one package, whether a candidate made the leak at its
// site go away without any test newly failing. "At its site" means a leaked goroutine with a frame (or its
// creator) in the patched file — the test that leaked there before is the one that must be clean after.

import type { Goroutine } from '../profile/model.js';
import type { Candidate, FixOutcome, TestLeakCount } from './types.js';
import type { PackageRun } from './verify.js';

function touches(g: Goroutine, file: string): boolean {
  return g.frames.some((f) => f.file === file) || g.createdBy?.file === file;
}

/** Per test, goroutines leaked at `file`, tests in name order; only tests with at least one. */
export function leaksAt(run: PackageRun, file: string, tests?: readonly string[]): TestLeakCount[] {
  const out: TestLeakCount[] = [];
  for (const [test, gs] of run.leaks) {
    if (tests && !tests.includes(test)) continue;
    const n = gs.filter((g) => touches(g, file)).reduce((a, g) => a + g.count, 0);
    if (n > 0) out.push({ test, goroutines: n });
  }
  return out.sort((a, b) => a.test.localeCompare(b.test));
}

/** Tests that passed (or did not fail) in the baseline and fail in `after`. */
export function newlyFailing(base: PackageRun, after: PackageRun): string[] {
  return [...after.failed].filter((t) => !base.failed.has(t)).sort();
}

/** The candidate's verdict when it was the only patch in `after`. */
export function judge(c: Candidate, base: PackageRun, after: PackageRun, how: string): FixOutcome {
  const before = leaksAt(base, c.file);
  const tests = before.map((b) => b.test);
  const remain = leaksAt(after, c.file, tests);
  const failing = newlyFailing(base, after);
  const out = { candidate: c, before, after: remain, newlyFailing: failing };
  if (!after.checked && after.goExit !== 0) {
    const why = after.buildOutput.split('\n').find((l) => l.trim()) ?? `go test exited ${after.goExit}`;
    return {
      ...out,
      verdict: 'refused',
      reason: `the patched package does not build or its tests did not finish: ${why}`,
    };
  }
  if (failing.length > 0) {
    const first = failing[0]!;
    const line = (after.failureOutput.get(first) ?? [])
      .map((l) => l.trim())
      .find((l) => l && !l.startsWith('=== ') && !l.startsWith('--- '));
    return {
      ...out,
      verdict: 'refused',
      reason: `${failing.join(', ')} ${failing.length === 1 ? 'fails' : 'fail'} with the patch${line ? ` (${line})` : ''}`,
    };
  }
  if (remain.length > 0) {
    const r = remain.map((x) => `${x.goroutines} in ${x.test}`).join(', ');
    return { ...out, after: remain, verdict: 'refused', reason: `the leak remains: ${r}` };
  }
  return {
    ...out,
    after: tests.map((test) => ({ test, goroutines: 0 })),
    verdict: 'verified',
    reason: how,
  };
}

/** Whether a combined run can be read per candidate: it ran, and nothing newly failed. */
export function combinedUsable(base: PackageRun, after: PackageRun): boolean {
  return (after.checked || after.goExit === 0) && newlyFailing(base, after).length === 0;
}
