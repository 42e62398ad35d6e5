// What the text around a traceback says about the process: a `go test -timeout` panic, the runtime's
// deadlock report, a SIGQUIT dump. A dump taken because the process was stuck makes even one or two goroutines at a
// user-code site worth suspecting; a pprof snapshot of a running service does not. Lines may carry a log prefix
// (journald, CRI), so markers are searched, not anchored.

import type { DumpContext, DumpContextKind } from '../model/index.js';

/** Context kinds whose dump was taken because the process was stuck. */
export const STUCK_CONTEXTS: ReadonlySet<DumpContextKind> = new Set(['test-timeout', 'deadlock', 'sigquit']);

const MARKERS: readonly [RegExp, DumpContextKind][] = [
  [/panic: test timed out after \S+/, 'test-timeout'],
  [/fatal error: all goroutines are asleep - deadlock!/, 'deadlock'],
  [/panic: deadlock: .*/, 'deadlock'], // testing/synctest bubble
  [/SIGQUIT: quit/, 'sigquit'],
  [/panic: .*/, 'panic'],
];
const RUNNING_TEST = /\s((?:Test|Benchmark|Example|Fuzz)\S*) \(\S+\)\s*$/;
const FAILED_TEST = /--- FAIL: (Test\w*)/;
/** Lines read outside goroutines, at most: context is printed before the goroutines, not in megabytes of log. */
const MAX_LINES = 2000;

/** Reads the lines outside goroutine blocks, in order. */
export class DumpContextScanner {
  private ctx: DumpContext | undefined;
  private inRunningTests = false;
  private failed: string | undefined;
  private lines = 0;

  line(text: string): void {
    if (++this.lines > MAX_LINES) return;
    if (this.inRunningTests) {
      const m = RUNNING_TEST.exec(text);
      if (m && this.ctx) {
        (this.ctx.tests ??= []).push(m[1]!);
        return;
      }
      this.inRunningTests = false;
    }
    const f = FAILED_TEST.exec(text);
    if (f) this.failed ??= f[1];
    if (this.ctx && this.ctx.kind !== 'panic') {
      if (this.ctx.kind === 'test-timeout' && /running tests:\s*$/.test(text)) this.inRunningTests = true;
      return;
    }
    for (const [re, kind] of MARKERS) {
      const m = re.exec(text);
      if (!m) continue;
      if (this.ctx?.kind === 'panic' && kind === 'panic') break;
      this.ctx = { kind, message: m[0].replace(/\s+$/, '') };
      break;
    }
  }

  result(): DumpContext | undefined {
    if (!this.ctx) return undefined;
    if (!this.ctx.tests && this.failed && this.ctx.kind === 'deadlock') return { ...this.ctx, tests: [this.failed] };
    return this.ctx;
  }
}
