// Option parsers shared by commands: each turns a flag value into a typed value or a usage GuardError.

import { InvalidArgumentError } from 'commander';
import { EVIDENCE_ORDER, type Evidence } from '../model/index.js';

export function intOption(name: string, min = 0) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
    return n;
  };
}

/** `30s`, `5m`, `1h`, `250ms`, `7d` or plain milliseconds → milliseconds. */
export function parseDuration(v: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(v.trim());
  if (!m) throw new InvalidArgumentError(`"${v}" is not a duration (e.g. 500ms, 30s, 5m, 1h, 7d)`);
  const mult = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 'ms') as 'ms'];
  return Math.round(Number(m[1]) * mult);
}

export function durationOption(v: string): number {
  return parseDuration(v);
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
