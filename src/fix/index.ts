// Library API of `fix`: findings in (from `scan`, or read back with `findingsFrom`), candidate patches planned,
// proven against the package's own tests in a leak-checked overlay run, a FixReport out. The user's files are
// only read; `writePatches` is the one function that writes, and only verified patches.

import { readFileSync, realpathSync } from 'node:fs';
import { relative } from 'node:path';
import type { Finding } from '../model/index.js';
import { compareText } from '../core/index.js';
import { gofmtFor } from './gofmt.js';
import { requireModule } from './module.js';
import { planCandidates } from './plan.js';
import { proveCandidates } from './run.js';
import type { FixReport } from './types.js';
import type { VerifyIO, VerifySettings } from './verify.js';

export type { FixReport, FixOutcome, Candidate, Verdict } from './types.js';
export { findingsFrom, type FromFormat } from './from.js';
export { renderFixText, renderFixJSON, renderFixSarif } from './report.js';
export { writePatches, type WriteResult } from './write.js';

export interface FixOptions extends VerifySettings {
  cwd: string;
  onProgress?: (pkg: string, step: string) => void;
}

export async function fixFindings(findings: readonly Finding[], opts: FixOptions, io: VerifyIO): Promise<FixReport> {
  const gofmt = gofmtFor(opts.goBin);
  const { candidates, unaddressed } = await planCandidates(findings, {
    cwd: opts.cwd,
    readFile: (p) => {
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return null;
      }
    },
    gofmt,
  });
  // Findings read back with --from can point anywhere: a package outside a module cannot run its tests.
  requireModule([...new Set(candidates.map((c) => c.dir))].sort(compareText), opts.cwd);
  // Leaked goroutines carry the real path of their source files; patch real paths so the two compare.
  for (const c of candidates) {
    c.file = realpathSync(c.file);
    c.dir = realpathSync(c.dir);
  }
  const proven = await proveCandidates(
    candidates,
    {
      settings: opts,
      gofmt,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      displayDir: (d) => relative(realpathSync(opts.cwd), d) || '.',
    },
    io,
  );
  return { ...proven, unaddressed };
}
export { gofmtFor } from './gofmt.js';
export { moduleRootOf, requireModule } from './module.js';
