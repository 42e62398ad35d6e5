// `fix --write`: verified patches into the working tree. A file with uncommitted changes is refused unless
// forced (the patch was proven on the committed text, and the user's edits must not be mixed into it silently),
// and so is a file that changed since it was read.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { applyEdits, editsInteract } from './apply.js';
import type { Gofmt } from './gofmt.js';
import type { FixOutcome } from './types.js';

export interface WriteResult {
  written: { file: string; patches: number[] }[];
  refused: { file: string; reason: string }[];
}

/** Whether git reports `file` as modified or untracked (false outside a git work tree). */
export function gitDirty(file: string): boolean {
  const r = spawnSync('git', ['status', '--porcelain', '--', file], { cwd: dirname(file), encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '';
}

export async function writePatches(
  outcomes: readonly FixOutcome[],
  opts: { force: boolean; gofmt: Gofmt; dirty?: (file: string) => boolean },
): Promise<WriteResult> {
  const dirty = opts.dirty ?? gitDirty;
  const byFile = new Map<string, FixOutcome[]>();
  for (const o of outcomes) {
    if (o.verdict !== 'verified') continue;
    byFile.set(o.candidate.file, [...(byFile.get(o.candidate.file) ?? []), o]);
  }
  const result: WriteResult = { written: [], refused: [] };
  for (const [file, os] of byFile) {
    const shown = os[0]!.candidate.displayFile;
    if (!opts.force && dirty(file)) {
      result.refused.push({ file: shown, reason: 'has uncommitted changes (commit or stash them, or use --force)' });
      continue;
    }
    const original = os[0]!.candidate.original;
    if (readFileSync(file, 'utf8') !== original) {
      result.refused.push({ file: shown, reason: 'changed since it was read' });
      continue;
    }
    // Patches proven separately are written together only when they do not touch the same lines.
    const chosen: FixOutcome[] = [];
    for (const o of os) {
      if (chosen.every((c) => !editsInteract(c.candidate.edits, o.candidate.edits, original))) chosen.push(o);
    }
    const text =
      chosen.length === 1
        ? chosen[0]!.candidate.patched
        : await opts.gofmt(
            applyEdits(
              original,
              chosen.flatMap((c) => c.candidate.edits),
            ),
            file,
          );
    writeFileSync(file, text);
    result.written.push({ file: shown, patches: chosen.map((c) => c.candidate.id) });
  }
  return result;
}
