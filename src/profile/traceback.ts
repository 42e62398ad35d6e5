// Streaming parser for traceback text: pprof debug=2, panics, SIGQUIT, runtime.Stack, `go test -timeout` panics,
// dumps embedded in log lines.
//
// Speed and memory come from a trie of stack lines. Every distinct line is interned once (a hash table keyed by the
// line's text, hashed by V8 itself) to a small integer; a goroutine's body (frames, elision markers, creator) then
// walks the trie from the root, one node per line, matching children by that integer; a stack is the node where
// its goroutine ends. Only a line never seen at that position is decoded to a string, and only a stack seen
// for the first time becomes `Frame` objects, shared (frozen) by every goroutine with that stack. Memory therefore
// grows with the number of distinct stacks, not with the dump size. Per-goroutine values (argument values, the
// creator's goroutine id, `fp=`/`sp=` with GOTRACEBACK=system) are cut from a line before it enters the trie.
//
// Line states (after stripping the log prefix found on the header line, if any):
//   outside   preamble, panic message, log noise           a header → frames
//   frames    `pkg.F(args)` + `\tfile:line +0xoff` pairs   `created by …` → creator; `[originating…` → ancestor;
//                                                          blank → outside; a header → frames (next goroutine)
//   creator   the creator's `\tfile:line`                  then as frames
//   ancestor  frames of an ancestor (tracebackancestors)   parsed on the slow path, they are rare

import { GuardError } from '../core/index.js';
import { makeFrame, parseFileLine, parseFuncLine, splitFuncName } from './frame.js';
import { DumpContextScanner } from './context.js';
import { HeaderParser, type HeaderBody } from './header.js';
import { latin1ToUtf8, LineBlocks } from './lines.js';
import { parseGoroutineId } from '../model/index.js';
import type { Ancestor, DumpContext, DumpInfo, Frame, Goroutine, GoroutineId, Truncation } from '../model/index.js';

export interface TracebackOptions {
  source: string;
  /** Called once per complete goroutine. The goroutine's `frames` array is shared and frozen. */
  onGoroutine: (g: Goroutine) => void;
  /** Every goroutine is proven leaked (the input is a `goroutineleak` profile). Default: only `(leaked)` ones. */
  leakProfile?: boolean;
  /** Compute each goroutine's `argsKey` (hash of its argument values), for exact bucketing. */
  exactArgs?: boolean;
}

interface Stack {
  id: number;
  frames: readonly Frame[];
  createdBy?: Frame;
  elided: number;
}

/** One line at one depth of the stack trie. */
interface Node {
  /** The line (latin1: one char per byte) as it entered the trie; one string per distinct line. */
  text: string;
  /** The interned id of `text`. */
  line: number;
  parent: Node | undefined;
  /** Few children: their line ids and the children, most recently matched first. */
  kidLines: number[] | undefined;
  kids: Node[] | undefined;
  /** Many children: by line id. */
  index: Map<number, Node> | undefined;
  stack: Stack | undefined;
  /**
   * On a file line: the frame it completes with its parent function line (or the creator, under a `created by`
   * line), parsed once for every stack through this node. Its arguments are those of the first goroutine seen.
   */
  frame: Frame | undefined;
}

const MAX_WARNINGS = 20;
/** Lines `go test` prints after a panic's goroutines. */
const GO_TEST_TRAILER = /^(?:FAIL(?:\t|$)|ok {2}\t|exit status \d)/;
/** Shared by every goroutine without `[originating from goroutine N]` sections (the common case). */
const NO_ANCESTORS: Ancestor[] = Object.freeze([]) as unknown as Ancestor[];
const SMALL_FANOUT = 4;
/** Distinct stack lines interned at most (one below V8's Map size limit). */
const MAX_LINES = 2 ** 24 - 1;
const IN_GOROUTINE = ' in goroutine ';
const ORIGINATING = '[originating from goroutine ';

type Mode = 'outside' | 'frames' | 'creator' | 'ancestor';

export class TracebackParser {
  private readonly opts: TracebackOptions;
  private readonly headers = new HeaderParser();
  private readonly root: Node = {
    text: '',
    line: -1,
    parent: undefined,
    kidLines: undefined,
    kids: undefined,
    index: undefined,
    stack: undefined,
    frame: undefined,
  };
  private stackCount = 0;
  /** Line text → line id. Keys are owned strings (never slices of a block, which would pin it). */
  private readonly lineIds = new Map<string, number>();

  // Current goroutine.
  private mode: Mode = 'outside';
  private header: HeaderBody | undefined;
  private headerId: GoroutineId = 0;
  private headerLine = 0;
  private node: Node = this.root;
  private expectFile = false;
  private framePairs = 0;
  private creatorId: GoroutineId | undefined;
  private ancestors: Ancestor[] = [];
  private ancestorFunc: string | undefined;
  private ancestorCreator = false;
  private unavailable = false;
  private prefixLen = 0;
  /** Digit-free tail of the log prefix (` stderr F `): found on each line when timestamps vary in length. */
  private prefixAnchor = '';
  // Argument text of the current goroutine's frames, kept as positions: only a new stack decodes them.
  private argText: string[] = [];
  private argPos: number[] = [];
  private nArgs = 0;
  private argsHash = 0;

  // Input bookkeeping.
  private readonly blocks: LineBlocks;
  private lineNo = 0;
  private byteBase = 0;
  private nextHeaderAt = -1;
  private buf: Buffer = Buffer.alloc(0); // the block `t` was decoded from
  private text = ''; // the current block as latin1
  private complete = 0;
  private truncated = false;
  private truncation: Truncation | undefined;
  private warnings: string[] = [];
  private warningCount = 0;
  private sawHeader = false;
  private readonly context = new DumpContextScanner();

  constructor(opts: TracebackOptions) {
    this.opts = opts;
    this.blocks = new LineBlocks(opts.source);
  }

  /** Distinct stacks seen so far. */
  get distinctStacks(): number {
    return this.stackCount;
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
    if (!this.sawHeader) {
      throw new GuardError(
        'unknown-format',
        this.opts.source,
        'no goroutine found',
        { line: this.lineNo },
        'a goroutine dump (`goroutine N [state]:` blocks) or a pprof goroutine profile',
      );
    }
    if (this.complete === 0 && !this.truncated) {
      // Headers but not one goroutine with a frame: an empty analysis would hide that the input is not a dump.
      throw new GuardError(
        'bad-syntax',
        this.opts.source,
        `goroutine headers found but no goroutine could be parsed (${this.warnings[0] ?? 'no frames'})`,
        { line: this.headerLine },
        'frames as `pkg.F(args)` lines followed by `\tfile:line` lines',
      );
    }
    const warnings =
      this.warningCount > this.warnings.length
        ? [...this.warnings, `… and ${this.warningCount - this.warnings.length} more warnings`]
        : this.warnings;
    return {
      source: this.opts.source,
      format: 'traceback',
      leakProfile: this.opts.leakProfile === true,
      parsed: this.complete,
      truncated: this.truncated,
      complete: this.complete,
      warnings,
      lines: this.lineNo,
      truncation: this.truncation,
      ...withContext(this.context.result()),
    };
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
            this.pushArgs(t, open + 1, e - 1);
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
      this.ancestorLine(latin1ToUtf8(t.slice(s, e)));
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
      this.ancestorCreator = false;
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
    this.pushArgs(t, open + 1, e - 1);
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
    this.node = this.root;
    this.expectFile = false;
    this.framePairs = 0;
    this.creatorId = undefined;
    this.ancestors = NO_ANCESTORS;
    this.ancestorFunc = undefined;
    this.unavailable = false;
    this.prefixLen = prefixLen;
    this.prefixAnchor = anchor;
    // Drop references to earlier blocks so they can be collected.
    for (let i = 0; i < this.nArgs; i++) this.argText[i] = '';
    this.nArgs = 0;
    this.argsHash = 0x811c9dc5;
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

  private pushArgs(t: string, s: number, e: number): void {
    const i = this.nArgs++;
    this.argText[i] = t;
    this.argPos[2 * i] = s;
    this.argPos[2 * i + 1] = e;
    if (this.opts.exactArgs) this.argsHash = hashChars(this.argsHash, t, s, e);
  }

  /**
   * Moves the trie cursor to the child holding the line [s, e) of the current block, creating it when new.
   * The line's id comes from one hash lookup of its text; a node with few children scans their ids (most recently
   * matched first: goroutines with one stack tend to come in runs), a wider one looks the id up in a map.
   */
  private step(s: number, e: number): void {
    const node = this.node;
    const ids = this.lineIds;
    let text: string | undefined;
    let line = ids.get(this.text.slice(s, e));
    if (line === undefined) {
      // A new string, not a slice pinning the block.
      text = this.buf.toString('latin1', s, e);
      line = ids.size;
      if (line === MAX_LINES) {
        // V8 caps a Map at 2^24 entries; a dump with that many distinct stack lines is not a real one.
        throw new GuardError(
          'too-large',
          this.opts.source,
          `more than ${MAX_LINES} distinct stack lines`,
          { line: this.lineNo, offset: this.byteBase + s },
          'a goroutine dump whose goroutines share stack lines',
        );
      }
      ids.set(text, line);
    } else {
      const kidLines = node.kidLines;
      if (kidLines) {
        for (let i = 0; i < kidLines.length; i++) {
          if (kidLines[i] === line) {
            const kids = node.kids!;
            const k = kids[i]!;
            if (i > 0) {
              kidLines[i] = kidLines[0]!;
              kids[i] = kids[0]!;
              kidLines[0] = line;
              kids[0] = k;
            }
            this.node = k;
            return;
          }
        }
      } else if (node.index) {
        const k = node.index.get(line);
        if (k) {
          this.node = k;
          return;
        }
      }
      text = this.buf.toString('latin1', s, e);
    }
    const child: Node = {
      text,
      line,
      parent: node,
      kidLines: undefined,
      kids: undefined,
      index: undefined,
      stack: undefined,
      frame: undefined,
    };
    if (node.index) node.index.set(line, child);
    else if (!node.kids) {
      node.kids = [child];
      node.kidLines = [line];
    } else if (node.kids.length < SMALL_FANOUT) {
      node.kids.unshift(child);
      node.kidLines!.unshift(line);
    } else {
      node.index = new Map();
      for (const k of node.kids) node.index.set(k.line, k);
      node.index.set(line, child);
      node.kids = undefined;
      node.kidLines = undefined;
    }
    this.node = child;
  }

  private ancestorLine(text: string): void {
    const anc = this.ancestors[this.ancestors.length - 1]!;
    if (text.startsWith(ORIGINATING)) {
      this.ancestors.push({
        id: parseGoroutineId(text.slice(ORIGINATING.length).replace(/\]:$/, '')) ?? -1,
        frames: [],
      });
      this.ancestorCreator = false;
      return;
    }
    if (text.startsWith('created by ')) {
      this.ancestorFunc = text;
      this.ancestorCreator = true;
      return;
    }
    if (text.startsWith('...')) return;
    if (!text.startsWith('\t')) {
      this.ancestorFunc = text;
      return;
    }
    const fl = parseFileLine(text);
    const pending = this.ancestorFunc;
    this.ancestorFunc = undefined;
    if (!fl || !pending) return;
    if (this.ancestorCreator) {
      let name = pending.slice(11);
      const inG = name.indexOf(IN_GOROUTINE);
      if (inG !== -1) {
        const cid = parseGoroutineId(name.slice(inG + IN_GOROUTINE.length));
        if (cid !== undefined) anc.creatorId = cid;
        name = name.slice(0, inG);
      }
      anc.createdBy = makeFrame(splitFuncName(name), fl.file, fl.line);
      this.ancestorCreator = false;
      return;
    }
    const fn = parseFuncLine(pending);
    if (fn) anc.frames.push(makeFrame(fn.name, fl.file, fl.line));
  }

  private finishGoroutine(): void {
    const h = this.header;
    this.mode = 'outside';
    this.prefixLen = 0;
    if (!h) return;
    this.header = undefined;
    if (this.framePairs === 0 && !this.unavailable) return;
    const node = this.node;
    const stack = node.stack ?? (node.stack = this.buildStack(node));
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
      argsKey: this.opts.exactArgs ? this.argsHash >>> 0 : undefined,
    };
    this.complete++;
    this.opts.onGoroutine(g);
  }

  /** Turns a trie path into frames; called once per distinct stack. Arguments come from the current goroutine. */
  /**
   * Turns a trie path into frames; called once per distinct stack. A frame is parsed once per trie node and
   * shared by all stacks through that node (deep recursive stacks share most of their path).
   */
  private buildStack(leaf: Node): Stack {
    const path: Node[] = [];
    for (let n: Node | undefined = leaf; n && n.parent; n = n.parent) path.push(n);
    path.reverse();
    const frames: Frame[] = [];
    let createdBy: Frame | undefined;
    let elided = 0;
    let argIdx = 0;
    for (let i = 0; i < path.length; i++) {
      const node = path[i]!;
      const text = node.text;
      if (text.startsWith('...')) {
        const m = /^\.\.\.(\d+) frames elided/.exec(text);
        elided += m ? Number(m[1]) : 1;
        continue;
      }
      const fileNode = path[i + 1]?.text.startsWith('\t') ? path[i + 1] : undefined;
      if (fileNode) i++;
      if (text.startsWith('created by ')) {
        createdBy = fileNode
          ? (fileNode.frame ??= this.frameOf(latin1ToUtf8(text.slice(11)), fileNode, -1))
          : this.frameOf(latin1ToUtf8(text.slice(11)), undefined, -1);
        continue;
      }
      const frame = fileNode
        ? (fileNode.frame ??= this.frameOf(latin1ToUtf8(text), fileNode, argIdx))
        : this.frameOf(latin1ToUtf8(text), undefined, argIdx);
      argIdx++;
      frames.push(frame);
    }
    const stack: Stack = { id: this.stackCount++, frames: Object.freeze(frames), elided };
    if (createdBy) stack.createdBy = createdBy;
    return stack;
  }

  /** A frozen frame from a function name and its file line; `argIdx` ≥ 0 takes that argument list of the goroutine. */
  private frameOf(name: string, fileNode: Node | undefined, argIdx: number): Frame {
    const fl = fileNode ? parseFileLine(latin1ToUtf8(fileNode.text)) : undefined;
    const frame = makeFrame(splitFuncName(name), fl?.file ?? '', fl?.line ?? 0);
    if (fl?.pcOffset !== undefined) frame.pcOffset = fl.pcOffset;
    if (argIdx >= 0 && argIdx < this.nArgs) {
      const args = latin1ToUtf8(this.argText[argIdx]!.slice(this.argPos[2 * argIdx], this.argPos[2 * argIdx + 1]));
      frame.args = args;
      // Inlined frames print `(...)` and no pc offset.
      if (args === '...' && fl?.pcOffset === undefined) frame.inlined = true;
    }
    return Object.freeze(frame);
  }

  private markTruncated(why: string): void {
    if (this.truncated) return;
    this.truncated = true;
    this.truncation = {
      why,
      line: this.lineNo,
      headerLine: this.headerLine,
      offset: this.byteBase,
      goroutine: this.header ? this.headerId : undefined,
    };
    this.warnings.push(describeTruncation(this.opts.source, this.truncation, this.complete));
    this.warningCount++;
  }

  private warn(msg: string, force = false): void {
    this.warningCount++;
    if (this.warnings.length < MAX_WARNINGS || force) this.warnings.push(`${this.opts.source}:${this.lineNo}: ${msg}`);
  }
}

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
function inGoroutineAt(t: string, s: number, e: number): number {
  let i = e;
  while (i > s && t.charCodeAt(i - 1) >= 48 && t.charCodeAt(i - 1) <= 57) i--;
  if (i === e) return -1;
  const at = i - IN_GOROUTINE.length;
  return at > s && t.startsWith(IN_GOROUTINE, at) ? at : -1;
}

/** Position of the `(` opening the argument list of `pkg.F(args)` ending at `e`, or -1. */
function argsOpen(t: string, s: number, e: number): number {
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
function fileLineEnd(t: string, s: number, e: number): number {
  // Look at the last token only: a normal line ends in `+0x…`, a system one in `pc=0x…`.
  let i = e - 1;
  while (i > s && t.charCodeAt(i) !== 32) i--;
  if (i > s && t.startsWith(' pc=', i)) {
    const fp = t.lastIndexOf(' fp=', i);
    return fp > s ? fp : i;
  }
  return e;
}

function hashChars(h: number, t: string, s: number, e: number): number {
  for (let i = s; i < e; i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ 0xff, 0x01000193);
}

function clip(t: string, s: number, e: number): string {
  const line = latin1ToUtf8(t.slice(s, Math.min(e, s + 200)));
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}

function withContext(context: DumpContext | undefined): { context?: DumpContext } {
  return context ? { context } : {};
}
