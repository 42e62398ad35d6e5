// Positions, excerpts and suppression comments of one Go source file: everything that needs the raw text rather
// than the syntax tree.

import type { PatternId } from '../../model/index.js';

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export class SourceText {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  get lineCount(): number {
    const n = this.lineStarts.length;
    return this.text.endsWith('\n') ? n - 1 : n;
  }

  position(offset: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }

  /** Text of 1-based `line`, without its newline. */
  line(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return '';
    const next = this.lineStarts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, '');
  }

  /** Lines around `line` with a gutter, the reported line marked with `>`. */
  excerpt(line: number, before = 1, after = 1): string {
    const first = Math.max(1, line - before);
    const last = Math.min(this.lineCount, line + after);
    const width = String(last).length;
    const out: string[] = [];
    for (let l = first; l <= last; l++) {
      out.push(`${l === line ? '>' : ' '} ${String(l).padStart(width)} | ${this.line(l).replace(/\t/g, '    ')}`);
    }
    return out.join('\n');
  }
}

/** `//goroutine-guard:ignore GG001[,GG002] reason`; no id means every rule. */
export interface Suppression {
  line: number;
  /** Empty = all rules. */
  rules: PatternId[];
}

const SUPPRESS_RE = /\/\/\s*goroutine-guard:ignore\b([^\n]*)/g;

export function findSuppressions(src: string, pos: (offset: number) => Position): Suppression[] {
  if (!src.includes('goroutine-guard:ignore')) return [];
  const out: Suppression[] = [];
  for (const m of src.matchAll(SUPPRESS_RE)) {
    const ids = (m[1] ?? '').match(/\bGG\d{3}\b/g) ?? [];
    out.push({ line: pos(m.index ?? 0).line, rules: ids as PatternId[] });
  }
  return out;
}

/** The header gofmt and `go generate` tools write: https://go.dev/s/generatedcode. */
const GENERATED_RE = /^\/\/ Code generated .* DO NOT EDIT\.$/m;

/** True when the file carries the standard generated-code header before its package clause. */
export function isGenerated(src: string): boolean {
  const pkg = src.search(/^package\s/m);
  const head = pkg === -1 ? src.slice(0, 4096) : src.slice(0, pkg);
  return GENERATED_RE.test(head);
}
