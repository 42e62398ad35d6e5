// What the traceback parser (traceback.ts) reports besides goroutines: complete count, warnings (capped), the
// truncation point of a cut dump, and the end-of-input checks that turn "no goroutine" into a clear error.

import { GuardError } from '../core/index.js';
import type { DumpContext, DumpInfo, GoroutineId, Truncation } from '../model/index.js';
import { describeTruncation, withContext } from './traceback-text.js';

const MAX_WARNINGS = 20;

/** Where the parser is when something is reported. */
export interface ParsePosition {
  line: number;
  headerLine: number;
  offset: number;
  /** The goroutine being read, if any. */
  goroutine: GoroutineId | undefined;
}

export class TracebackReport {
  complete = 0;
  truncated = false;
  private truncation: Truncation | undefined;
  private readonly warnings: string[] = [];
  private warningCount = 0;

  constructor(
    private readonly source: string,
    private readonly leakProfile: boolean,
  ) {}

  warn(line: number, msg: string, force = false): void {
    this.warningCount++;
    if (this.warnings.length < MAX_WARNINGS || force) this.warnings.push(`${this.source}:${line}: ${msg}`);
  }

  /** The dump was cut: only the first cut counts. */
  markTruncated(why: string, at: ParsePosition): void {
    if (this.truncated) return;
    this.truncated = true;
    this.truncation = { why, ...at };
    this.warnings.push(describeTruncation(this.source, this.truncation, this.complete));
    this.warningCount++;
  }

  /** The parse summary; throws when the input held no goroutine header, or headers but no goroutine. */
  finish(sawHeader: boolean, lines: number, headerLine: number, context: DumpContext | undefined): DumpInfo {
    if (!sawHeader) {
      throw new GuardError(
        'unknown-format',
        this.source,
        'no goroutine found',
        { line: lines },
        'a goroutine dump (`goroutine N [state]:` blocks) or a pprof goroutine profile',
      );
    }
    if (this.complete === 0 && !this.truncated) {
      // Headers but not one goroutine with a frame: an empty analysis would hide that the input is not a dump.
      throw new GuardError(
        'bad-syntax',
        this.source,
        `goroutine headers found but no goroutine could be parsed (${this.warnings[0] ?? 'no frames'})`,
        { line: headerLine },
        'frames as `pkg.F(args)` lines followed by `\tfile:line` lines',
      );
    }
    const warnings =
      this.warningCount > this.warnings.length
        ? [...this.warnings, `… and ${this.warningCount - this.warnings.length} more warnings`]
        : this.warnings;
    return {
      source: this.source,
      format: 'traceback',
      leakProfile: this.leakProfile,
      parsed: this.complete,
      truncated: this.truncated,
      complete: this.complete,
      warnings,
      lines,
      truncation: this.truncation,
      ...withContext(context),
    };
  }
}
