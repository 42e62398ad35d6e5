// Reads and checks one package job's files (size, UTF-8) and runs the engine on them. Shared by the worker
// threads and the in-thread fallback, so both behave the same.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PatternId } from '../model/index.js';
import { analyzePackage, type PackageResult, type SourceInput } from './engine.js';
import type { GoVersion } from './go/gomod.js';
import type { GoParser } from './go/parser.js';
import { selectRules } from './select-rules.js';

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
      inputs.push({ path: display, source: source.replace(/^\uFEFF/, '') });
    } catch (e) {
      warnings.push(`${display}: ${(e as Error).message}; file skipped`);
    }
  }
  const result = analyzePackage(
    inputs,
    {
      rules: selectRules(req.rules, req.disable),
      goVersion: req.goVersion,
      importPath: req.importPath,
      includeGenerated: req.includeGenerated,
    },
    parser,
  );
  return { id: req.id, ...result, warnings: [...warnings, ...result.warnings] };
}

/** Relative to cwd when inside it, so findings read `pkg/file.go:12:3`. */
export function displayPath(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  return rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel.split(path.sep).join('/');
}
