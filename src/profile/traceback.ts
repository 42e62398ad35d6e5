// Streaming parser for traceback text: pprof debug=2, panics, SIGQUIT, runtime.Stack, `go test -timeout` panics,
// dumps embedded in log lines.
//
// Speed and memory come from a trie of stack lines (stack-trie.ts): a goroutine's body walks it one line at a time,
// and only a stack seen for the first time becomes `Frame` objects. Per-goroutine values (argument values, the
// creator's goroutine id, `fp=`/`sp=` with GOTRACEBACK=system) are cut from a line before it enters the trie.
//
// Line states (after stripping the log prefix found on the header line, if any):
//   outside   preamble, panic message, log noise           a header → frames
//   frames    `pkg.F(args)` + `\tfile:line +0xoff` pairs   `created by …` → creator; `[originating…` → ancestor;
//                                                          blank → outside; a header → frames (next goroutine)
//   creator   the creator's `\tfile:line`                  then as frames
//   ancestor  frames of an ancestor (tracebackancestors)   parsed on the slow path, they are rare

import { GuardError } from '../core/index.js';
import { DumpContextScanner } from './context.js';
import { HeaderParser, type HeaderBody } from './header.js';
import { latin1ToUtf8, LineBlocks } from './lines.js';
import { parseGoroutineId, type Ancestor, type DumpInfo, type Frame, type Goroutine } from '../model/index.js';
import type { GoroutineId } from '../model/index.js';
import { AncestorLines, ORIGINATING } from './ancestors.js';
import { StackTrie, type TrieNode } from './stack-trie.js';
import { TracebackReport } from './traceback-report.js';
import { argsOpen, clip, fileLineEnd, GoroutineArgs, IN_GOROUTINE, inGoroutineAt } from './traceback-text.js';
import { prefixAnchor } from './traceback-text.js';

export interface TracebackOptions {
  source: string;
  /** Called once per complete goroutine. The goroutine's `frames` array is shared and frozen. */
  onGoroutine: (g: Goroutine) => void;
  /** Every goroutine is proven leaked (the input is a `goroutineleak` profile). Default: only `(leaked)` ones. */
  leakProfile?: boolean;
  /** Compute each goroutine's `argsKey` (hash of its argument values), for exact bucketing. */
  exactArgs?: boolean;
}

/** Lines `go test` prints after a panic's goroutines. */
const GO_TEST_TRAILER = /^(?:FAIL(?:\t|$)|ok {2}\t|exit status \d)/;
/** Shared by every goroutine without `[originating from goroutine N]` sections (the common case). */
const NO_ANCESTORS: Ancestor[] = Object.freeze([]) as unknown as Ancestor[];
type Mode = 'outside' | 'frames' | 'creator' | 'ancestor';

export class TracebackParser {
  private readonly opts: TracebackOptions;
  private readonly headers = new HeaderParser();
  private readonly trie: StackTrie;

  // Current goroutine.
  private mode: Mode = 'outside';
  private header: HeaderBody | undefined;
  private headerId: GoroutineId = 0;
  private headerLine = 0;
  private node: TrieNode;
  private expectFile = false;
  private framePairs = 0;
  private creatorId: GoroutineId | undefined;
  private ancestors: Ancestor[] = [];
  private readonly ancestorLines = new AncestorLines();
  private unavailable = false;
  private prefixLen = 0;
  /** Digit-free tail of the log prefix (` stderr F `): found on each line when timestamps vary in length. */
  private prefixAnchor = '';
  private readonly args: GoroutineArgs;

  // Input bookkeeping.
  private readonly blocks: LineBlocks;
  private lineNo = 0;
  private byteBase = 0;
  private nextHeaderAt = -1;
  private buf: Buffer = Buffer.alloc(0); // the block `t` was decoded from
  private text = ''; // the current block as latin1
  private readonly report: TracebackReport;
  private sawHeader = false;
  private readonly context = new DumpContextScanner();

  constructor(opts: TracebackOptions) {
    this.opts = opts;
    this.blocks = new LineBlocks(opts.source);
    this.trie = new StackTrie(opts.source);
    this.report = new TracebackReport(opts.source, opts.leakProfile === true);
    this.args = new GoroutineArgs(opts.exactArgs === true);
    this.node = this.trie.root;
  }

  /** Distinct stacks seen so far. */
  get distinctStacks(): number {
    return this.trie.stacks;
  }

  /** Feeds bytes; lines may span chunks. Each block handed to the line loop ends on a newline. */
  push(chunk: Uint8Array): void {
    this.blocks.push(chunk, this.onBlock);
  }

  private readonly onBlock = (b: Buffer): void => this.block(b);

  /** Signals the end of input and returns what the parse found. Throws when no goroutine was found at all. */
  end(): DumpInfo {
    let cutLine = false;
    const last = this.blocks.end();
    if (last) {
      // The input does not end with a newline. Inside a goroutine, only a complete `\tfile:line +0x…` line may be
      // the last one (a file saved without a final newline); anything else was cut.
      const text = last.toString('latin1');
      const body = text.slice(this.prefixLen);
      if (this.mode === 'outside' && body.startsWith('goroutine ') && !body.trimEnd().endsWith(']:')) {
        // A header cut before its `]:`: the goroutine it starts is lost.
        this.lineNo++;
        this.markTruncated('the input ends inside a goroutine header');
      } else if (
        this.mode === 'outside' ||
        (this.expectFile && /^\t.+:\d+( \+0x[0-9a-f]+)?$/.test(text.slice(this.prefixLen)))
      ) {
        this.block(Buffer.concat([last, Buffer.from('\n')]));
      } else {
        cutLine = true;
        this.lineNo++;
      }
    }
    if (this.mode !== 'outside') {
      const why = cutLine
        ? 'the input ends in the middle of a line'
        : this.expectFile
          ? 'the input ends after a function line; expected its `\\tfile:line` line'
          : this.framePairs === 0 && !this.unavailable
            ? 'the input ends right after a goroutine header; expected its frames'
            : undefined;
      if (why) {
        // An incomplete goroutine is dropped rather than bucketed under a wrong stack.
        this.markTruncated(why);
        this.header = undefined;
        this.mode = 'outside';
      } else this.finishGoroutine();
    }
    return this.report.finish(this.sawHeader, this.lineNo, this.headerLine, this.context.result());
  }

  /**
   * Lines are scanned in a latin1 string of the block: one char per byte (offsets are byte offsets), and V8's
   * string builtins (indexOf, startsWith) run without leaving JavaScript. Text is converted to UTF-8 only when it
   * becomes part of the model (new stacks, headers).
   */
  private block(b: Buffer): void {
    const t = b.toString('latin1');
    this.buf = b;
    this.text = t;
    this.nextHeaderAt = -1;
    let pos = 0;
    const n = t.length;
    while (pos < n) {
      const nl = t.indexOf('\n', pos);
      const end = nl === -1 ? n : nl;
      const e = end > pos && t.charCodeAt(end - 1) === 13 ? end - 1 : end;
      this.lineNo++;
      // Fast path for the bulk of a dump: frame lines of an unprefixed goroutine.
      if (this.mode === 'frames' && this.prefixLen === 0 && e > pos) {
        const c = t.charCodeAt(pos);
        if (c === 9 /* \t */) {
          if (this.expectFile) {
            this.step(pos, fileLineEnd(t, pos, e));
            this.expectFile = false;
            this.framePairs++;
            pos = end + 1;
            continue;
          }
        } else if (!this.expectFile && c !== 103 /* g */ && c !== 99 /* c */ && c !== 46 /* . */ && c !== 91 /* [ */) {
          const open = argsOpen(t, pos, e);
          if (open > pos) {
            this.args.push(t, open + 1, e - 1);
            this.step(pos, open);
            this.expectFile = true;
            pos = end + 1;
            continue;
          }
        }
      }
      this.line(t, pos, e);
      pos = end + 1;
    }
    this.byteBase += n;
  }

  private line(t: string, s: number, e: number): void {
    if (this.mode === 'outside') {
      this.outsideLine(t, s, e);
      return;
    }
    if (this.prefixLen > 0) s = this.stripPrefix(t, s, e);
    if (s === e) {
      this.finishGoroutine();
      return;
    }
    const c = t.charCodeAt(s);
    if (this.mode === 'ancestor') {
      this.ancestorLines.line(this.ancestors, latin1ToUtf8(t.slice(s, e)));
      return;
    }
    if (c === 9 /* \t */) {
      this.fileLine(t, s, e);
      return;
    }
    if (c === 103 /* g */ && t.startsWith('goroutine ', s)) {
      if (t.startsWith('goroutine running on other thread', s)) {
        this.unavailable = true;
        return;
      }
      const h = this.headers.parseAt(t, s, e, true);
      if (h) {
        if (this.expectFile || (this.framePairs === 0 && !this.unavailable)) {
          this.warn(`goroutine ${this.headerId} has no complete frames before the next header`);
          this.header = undefined;
        }
        this.finishGoroutine();
        this.startGoroutine(h, this.prefixLen, this.prefixAnchor);
        return;
      }
    }
    if (this.expectFile) {
      this.warn(`expected \`\\tfile:line\` after a function line, got: ${clip(t, s, e)}`);
      this.expectFile = false;
    }
    if (c === 99 /* c */ && t.startsWith('created by ', s)) {
      const inG = inGoroutineAt(t, s, e);
      if (inG !== -1) this.creatorId = parseGoroutineId(t.slice(inG + IN_GOROUTINE.length, e));
      this.step(s, inG === -1 ? e : inG);
      this.mode = 'creator';
      return;
    }
    if (c === 46 /* . */ && t.startsWith('...', s)) {
      this.step(s, e);
      return;
    }
    if (c === 91 /* [ */ && t.startsWith(ORIGINATING, s)) {
      if (this.ancestors === NO_ANCESTORS) this.ancestors = [];
      this.ancestors.push({
        id: parseGoroutineId(t.slice(s + ORIGINATING.length, e).replace(/\]:$/, '')) ?? -1,
        frames: [],
      });
      this.mode = 'ancestor';
      this.ancestorLines.start();
      return;
    }
    if (this.mode === 'creator') {
      // `go test` ends a timeout panic with its summary (`FAIL\tpkg\t3.0s`): the dump is over, nothing is wrong.
      if (!GO_TEST_TRAILER.test(t.slice(s, Math.min(e, s + 16)))) {
        this.warn(`unexpected line after \`created by\`: ${clip(t, s, e)}`);
      }
      this.finishGoroutine();
      this.outsideLine(t, s, e);
      return;
    }
    // A function line `pkg.F(args)`: the arguments are cut off before the trie.
    const open = argsOpen(t, s, e);
    if (open <= s) {
      this.warn(`expected a function line \`pkg.F(args)\` in goroutine ${this.headerId}, got: ${clip(t, s, e)}`);
      this.finishGoroutine();
      this.outsideLine(t, s, e);
      return;
    }
    this.args.push(t, open + 1, e - 1);
    this.step(s, open);
    this.expectFile = true;
  }

  private outsideLine(t: string, s: number, e: number): void {
    let at: number;
    if (t.startsWith('goroutine ', s)) at = s;
    else {
      this.context.line(t.slice(s, e));
      // A header after a log prefix. Remember where the next `goroutine ` is so noise lines are not rescanned.
      if (this.nextHeaderAt !== -2 && this.nextHeaderAt < s) {
        this.nextHeaderAt = t.indexOf('goroutine ', s);
        if (this.nextHeaderAt === -1) this.nextHeaderAt = -2;
      }
      if (this.nextHeaderAt < 0 || this.nextHeaderAt >= e) return;
      at = this.nextHeaderAt;
    }
    const h = this.headers.parseAt(t, at, e, true);
    if (h) this.startGoroutine(h, at - s, at > s ? prefixAnchor(t.slice(s, at)) : '');
  }

  /**
   * Start of a prefixed line's content. Log timestamps can change length from line to line (`…50.5Z` vs
   * `…50.500001Z`), so the prefix's digit-free tail is looked for first; the header's prefix length is the
   * fallback.
   */
  private stripPrefix(t: string, s: number, e: number): number {
    const a = this.prefixAnchor;
    if (a) {
      const at = t.slice(s, Math.min(e, s + this.prefixLen + 48)).indexOf(a);
      if (at !== -1) return s + at + a.length;
      // A blank log line whose trailing space was trimmed.
      const trimmed = a.trimEnd();
      if (t.slice(s, e).endsWith(trimmed)) return e;
    }
    return Math.min(s + this.prefixLen, e);
  }

  /** Starts a goroutine whose header `HeaderParser.parseAt` just accepted (its id is in `headers.id`). */
  private startGoroutine(h: HeaderBody, prefixLen: number, anchor: string): void {
    if (this.headers.idOutOfRange) {
      throw new GuardError(
        'bad-syntax',
        this.opts.source,
        'goroutine id beyond 2^64 − 1 (not a Go goroutine id)',
        { line: this.lineNo, offset: this.byteBase },
        'a goroutine id up to 18446744073709551615',
      );
    }
    this.sawHeader = true;
    this.header = h;
    this.headerId = this.headers.id;
    this.headerLine = this.lineNo;
    this.node = this.trie.root;
    this.expectFile = false;
    this.framePairs = 0;
    this.creatorId = undefined;
    this.ancestors = NO_ANCESTORS;
    this.ancestorLines.start();
    this.unavailable = false;
    this.prefixLen = prefixLen;
    this.prefixAnchor = anchor;
    this.args.reset();
    this.mode = 'frames';
  }

  private fileLine(t: string, s: number, e: number): void {
    if (this.mode === 'creator') {
      if (this.node.text.startsWith('created by ')) this.step(s, fileLineEnd(t, s, e));
      return;
    }
    if (!this.expectFile) {
      this.warn(`\`file:line\` without a function line: ${clip(t, s, e)}`);
      return;
    }
    this.step(s, fileLineEnd(t, s, e));
    this.expectFile = false;
    this.framePairs++;
  }

  /** Moves the trie cursor to the child holding the line [s, e) of the current block. */
  private step(s: number, e: number): void {
    this.node = this.trie.step(this.node, this.text, s, e, this.buf, this.lineNo, this.byteBase + s);
  }

  private finishGoroutine(): void {
    const h = this.header;
    this.mode = 'outside';
    this.prefixLen = 0;
    if (!h) return;
    this.header = undefined;
    if (this.framePairs === 0 && !this.unavailable) return;
    const node = this.node;
    const stack = node.stack ?? this.trie.stackAt(node, this.args.of);
    // Every field is set, in one order, so all goroutines share one hidden class (consumers stay monomorphic).
    const g: Goroutine = {
      id: this.headerId,
      count: 1,
      state: h.state,
      stateInferred: false,
      waitClass: h.waitClass,
      waitMinutes: h.waitMinutes,
      locked: h.locked,
      leaked: h.leaked || this.opts.leakProfile === true,
      durable: h.durable,
      bubble: h.bubble,
      labels: h.labels,
      frames: stack.frames as Frame[],
      elided: stack.elided,
      createdBy: stack.createdBy,
      creatorId: this.creatorId,
      ancestors: this.ancestors,
      stackId: stack.id,
      argsKey: this.opts.exactArgs ? this.args.hash >>> 0 : undefined,
    };
    this.report.complete++;
    this.opts.onGoroutine(g);
  }

  private markTruncated(why: string): void {
    const goroutine = this.header ? this.headerId : undefined;
    this.report.markTruncated(why, {
      line: this.lineNo,
      headerLine: this.headerLine,
      offset: this.byteBase,
      goroutine,
    });
  }

  private warn(msg: string): void {
    this.report.warn(this.lineNo, msg);
  }
}
