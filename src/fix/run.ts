// `fix` end to end for a set of candidates: per package, one baseline leak-checked run, then the candidates whose
// site leaked in it are tried — all that do not interact in one patched run, and one by one when that run breaks
// a test (or a candidate's leak remains, to tell which). Candidates whose site no test reaches are unverified.

import { applyEdits, editsInteract } from './apply.js';
import type { Gofmt } from './gofmt.js';
import { combinedUsable, judge, leaksAt } from './judge.js';
import type { Candidate, FixOutcome, FixReport } from './types.js';
import { runPackage, type PackageRun, type VerifyIO, type VerifySettings } from './verify.js';

export interface ProveOptions {
  settings: VerifySettings;
  gofmt: Gofmt;
  /** Called before each go test run: package (display), what runs. */
  onProgress?: (pkg: string, step: string) => void;
  now?: () => number;
  displayDir?: (dir: string) => string;
}

export async function proveCandidates(
  candidates: readonly Candidate[],
  opts: ProveOptions,
  io: VerifyIO,
): Promise<Pick<FixReport, 'outcomes' | 'timing' | 'toolchain'>> {
  const now = opts.now ?? (() => Date.now());
  const byDir = new Map<string, Candidate[]>();
  for (const c of candidates) byDir.set(c.dir, [...(byDir.get(c.dir) ?? []), c]);
  const outcomes: FixOutcome[] = [];
  const timing: FixReport['timing'] = [];
  let leakProfile = false;
  for (const [dir, cs] of byDir) {
    const started = now();
    const pkg = opts.displayDir?.(dir) ?? dir;
    let runs = 0;
    const run = async (step: string, patch: readonly Candidate[]): Promise<PackageRun> => {
      opts.onProgress?.(pkg, step);
      runs++;
      return runPackage(dir, await overlayFor(patch, opts.gofmt), opts.settings, io);
    };
    const base = await run('baseline run with the leak check', []);
    leakProfile ||= base.leakProfile;
    const verifiable: Candidate[] = [];
    const unreached: FixOutcome[] = [];
    for (const c of cs) {
      if (leaksAt(base, c).length > 0) {
        verifiable.push(c);
        continue;
      }
      const ran = base.passed.size + base.failed.size;
      const reason = !base.checked
        ? `the package's tests did not run under the leak check${base.buildOutput ? `: ${base.buildOutput.split('\n')[0]}` : ''}`
        : ran === 0
          ? 'the package has no tests'
          : c.findings.every((f) => f.ruleId === 'GG005')
            ? 'a timer is not a goroutine: no leak check can show this leak'
            : `no test reaches the site (${ran === 1 ? '1 test ran' : `${ran} tests ran`}; none leaked a goroutine at ${c.displayFile}:${c.findings[0]!.location?.line ?? '?'})`;
      unreached.push({ candidate: c, verdict: 'unverified', reason, before: [], after: [], newlyFailing: [] });
    }
    for (const batch of batches(verifiable)) {
      if (batch.length > 1) {
        const after = await run(`${batch.length} patches in one run`, batch);
        if (combinedUsable(base, after)) {
          const judged = batch.map((c) =>
            judge(
              c,
              base,
              after,
              `verified together with ${batch.length - 1} other patch${batch.length === 2 ? '' : 'es'} in one run`,
            ),
          );
          if (judged.every((o) => o.verdict === 'verified')) {
            outcomes.push(...judged);
            continue;
          }
        }
      }
      for (const c of batch) {
        const after = await run(`patch #${c.id} alone`, [c]);
        outcomes.push(
          judge(c, base, after, batch.length > 1 ? 'verified alone, after the combined run failed' : 'verified alone'),
        );
      }
    }
    // No test shows these leaks, but the tests can still say whether the patch breaks something.
    if (base.checked && base.passed.size + base.failed.size > 0) {
      for (const batch of batches(unreached.map((o) => o.candidate))) {
        const together = await run(`${batch.length} unverified patch${batch.length === 1 ? '' : 'es'}`, batch);
        const shared = combinedUsable(base, together) || batch.length === 1;
        for (const c of batch) {
          const after = shared ? together : await run(`patch #${c.id} alone`, [c]);
          const o = unreached.find((u) => u.candidate === c)!;
          const failing = judge(c, base, after, '');
          if (failing.verdict === 'refused')
            Object.assign(o, { verdict: 'refused', reason: failing.reason, newlyFailing: failing.newlyFailing });
          else o.reason += '; the tests still pass with it';
        }
      }
    }
    outcomes.push(...unreached);
    // A refused patch with an alternative (a ctx-aware send after a buffer that broke a test): prove the next one.
    for (const [i, o] of outcomes.entries()) {
      if (o.verdict !== 'refused' || o.before.length === 0 || !o.candidate.next || o.candidate.dir !== dir) continue;
      const refused = [{ summary: o.candidate.summary, reason: o.reason }];
      let current: FixOutcome = o;
      for (let c: Candidate | undefined = o.candidate.next; c && current.verdict === 'refused'; c = c.next) {
        const after = await run(`patch #${c.id}, next alternative`, [c]);
        current = judge(c, base, after, 'verified alone');
        if (current.verdict === 'refused') refused.push({ summary: c.summary, reason: current.reason });
      }
      outcomes[i] = current.verdict === 'verified' ? { ...current, refusedFirst: refused } : o;
    }
    timing.push({ pkg, ms: now() - started, runs });
  }
  outcomes.sort((a, b) => a.candidate.id - b.candidate.id);
  return { outcomes, timing, toolchain: { leakProfile } };
}

/** Greedy groups of candidates that can share one run: edits in one file must not touch the same lines. */
export function batches(cs: readonly Candidate[]): Candidate[][] {
  const out: Candidate[][] = [];
  for (const c of cs) {
    const fits = (b: Candidate[]) => b.every((o) => o.file !== c.file || !editsInteract(o.edits, c.edits, c.original));
    const b = out.find(fits);
    if (b) b.push(c);
    else out.push([c]);
  }
  return out;
}

/** Patched file contents for a set of candidates: each file with all their edits, gofmt'ed. */
async function overlayFor(cs: readonly Candidate[], gofmt: Gofmt): Promise<Map<string, string>> {
  const byFile = new Map<string, Candidate[]>();
  for (const c of cs) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);
  const out = new Map<string, string>();
  for (const [file, group] of byFile) {
    out.set(
      file,
      group.length === 1
        ? group[0]!.patched
        : await gofmt(
            applyEdits(
              group[0]!.original,
              group.flatMap((c) => c.edits),
            ),
            file,
          ),
    );
  }
  return out;
}
