// Baselines let an existing code base adopt `scan`: `--write-baseline` records today's findings by fingerprint
// (rule, file, function and statement text — not line numbers, so edits elsewhere do not invalidate it), and
// `--baseline` hides those and reports only new ones.

import { GuardError } from '../core/index.js';
import type { Finding } from '../model/index.js';

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  func?: string;
  message: string;
}

export interface Baseline {
  version: 1;
  entries: BaselineEntry[];
}

export function makeBaseline(findings: readonly Finding[]): Baseline {
  return {
    version: 1,
    entries: findings
      .filter((f) => f.fingerprint)
      .map((f) => {
        const e: BaselineEntry = {
          fingerprint: f.fingerprint!,
          ruleId: f.ruleId,
          file: f.location?.file ?? '',
          message: f.message,
        };
        if (f.location?.func) e.func = f.location.func;
        return e;
      }),
  };
}

export function parseBaseline(text: string, source: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new GuardError('bad-syntax', source, `baseline is not JSON: ${(e as Error).message}`);
  }
  const b = raw as Partial<Baseline>;
  if (b?.version !== 1 || !Array.isArray(b.entries) || !b.entries.every((e) => typeof e?.fingerprint === 'string')) {
    throw new GuardError(
      'bad-syntax',
      source,
      'not a goroutine-guard baseline',
      {},
      '{"version":1,"entries":[{"fingerprint":…}]}',
    );
  }
  return b as Baseline;
}

/** Findings not in the baseline; each baseline entry hides one finding with its fingerprint. */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): { fresh: Finding[]; hidden: number } {
  const budget = new Map<string, number>();
  for (const e of baseline.entries) budget.set(e.fingerprint, (budget.get(e.fingerprint) ?? 0) + 1);
  const fresh: Finding[] = [];
  let hidden = 0;
  for (const f of findings) {
    const left = f.fingerprint ? (budget.get(f.fingerprint) ?? 0) : 0;
    if (left > 0) {
      budget.set(f.fingerprint!, left - 1);
      hidden++;
    } else fresh.push(f);
  }
  return { fresh, hidden };
}
