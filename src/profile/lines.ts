// Splits a byte stream into UTF-8 text blocks that end on a line boundary. Lines may span chunks and may be
// long (> 64 KiB, up to a cap); chunks are never concatenated more than once, so a long line costs O(n).

import { GuardError } from '../core/index.js';

const BLOCK = 64 * 1024;

/** Longest line a text dump may have (bytes). Real lines are < 64 KiB; a longer one is hostile or not a dump. */
export const MAX_LINE_BYTES = 1 << 20;

export class LineBlocks {
  private carry: Buffer[] = [];
  private carryLen = 0;
  /** Bytes pushed so far (the pending line starts at `pushed - carryLen`). */
  private pushed = 0;

  constructor(
    private readonly source = '<input>',
    private readonly maxLine = MAX_LINE_BYTES,
  ) {}

  private tooLong(offset: number): GuardError {
    return new GuardError(
      'bad-syntax',
      this.source,
      `line longer than ${this.maxLine} bytes`,
      { offset },
      'a goroutine dump (text lines)',
    );
  }

  /**
   * Feeds bytes; calls `onBlock` with blocks of complete lines (each ending in `\n`), at most ~64 KiB each unless
   * one line is longer. Small blocks decode to small strings: V8 keeps strings over ~1 MB in a slower space, and
   * cannot make one over 512 MiB at all (a whole-file Buffer input would otherwise fail).
   */
  push(chunk: Uint8Array, onBlock: (block: Buffer) => void): void {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const nl = b.lastIndexOf(10);
    const base = this.pushed; // offset of b[0] in the input
    this.pushed += b.length;
    if (nl === -1) {
      if (this.carryLen + b.length > this.maxLine) throw this.tooLong(base - this.carryLen);
      this.carry.push(b);
      this.carryLen += b.length;
      return;
    }
    let start = 0;
    if (this.carryLen > 0) {
      // The carried partial line plus the rest of its line in this chunk.
      const first = b.indexOf(10);
      if (this.carryLen + first > this.maxLine) throw this.tooLong(base - this.carryLen);
      this.carry.push(b.subarray(0, first + 1));
      onBlock(Buffer.concat(this.carry, this.carryLen + first + 1));
      start = first + 1;
    }
    while (start <= nl) {
      let end = Math.min(nl + 1, start + BLOCK);
      if (end <= nl) end = b.lastIndexOf(10, end - 1) + 1 || b.indexOf(10, end) + 1;
      if (end <= start) end = b.indexOf(10, start) + 1;
      if (end - start > BLOCK && end - start > this.maxLine + 1) throw this.tooLong(base + start); // one long line
      onBlock(b.subarray(start, end));
      start = end;
    }
    const tail = b.subarray(nl + 1);
    if (tail.length > this.maxLine) throw this.tooLong(base + nl + 1);
    // Copy the tail: keeping a view would pin the whole chunk until the next newline arrives.
    this.carry = tail.length ? [Buffer.from(tail)] : [];
    this.carryLen = tail.length;
  }

  /** The bytes after the last newline (a final line without `\n`), or undefined. */
  end(): Buffer | undefined {
    if (this.carryLen === 0) return undefined;
    const last = Buffer.concat(this.carry, this.carryLen);
    this.carry = [];
    this.carryLen = 0;
    return last;
  }
}

/** Calls `onLine(text, start, end)` for each line of `block` (`end` excludes `\n` and a trailing `\r`). */
export function forEachLine(block: string, onLine: (text: string, start: number, end: number) => void): number {
  let pos = 0;
  let count = 0;
  const n = block.length;
  while (pos < n) {
    let end = block.indexOf('\n', pos);
    if (end === -1) end = n;
    let lineEnd = end;
    if (lineEnd > pos && block.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    count++;
    onLine(block, pos, lineEnd);
    pos = end + 1;
  }
  return count;
}

/**
 * Text decoded one char per byte (latin1) back to UTF-8, always as an owned string: parsers scan latin1 so char
 * offsets are byte offsets, and a V8 slice kept in the model would pin its whole input block.
 */
export function latin1ToUtf8(latin1: string): string {
  for (let i = 0; i < latin1.length; i++) {
    if (latin1.charCodeAt(i) > 0x7f) return Buffer.from(latin1, 'latin1').toString('utf8');
  }
  return ownCopy(latin1);
}

/** A copy that shares no memory with a larger string (V8 slices of 13+ chars keep their parent alive). */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'latin1').toString('latin1');
}
