// Human-readable output of `scan`: one block per finding in `file:line:col: GG0nn severity message` form (what
// editors and terminals link), the code excerpt, where the goroutine started, the fix; then a one-line summary.

import pc from 'picocolors';
import type { Finding, Severity } from '../model/index.js';
import { finishReport, type SafetyOptions } from './util.js';

export interface TextStaticOptions extends SafetyOptions {
  color: boolean;
  /** Also print each finding's explanation (`--explain`). */
  explain?: boolean;
}

export interface StaticSummary {
  files: number;
  lines: number;
  packages: number;
  warnings: readonly string[];
  /** Findings hidden by the baseline. */
  baselined: number;
  ms: number;
}

export function renderStaticText(
  findings: readonly Finding[],
  summary: StaticSummary,
  opts: TextStaticOptions,
): string {
  const c = pc.createColors(opts.color);
  const sev: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, note: c.cyan };
  const out: string[] = [];
  for (const f of findings) {
    const l = f.location;
    const where = l ? `${l.file}:${l.line}:${l.column ?? 1}` : '(no location)';
    out.push(`${c.bold(where)}: ${c.bold(f.ruleId)} ${sev[f.severity](f.severity)} ${f.message}`);
    if (f.excerpt) out.push(indent(f.excerpt, '    '));
    if (f.createdAt) out.push(c.dim(`    goroutine started at ${f.createdAt.file}:${f.createdAt.line}`));
    if (opts.explain && f.explanation) out.push(indent(wrap(f.explanation, 100), '    '));
    if (f.fix) out.push(`    ${c.green('fix:')} ${f.fix}`);
    out.push('');
  }
  for (const w of summary.warnings) out.push(c.yellow(`warning: ${w}`));
  out.push(summaryLine(findings, summary, c));
  return finishReport(`${out.join('\n')}\n`, opts);
}

function summaryLine(findings: readonly Finding[], s: StaticSummary, c: ReturnType<typeof pc.createColors>): string {
  const count = (sv: Severity) => findings.filter((f) => f.severity === sv).length;
  const parts = [`${findings.length} finding${findings.length === 1 ? '' : 's'}`];
  if (findings.length > 0) parts.push(`(${count('error')} error, ${count('warning')} warning, ${count('note')} note)`);
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  let line = `${parts.join(' ')} in ${n(s.files, 'file')}, ${n(s.lines, 'line')}, ${n(s.packages, 'package')} (${(s.ms / 1000).toFixed(1)}s)`;
  if (s.baselined > 0) line += `; ${s.baselined} more in the baseline`;
  return findings.length === 0 ? c.green(line) : c.bold(line);
}

function indent(s: string, pad: string): string {
  return s
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

function wrap(s: string, width: number): string {
  const words = s.split(/\s+/);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && cur.length + w.length + 1 > width) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines.join('\n');
}
