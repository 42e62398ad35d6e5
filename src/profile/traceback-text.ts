// Text helpers of the traceback parser (traceback.ts): positions in a latin1 block (one char per byte), log
// prefixes, and the truncation message.

import type { DumpContext, Truncation } from '../model/index.js';
import { latin1ToUtf8 } from './lines.js';

export const IN_GOROUTINE = ' in goroutine ';

/**
 * The trailing whitespace-separated tokens of a log prefix that contain no digit (` stderr F `, ` app: `),
 * with the whitespace around them; '' when the last token has digits (timestamps, pids, file:line).
 */
export function prefixAnchor(prefix: string): string {
  // What `/\s((?:[^\s\d]+\s+)+)$/` matches, scanned backwards in one pass (the regex retries from every space:
  // quadratic on a long prefix). Each group is a digit-free token and the spaces after it; a group counts when a
  // space precedes its token.
  let i = prefix.length;
  let start = -1;
  for (;;) {
    let j = i;
    while (j > 0 && isSpaceAt(prefix, j - 1)) j--;
    if (j === i) break;
    let k = j;
    while (k > 0 && !isSpaceAt(prefix, k - 1) && !isDigitAt(prefix, k - 1)) k--;
    if (k === j || k === 0 || !isSpaceAt(prefix, k - 1)) break;
    start = k - 1;
    i = k;
  }
  return start === -1 ? '' : prefix.slice(start);
}

function isSpaceAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || (c > 0xff && /\s/.test(s[i]!));
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** The warning for a truncated dump (also rebuilt when parts of one dump are merged). */
export function describeTruncation(source: string, t: Truncation, complete: number): string {
  return (
    `${source}:${t.line}: truncated dump: ${t.why} (goroutine ${t.goroutine ?? '?'} from line ${t.headerLine}, ` +
    `byte ${t.offset}); ${complete} complete goroutines parsed`
  );
}

/** Start of ` in goroutine N` at the end of a `created by` line, or -1 (Go < 1.21 prints no creator id). */
export function inGoroutineAt(t: string, s: number, e: number): number {
  let i = e;
  while (i > s && t.charCodeAt(i - 1) >= 48 && t.charCodeAt(i - 1) <= 57) i--;
  if (i === e) return -1;
  const at = i - IN_GOROUTINE.length;
  return at > s && t.startsWith(IN_GOROUTINE, at) ? at : -1;
}

/** Position of the `(` opening the argument list of `pkg.F(args)` ending at `e`, or -1. */
export function argsOpen(t: string, s: number, e: number): number {
  if (t.charCodeAt(e - 1) !== 41 /* ) */) return -1;
  let depth = 0;
  for (let i = e - 1; i >= s; i--) {
    const c = t.charCodeAt(i);
    if (c === 41) depth++;
    else if (c === 40 && --depth === 0) {
      // A space in the name means this is prose, not a function line.
      const sp = t.indexOf(' ', s);
      return sp !== -1 && sp < i ? -1 : i;
    }
  }
  return -1;
}

/** End of the stable part of `\tfile:line +0xoff`: drops ` fp=… sp=… pc=…` (GOTRACEBACK=system). */
export function fileLineEnd(t: string, s: number, e: number): number {
  // Look at the last token only: a normal line ends in `+0x…`, a system one in `pc=0x…`.
  let i = e - 1;
  while (i > s && t.charCodeAt(i) !== 32) i--;
  if (i > s && t.startsWith(' pc=', i)) {
    const fp = t.lastIndexOf(' fp=', i);
    return fp > s ? fp : i;
  }
  return e;
}

/**
 * Argument text of the current goroutine's frames, kept as positions in their blocks: only a new stack decodes
 * them. With `exact`, also a hash of all of them (the goroutine's `argsKey`).
 */
export class GoroutineArgs {
  private readonly text: string[] = [];
  private readonly pos: number[] = [];
  private n = 0;
  hash = 0;

  constructor(private readonly exact: boolean) {}

  /** A new goroutine; drops references to earlier blocks so they can be collected. */
  reset(): void {
    for (let i = 0; i < this.n; i++) this.text[i] = '';
    this.n = 0;
    this.hash = 0x811c9dc5;
  }

  push(t: string, s: number, e: number): void {
    const i = this.n++;
    this.text[i] = t;
    this.pos[2 * i] = s;
    this.pos[2 * i + 1] = e;
    if (this.exact) this.hash = hashChars(this.hash, t, s, e);
  }

  /** The n-th argument list (UTF-8), for the frames of a new stack. */
  readonly of = (n: number): string | undefined =>
    n < this.n ? latin1ToUtf8(this.text[n]!.slice(this.pos[2 * n], this.pos[2 * n + 1])) : undefined;
}

function hashChars(h: number, t: string, s: number, e: number): number {
  for (let i = s; i < e; i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ 0xff, 0x01000193);
}

export function clip(t: string, s: number, e: number): string {
  const line = latin1ToUtf8(t.slice(s, Math.min(e, s + 200)));
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}

export function withContext(context: DumpContext | undefined): { context?: DumpContext } {
  return context ? { context } : {};
}
