// Option parsers shared by commands: each turns a flag value into a typed value or a usage GuardError.

import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import { DURATION_EXAMPLES, parseDuration, parseSize, SIZE_EXAMPLES } from '../core/index.js';
import { EVIDENCE_ORDER, type Evidence, type Severity } from '../model/index.js';
import type { ScanChoices } from '../static/index.js';

/** The `--pretty` flag of every command with `-f json`: JSON is one line unless it is given. */
export const PRETTY_HELP = 'indent the JSON report (default: one line)';

export function intOption(name: string, min = 0) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
    return n;
  };
}

/** `30s`, `5m`, `1h`, `250ms`, `7d` or plain milliseconds → milliseconds. */
export function durationOption(v: string): number {
  const ms = parseDuration(v);
  if (ms === undefined) throw new InvalidArgumentError(`"${v}" is not a duration (${DURATION_EXAMPLES})`);
  return ms;
}

/** `512MiB`, `100MB`, `2g`, `4096` → bytes. */
export function sizeOption(v: string): number {
  const n = parseSize(v);
  if (n === undefined) throw new InvalidArgumentError(`"${v}" is not a size (${SIZE_EXAMPLES})`);
  return n;
}

export function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

export type FailOn = Evidence | 'none';

export function failOnOption(v: string): FailOn {
  if (v === 'none' || (EVIDENCE_ORDER as readonly string[]).includes(v)) return v as FailOn;
  throw new InvalidArgumentError(`--fail-on must be one of ${[...EVIDENCE_ORDER, 'none'].join(', ')}`);
}

export function choice<T extends string>(name: string, values: readonly T[]) {
  return (v: string): T => {
    if ((values as readonly string[]).includes(v)) return v as T;
    throw new InvalidArgumentError(`${name} must be one of ${values.join(', ')}`);
  };
}

/** `Key: value` header flags (`-H 'Authorization: Bearer …'`). */
export function headerOption(v: string, prev: Record<string, string> = {}): Record<string, string> {
  const i = v.indexOf(':');
  if (i <= 0) throw new InvalidArgumentError(`header "${v}" must look like "Name: value"`);
  return { ...prev, [v.slice(0, i).trim()]: v.slice(i + 1).trim() };
}

/** The scan-policy choices on the command line (shared with `check`). */
export function scanChoices(flags: {
  rules?: string;
  disable?: string;
  includeTests?: boolean;
  includeGenerated?: boolean;
  go?: string;
  baseline?: string;
  failOn?: Severity | 'none';
}): ScanChoices {
  const list = (s: string | undefined) =>
    s
      ?.split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const choices: ScanChoices = {};
  const rules = list(flags.rules);
  if (rules) choices.rules = rules;
  const disable = list(flags.disable);
  if (disable) choices.disable = disable;
  if (flags.includeTests !== undefined) choices.includeTests = flags.includeTests;
  if (flags.includeGenerated !== undefined) choices.includeGenerated = flags.includeGenerated;
  if (flags.go) choices.goVersion = flags.go;
  if (flags.baseline) choices.baseline = flags.baseline;
  if (flags.failOn) choices.failOn = flags.failOn;
  return choices;
}

/** A config or baseline file's text, or null when it cannot be read (the loaders say what was expected). */
export async function readOrNull(p: string): Promise<string | null> {
  try {
    return await readFile(p, 'utf8');
  } catch {
    return null;
  }
}
