// A small progress bar on stderr for long jobs: drawn only when the stream is a terminal and the job has run for
// more than a second (short jobs and CI logs stay clean), redrawn at most ten times a second, erased by `done()`.
//
//   const p = progress(ctx.stderr, { total: files, label: 'scan' });
//   p.tick(n);
//   p.done();

import { escapeControls, terminalControlStream } from '../core/index.js';

export interface ProgressOptions {
  total: number;
  label: string;
  /** Milliseconds before the bar first appears. Default 1000. */
  delayMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export interface Progress {
  /** Adds `n` (default 1) units of work done. */
  tick(n?: number): void;
  /** Erases the bar. Safe to call more than once. */
  done(): void;
}

const WIDTH = 30;
const REDRAW_MS = 100;

export function progress(stream: NodeJS.WritableStream & { isTTY?: boolean }, opts: ProgressOptions): Progress {
  // The CLI's streams escape control characters; the bar's own `\r` and erase-line must reach the terminal.
  const out = terminalControlStream(stream);
  const label = escapeControls(opts.label);
  const now = opts.now ?? (() => Date.now());
  const start = now();
  const delay = opts.delayMs ?? 1000;
  let done = 0;
  let drawnAt = -Infinity;
  let visible = false;
  let finished = false;
  const enabled = stream.isTTY === true && opts.total > 0;

  const draw = () => {
    const frac = Math.min(1, done / opts.total);
    const fill = Math.round(frac * WIDTH);
    const bar = `${'█'.repeat(fill)}${'░'.repeat(WIDTH - fill)}`;
    out.write(`\r${label} ${bar} ${done}/${opts.total}`);
    visible = true;
  };

  return {
    tick(n = 1) {
      if (finished) return;
      done += n;
      if (!enabled) return;
      const t = now();
      if (t - start < delay || t - drawnAt < REDRAW_MS) return;
      drawnAt = t;
      draw();
    },
    done() {
      if (finished) return;
      finished = true;
      if (visible) out.write('\r\x1b[2K');
    },
  };
}
