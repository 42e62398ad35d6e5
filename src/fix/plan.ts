// From findings to candidate patches: parse each file once, ask the rule's edit generator for edits, merge
// findings whose fix is the same change, and render each candidate (gofmt'ed file, unified diff). Files come in
// through `readFile`, formatting through `gofmt`.

import { dirname, relative, resolve } from 'node:path';
import { createGoParser } from '../static/index.js';
import type { Finding } from '../model/index.js';
import { applyEdits, editsKey } from './apply.js';
import { GENERATORS } from './edits/index.js';
import type { Gofmt } from './gofmt.js';
import { declAt, offsetOf } from './locate.js';
import type { Candidate, TextEdit, Unaddressed } from './types.js';
import { unifiedDiff } from './udiff.js';

export interface PlanIO {
  cwd: string;
  readFile: (path: string) => string | null;
  gofmt: Gofmt;
}

export async function planCandidates(
  findings: readonly Finding[],
  io: PlanIO,
): Promise<{ candidates: Candidate[]; unaddressed: Unaddressed[] }> {
  const parser = await createGoParser();
  const files = new Map<string, { src: string; file: ReturnType<typeof parser.parse> } | null>();
  const load = (path: string) => {
    if (!files.has(path)) {
      const src = io.readFile(path);
      files.set(path, src === null ? null : { src, file: parser.parse(path, src) });
    }
    return files.get(path)!;
  };
  const unaddressed: Unaddressed[] = [];
  type Plan = { edits: TextEdit[]; summary: string };
  const byKey = new Map<string, { findings: Finding[]; file: string; plans: Plan[] }>();
  for (const f of findings) {
    const gen = f.ruleId === 'GG000' ? undefined : GENERATORS[f.ruleId];
    if (!gen) {
      unaddressed.push({
        finding: f,
        reason: `no mechanical fix for ${f.ruleId} yet${f.fix ? `; by hand: ${f.fix}` : ''}`,
      });
      continue;
    }
    if (!f.location) {
      unaddressed.push({ finding: f, reason: 'the finding has no source location' });
      continue;
    }
    const path = resolve(io.cwd, f.location.file);
    const loaded = load(path);
    if (!loaded) {
      unaddressed.push({ finding: f, reason: `cannot read ${f.location.file}` });
      continue;
    }
    const offset = offsetOf(loaded.src, f.location.line, f.location.column ?? 1);
    const decl = offset >= 0 ? declAt(loaded.file, offset) : null;
    if (!decl) {
      unaddressed.push({
        finding: f,
        reason: `${f.location.file}:${f.location.line} is not inside a declaration (stale finding?)`,
      });
      continue;
    }
    const made = gen({ finding: f, src: loaded.src, decl, offset });
    const plans = (Array.isArray(made) ? made : [made]).filter((p): p is Plan => !('reason' in p));
    if (plans.length === 0) {
      const first = Array.isArray(made) ? made[0] : made;
      unaddressed.push({ finding: f, reason: first && 'reason' in first ? first.reason : 'no patch' });
      continue;
    }
    // Findings merge on their first choice; the alternatives come along.
    const key = editsKey(path, plans[0]!.edits);
    const same = byKey.get(key);
    if (same) same.findings.push(f);
    else byKey.set(key, { findings: [f], file: path, plans });
  }
  for (const l of files.values()) l?.file.dispose();

  const candidates: Candidate[] = [];
  for (const c of byKey.values()) {
    const original = files.get(c.file)!.src;
    const displayFile = relative(io.cwd, c.file);
    const made: Candidate[] = [];
    let failure = '';
    for (const p of c.plans) {
      let patched: string;
      try {
        patched = await io.gofmt(applyEdits(original, p.edits), c.file);
      } catch (e) {
        failure ||= (e as Error).message;
        continue;
      }
      made.push({
        id: candidates.length + 1,
        findings: c.findings,
        file: c.file,
        displayFile,
        dir: dirname(c.file),
        edits: p.edits,
        summary: p.summary,
        original,
        patched,
        diff: unifiedDiff(displayFile, original, patched),
      });
    }
    if (made.length === 0) {
      for (const f of c.findings) unaddressed.push({ finding: f, reason: failure });
      continue;
    }
    for (let i = 0; i + 1 < made.length; i++) made[i]!.next = made[i + 1]!;
    candidates.push(made[0]!);
  }
  return { candidates, unaddressed };
}
