// Scan policy, one place for `scan` and `check` (the CLI commands and the library): the config file's `scan`
// section merged with the caller's choices, the shared `ignore` section and the baseline applied to findings, and
// the --fail-on decision. Paths in the config file are relative to the config file's directory.

import path from 'node:path';
import { GuardError, type GuardConfig } from '../core/index.js';
import type { Finding, Severity } from '../model/index.js';
import { applyBaseline, parseBaseline, type Baseline } from './baseline.js';
import { ignoreFilter } from './ignore.js';
import { severityAtLeast, type ScanOptions } from './options.js';

/** What a caller chose (command-line flags); unset fields fall back to the config file. */
export interface ScanChoices {
  rules?: readonly string[];
  disable?: readonly string[];
  includeTests?: boolean;
  includeGenerated?: boolean;
  goVersion?: string;
  /** Baseline file, relative to `cwd`. */
  baseline?: string;
  failOn?: Severity | 'none';
}

export type FailOnSeverity = Severity | 'none';

/** The scan options for `config` and `choices`: flags win; disable lists add up; ignore globs become cwd-relative. */
export function scanOptionsFor(config: GuardConfig, choices: ScanChoices, cwd: string): ScanOptions {
  const configDir = config.file ? path.dirname(config.file) : cwd;
  return {
    cwd,
    rules: choices.rules ?? config.scan.rules,
    disable: [...(config.scan.disable ?? []), ...(choices.disable ?? [])],
    ignore: (config.scan.ignore ?? []).map((g) => path.relative(cwd, path.resolve(configDir, g)) || '.'),
    includeTests: choices.includeTests ?? config.scan.includeTests ?? false,
    includeGenerated: choices.includeGenerated ?? config.scan.includeGenerated ?? false,
    ...(choices.goVersion ? { goVersion: choices.goVersion } : {}),
  };
}

/** The baseline file in effect: the flag (relative to `cwd`), else the config's (relative to the config file). */
export function baselineFileFor(config: GuardConfig, choices: ScanChoices, cwd: string): string | undefined {
  if (choices.baseline) return path.resolve(cwd, choices.baseline);
  if (!config.scan.baseline) return undefined;
  return path.resolve(config.file ? path.dirname(config.file) : cwd, config.scan.baseline);
}

/** Reads and checks a baseline file; a missing file is an error naming it. */
export async function loadBaseline(
  file: string,
  readFile: (p: string) => Promise<string | null>,
  shownAs = file,
): Promise<Baseline> {
  const text = await readFile(file);
  if (text === null) throw new GuardError('io', shownAs, 'baseline file not found');
  return parseBaseline(text, shownAs);
}

/** Findings left after the config's `ignore` section and the baseline, and how many the baseline hid. */
export function suppress(
  findings: readonly Finding[],
  config: GuardConfig,
  baseline?: Baseline,
): { findings: Finding[]; baselined: number } {
  const ignored = ignoreFilter(config.ignore);
  const kept = findings.filter((f) => !ignored(f));
  if (!baseline) return { findings: kept, baselined: 0 };
  const applied = applyBaseline(kept, baseline);
  return { findings: applied.fresh, baselined: applied.hidden };
}

/** --fail-on for static findings: the flag, else the config's, else `warning`. */
export function failOnFor(config: GuardConfig, choices: ScanChoices): FailOnSeverity {
  return choices.failOn ?? config.scan.failOn ?? 'warning';
}

/** True when a finding is at least as severe as `failOn`. */
export function failsAt(findings: readonly Finding[], failOn: FailOnSeverity): boolean {
  return failOn !== 'none' && findings.some((f) => severityAtLeast(f.severity, failOn));
}

/** The usage error for a scan that found no Go files: a typo in CI (`./srv/...` for ./svc) must not pass as "0 findings". */
export function noGoFilesError(paths: readonly string[]): GuardError {
  return new GuardError(
    'usage',
    paths.length ? paths.join(' ') : '.',
    'no Go files to scan',
    {},
    'a directory or pattern with .go files (vendor/, testdata/, generated files and, without --include-tests, _test.go files are skipped)',
  );
}
