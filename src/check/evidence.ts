// Where `check` gets its dynamic evidence: dumps (a file, `-`, an http(s) URL, or a directory of dumps analyzed
// as a series so growth counts), or the leaks of a `goroutine-guard test` run. Each source yields its suspects and
// which functions its goroutines were in (for "static only" notes).

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type AnalyzeOptions, analyzeDump, analyzeSeries } from '../analysis/index.js';
import type { DumpContext, Frame, Finding } from '../model/index.js';
import { isUrl, openInput, type InputOptions, seriesFromPaths } from '../io/index.js';
import { funcKey } from './funcs.js';

export interface DynamicEvidence {
  /** The dump file, URL, directory, or `go test <patterns>`. */
  source: string;
  suspects: Finding[];
  /** Goroutines in the evidence (the latest sample of a series). */
  goroutines: number;
  /** Goroutines per function (`funcKey`) in any frame: every stack of a dump, the leaked ones of a test run. */
  seenFunctions: Map<string, number>;
  warnings: string[];
  /** Informational lines (which capture a directory holds), printed as `note:`, not as warnings. */
  notes?: string[];
  /** The dump was taken from a stuck process (test timeout, deadlock, SIGQUIT): what says so, the hung tests. */
  context?: DumpContext;
}

/** Counts each stack's goroutines once per function it passes through. */
export function functionsOf(stacks: Iterable<{ frames: readonly Frame[]; count: number }>): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of stacks) {
    for (const k of new Set(s.frames.map((f) => funcKey(f.file, f.func)))) out.set(k, (out.get(k) ?? 0) + s.count);
  }
  return out;
}

export async function loadDump(spec: string, opts: AnalyzeOptions & InputOptions = {}): Promise<DynamicEvidence> {
  if (spec !== '-' && !isUrl(spec) && (await isDirectory(spec))) {
    const files = await seriesFromPaths([spec]);
    const s = await analyzeSeries(files.inputs, opts);
    const skipped = s.skipped.map((k) => `${k.source}: skipped: ${k.reason}`);
    return {
      source: spec,
      suspects: s.suspects,
      goroutines: s.latest.totals.goroutines,
      seenFunctions: functionsOf(s.latest.buckets),
      warnings: [...s.warnings, ...skipped],
      notes: files.notes,
      ...(s.latest.info.context ? { context: s.latest.info.context } : {}),
    };
  }
  const input = await openInput(spec, opts);
  const a = await analyzeDump(input.chunks, { ...opts, source: input.source });
  return {
    source: spec === '-' ? '<stdin>' : spec,
    suspects: a.suspects,
    goroutines: a.totals.goroutines,
    seenFunctions: functionsOf(a.buckets),
    warnings: a.info.warnings.map((w) => `${spec}: ${w}`),
    ...(a.info.context ? { context: a.info.context } : {}),
  };
}

/**
 * Evidence from the leaks a `goroutine-guard test` run reported. Its findings show paths relative to the directory
 * go test ran in; they are made absolute again so they map like dump paths.
 */
export function testEvidence(
  source: string,
  cwd: string,
  leaks: readonly Finding[],
  warnings: string[] = [],
): DynamicEvidence {
  const abs = <T extends { file: string }>(l: T | undefined): T | undefined =>
    l && !path.isAbsolute(l.file) && !l.file.startsWith('<') ? { ...l, file: path.resolve(cwd, l.file) } : l;
  const suspects = leaks.map((f) => {
    const g: Finding = { ...f };
    const location = abs(f.location);
    const createdAt = abs(f.createdAt);
    if (location) g.location = location;
    if (createdAt) g.createdAt = createdAt;
    return g;
  });
  return {
    source,
    suspects,
    goroutines: suspects.reduce((n, f) => n + (f.count ?? 0), 0),
    seenFunctions: functionsOf(suspects.map((f) => ({ frames: f.stack ?? [], count: f.count ?? 0 }))),
    warnings,
  };
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}
