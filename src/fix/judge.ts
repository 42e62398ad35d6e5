// Pure verdicts: from the baseline run and a patched run of one package, whether a candidate made the leak at its
// site go away without any test newly failing. "At its site" means a leaked goroutine with a frame (or its
// creator) in the function the finding is in, or in its file in the wait state the pattern causes; the tests that
// leaked there before are the ones that must be clean after.

import { compareText } from '../core/index.js';
import type { Goroutine } from '../model/index.js';
import type { Candidate, FixOutcome, TestLeakCount } from './types.js';
import type { PackageRun } from './verify.js';

/** Per rule, the wait states a goroutine left behind by that pattern shows (for leaks seen away from the site). */
const RULE_STATES: Readonly<Record<string, RegExp>> = {
  GG001: /chan send/,
  GG015: /chan send/,
  GG002: /chan receive|select/,
  GG003: /chan receive|select/,
  GG007: /chan receive|select/,
  GG008: /WaitGroup\.Wait|semacquire/,
  GG010: /select|IO wait/,
  GG012: /Mutex\.R?Lock|semacquire/,
  GG016: /chan send|Mutex\.R?Lock|semacquire/,
  GG020: /chan send|WaitGroup\.Wait|semacquire/,
};

/** `pkg.F` for `pkg.F.func1.2` and `pkg.F.gowrap1`: the top-level function a closure belongs to. */
export function topFunc(name: string): string {
  let n = name;
  for (let prev = ''; prev !== n;) {
    prev = n;
    n = n.replace(/\.(?:func|gowrap)\d+(?:\.\d+)*$/, '');
  }
  return n;
}

function inFunc(func: string, tops: ReadonlySet<string>): boolean {
  return tops.has(topFunc(func));
}

/**
 * Whether a leaked goroutine is the candidate's leak: it runs (or was started, directly or by an ancestor) in the
 * function the finding is in — or it sits in the file in the wait the pattern causes (a goroutine blocked in
 * `Lock` in another method of the type whose method forgot to unlock). Function names survive the patch; lines
 * do not.
 */
export function siteMatcher(c: Candidate): (g: Goroutine) => boolean {
  const tops = new Set(
    c.findings
      .map((f) => f.location?.func)
      .filter((f): f is string => !!f)
      .map(topFunc),
  );
  const states = c.findings.map((f) => RULE_STATES[f.ruleId]).filter((r): r is RegExp => !!r);
  return (g) => {
    const frames = [...g.frames, ...(g.createdBy ? [g.createdBy] : [])];
    for (const a of g.ancestors) frames.push(...a.frames, ...(a.createdBy ? [a.createdBy] : []));
    if (tops.size > 0 && frames.some((f) => inFunc(f.func, tops))) return true;
    const inFile = frames.some((f) => f.file === c.file);
    return inFile && (tops.size === 0 || states.some((s) => s.test(g.state)));
  };
}

/** Per test, goroutines leaked at the candidate's site, tests in name order; only tests with at least one. */
export function leaksAt(run: PackageRun, c: Candidate, tests?: readonly string[]): TestLeakCount[] {
  const match = siteMatcher(c);
  const out: TestLeakCount[] = [];
  for (const [test, gs] of run.leaks) {
    if (tests && !tests.includes(test)) continue;
    const mine = gs.filter(match);
    const n = mine.reduce((a, g) => a + g.count, 0);
    const proven = mine.filter((g) => g.leaked).reduce((a, g) => a + g.count, 0);
    if (n > 0) out.push(proven > 0 ? { test, goroutines: n, proven } : { test, goroutines: n });
  }
  return out.sort((a, b) => compareText(a.test, b.test));
}

/** Tests that passed (or did not fail) in the baseline and fail in `after`. */
export function newlyFailing(base: PackageRun, after: PackageRun): string[] {
  return [...after.failed].filter((t) => !base.failed.has(t)).sort();
}

/** The candidate's verdict when it was the only patch in `after`. */
export function judge(c: Candidate, base: PackageRun, after: PackageRun, how: string): FixOutcome {
  const before = leaksAt(base, c);
  const tests = before.map((b) => b.test);
  const remain = leaksAt(after, c, tests);
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
