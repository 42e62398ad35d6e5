// Parser for the legacy text profile (`?debug=1`, `goroutine profile: total N` / `goroutineleak profile: total N`):
//   N @ 0xPC 0xPC …                               a group of N goroutines with this stack
//   # labels: {"k":"v", "k2":"v2"}                 optional, Go %q quoting
//   #\t0xPC\tpkg.F+0xOFF\t\tfile.go:LINE           frames, innermost first (tabwriter may pad with extra tabs)
//   (blank)
// Leading runtime frames are hidden by the writer, so the state is inferred (see wait.ts inferState).

import { GuardError } from '../core/index.js';
import { makeFrame, splitFuncName } from './frame.js';
import { parseLabelList } from './header.js';
import { LineBlocks, forEachLine } from './lines.js';
import type { DumpInfo, Frame, Goroutine } from '../model/index.js';
import { classifyState, inferState } from './wait.js';

export interface Debug1Options {
  source: string;
  onGoroutine: (g: Goroutine) => void;
}

interface Group {
  count: number;
  pcs: number[];
  labels: Record<string, string>;
  frames: Frame[];
  framePcs: number[];
  line: number;
}

export class Debug1Parser {
  private readonly opts: Debug1Options;
  private readonly blocks = new LineBlocks();
  private lineNo = 0;
  private byteBase = 0;
  private declared: number | undefined;
  private leakProfile = false;
  private group: Group | undefined;
  private parsed = 0;
  private groups = 0;
  private warnings: string[] = [];
  private stackIds = new Map<string, number>();

  constructor(opts: Debug1Options) {
    this.opts = opts;
  }

  push(chunk: Uint8Array): void {
    this.blocks.push(chunk, this.onBlock);
  }

  end(): DumpInfo {
    const last = this.blocks.end();
    let cut = false;
    if (last) {
      cut = true;
      this.onBlock(last);
    }
    if (this.declared === undefined) {
      throw new GuardError(
        'bad-syntax',
        this.opts.source,
        'empty debug=1 profile',
        { line: 1 },
        '`goroutine profile: total N`',
      );
    }
    const groupOpen = this.group !== undefined;
    if (this.group && this.group.frames.length === 0) {
      cut = true;
      this.group = undefined;
    }
    this.flush();
    const truncated = this.parsed < this.declared || (cut && groupOpen);
    const info: DumpInfo = {
      source: this.opts.source,
      format: 'debug1',
      leakProfile: this.leakProfile,
      declaredTotal: this.declared,
      parsed: this.parsed,
      truncated,
      complete: this.parsed,
      warnings: this.warnings,
    };
    if (truncated) {
      info.warnings.push(
        `${this.opts.source}:${this.lineNo}: truncated profile: declares ${this.declared} goroutines, ` +
          `${this.parsed} found (byte ${this.byteBase})`,
      );
    }
    return info;
  }

  private readonly onBlock = (block: Buffer): void => {
    forEachLine(block.toString('utf8'), this.onLine);
    this.byteBase += block.length;
  };

  private readonly onLine = (text: string, start: number, end: number): void => {
    this.lineNo++;
    const line = text.slice(start, end);
    if (this.declared === undefined) {
      const m = /^(goroutine|goroutineleak) profile: total (\d+)$/.exec(line.trim());
      if (!m) this.syntax(line, '`goroutine profile: total N`');
      this.leakProfile = m[1] === 'goroutineleak';
      this.declared = Number(m[2]);
      return;
    }
    if (line === '') {
      this.flush();
      return;
    }
    if (line.startsWith('#')) {
      if (!this.group) return this.syntax(line, 'a `N @ 0x…` group line');
      if (line.startsWith('# labels: ')) {
        const s = line.slice(10).trim();
        parseLabelList(s.startsWith('{') ? s.slice(1, -1) : s, this.group.labels);
        return;
      }
      this.frameLine(line);
      return;
    }
    const at = line.indexOf(' @ ');
    if (at > 0) {
      this.flush();
      const count = Number(line.slice(0, at));
      if (!Number.isInteger(count) || count < 0) return this.syntax(line, 'a group line `N @ 0xPC …`');
      const pcs = line
        .slice(at + 3)
        .trim()
        .split(' ')
        .map((p) => parseInt(p, 16));
      this.group = { count, pcs, labels: {}, frames: [], framePcs: [], line: this.lineNo };
      return;
    }
    this.syntax(line, 'a group line `N @ 0xPC …`, a `#` frame line or a blank line');
  };

  private frameLine(line: string): void {
    const g = this.group!;
    const parts = line.split('\t').filter((p) => p !== '');
    // parts: '#', '0xPC', 'func+0xOFF', 'file:line'
    const pc = parseInt(parts[1] ?? '', 16);
    const fn = parts[2];
    const loc = parts[3];
    if (fn === undefined || loc === undefined) {
      // `#\t0xPC` alone: a PC without symbol information (cgo, stripped binary).
      g.frames.push({ func: '?', package: '', file: '?', line: 0 });
      g.framePcs.push(pc);
      return;
    }
    const plus = fn.lastIndexOf('+0x');
    const name = plus === -1 ? fn : fn.slice(0, plus);
    const colon = loc.lastIndexOf(':');
    const frame = makeFrame(splitFuncName(name), loc.slice(0, colon), Number(loc.slice(colon + 1)));
    if (plus !== -1) frame.pcOffset = parseInt(fn.slice(plus + 3), 16);
    g.frames.push(frame);
    g.framePcs.push(pc);
  }

  private flush(): void {
    const g = this.group;
    this.group = undefined;
    if (!g) return;
    if (g.frames.length === 0) {
      this.warnings.push(`${this.opts.source}:${g.line}: group without frames skipped`);
      return;
    }
    // Consecutive frames with the same PC come from one physical frame: all but the outermost are inlined.
    for (let i = 0; i + 1 < g.frames.length; i++) {
      if (g.framePcs[i] === g.framePcs[i + 1]) g.frames[i]!.inlined = true;
    }
    const first = g.framePcs[0]!;
    let hidden = g.pcs.findIndex((p) => p === first || p - 1 === first);
    if (hidden < 0) hidden = 0;
    const state = inferState(g.frames, hidden);
    const key = g.frames.map((f) => `${f.func} ${f.file}:${f.line}`).join('\n') + '|' + state;
    let stackId = this.stackIds.get(key);
    if (stackId === undefined) {
      stackId = this.stackIds.size;
      this.stackIds.set(key, stackId);
    }
    const gor: Goroutine = {
      id: -1,
      count: g.count,
      state,
      stateInferred: true,
      waitClass: classifyState(state),
      waitMinutes: 0,
      locked: false,
      leaked: this.leakProfile,
      labels: g.labels,
      frames: g.frames,
      elided: 0,
      ancestors: [],
      stackId,
    };
    this.parsed += g.count;
    this.groups++;
    this.opts.onGoroutine(gor);
  }

  private syntax(line: string, expected: string): never {
    throw new GuardError(
      'bad-syntax',
      this.opts.source,
      `unexpected line ${clip(line)}`,
      {
        line: this.lineNo,
        offset: this.byteBase,
      },
      expected,
    );
  }
}

function clip(s: string): string {
  const t = JSON.stringify(s);
  return t.length > 60 ? `${t.slice(0, 57)}…"` : t;
}
