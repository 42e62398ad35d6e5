// From findings to candidate patches: parse each file once, ask the rule's edit generator for edits, merge
// findings whose fix is the same change, and render each candidate (gofmt'ed file, unified diff). Files come in
// through `readFile`, formatting through `gofmt`.

import { dirname, relative, resolve } from 'node:path';
import { createGoParser } from '../static/go/parser.js';
import type { Finding } from '../report/finding.js';
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
  const byKey = new Map<string, { findings: Finding[]; file: string; edits: TextEdit[]; summary: string }>();
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
    const plan = gen({ finding: f, src: loaded.src, decl, offset });
    if ('reason' in plan) {
      unaddressed.push({ finding: f, reason: plan.reason });
      continue;
    }
    const key = editsKey(path, plan.edits);
    const same = byKey.get(key);
    if (same) same.findings.push(f);
    else byKey.set(key, { findings: [f], file: path, edits: plan.edits, summary: plan.summary });
  }
  for (const l of files.values()) l?.file.dispose();

  const candidates: Candidate[] = [];
  for (const c of byKey.values()) {
    const original = files.get(c.file)!.src;
    let patched: string;
    try {
      patched = await io.gofmt(applyEdits(original, c.edits), c.file);
    } catch (e) {
      for (const f of c.findings) unaddressed.push({ finding: f, reason: (e as Error).message });
      continue;
    }
    const displayFile = relative(io.cwd, c.file);
    candidates.push({
      id: candidates.length + 1,
      findings: c.findings,
      file: c.file,
      displayFile,
      dir: dirname(c.file),
      edits: c.edits,
      summary: c.summary,
      original,
      patched,
      diff: unifiedDiff(displayFile, original, patched),
    });
  }
  return { candidates, unaddressed };
}
