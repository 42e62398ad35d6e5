// Reads and checks one package job's files (size, UTF-8) and runs the engine on them. Shared by the worker
// threads and the in-thread fallback, so both behave the same.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PatternId } from '../model/index.js';
import { analyzePackage, type PackageResult, type SourceInput } from './engine.js';
import type { GoVersion } from './go/gomod.js';
import type { GoParser } from './go/parser.js';
import { selectRules } from './select-rules.js';
import { displayPath } from './display.js';

export interface JobRequest {
  id: number;
  files: string[];
  goVersion: GoVersion;
  importPath: string | null;
  cwd: string;
  rules: PatternId[] | null;
  disable: PatternId[];
  includeGenerated: boolean;
  maxFileBytes: number;
}

export interface JobResponse extends PackageResult {
  id: number;
}

export async function runJob(req: JobRequest, parser: GoParser): Promise<JobResponse> {
  const warnings: string[] = [];
  const inputs: SourceInput[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const abs of req.files) {
    const display = displayPath(req.cwd, abs);
    try {
      const st = await stat(abs);
      if (st.size > req.maxFileBytes) {
        warnings.push(`${display}: ${st.size} bytes, over the ${req.maxFileBytes}-byte limit; file skipped`);
        continue;
      }
      const bytes = await readFile(abs);
      let source: string;
      try {
        source = decoder.decode(bytes);
      } catch {
        warnings.push(`${display}: not valid UTF-8; file skipped`);
        continue;
      }
      const depth = nestingDepth(source);
      if (depth > MAX_NESTING) {
        warnings.push(`${display}: nested ${depth} levels deep (limit ${MAX_NESTING}); file skipped`);
        continue;
      }
      inputs.push({ path: display, source: source.replace(/^\uFEFF/, '') });
    } catch (e) {
      warnings.push(`${display}: ${(e as Error).message}; file skipped`);
    }
  }
  let result: ReturnType<typeof analyzePackage>;
  try {
    result = analyzePackage(
      inputs,
      {
        rules: selectRules(req.rules, req.disable),
        goVersion: req.goVersion,
        importPath: req.importPath,
        includeGenerated: req.includeGenerated,
      },
      parser,
    );
  } catch (e) {
    // The depth guard should make this unreachable; if some shape still overflows, lose one package, not the run.
    if (!(e instanceof RangeError)) throw e;
    const where = req.files.length ? path.dirname(displayPath(req.cwd, req.files[0]!)) : req.importPath;
    warnings.push(`${where}: ${e.message} while analyzing the package; package skipped`);
    result = { findings: [], warnings: [], files: 0, lines: 0 };
  }
  return { id: req.id, ...result, warnings: [...warnings, ...result.warnings] };
}

/**
 * Files nested deeper than this are skipped with a warning: the rules walk syntax trees recursively, and hand-written
 * Go stays far below it (gofmt'd code rarely passes 15).
 */
export const MAX_NESTING = 200;

/** Deepest ( [ { nesting of Go source, ignoring comments, strings and runes. One pass. */
export function nestingDepth(src: string): number {
  let depth = 0;
  let max = 0;
  const n = src.length;
  for (let i = 0; i < n; i++) {
    const c = src.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if (c === 41 || c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 47 && src.charCodeAt(i + 1) === 47) {
      const e = src.indexOf('\n', i);
      i = e === -1 ? n : e;
    } else if (c === 47 && src.charCodeAt(i + 1) === 42) {
      const e = src.indexOf('*/', i + 2);
      i = e === -1 ? n : e + 1;
    } else if (c === 96) {
      const e = src.indexOf('`', i + 1);
      i = e === -1 ? n : e;
    } else if (c === 34 || c === 39) {
      for (i++; i < n; i++) {
        const d = src.charCodeAt(i);
        if (d === 92) i++;
        else if (d === c || d === 10) break;
      }
    }
  }
  return max;
}
