// go test's text output on its way to the user, line by line, with two changes and nothing else:
// - frames of the injected harness (its file is HARNESS_FILE through a //line directive) are dropped from stack
//   traces, and the package's own TestMain, renamed in the overlay, gets its name back: a timeout panic reads as if
//   goroutine-guard were not there;
// - a package's `ok` line becomes `FAIL` when its leak check found leaks, as goleak makes the package fail (go test's
//   exit code is left alone; the run's exit code says 1). The check's verdict is asked for when the `ok` line
//   arrives — the test binary has written its record by then — and later output waits behind it, in order.

import { HARNESS_FILE } from './harness.js';
import { USER_TEST_MAIN } from './gosource.js';

/** Leaked goroutines of a package, or undefined when it was not leak-checked. */
export type LeakVerdict = (importPath: string) => Promise<number | undefined>;

const OK_LINE = /^ok {2}\t(\S+)\t(.*)$/;
/** A function line of a traceback (`pkg.F(args)`, `pkg.F(...)`, `created by pkg.F in goroutine 1`). */
const FUNC_LINE = /^(created by \S+.*|\S+\(.*\))$/;

export class GoOutputFilter {
  private partial = '';
  private held: string | undefined; // a function line waiting for its file line
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (text: string) => void,
    private readonly verdict: LeakVerdict,
  ) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const lines = text.split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) this.line(line);
  }

  /** Writes what is left; resolves when every queued line is out. */
  async end(): Promise<void> {
    if (this.partial) this.line(this.partial, false);
    this.partial = '';
    this.emit(() => this.release());
    await this.queue;
  }

  private line(line: string, newline = true): void {
    const nl = newline ? '\n' : '';
    this.emit(async () => {
      if (this.held !== undefined) {
        const fn = this.held;
        this.held = undefined;
        if (line.startsWith('\t') && line.includes(`${HARNESS_FILE}:`)) return; // a harness frame: both go
        this.out(`${fn}\n`);
      }
      if (FUNC_LINE.test(line) && newline) {
        this.held = line;
        return;
      }
      const ok = OK_LINE.exec(line);
      if (ok) {
        const leaked = await this.verdict(ok[1]!).catch(() => undefined);
        if (leaked) {
          const what = `${leaked} goroutine${leaked === 1 ? '' : 's'}`;
          this.out(`goroutine-guard: ${ok[1]} leaked ${what} (report after the run)\nFAIL\t${ok[1]}\t${ok[2]}${nl}`);
          return;
        }
      }
      this.out(line + nl);
    });
  }

  private release(): void {
    if (this.held !== undefined) this.out(`${this.held}\n`);
    this.held = undefined;
  }

  private out(text: string): void {
    this.write(text.split(`.${USER_TEST_MAIN}(`).join('.TestMain('));
  }

  private emit(step: () => void | Promise<void>): void {
    this.queue = this.queue.then(step);
  }
}
