// go test -json's event stream on its way to the user, with the same verdict as the text output (stream.ts): when
// a package's leak check found leaks, its package-level `ok` output event and its `pass` event say otherwise — an
// output event with the leak report (one line per leaking test) and `FAIL\t<pkg>\t<elapsed>`, then a `fail` event
// with the same Elapsed — as goleak makes the package fail. JSON consumers (gotestsum, CI annotators) then see what
// the text output and the exit code say. Every other line passes byte for byte; the leak, leakcheck and leaksummary
// events still follow after the run (report.ts).

import type { LeakVerdict } from './stream.js';

/** The leak report of a package as text lines (no newline), one or more per leaking test. */
export type LeakLines = (importPath: string) => Promise<string[]>;

const OK_OUTPUT = /^ok {2}\t(\S+)\t(.*)\n?$/;

interface GoEvent {
  Time?: string;
  Action?: string;
  Package?: string;
  Test?: string;
  Output?: string;
  Elapsed?: number;
}

export class GoJsonFilter {
  private partial = '';
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (text: string) => void,
    private readonly verdict: LeakVerdict,
    private readonly lines: LeakLines = async () => [],
  ) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const lines = text.split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) this.line(line, '\n');
  }

  /** Writes what is left; resolves when every queued line is out. */
  async end(): Promise<void> {
    if (this.partial) this.line(this.partial, '');
    this.partial = '';
    await this.queue;
  }

  private line(line: string, nl: string): void {
    this.queue = this.queue.then(async () => this.write((await this.rewrite(line)) + nl));
  }

  private async rewrite(line: string): Promise<string> {
    const e = packageEvent(line);
    if (!e?.Package) return line;
    if (e.Action === 'pass') {
      if (!(await this.leaked(e.Package))) return line;
      return JSON.stringify({ ...e, Action: 'fail' });
    }
    const ok = e.Action === 'output' ? OK_OUTPUT.exec(e.Output ?? '') : null;
    if (!ok || ok[1] !== e.Package) return line;
    const leaked = await this.leaked(e.Package);
    if (!leaked) return line;
    const report = await this.lines(e.Package).catch(() => []);
    const head = `goroutine-guard: ${e.Package} leaked ${leaked} goroutine${leaked === 1 ? '' : 's'}`;
    const texts = [
      `${head}${report.length ? ':' : ''}\n`,
      ...report.map((l) => `${l}\n`),
      `FAIL\t${ok[1]}\t${ok[2]}\n`,
    ];
    return texts.map((Output) => JSON.stringify({ ...e, Output })).join('\n');
  }

  private async leaked(importPath: string): Promise<number> {
    return (await this.verdict(importPath).catch(() => undefined)) ?? 0;
  }
}

/** A package-level event (no Test) of go test -json, or undefined for anything else. */
function packageEvent(line: string): GoEvent | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const e = JSON.parse(line) as GoEvent;
    return e && typeof e === 'object' && e.Test === undefined ? e : undefined;
  } catch {
    return undefined;
  }
}
